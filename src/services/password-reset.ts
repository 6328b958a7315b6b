import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { checkPassword } from '../domain/password-policy.js';
import { newId } from '../lib/ids.js';
import { hashToken, newToken } from '../lib/tokens.js';
import { enqueueMail } from '../mail/outbox.js';
import { passwordChangedMail } from '../mail/templates/password-changed.js';
import { passwordResetMail } from '../mail/templates/password-reset.js';
import type { Executor } from '../store/database.js';
import { clearSignInFailures } from '../store/queries/lockout.queries.js';
import { loadSubject } from '../store/queries/member.queries.js';
import { isLinkedUser } from '../store/queries/oidc.queries.js';
import { orgNamesOfUser } from '../store/queries/org.queries.js';
import { consumePasswordReset, findPasswordResetUser, insertPasswordReset } from '../store/queries/password-reset.queries.js';
import { endPendingSignIns } from '../store/queries/second-factor.queries.js';
import { revokeUserSessions } from '../store/queries/session.queries.js';
import { findUserByEmailKey, findUserById, type UserRow, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { openOrg, requireAuthorityOver, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { verifyDummy } from './sign-in.js';

const LINKED = 'This account signs in through the organization’s identity provider, so it has no password here; change the password at the provider.';

/** Creates the token (256 bits, CSPRNG), stores its hash, supersedes older ones and queues the email. */
async function startReset(ex: Executor, deps: Deps, now: Date, user: UserRow, requestedBy: string | null): Promise<void> {
  const token = newToken();
  const minutes = deps.config.resetTtlMinutes;
  await insertPasswordReset(ex, {
    id: newId(),
    token_hash: hashToken(token),
    user_id: user.id,
    requested_by: requestedBy,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + minutes * 60_000).toISOString(),
    used_at: null,
    superseded_at: null,
  });
  const mail = passwordResetMail({ publicUrl: deps.config.publicUrl, token, firstName: user.first_name, minutes, byAdmin: requestedBy !== null });
  await enqueueMail(ex, now, { to: user.email, template: 'password_reset', ...mail });
}

/**
 * "Forgot password": the same answer, in the same time, whether or not the email belongs to an
 * account (ASVS 6.3.8). Both paths look the email up and hash a password-sized input with
 * argon2id, then answer; for a real, active account the token, the email and the audit event
 * are written after the reply (one transaction), so the database work a known account costs
 * is not in the answer's time.
 */
export async function forgotPassword(deps: Deps, ctx: RequestContext, emailInput: string): Promise<void> {
  const email = normalizeEmail(emailInput);
  const user = email.ok ? await findUserByEmailKey(deps.db, email.key) : undefined;
  await verifyDummy(deps, emailInput);
  if (user?.status !== 'active') return;
  deps.afterReply.run('password reset request', async () => {
    const now = deps.clock();
    await inTransaction(deps.db, async (trx) => {
      // A person linked to their org's identity provider has no password here; a reset would
      // give them one and a way round the provider (the same answer was already sent).
      if (await isLinkedUser(trx, user.id)) return;
      await startReset(trx, deps, now, user, null);
      await audit(trx, { ...ctx, principal: null }, now, { orgId: null, action: 'auth.password_reset_requested', targetType: 'user', targetId: user.id });
    });
  });
}

/**
 * Completes a reset: the token is consumed (single use) before anything else, the new password
 * is checked and stored, the lockout is cleared, every session ends and the user is told.
 * A refused password does not burn the token: the transaction rolls back.
 */
export async function resetPassword(deps: Deps, ctx: RequestContext, token: string, password: string): Promise<void> {
  const now = deps.clock();
  const hash = hashToken(token);
  // Hash before the transaction so the argon2id work never holds a database lock.
  const pending = await findPasswordResetUser(deps.db, hash);
  const context = pending ? [pending.email.split('@')[0] ?? '', pending.first_name, pending.last_name, ...(await orgNamesOfUser(deps.db, pending.id))] : [];
  const check = checkPassword(password, context);
  if (!check.ok) throw new AppError('weak_password', check.reason, { field: 'password' });
  const passwordHash = await deps.passwords.hash(password);
  await inTransaction(deps.db, async (trx) => {
    const userId = await consumePasswordReset(trx, hash, now.toISOString());
    assertThat(userId, 'invalid_token', 'This reset link is not valid any more; ask for a new one.');
    const user = await findUserById(trx, userId);
    assertThat(user?.status === 'active', 'invalid_token', 'This reset link is not valid any more; ask for a new one.');
    // A link sent before the account was linked to an identity provider must not add a password.
    if (await isLinkedUser(trx, user.id)) throw new AppError('invalid_token', LINKED);
    await updateUser(trx, user.id, { password_hash: passwordHash, password_changed_at: now.toISOString(), updated_at: now.toISOString() });
    await clearSignInFailures(trx, user.id);
    const ended = await revokeUserSessions(trx, user.id, now.toISOString(), 'password_reset');
    await endPendingSignIns(trx, user.id, now.toISOString());
    await audit(trx, { ...ctx, principal: null }, now, { orgId: null, action: 'auth.password_reset', targetType: 'user', targetId: user.id, after: { sessionsEnded: ended, lockCleared: true } });
    await enqueueMail(trx, now, { to: user.email, template: 'password_changed', ...passwordChangedMail({ publicUrl: deps.config.publicUrl, firstName: user.first_name, how: 'reset', at: now }) });
  });
}

/**
 * Admin-initiated reset (ASVS 6.4.6): the admin starts it and never sees the token or sets the
 * password; the member gets the same email flow. Needs `team:manage` and authority over the
 * member (the suspend rule: a store manager only for members all of whose stores are theirs).
 */
export async function adminResetPassword(deps: Deps, ctx: RequestContext, orgId: string, userId: string, reason: string | undefined): Promise<void> {
  const now = deps.clock();
  await inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:read');
    const target = await loadSubject(trx, orgId, userId);
    assertThat(target?.membershipStatus, 'not_found', 'No such member in this organization.');
    requireSupportReason(org, reason);
    requireAuthorityOver(org, target);
    const user = await findUserById(trx, userId);
    assertThat(user && user.status === 'active', 'not_found', 'No such member in this organization.');
    if (await isLinkedUser(trx, user.id)) throw new AppError('conflict', LINKED);
    await startReset(trx, deps, now, user, ctx.principal?.userId ?? null);
    await audit(trx, ctx, now, { orgId, action: 'member.password_reset_started', targetType: 'user', targetId: userId, reason });
  });
}
