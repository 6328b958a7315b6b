import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { findUserByEmailKey, updateUser } from '../store/queries/user.queries.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { type IssuedSession, issueSession } from './sessions.js';

/** Verified against when the email is unknown, so both answers take the same time (ASVS 6.3.8). */
let dummyHash: Promise<string> | undefined;

export interface SignInInput {
  email: string;
  password: string;
  kind: 'cookie' | 'token';
  userAgent?: string | undefined;
}

/**
 * Email + password → a new session. Unknown email, wrong password and deactivated user all
 * answer the same `invalid_credentials`, after the same argon2id work.
 */
export async function signIn(deps: Deps, ctx: RequestContext, input: SignInInput): Promise<IssuedSession & { userId: string }> {
  const email = normalizeEmail(input.email);
  const user = email.ok ? await findUserByEmailKey(deps.db, email.key) : undefined;
  if (!user?.password_hash) {
    dummyHash ??= deps.passwords.hash('not-a-real-password-for-timing-only');
    await deps.passwords.verify(await dummyHash, input.password);
    throw new AppError('invalid_credentials');
  }
  const ok = await deps.passwords.verify(user.password_hash, input.password);
  const now = deps.clock();
  if (!ok || user.status !== 'active') {
    await deps.db.transaction().execute((trx) =>
      audit(trx, { ...ctx, principal: null }, now, { orgId: null, action: 'auth.sign_in_failed', targetType: 'user', targetId: user.id }),
    );
    throw new AppError('invalid_credentials');
  }
  const rehash = deps.passwords.needsRehash(user.password_hash) ? await deps.passwords.hash(input.password) : null;
  return deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { last_sign_in_at: now.toISOString(), ...(rehash ? { password_hash: rehash } : {}) });
    const session = await issueSession(trx, deps, now, { userId: user.id, kind: input.kind, ip: ctx.ip, userAgent: input.userAgent });
    await audit(trx, { ...ctx, principal: { userId: user.id, sessionId: session.id, platformRole: user.platform_role } }, now, {
      orgId: null,
      action: 'auth.signed_in',
      targetType: 'session',
      targetId: session.id,
    });
    return { ...session, userId: user.id };
  });
}
