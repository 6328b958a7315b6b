import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, MemberParams, OrgParams, Page } from '../../contracts/common.js';
import { Done } from '../../contracts/auth.contract.js';
import { EndedSessions, OptionalReason, OrgSessionParams, Session, SessionListQuery } from '../../contracts/session.contract.js';
import { adminResetPassword } from '../../services/password-reset.js';
import { endAllOrgSessions, endMemberSessions, endOrgSession, listOrgSessions } from '../../services/session-admin.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';
import { credentialLimits } from '../plugins/credential-limits.js';

const tags = ['sessions'];

export function sessionRoutes(app: Api, deps: Deps): void {
  app.get(
    '/orgs/:orgId/sessions',
    { schema: { tags, summary: "Who of this org is signed in (needs team:manage org-wide)", params: OrgParams, querystring: SessionListQuery, response: { 200: Page(Session), ...errorResponses } } },
    (req) => listOrgSessions(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.delete(
    '/orgs/:orgId/sessions/:id',
    { schema: { tags, summary: "End a member's session (audited)", params: OrgSessionParams, body: OptionalReason, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await endOrgSession(deps, requireSignedIn(req), req.params.orgId, req.params.id, req.body?.reason);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/orgs/:orgId/sessions',
    {
      schema: { tags, summary: 'Sign out every member of this org but yourself (top admins and support staff; audited)', params: OrgParams, body: OptionalReason, response: { 200: EndedSessions, ...errorResponses } },
    },
    (req) => endAllOrgSessions(deps, requireSignedIn(req), req.params.orgId, req.body?.reason),
  );
  app.delete(
    '/orgs/:orgId/members/:userId/sessions',
    {
      schema: { tags, summary: "End every session of one member, on every device (same authority as suspending them; audited)", params: MemberParams, body: OptionalReason, response: { 200: EndedSessions, ...errorResponses } },
    },
    (req) => endMemberSessions(deps, requireSignedIn(req), req.params.orgId, req.params.userId, req.body?.reason),
  );
  app.post(
    '/orgs/:orgId/members/:userId/password-reset',
    {
      preHandler: credentialLimits(app, deps, 'admin-reset'),
      schema: { tags: ['members'], summary: 'Email the member a reset link; the admin never sees the token', params: MemberParams, body: OptionalReason, response: { 202: Done, ...errorResponses } },
    },
    async (req, reply) => {
      await adminResetPassword(deps, requireSignedIn(req), req.params.orgId, req.params.userId, req.body?.reason);
      return reply.code(202).send({ status: 'ok' as const });
    },
  );
}
