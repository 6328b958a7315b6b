/**
 * POST /orgs/{orgId}/invitations (SPEC rule 8, seed 000 "Invite user", seed 001 delegation).
 */
import { AppError } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { normalizeEmail } from '../../domain/email.js';
import { cleanText } from '../../domain/names.js';
import type { RoleAssignment } from '../../domain/types.js';
import { newId } from '../../lib/ids.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { expirePendingFor, findPendingFor, insertInvitation } from '../../store/queries/invitation.queries.js';
import { findMembership } from '../../store/queries/member.queries.js';
import { inOrgTransaction } from '../../store/queries/org.queries.js';
import { isUniqueViolation } from '../../store/unique.js';
import { findUserByEmailKey } from '../../store/queries/user.queries.js';
import { actorId, openOrg, requireSupportReason } from '../access.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { type AudienceInput, checkInviteGrant, grantForAudit } from '../audience-grant.js';
import { queueInvitationMail } from './invitation-mail.js';
import type { InvitationView } from './invitation-view.js';
import { readInvitation } from './list-invitations.js';

export interface CreateInvitationInput extends AudienceInput {
  email: string;
  roles?: RoleAssignment[] | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  reason?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function optionalName(value: string | undefined, field: string): string | null {
  if (value === undefined) return null;
  const v = cleanText(value);
  if (v === null || v === '') throw new AppError('validation_failed', `The ${field} contains control characters or is empty.`, { field });
  return v;
}

export async function createInvitation(deps: Deps, ctx: RequestContext, orgId: string, input: CreateInvitationInput): Promise<InvitationView> {
  const now = deps.clock();
  const iso = now.toISOString();
  const email = normalizeEmail(input.email);
  if (!email.ok) throw new AppError('validation_failed', email.reason, { field: 'email' });
  const firstName = optionalName(input.firstName, 'first name');
  const lastName = optionalName(input.lastName, 'last name');
  const token = newToken();
  const id = newId();
  try {
    // The org lock serializes invites with accepts, removals and other invites of this org.
    await inOrgTransaction(deps.db, orgId, async (trx) => {
      const org = await openOrg(trx, ctx.principal, orgId);
      requireSupportReason(org, input.reason);
      const grant = await checkInviteGrant(trx, { id: orgId, ctx: org.ctx }, org.actor, input);
      const user = await findUserByEmailKey(trx, email.key);
      if (user && (await findMembership(trx, orgId, user.id))) {
        throw new AppError('already_member', 'This person is already a member of the organization; edit their roles instead.');
      }
      await expirePendingFor(trx, orgId, email.key, iso);
      const pending = await findPendingFor(trx, orgId, email.key);
      if (pending) {
        throw new AppError('invitation_pending', 'An invitation is already pending for this email; resend it instead.', { invitationId: pending.id });
      }
      const expiresAt = new Date(now.getTime() + org.row.invite_ttl_days * DAY_MS).toISOString();
      await insertInvitation(trx, {
        id,
        org_id: orgId,
        email: email.email,
        email_key: email.key,
        roles: JSON.stringify(grant.assignments),
        audience: grant.audience,
        profile_id: grant.profile?.id ?? null,
        customer_ids: JSON.stringify(grant.customerIds),
        status: 'pending',
        token_hash: hashToken(token),
        invited_by: actorId(org.actor),
        first_name: firstName,
        last_name: lastName,
        expires_at: expiresAt,
        send_count: 1,
        last_sent_at: iso,
        accepted_at: null,
        accepted_user_id: null,
        created_at: iso,
        updated_at: iso,
      });
      await queueInvitationMail(trx, deps, now, { org: { id: orgId, name: org.row.name, ctx: org.ctx }, inviterId: actorId(org.actor), email: email.email, roles: grant.assignments, token, expiresAt });
      await audit(trx, ctx, now, {
        orgId,
        action: 'invitation.created',
        targetType: 'invitation',
        targetId: id,
        after: { email: email.email, roles: grant.assignments, ...grantForAudit(grant), status: 'pending', expiresAt },
        reason: input.reason,
      });
    });
  } catch (err) {
    // The backstop unique index (two invites racing past the lock cannot happen, but a constraint never lies).
    if (isUniqueViolation(err)) throw new AppError('invitation_pending', 'An invitation is already pending for this email; resend it instead.');
    throw err;
  }
  return readInvitation(deps, ctx, orgId, id);
}
