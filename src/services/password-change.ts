import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { checkPassword } from '../domain/password-policy.js';
import { enqueueMail } from '../mail/outbox.js';
import { passwordChangedMail } from '../mail/templates/password-changed.js';
import { clearSignInFailures, reserveSignInAttempt } from '../store/queries/lockout.queries.js';
import { endPendingSignIns } from '../store/queries/second-factor.queries.js';
import { revokeUserSessions } from '../store/queries/session.queries.js';
import { orgNamesOfUser } from '../store/queries/org.queries.js';
import { findUserById, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { verifyDummy } from './sign-in.js';
import { countOf } from '../domain/plural.js';

/**
 * The signed-in user changes their password (ASVS 6.2.3: the current one is required). Every
 * other session of the user ends (ASVS 7.4.3); the one making the change stays signed in. The
 * user is told by email (ASVS 6.3.7). A wrong current password answers `invalid_current_password`
 * (400, the session stays); while the account is locked, `account_locked` (423).
 */
export async function changePassword(deps: Deps, ctx: RequestContext, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const principal = ctx.principal;
  assertThat(principal, 'unauthenticated');
  const user = await findUserById(deps.db, principal.userId);
  assertThat(user?.password_hash, 'invalid_credentials');
  const now = deps.clock();
  // The current-password check is a credential path too (SECURITY.md: lockout applies on every
  // credential path): it spends the same atomic per-account budget as sign-in, so a stolen
  // session cannot be used to guess the password. Found by test/security/passwords.test.ts.
  const threshold = deps.config.lockoutThreshold;
  const slot = await reserveSignInAttempt(deps.db, user.id, now, threshold, deps.config.lockoutMinutes);
  const ok = slot !== undefined && (await deps.passwords.verify(user.password_hash, input.currentPassword));
  if (slot === undefined) await verifyDummy(deps, input.currentPassword);
  if (!ok) {
    await inTransaction(deps.db, async (trx) => {
      await audit(trx, ctx, now, { orgId: null, action: 'auth.password_change_failed', targetType: 'user', targetId: user.id, after: { reason: slot === undefined ? 'locked' : 'wrong_password' } });
      if (slot !== undefined && slot >= threshold) {
        await audit(trx, ctx, now, { orgId: null, action: 'auth.locked', targetType: 'user', targetId: user.id, after: { minutes: deps.config.lockoutMinutes } });
      }
    });
    // Not a 401: the session is fine, only the typed password is wrong (a 401 reads as signed out).
    if (slot === undefined) {
      throw new AppError('account_locked', `Too many wrong passwords: password changes are paused for ${countOf(deps.config.lockoutMinutes, 'minute')}. Try again later, or reset your password from the sign-in page.`);
    }
    throw new AppError('invalid_current_password', 'The current password you entered is not correct. Check it and try again.', { field: 'currentPassword' });
  }
  await clearSignInFailures(deps.db, user.id);
  const check = checkPassword(input.newPassword, [user.email_key.split('@')[0] ?? '', user.first_name, user.last_name, ...(await orgNamesOfUser(deps.db, user.id))]);
  if (!check.ok) throw new AppError('weak_password', check.reason, { field: 'newPassword' });
  const hash = await deps.passwords.hash(input.newPassword);
  await inTransaction(deps.db, async (trx) => {
    await updateUser(trx, user.id, { password_hash: hash, password_changed_at: now.toISOString(), updated_at: now.toISOString() });
    const ended = await revokeUserSessions(trx, user.id, now.toISOString(), 'password_changed', principal.sessionId);
    await endPendingSignIns(trx, user.id, now.toISOString());
    await audit(trx, ctx, now, { orgId: null, action: 'auth.password_changed', targetType: 'user', targetId: user.id, after: { sessionsEnded: ended } });
    await enqueueMail(trx, now, { to: user.email, template: 'password_changed', ...passwordChangedMail({ publicUrl: deps.config.publicUrl, firstName: user.first_name, how: 'changed', at: now }) });
  });
}
