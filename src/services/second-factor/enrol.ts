import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { newId } from '../../lib/ids.js';
import { newTotpSecret, totpStep, totpUri } from '../../lib/totp.js';
import { CEREMONY_MS, generateRegistrationOptions, relyingParty, verifyRegistrationResponse } from '../../lib/webauthn.js';
import type { Executor } from '../../store/database.js';
import {
  claimTotpStep,
  countUnusedRecoveryCodes,
  deleteUnconfirmedTotp,
  insertFactor,
  listFactors,
  markSessionVerified,
  setRegistrationChallenge,
  takeRegistrationChallenge,
} from '../../store/queries/second-factor.queries.js';
import { revokeUserSessions } from '../../store/queries/session.queries.js';
import { findUserById, type UserRow } from '../../store/queries/user.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { audit } from '../audit.js';
import type { Principal, RequestContext } from '../context.js';
import { issueRecoveryCodes } from './recovery-codes.js';
import { requireVerifiedIfEnrolled, sessionFactorState } from './state.js';

async function caller(deps: Deps, ctx: RequestContext): Promise<{ p: Principal; user: UserRow }> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  requireVerifiedIfEnrolled(await sessionFactorState(deps.db, p));
  const user = await findUserById(deps.db, p.userId);
  assertThat(user, 'unauthenticated');
  return { p, user };
}

/**
 * A confirmed factor upgrades the session that confirmed it (it proved the factor just now)
 * and ends the user's other sessions, which were made with the password alone. The first
 * factor comes with recovery codes, shown once.
 */
async function enrolled(trx: Executor, ctx: RequestContext, p: Principal, now: Date, factor: { id: string; kind: 'totp' | 'passkey' }): Promise<string[] | null> {
  const iso = now.toISOString();
  await markSessionVerified(trx, p.sessionId, factor.kind, iso);
  const ended = await revokeUserSessions(trx, p.userId, iso, 'second_factor_enrolled', p.sessionId);
  const codes = (await countUnusedRecoveryCodes(trx, p.userId)) === 0 ? await issueRecoveryCodes(trx, p.userId, now) : null;
  await audit(trx, ctx, now, {
    orgId: null,
    action: 'second_factor.enrolled',
    targetType: 'user',
    targetId: p.userId,
    after: { kind: factor.kind, factorId: factor.id, sessionsEnded: ended, recoveryCodesIssued: codes !== null },
  });
  return codes;
}

/**
 * Starts a TOTP enrolment: a new secret, not yet usable (`confirmed_at` null) until a code from
 * the authenticator confirms it. Starting again replaces an unconfirmed one. One TOTP per user.
 */
export async function startTotp(deps: Deps, ctx: RequestContext): Promise<{ factorId: string; secret: string; uri: string }> {
  const { p, user } = await caller(deps, ctx);
  const now = deps.clock();
  const secret = newTotpSecret();
  const id = newId();
  await inTransaction(deps.db, async (trx) => {
    const existing = await listFactors(trx, p.userId);
    if (existing.some((f) => f.kind === 'totp')) throw new AppError('conflict', 'An authenticator app is already set up; remove it first to set up another.');
    await deleteUnconfirmedTotp(trx, p.userId);
    await insertFactor(trx, {
      id,
      user_id: p.userId,
      kind: 'totp',
      label: 'Authenticator app',
      totp_secret: secret,
      totp_last_step: null,
      credential_id: null,
      public_key: null,
      sign_count: 0,
      transports: null,
      created_at: now.toISOString(),
      confirmed_at: null,
      last_used_at: null,
    });
  });
  return { factorId: id, secret, uri: totpUri(secret, user.email) };
}

/** Confirms the TOTP enrolment with a code from the authenticator; the code's step is used up. */
export async function confirmTotp(deps: Deps, ctx: RequestContext, code: string): Promise<{ recoveryCodes: string[] | null }> {
  const { p } = await caller(deps, ctx);
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    const pending = (await listFactors(trx, p.userId, false)).find((f) => f.kind === 'totp' && f.confirmed_at === null);
    assertThat(pending?.totp_secret, 'conflict', 'Start the authenticator set-up first.');
    const step = totpStep(pending.totp_secret, code, now);
    if (step === undefined || !(await claimTotpStep(trx, pending.id, step, now.toISOString(), true))) throw new AppError('invalid_code');
    return { recoveryCodes: await enrolled(trx, ctx, p, now, { id: pending.id, kind: 'totp' }) };
  });
}

/** WebAuthn registration options for a new passkey; the challenge is kept (one per user) for five minutes. */
export async function passkeyOptions(deps: Deps, ctx: RequestContext): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { p, user } = await caller(deps, ctx);
  const rp = relyingParty(deps.config);
  const existing = (await listFactors(deps.db, p.userId)).filter((f) => f.kind === 'passkey' && f.credential_id);
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: `${user.first_name} ${user.last_name}`.trim() || user.email,
    userID: new TextEncoder().encode(user.id),
    timeout: CEREMONY_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((f) => ({ id: f.credential_id! })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  const now = deps.clock();
  await setRegistrationChallenge(deps.db, p.userId, options.challenge, new Date(now.getTime() + CEREMONY_MS).toISOString());
  return options;
}

/** Verifies the browser's registration response against the kept challenge and stores the passkey. */
export async function registerPasskey(deps: Deps, ctx: RequestContext, input: { name?: string | undefined; credential: unknown }): Promise<{ factorId: string; recoveryCodes: string[] | null }> {
  const { p } = await caller(deps, ctx);
  const now = deps.clock();
  const challenge = await takeRegistrationChallenge(deps.db, p.userId, now.toISOString());
  assertThat(challenge, 'conflict', 'Start adding the passkey again; the request expired.');
  const rp = relyingParty(deps.config);
  let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
  try {
    const v = await verifyRegistrationResponse({
      response: input.credential as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
    info = v.verified ? v.registrationInfo : undefined;
  } catch {
    // The library's reason names internals (origins, flags); the person needs only the outcome.
    info = undefined;
  }
  assertThat(info, 'invalid_code', 'The passkey could not be verified.');
  const cred = info.credential;
  const id = newId();
  return inTransaction(deps.db, async (trx) => {
    await insertFactor(trx, {
      id,
      user_id: p.userId,
      kind: 'passkey',
      label: input.name?.trim() || 'Passkey',
      totp_secret: null,
      totp_last_step: null,
      credential_id: cred.id,
      public_key: Buffer.from(cred.publicKey).toString('base64url'),
      sign_count: cred.counter,
      transports: cred.transports ? JSON.stringify(cred.transports) : null,
      created_at: now.toISOString(),
      confirmed_at: now.toISOString(),
      last_used_at: null,
    });
    return { factorId: id, recoveryCodes: await enrolled(trx, ctx, p, now, { id, kind: 'passkey' }) };
  });
}
