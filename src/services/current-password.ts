import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { countOf } from '../domain/plural.js';
import { clearSignInFailures, reserveSignInAttempt } from '../store/queries/lockout.queries.js';
import type { UserRow } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { verifyDummy } from './sign-in.js';

/**
 * Checks the password a signed-in person typed to confirm a sensitive change of their own
 * account (ASVS 6.2.3). It is a credential path (SECURITY.md: lockout applies on every
 * credential path): it spends the same atomic per-account budget as sign-in, so a stolen
 * session cannot be used to guess the password. A wrong password is audited as `failedAction`
 * and answers `invalid_current_password` (400: the session is fine, a 401 would read as signed
 * out); while locked, `account_locked` (423). A right one clears the failure count.
 */
export async function verifyCurrentPassword(deps: Deps, ctx: RequestContext, user: UserRow, password: string, failedAction: string): Promise<void> {
  const now = deps.clock();
  const threshold = deps.config.lockoutThreshold;
  const wrong = new AppError('invalid_current_password', 'The current password you entered is not correct. Check it and try again.', { field: 'currentPassword' });
  if (!user.password_hash) {
    // Nothing to check against (an account that signs in otherwise): no password is right.
    await verifyDummy(deps, password);
    throw wrong;
  }
  const slot = await reserveSignInAttempt(deps.db, user.id, now, threshold, deps.config.lockoutMinutes);
  const ok = slot !== undefined && (await deps.passwords.verify(user.password_hash, password));
  if (slot === undefined) await verifyDummy(deps, password);
  if (ok) {
    await clearSignInFailures(deps.db, user.id);
    return;
  }
  await inTransaction(deps.db, async (trx) => {
    await audit(trx, ctx, now, { orgId: null, action: failedAction, targetType: 'user', targetId: user.id, after: { reason: slot === undefined ? 'locked' : 'wrong_password' } });
    if (slot !== undefined && slot >= threshold) {
      await audit(trx, ctx, now, { orgId: null, action: 'auth.locked', targetType: 'user', targetId: user.id, after: { minutes: deps.config.lockoutMinutes } });
    }
  });
  if (slot === undefined) {
    throw new AppError(
      'account_locked',
      `Too many wrong passwords: changes that need your password are paused for ${countOf(deps.config.lockoutMinutes, 'minute')}. Try again later, or reset your password from the sign-in page.`,
    );
  }
  throw wrong;
}
