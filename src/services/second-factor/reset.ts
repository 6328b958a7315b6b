import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { isActiveTopAdmin } from '../../domain/invariants.js';
import type { Executor } from '../../store/database.js';
import { isMemberElsewhere, loadSubject } from '../../store/queries/member.queries.js';
import { deleteAllSecondFactors } from '../../store/queries/second-factor.queries.js';
import { revokeUserSessions } from '../../store/queries/session.queries.js';
import { findUserById } from '../../store/queries/user.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { actorId, openOrg, requireAuthorityOver, requireSupportReason } from '../access.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';

export interface ResetResult {
  factorsRemoved: number;
  sessionsEnded: number;
}

/** Every factor and recovery code of the person goes and every session of theirs ends, audited. */
async function reset(trx: Executor, ctx: RequestContext, now: Date, userId: string, orgId: string | null, reason: string | undefined): Promise<ResetResult> {
  const iso = now.toISOString();
  const factorsRemoved = await deleteAllSecondFactors(trx, userId, iso);
  const sessionsEnded = await revokeUserSessions(trx, userId, iso, 'second_factor_reset');
  await audit(trx, ctx, now, { orgId, action: 'second_factor.reset', targetType: 'user', targetId: userId, after: { factorsRemoved, sessionsEnded }, reason });
  return { factorsRemoved, sessionsEnded };
}

/**
 * A member lost their authenticator: the org's top admin (or support staff, with a reason)
 * resets their second factor, so they sign in with the password and enrol again. Not for
 * platform staff (their factors are platform support's), not for yourself, and only over
 * someone the caller has authority over. A person who also works for another org is refused
 * for a member: a reset ends their sessions everywhere, and one org's action must not reach
 * the others (SECURITY.md "One person, many orgs"); support staff can do it.
 */
export async function resetMemberSecondFactor(deps: Deps, ctx: RequestContext, orgId: string, userId: string, reason: string | undefined): Promise<ResetResult> {
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    const target = await loadSubject(trx, orgId, userId);
    assertThat(target?.membershipStatus, 'not_found', 'No such member in this organization.');
    const top = org.actor.kind === 'platform' || isActiveTopAdmin(org.ctx, org.actor.subject);
    assertThat(top, 'forbidden', "Only a top admin or support staff can reset a member's second factor.");
    requireSupportReason(org, reason);
    assertThat(actorId(org.actor) !== userId, 'forbidden', 'Remove your own factors from your account page.');
    requireAuthorityOver(org, target);
    const user = await findUserById(trx, userId);
    assertThat(user, 'not_found', 'No such member in this organization.');
    assertThat(!user.platform_role, 'forbidden', "Platform staff's second factor is reset by platform support.");
    if (org.actor.kind === 'member') {
      const elsewhere = await isMemberElsewhere(trx, userId, orgId);
      assertThat(!elsewhere, 'forbidden', 'This person also has access through another organization; ask platform support to reset their second factor.');
    }
    return reset(trx, ctx, now, userId, orgId, reason);
  });
}

/**
 * Platform support resets anyone's second factor, with a reason; another platform staff
 * member's only by a support_admin, and never their own.
 */
export async function resetUserSecondFactor(deps: Deps, ctx: RequestContext, userId: string, reason: string): Promise<ResetResult> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  assertThat(p.platformRole, 'forbidden', 'Only platform staff can do this.');
  assertThat(reason.trim(), 'reason_required');
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    const user = await findUserById(trx, userId);
    assertThat(user, 'not_found', 'No such user.');
    if (user.id === p.userId) throw new AppError('forbidden', 'You cannot reset your own second factor; ask another support admin.');
    if (user.platform_role && p.platformRole !== 'support_admin') throw new AppError('forbidden', "Only a support admin can reset platform staff's second factor.");
    return reset(trx, ctx, now, userId, null, reason);
  });
}
