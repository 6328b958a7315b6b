import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { enqueueMail } from '../mail/outbox.js';
import { accountLockedMail } from '../mail/templates/account-locked.js';
import { signedOutElsewhereMail } from '../mail/templates/signed-out-elsewhere.js';
import { clearSignInFailures, reserveSignInAttempt } from '../store/queries/lockout.queries.js';
import type { Executor } from '../store/database.js';
import { revokeUserSessions } from '../store/queries/session.queries.js';
import { findUserByEmailKey, type UserRow, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { type PendingSignIn, startSecondStep } from './second-factor/two-step.js';
import { type IssuedSession, issueSession } from './sessions.js';
import { providerSignInHint } from './oidc/password-hint.js';
import { singleSessionApplies } from './single-session.js';

/** Verified against when there is no real hash to check, so every answer costs the same argon2id work (ASVS 6.3.8). */
let dummyHash: Promise<string> | undefined;

/** Burns the same argon2id time as a real verification. */
export async function verifyDummy(deps: Pick<Deps, 'passwords'>, password: string): Promise<void> {
  dummyHash ??= deps.passwords.hash('not-a-real-password-for-timing-only');
  await deps.passwords.verify(await dummyHash, password);
}

export interface SignInInput {
  email: string;
  password: string;
  kind: 'cookie' | 'token';
  userAgent?: string | undefined;
}

/**
 * A refused sign-in of a known account answers `invalid_credentials` at once; its audit event
 * (and on the attempt that locks the account, the lock event and email) is written after the
 * reply, in one transaction, so the answer costs what an unknown email's does: one argon2id
 * verification and one commit (ASVS 6.3.8).
 */
function refuse(deps: Deps, ctx: RequestContext, user: UserRow, reason: 'wrong_password' | 'locked' | 'deactivated', then: { lockedNow?: boolean; clearFailures?: boolean } = {}): never {
  deps.afterReply.run('sign-in failure audit', async () => {
    const now = deps.clock();
    await inTransaction(deps.db, async (trx) => {
      const anon = { ...ctx, principal: null };
      // A deactivated account's right password must not count towards a lock.
      if (then.clearFailures) await clearSignInFailures(trx, user.id);
      await audit(trx, anon, now, { orgId: null, action: 'auth.sign_in_failed', targetType: 'user', targetId: user.id, after: { reason } });
      if (then.lockedNow) {
        await audit(trx, anon, now, { orgId: null, action: 'auth.locked', targetType: 'user', targetId: user.id, after: { minutes: deps.config.lockoutMinutes } });
        await enqueueMail(trx, now, { to: user.email, template: 'account_locked', ...accountLockedMail({ publicUrl: deps.config.publicUrl, firstName: user.first_name, minutes: deps.config.lockoutMinutes }) });
      }
    });
  });
  throw new AppError('invalid_credentials');
}

/**
 * Email + password → a new session. Unknown email, wrong password, locked and deactivated
 * accounts all answer the same `invalid_credentials` after the same argon2id work.
 *
 * Lockout (SPEC rule 9, SECURITY.md "answers the same generic error while locked"): a locked
 * account does NOT answer `account_locked`, because that would tell an attacker the email
 * exists. The user learns of the lock by email (with a reset link, which unlocks at once) and
 * admins see it through `GET /api/v1/users?email=`. Malicious lockout is limited by the short
 * lock (15 min), the per-IP rate limit on every credential endpoint, and the reset path that
 * always works while locked.
 */
export async function signIn(deps: Deps, ctx: RequestContext, input: SignInInput): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const user = email.ok ? await findUserByEmailKey(deps.db, email.key) : undefined;
  if (!user?.password_hash) {
    await verifyDummy(deps, input.password);
    // Audited too (SECURITY.md: every sign-in failure), without the typed email: it may be a
    // password typed into the wrong field. The IP and request id are enough to spot a spray.
    // One statement committed on its own, as a known account's attempt reservation is: the
    // same one round trip and one commit before the answer (a transaction around it added two).
    await audit(deps.db, { ...ctx, principal: null }, deps.clock(), { orgId: null, action: 'auth.sign_in_failed', after: { reason: 'unknown_account' } });
    throw new AppError('invalid_credentials', await providerSignInHint(deps, email));
  }
  const threshold = deps.config.lockoutThreshold;
  const slot = await reserveSignInAttempt(deps.db, user.id, deps.clock(), threshold, deps.config.lockoutMinutes);
  if (slot === undefined) {
    await verifyDummy(deps, input.password);
    return refuse(deps, ctx, user, 'locked');
  }
  const ok = await deps.passwords.verify(user.password_hash, input.password);
  if (!ok) return refuse(deps, ctx, user, 'wrong_password', { lockedNow: slot >= threshold });
  if (user.status !== 'active') return refuse(deps, ctx, user, 'deactivated', { clearFailures: true });
  const now = deps.clock();
  const rehash = deps.passwords.needsRehash(user.password_hash) ? await deps.passwords.hash(input.password) : null;
  // With a second factor the password only opens the second step (second-factor/two-step.ts).
  const pending = await startSecondStep(deps, ctx, user, { kind: input.kind, userAgent: input.userAgent, rehash });
  if (pending) return { step: 'second_factor', ...pending };
  const session = await inTransaction(deps.db, (trx) => completeSignIn(trx, deps, ctx, user, { kind: input.kind, userAgent: input.userAgent, rehash, now }));
  return { step: 'signed_in', ...session };
}

