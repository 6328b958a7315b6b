import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams, Page, PageQuery, Strict } from '../../contracts/common.js';
import { CreateOrg, Org, OwnerTransfer, PatchOrg } from '../../contracts/org.contract.js';
import { createOrg, getOrg, listOrgsFor, patchOrg, transferOwnership } from '../../services/orgs.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['orgs'];

export function orgRoutes(app: Api, deps: Deps): void {
  app.get(
    '/orgs',
    {
      schema: {
        tags,
        summary: 'Organizations the caller belongs to (platform staff: all)',
        querystring: Type.Object({ search: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, Strict),
        response: { 200: Page(Org), ...errorResponses },
      },
    },
    (req) => listOrgsFor(deps, requireSignedIn(req), req.query),
  );

  app.post(
    '/orgs',
    { schema: { tags, summary: 'Create a merchant organization (platform staff)', body: CreateOrg, response: { 201: Org, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await createOrg(deps, requireSignedIn(req), req.body)),
  );

  app.get('/orgs/:orgId', { schema: { tags, params: OrgParams, response: { 200: Org, ...errorResponses } } }, (req) =>
    getOrg(deps, requireSignedIn(req), req.params.orgId),
  );

  app.patch('/orgs/:orgId', { schema: { tags, summary: 'Rename or change settings', params: OrgParams, body: PatchOrg, response: { 200: Org, ...errorResponses } } }, (req) =>
    patchOrg(deps, requireSignedIn(req), req.params.orgId, req.body),
  );

  app.post(
    '/orgs/:orgId/owner-transfer',
    { schema: { tags, summary: 'Move account ownership to another active top admin', params: OrgParams, body: OwnerTransfer, response: { 200: Org, ...errorResponses } } },
    (req) => transferOwnership(deps, requireSignedIn(req), req.params.orgId, req.body),
  );
}
