import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { checkOwnerProtected, checkTopAdminKept, isActiveTopAdmin } from '../domain/invariants.js';
import { countOtherActiveTopAdmins, loadSubject } from '../store/queries/member.queries.js';
import { bumpUserOrgVersions, lockOrg, orgIdsOfUser } from '../store/queries/org.queries.js';
import { revokeUserSessions } from '../store/queries/session.queries.js';
import { findUserByEmailKey, findUserById, type UserRow, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { loadOrg } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { enforce } from './decision-error.js';

export interface UserAdminView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'deactivated';
  platformRole: string | null;
  locked: boolean;
  lockedUntil: string | null;
  failedSignIns: number;
  lastSignInAt: string | null;
  createdAt: string;
  orgIds: string[];
}

/** Platform staff only; members are refused without learning more. */
function requireStaff(ctx: RequestContext): void {
  assertThat(ctx.principal, 'unauthenticated');
  assertThat(ctx.principal.platformRole, 'forbidden', 'Only platform staff can do this.');
}

/** What support staff see of any user: identity, status and lock state at `now`. */
export function userSummary(u: UserRow, now: string) {
  const locked = u.locked_until !== null && u.locked_until > now;
  return {
    id: u.id,
    email: u.email,
    firstName: u.first_name,
    lastName: u.last_name,
    status: u.status,
    platformRole: u.platform_role,
    locked,
    lockedUntil: locked ? u.locked_until : null,
    failedSignIns: u.failed_sign_ins,
    lastSignInAt: u.last_sign_in_at,
  };
}

async function adminView(deps: Deps, u: UserRow): Promise<UserAdminView> {
  const orgIds = await orgIdsOfUser(deps.db, u.id);
  return { ...userSummary(u, deps.clock().toISOString()), createdAt: u.created_at, orgIds };
}

/** Troubleshoot by exact sign-in email (seed 000): the user, lock state and last sign-in. */
export async function findUserForStaff(deps: Deps, ctx: RequestContext, email: string): Promise<{ items: UserAdminView[] }> {
  requireStaff(ctx);
  const e = normalizeEmail(email);
  const u = e.ok ? await findUserByEmailKey(deps.db, e.key) : undefined;
  return { items: u ? [await adminView(deps, u)] : [] };
}

/**
 * Deactivate (SPEC rule 6): user-wide, every org; every session and token ends at once
 * (ASVS 7.4.2) and reactivation does not revive them. Refused for the owner of any org
 * (`owner_protected`) and for the last active top admin of any org (`last_org_admin`). Each
 * affected org row is locked first, in id order (no deadlock between two deactivations), so a
 * concurrent demotion cannot slip between the check and the change (SPEC rule 4).
 */
export async function setUserDeactivated(deps: Deps, ctx: RequestContext, userId: string, deactivate: boolean, reason: string): Promise<UserAdminView> {
  requireStaff(ctx);
  assertThat(reason.trim(), 'reason_required');
  const now = deps.clock();
  const row = await inTransaction(deps.db, async (trx) => {
    const user = await findUserById(trx, userId);
    assertThat(user, 'not_found', 'No such user.');
    if (user.id === ctx.principal?.userId) throw new AppError('forbidden', 'You cannot change your own account status.');
    if (deactivate) {
      const orgIds = await orgIdsOfUser(trx, userId);
      for (const orgId of orgIds) await lockOrg(trx, orgId);
      for (const orgId of orgIds) {
        const org = await loadOrg(trx, orgId);
        const subject = await loadSubject(trx, orgId, userId);
        if (!org || !subject) continue;
        enforce(checkOwnerProtected(org.ctx, userId, 'deactivate'));
        if (isActiveTopAdmin(org.ctx, subject)) {
          const others = await countOtherActiveTopAdmins(trx, orgId, userId);
          enforce(checkTopAdminKept({ org: org.ctx, targetIsActiveTopAdminNow: true, targetWillBeActiveTopAdmin: false, otherActiveTopAdmins: others }));
        }
      }
    }
    const status = deactivate ? 'deactivated' : 'active';
    await updateUser(trx, userId, { status, updated_at: now.toISOString() });
    // The user's status is part of their subject in every org (a check about them must flip on
    // the next request); reactivation takes no org lock, so bump every org here.
    await bumpUserOrgVersions(trx, userId);
    const ended = deactivate ? await revokeUserSessions(trx, userId, now.toISOString(), 'user_deactivated') : 0;
    await audit(trx, ctx, now, {
      orgId: null,
      action: deactivate ? 'user.deactivated' : 'user.reactivated',
      targetType: 'user',
      targetId: userId,
      before: { status: user.status },
      after: { status, ...(deactivate ? { sessionsEnded: ended } : {}) },
      reason,
    });
    return { ...user, status } as UserRow;
  });
  return adminView(deps, row);
}
