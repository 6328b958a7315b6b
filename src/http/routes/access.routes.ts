import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, Id, MemberParams, OrgParams, Strict } from '../../contracts/common.js';
import { CheckRequest, CheckResponse } from '../../contracts/check.contract.js';
import { AccessResponse } from '../../contracts/member.contract.js';
import { checkAccess, memberAccess } from '../../services/check.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['access'];

export function accessRoutes(app: Api, deps: Deps): void {
  app.post(
    '/orgs/:orgId/check',
    { schema: { tags, summary: 'May user U do P (in store S, for customer account C)?', params: OrgParams, body: CheckRequest, response: { 200: CheckResponse, ...errorResponses } } },
    (req) => checkAccess(deps, requireSignedIn(req), req.params.orgId, req.body),
  );
  app.get(
    '/orgs/:orgId/members/:userId/access',
    {
      schema: {
        tags,
        summary: 'Effective permissions per store, with the reason for each',
        params: MemberParams,
        querystring: Type.Object({ storeId: Type.Optional(Id) }, Strict),
        response: { 200: AccessResponse, ...errorResponses },
      },
    },
    (req) => memberAccess(deps, requireSignedIn(req), req.params.orgId, req.params.userId, req.query.storeId),
  );
}