/** What a right password leads to: a session, or (with a second factor) the second step. */
export type SignInResult = ({ step: 'signed_in' } & IssuedSession & { userId: string }) | ({ step: 'second_factor' } & PendingSignIn);

/**
 * The end of every successful sign-in, in the caller's transaction: the lockout counter starts
 * again, a new session is issued, single session ends the older ones, and it is audited.
 * `secondFactor` names the factor that completed it, if any.
 */
export async function completeSignIn(
  trx: Executor,
  deps: Deps,
  ctx: RequestContext,
  user: UserRow,
  input: { kind: 'cookie' | 'token'; userAgent?: string | undefined; rehash?: string | null; now: Date; secondFactor?: string },
): Promise<IssuedSession & { userId: string }> {
  const { now, rehash } = input;
  // One statement: the counter reset and lock lift (as `clearSignInFailures`) with the sign-in
  // time, one round trip fewer on every sign-in; still inside this transaction.
  await updateUser(trx, user.id, { failed_sign_ins: 0, locked_until: null, last_sign_in_at: now.toISOString(), ...(rehash ? { password_hash: rehash } : {}) });
  const session = await issueSession(trx, deps, now, { userId: user.id, kind: input.kind, ip: ctx.ip, userAgent: input.userAgent });
  const principal = { userId: user.id, sessionId: session.id, platformRole: user.platform_role };
  // SPEC rule 10: one active session per user when any of their orgs asks for it. Older
  // sessions end in this transaction, so every instance refuses them on the next request.
  if (await singleSessionApplies(trx, user.id)) {
    const ended = await revokeUserSessions(trx, user.id, now.toISOString(), 'signed_in_elsewhere', session.id);
    if (ended > 0) {
      await audit(trx, { ...ctx, principal }, now, { orgId: null, action: 'session.ended', targetType: 'user', targetId: user.id, after: { reason: 'signed_in_elsewhere', count: ended } });
      await enqueueMail(trx, now, {
        to: user.email,
        template: 'signed_out_elsewhere',
        ...signedOutElsewhereMail({ publicUrl: deps.config.publicUrl, firstName: user.first_name, at: now, ip: ctx.ip, userAgent: input.userAgent }),
      });
    }
  }
  await audit(trx, { ...ctx, principal }, now, {
    orgId: null,
    action: 'auth.signed_in',
    targetType: 'session',
    targetId: session.id,
    after: { kind: input.kind, ...(input.secondFactor ? { secondFactor: input.secondFactor } : {}) },
  });
  return { ...session, userId: user.id };
}
