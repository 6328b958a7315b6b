import type { Deps } from '../../container.js';
import { errorResponses, MemberParams } from '../../contracts/common.js';
import { ChangeMemberEmail, ChangeMyEmail, EmailChanged, EmailChangeStarted, EmailChangeTokenParams } from '../../contracts/email-change.contract.js';
import { confirmEmailChange, requestMemberEmailChange, requestMyEmailChange } from '../../services/email-change.js';
import type { Api } from '../api.js';
import { ctxOf, requireSignedIn } from '../plugins/auth.js';
import { credentialLimits } from '../plugins/credential-limits.js';

const tags = ['me'];
const sent = { status: 'sent' as const };

/**
 * Changing the sign-in email: asked for by the person or an admin, confirmed from the new
 * address. Every entry point is rate-limited per IP and per account (the caller, or for the
 * public confirmation the IP alone): each one sends mail, and the person's own asks for a
 * password.
 */
export function emailChangeRoutes(app: Api, deps: Deps): void {
  app.post(
    '/me/email',
    {
      preHandler: credentialLimits(app, deps, 'email-change'),
      schema: {
        tags,
        summary: 'Change my sign-in email (needs my password); a link to confirm goes to the new address',
        body: ChangeMyEmail,
        response: { 202: EmailChangeStarted, ...errorResponses },
      },
    },
    async (req, reply) => {
      await requestMyEmailChange(deps, requireSignedIn(req), req.body);
      return reply.code(202).send(sent);
    },
  );
  app.post(
    '/orgs/:orgId/members/:userId/email',
    {
      preHandler: credentialLimits(app, deps, 'member-email-change'),
      schema: {
        tags: ['members'],
        summary: 'Change a member’s sign-in email; a link to confirm goes to the new address',
        params: MemberParams,
        body: ChangeMemberEmail,
        response: { 202: EmailChangeStarted, ...errorResponses },
      },
    },
    async (req, reply) => {
      await requestMemberEmailChange(deps, requireSignedIn(req), req.params.orgId, req.params.userId, req.body);
      return reply.code(202).send(sent);
    },
  );
  app.post(
    '/email-changes/:token/confirm',
    {
      // Public: holding the link proves the mailbox. A signed-in browser sends its CSRF token as
      // for every change; an anonymous request changes nothing a forged one could abuse.
      preHandler: credentialLimits(app, deps, 'email-change-confirm'),
      schema: { tags, summary: 'Confirm a sign-in email change from the link mailed to the new address', security: [], params: EmailChangeTokenParams, response: { 200: EmailChanged, ...errorResponses } },
    },
    (req) => confirmEmailChange(deps, ctxOf(req), req.params.token),
  );
}
