import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { hashToken } from '../../lib/tokens.js';
import { canonicalRecoveryCode, totpStep } from '../../lib/totp.js';
import { relyingParty, verifyAuthenticationResponse } from '../../lib/webauthn.js';
import { enqueueMail } from '../../mail/outbox.js';
import { accountLockedMail } from '../../mail/templates/account-locked.js';
import { reserveSignInAttempt } from '../../store/queries/lockout.queries.js';
import {
  claimTotpStep,
  consumePendingSignIn,
  countUnusedRecoveryCodes,
  findPendingSignIn,
  listFactors,
  markSessionVerified,
  type PendingSignInRow,
  touchPasskey,
  spendRecoveryCode,
} from '../../store/queries/second-factor.queries.js';
import { findUserById } from '../../store/queries/user.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import type { IssuedSession } from '../sessions.js';
import { completeSignIn } from '../sign-in.js';
import type { SecondFactorMethod } from './two-step.js';
import { countOf } from '../../domain/plural.js';

export interface SecondStepInput {
  signInToken: string;
  totpCode?: string | undefined;
  recoveryCode?: string | undefined;
  passkey?: unknown;
}

/** What the presented proof will spend once the transaction runs; decided before it, read-only. */
type Proof = { method: 'totp'; factorId: string; step: number } | { method: 'recovery_code'; hash: string } | { method: 'passkey'; factorId: string; counter: number } | { method: SecondFactorMethod; failed: true };

async function proofOf(deps: Deps, pending: PendingSignInRow, input: SecondStepInput, now: Date): Promise<Proof> {
  if (input.recoveryCode !== undefined) return { method: 'recovery_code', hash: hashToken(canonicalRecoveryCode(input.recoveryCode)) };
  const factors = await listFactors(deps.db, pending.user_id);
  if (input.totpCode !== undefined) {
    const totp = factors.find((f) => f.kind === 'totp' && f.totp_secret);
    const step = totp?.totp_secret ? totpStep(totp.totp_secret, input.totpCode, now) : undefined;
    return totp && step !== undefined ? { method: 'totp', factorId: totp.id, step } : { method: 'totp', failed: true };
  }
  const response = input.passkey as AuthenticationResponseJSON;
  const factor = factors.find((f) => f.kind === 'passkey' && f.credential_id === response.id);
  if (!factor?.public_key || !pending.challenge) return { method: 'passkey', failed: true };
  const rp = relyingParty(deps.config);
  try {
    const v = await verifyAuthenticationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
      credential: { id: factor.credential_id!, publicKey: Buffer.from(factor.public_key, 'base64url'), counter: factor.sign_count, transports: factor.transports ? JSON.parse(factor.transports) : undefined },
    });
    return v.verified ? { method: 'passkey', factorId: factor.id, counter: v.authenticationInfo.newCounter } : { method: 'passkey', failed: true };
  } catch {
    // A malformed or mismatched assertion is a wrong answer like any other, and counts as one.
    return { method: 'passkey', failed: true };
  }
}

/**
 * The second step of a sign-in: the pending sign-in's token plus a TOTP code, a recovery code
 * or a passkey assertion → the real session, marked as having completed a factor.
 *
 * Every attempt takes a lockout slot first (the same atomic per-account counter as the
 * password, lockout.queries.ts), so N parallel guesses evaluate at most N codes; a lock ends
 * the pending sign-in. A TOTP step is accepted only once (`claimTotpStep`), a recovery code
 * is spent once (`spendRecoveryCode`), and the pending sign-in is consumed in the same
 * transaction as the session is issued, so one password gives at most one session.
 */
export async function completeSecondStep(deps: Deps, ctx: RequestContext, kind: 'cookie' | 'token', input: SecondStepInput): Promise<IssuedSession & { userId: string }> {
  const given = [input.totpCode, input.recoveryCode, input.passkey].filter((x) => x !== undefined).length;
  if (given !== 1) throw new AppError('validation_failed', 'Give exactly one of totpCode, recoveryCode or passkey.');
  const now = deps.clock();
  const pending = await findPendingSignIn(deps.db, hashToken(input.signInToken));
  if (!pending || pending.used_at !== null || pending.expires_at <= now.toISOString() || pending.kind !== kind) throw new AppError('sign_in_expired');
  const user = await findUserById(deps.db, pending.user_id);
  if (user?.status !== 'active') throw new AppError('sign_in_expired');
  const anon = { ...ctx, principal: null };
  const threshold = deps.config.lockoutThreshold;
  const slot = await reserveSignInAttempt(deps.db, user.id, now, threshold, deps.config.lockoutMinutes);
  if (slot === undefined) {
    await inTransaction(deps.db, async (trx) => {
      await consumePendingSignIn(trx, pending.id, now.toISOString());
      await audit(trx, anon, now, { orgId: null, action: 'auth.second_factor_failed', targetType: 'user', targetId: user.id, after: { reason: 'locked' } });
    });
    throw new AppError('account_locked', `Too many failed attempts; try again in ${countOf(deps.config.lockoutMinutes, 'minute')} or reset your password.`);
  }
  const proof = await proofOf(deps, pending, input, now);
  const iso = now.toISOString();
  const session = await inTransaction(deps.db, async (trx) => {
    let ok = false;
    if ('failed' in proof) ok = false;
    else if (proof.method === 'totp') ok = await claimTotpStep(trx, proof.factorId, proof.step, iso, false);
    else if (proof.method === 'recovery_code') ok = await spendRecoveryCode(trx, user.id, proof.hash, iso);
    else {
      await touchPasskey(trx, proof.factorId, proof.counter, iso);
      ok = true;
    }
    if (!ok) return undefined;
    if (!(await consumePendingSignIn(trx, pending.id, iso))) throw new AppError('sign_in_expired');
    const s = await completeSignIn(trx, deps, ctx, user, { kind, userAgent: pending.user_agent ?? undefined, now, secondFactor: proof.method });
    await markSessionVerified(trx, s.id, proof.method, iso);
    if (proof.method === 'recovery_code') {
      const left = await countUnusedRecoveryCodes(trx, user.id);
      await audit(trx, { ...ctx, principal: { userId: user.id, sessionId: s.id, platformRole: user.platform_role } }, now, {
        orgId: null,
        action: 'second_factor.recovery_code_used',
        targetType: 'user',
        targetId: user.id,
        after: { left },
      });
    }
    return s;
  });
  if (session) return session;
  const lockedNow = slot >= threshold;
  await inTransaction(deps.db, async (trx) => {
    await audit(trx, anon, now, { orgId: null, action: 'auth.second_factor_failed', targetType: 'user', targetId: user.id, after: { method: proof.method, reason: 'wrong_code' } });
    if (lockedNow) {
      await consumePendingSignIn(trx, pending.id, iso);
      await audit(trx, anon, now, { orgId: null, action: 'auth.locked', targetType: 'user', targetId: user.id, after: { minutes: deps.config.lockoutMinutes } });
      await enqueueMail(trx, now, { to: user.email, template: 'account_locked', ...accountLockedMail({ publicUrl: deps.config.publicUrl, firstName: user.first_name, minutes: deps.config.lockoutMinutes }) });
    }
  });
  if (lockedNow) throw new AppError('account_locked', `Too many failed attempts; try again in ${countOf(deps.config.lockoutMinutes, 'minute')} or reset your password.`);
  throw new AppError('second_factor_failed');
}
