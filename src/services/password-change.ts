import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { checkPassword } from '../domain/password-policy.js';
import { enqueueMail } from '../mail/outbox.js';
import { passwordChangedMail } from '../mail/templates/password-changed.js';
import { endPendingSignIns } from '../store/queries/second-factor.queries.js';
import { revokeUserSessions } from '../store/queries/session.queries.js';
import { orgNamesOfUser } from '../store/queries/org.queries.js';
import { findUserById, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { verifyCurrentPassword } from './current-password.js';

/**
 * The signed-in user changes their password (ASVS 6.2.3: the current one is required). Every
 * other session of the user ends (ASVS 7.4.3); the one making the change stays signed in. The
 * user is told by email (ASVS 6.3.7). The current password is checked like every credential
 * (current-password.ts: lockout budget, 400 `invalid_current_password`, the session stays).
 */
export async function changePassword(deps: Deps, ctx: RequestContext, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const principal = ctx.principal;
  assertThat(principal, 'unauthenticated');
  const user = await findUserById(deps.db, principal.userId);
  assertThat(user?.password_hash, 'invalid_credentials');
  const now = deps.clock();
  await verifyCurrentPassword(deps, ctx, user, input.currentPassword, 'auth.password_change_failed');
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
