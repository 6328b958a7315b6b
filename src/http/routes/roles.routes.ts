import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams, Page } from '../../contracts/common.js';
import { OptionalReason } from '../../contracts/session.contract.js';
import { CreateRole, PatchRole, Role, RoleParams } from '../../contracts/role.contract.js';
import { createRole, getOrgRole, listOrgRoles, patchRole, removeRole, resetRole, roleView } from '../../services/roles.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['roles'];

export function roleRoutes(app: Api, deps: Deps): void {
  app.get('/orgs/:orgId/roles', { schema: { tags, params: OrgParams, response: { 200: Page(Role), ...errorResponses } } }, async (req) => ({
    items: (await listOrgRoles(deps, requireSignedIn(req), req.params.orgId)).map(roleView),
    nextCursor: null,
  }));
  app.post('/orgs/:orgId/roles', { schema: { tags, summary: 'Create a custom role', params: OrgParams, body: CreateRole, response: { 201: Role, ...errorResponses } } }, async (req, reply) =>
    reply.code(201).send(roleView(await createRole(deps, requireSignedIn(req), req.params.orgId, req.body))),
  );
  app.get('/orgs/:orgId/roles/:key', { schema: { tags, summary: 'A role by key, name or legacy name', params: RoleParams, response: { 200: Role, ...errorResponses } } }, async (req) =>
    roleView(await getOrgRole(deps, requireSignedIn(req), req.params.orgId, req.params.key)),
  );
  app.patch(
    '/orgs/:orgId/roles/:key',
    {
      schema: {
        tags,
        summary: 'Rename (old name kept) or change what a role allows; built-in roles keep their key, scope and rank',
        params: RoleParams,
        body: PatchRole,
        response: { 200: Role, ...errorResponses },
      },
    },
    async (req) => roleView(await patchRole(deps, requireSignedIn(req), req.params.orgId, req.params.key, req.body)),
  );
  app.post(
    '/orgs/:orgId/roles/:key/reset',
    { schema: { tags, summary: "Put a built-in role back to its preset's name and permissions", params: RoleParams, body: OptionalReason, response: { 200: Role, ...errorResponses } } },
    async (req) => roleView(await resetRole(deps, requireSignedIn(req), req.params.orgId, req.params.key, req.body?.reason)),
  );
  app.delete('/orgs/:orgId/roles/:key', { schema: { tags, params: RoleParams, body: OptionalReason, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await removeRole(deps, requireSignedIn(req), req.params.orgId, req.params.key, req.body?.reason);
    return reply.code(204).send(null);
  });
}
