import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams, Page } from '../../contracts/common.js';
import {
  AcceptInvitation,
  AcceptResult,
  CreateInvitation,
  Invitation,
  InvitationAction,
  InvitationListQuery,
  InvitationParams,
  InvitationPreview,
  InviteOptions,
  TokenParams,
} from '../../contracts/invitation.contract.js';
import { acceptInvitation } from '../../services/invitations/accept-invitation.js';
import { cancelInvitation, resendInvitation } from '../../services/invitations/change-invitation.js';
import { createInvitation } from '../../services/invitations/create-invitation.js';
import { inviteOptions, listOrgInvitations, readInvitation } from '../../services/invitations/list-invitations.js';
import { previewInvitation } from '../../services/invitations/preview-invitation.js';
import type { Api } from '../api.js';
import { AppError } from '../../contracts/errors.js';
import { ctxOf, originAllowed, requireSignedIn, setSessionCookie } from '../plugins/auth.js';

const tags = ['invitations'];

/**
 * Per invitation, not per client: a mailbox is not flooded however many admins press Resend.
 * Only callers who can see the invitation spend its budget: otherwise anyone could use
 * another org's invitation id to lock its admins out of Resend for an hour, and tell real ids
 * from unknown ones by the 429 (ASVS 8.4.1; found by the security sweep).
 */
function resendLimit(deps: Deps) {
  return {
    max: 3,
    timeWindow: '1 hour',
    // After validation: a refused body changes nothing, the budget included (SPEC rule 12).
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => {
      const p = req.params as { orgId?: string; id?: string };
      return `invitation-resend:${p.orgId ?? ''}:${p.id ?? ''}`;
    },
    allowList: async (req: FastifyRequest) => {
      const p = req.params as { orgId?: string; id?: string };
      if (!req.principal || !p.orgId || !p.id) return true;
      return readInvitation(deps, ctxOf(req), p.orgId, p.id).then(
        () => false,
        () => true,
      );
    },
  };
}
export function invitationRoutes(app: Api, deps: Deps): void {
  // Public token endpoints share the per-IP budget of the other credential endpoints: tokens are
  // 256-bit, but guessing should still cost (ASVS 6.3.1).
  const tokenLimit = { max: deps.config.authRateIpPerMinute, timeWindow: '1 minute' };
  app.get(
    '/orgs/:orgId/invitations',
    { schema: { tags, summary: 'Invitations of the org, newest first', params: OrgParams, querystring: InvitationListQuery, response: { 200: Page(Invitation), ...errorResponses } } },
    (req) => listOrgInvitations(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.get(
    '/orgs/:orgId/invitations/options',
    { schema: { tags, summary: 'Roles and stores the caller may invite to', params: OrgParams, response: { 200: InviteOptions, ...errorResponses } } },
    (req) => inviteOptions(deps, requireSignedIn(req), req.params.orgId),
  );
  app.post(
    '/orgs/:orgId/invitations',
    { schema: { tags, summary: 'Invite someone by email with one or more roles', params: OrgParams, body: CreateInvitation, response: { 201: Invitation, ...errorResponses } } },
    async (req, reply) => {
      const created = await createInvitation(deps, requireSignedIn(req), req.params.orgId, req.body);
      reply.code(201);
      return created;
    },
  );
  app.get(
    '/orgs/:orgId/invitations/:id',
    { schema: { tags, summary: 'One invitation', params: InvitationParams, response: { 200: Invitation, ...errorResponses } } },
    (req) => readInvitation(deps, requireSignedIn(req), req.params.orgId, req.params.id),
  );
  app.post(
    '/orgs/:orgId/invitations/:id/resend',
    {
      config: { rateLimit: resendLimit(deps) },
      schema: { tags, summary: 'Send again with a fresh token (old link stops working); revives an expired one', params: InvitationParams, body: InvitationAction, response: { 200: Invitation, ...errorResponses } },
    },
    (req) => resendInvitation(deps, requireSignedIn(req), req.params.orgId, req.params.id, req.body ?? {}),
  );
  app.post(
    '/orgs/:orgId/invitations/:id/cancel',
    { schema: { tags, summary: 'Cancel a pending invitation', params: InvitationParams, body: InvitationAction, response: { 200: Invitation, ...errorResponses } } },
    (req) => cancelInvitation(deps, requireSignedIn(req), req.params.orgId, req.params.id, req.body ?? {}),
  );
  app.get(
    '/invitations/:token',
    { config: { rateLimit: tokenLimit }, schema: { tags, summary: 'Preview an invitation (public; the token is the key)', security: [], params: TokenParams, response: { 200: InvitationPreview, ...errorResponses } } },
    (req) => previewInvitation(deps, req.params.token),
  );
  app.post(
    '/invitations/:token/accept',
    {
      config: { rateLimit: tokenLimit },
      schema: { tags, summary: 'Accept: a new user sets name and password and is signed in (cookie); an existing user is signed in as the invited email', security: [], params: TokenParams, body: AcceptInvitation, response: { 200: AcceptResult, ...errorResponses } },
    },
    async (req, reply) => {
      // Accepting may sign the browser in (a new password was set): like the sign-in form, only
      // from this site (login CSRF), checked by Origin/Fetch-Metadata as /auth/login is.
      if (!req.principal && !originAllowed(req, deps.config)) throw new AppError('csrf_failed');
      const { session, ...result } = await acceptInvitation(deps, ctxOf(req), req.params.token, req.body ?? {}, { userAgent: req.headers['user-agent'] });
      if (session) setSessionCookie(reply, deps.config, session.token, session.expiresAt);
      return result;
    },
  );
}
