/**
 * Resend and cancel (SPEC rule 8; seed 000 "Resend invite", "Cancel and re-invite").
 * Both lock the org row first, so they serialize with accepts of the same invitation.
 */
import type { Transaction } from 'kysely';
import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { canInviteGrant, refusalOf } from '../../domain/audiences.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { Database } from '../../store/database.js';
import { findInvitation, findPendingFor, type InvitationRow, transitionInvitation } from '../../store/queries/invitation.queries.js';
import { findMembership } from '../../store/queries/member.queries.js';
import { inOrgTransaction } from '../../store/queries/org.queries.js';
import { findUserByEmailKey } from '../../store/queries/user.queries.js';
import { actorId, type OrgAccess, openOrg, requireSupportReason } from '../access.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { checkInviteGrant, seesAudience } from '../audience-grant.js';
import { refusalError } from '../decision-error.js';
import { queueInvitationMail } from './invitation-mail.js';
import { customerIdsOf, effectiveStatus, grantOf, type InvitationView, rolesOf } from './invitation-view.js';
import { readInvitation } from './list-invitations.js';
import { countOf } from '../../domain/plural.js';

/** The service's own floor between two sends of one invitation; the route adds a per-hour cap. */
export const RESEND_MIN_INTERVAL_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Locked {
  trx: Transaction<Database>;
  org: OrgAccess;
  row: InvitationRow;
}

async function withLockedInvitation<T>(deps: Deps, ctx: RequestContext, orgId: string, id: string, reason: string | undefined, fn: (l: Locked) => Promise<T>): Promise<T> {
  return inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    const row = await findInvitation(trx, orgId, id);
    assertThat(row && seesAudience(org.actor, row.audience), 'not_found', 'No such invitation in this organization.');
    requireSupportReason(org, reason);
    // Same authority as sending these roles, audience and accounts now (SPEC rule 2),
    // re-validated against today's stores; what the profile allows is checked again on resend.
    const v = canInviteGrant(org.ctx, org.actor, grantOf(row));
    if (!v.ok) throw refusalError(refusalOf(v));
    return fn({ trx, org, row });
  });
}

/**
 * A fresh token (the old link stops working: only the new hash is stored), send_count + 1.
 * An expired invitation becomes pending again with a new expiry ("re-invite after expiry").
 */
export async function resendInvitation(deps: Deps, ctx: RequestContext, orgId: string, id: string, input: { reason?: string | undefined }): Promise<InvitationView> {
  const now = deps.clock();
  const iso = now.toISOString();
  await withLockedInvitation(deps, ctx, orgId, id, input.reason, async ({ trx, org, row }) => {
    const status = effectiveStatus(row, now);
    if (status !== 'pending' && status !== 'expired') {
      throw new AppError('invitation_not_pending', `This invitation was ${status}; send a new invitation instead.`);
    }
    // The profile and accounts must still exist, and the profile allow no more than the sender's.
    await checkInviteGrant(trx, { id: orgId, ctx: org.ctx }, org.actor, { audience: row.audience, roles: rolesOf(row), profileId: row.profile_id, customerIds: customerIdsOf(row) });
    const wait = new Date(row.last_sent_at).getTime() + RESEND_MIN_INTERVAL_MS - now.getTime();
    if (wait > 0) throw new AppError('rate_limited', `This invitation was just sent; wait ${countOf(Math.ceil(wait / 1000), 'second')} before sending it again.`);
    if (status === 'expired') {
      const user = await findUserByEmailKey(trx, row.email_key);
      if (user && (await findMembership(trx, orgId, user.id))) throw new AppError('already_member', 'This person is already a member of the organization.');
      const other = await findPendingFor(trx, orgId, row.email_key);
      if (other && other.id !== row.id) {
        if (effectiveStatus(other, now) === 'pending') {
          throw new AppError('invitation_pending', 'Another invitation is pending for this email; resend that one.', { invitationId: other.id });
        }
        await transitionInvitation(trx, other.id, 'pending', { status: 'expired', updated_at: iso });
      }
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + org.row.invite_ttl_days * DAY_MS).toISOString();
    const moved = await transitionInvitation(trx, row.id, row.status, {
      status: 'pending',
      token_hash: hashToken(token),
      expires_at: expiresAt,
      send_count: row.send_count + 1,
      last_sent_at: iso,
      updated_at: iso,
    });
    assertThat(moved, 'invitation_not_pending', 'The invitation changed while it was being resent; reload and try again.');
    const roles = rolesOf(row);
    await queueInvitationMail(trx, deps, now, { org: { id: orgId, name: org.row.name, ctx: org.ctx }, inviterId: row.invited_by, email: row.email, roles, token, expiresAt });
    await audit(trx, ctx, now, {
      orgId,
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: row.id,
      before: { status, expiresAt: row.expires_at, sendCount: row.send_count },
      after: { status: 'pending', expiresAt, sendCount: row.send_count + 1, resentBy: actorId(org.actor) },
      reason: input.reason,
    });
  });
  return readInvitation(deps, ctx, orgId, id);
}

/** Cancel only while pending; the link stops working at once. */
export async function cancelInvitation(deps: Deps, ctx: RequestContext, orgId: string, id: string, input: { reason?: string | undefined }): Promise<InvitationView> {
  const now = deps.clock();
  const iso = now.toISOString();
  await withLockedInvitation(deps, ctx, orgId, id, input.reason, async ({ trx, row }) => {
    const status = effectiveStatus(row, now);
    if (status !== 'pending') throw new AppError('invitation_not_pending', `This invitation is ${status}; only pending invitations can be cancelled.`);
    const moved = await transitionInvitation(trx, row.id, 'pending', { status: 'cancelled', updated_at: iso });
    assertThat(moved, 'invitation_not_pending', 'This invitation is no longer pending.');
    await audit(trx, ctx, now, {
      orgId,
      action: 'invitation.cancelled',
      targetType: 'invitation',
      targetId: row.id,
      before: { status: 'pending', email: row.email, roles: rolesOf(row) },
      after: { status: 'cancelled' },
      reason: input.reason,
    });
  });
  return readInvitation(deps, ctx, orgId, id);
}
