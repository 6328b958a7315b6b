import type { Deps } from '../../container.js';
import { errorResponses, OrgParams } from '../../contracts/common.js';
import { MyAccess } from '../../contracts/my-access.contract.js';
import { myAccess } from '../../services/my-access.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['me'];

export function myAccessRoutes(app: Api, deps: Deps): void {
  app.get(
    '/orgs/:orgId/my-access',
    {
      schema: {
        tags,
        summary: 'My stores, my roles and what each lets me do in plain words, and the admins to ask for more',
        params: OrgParams,
        response: { 200: MyAccess, ...errorResponses },
      },
    },
    (req) => myAccess(deps, requireSignedIn(req), req.params.orgId),
  );
}
