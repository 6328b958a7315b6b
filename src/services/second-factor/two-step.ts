import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Deps } from '../../container.js';
import { newId } from '../../lib/ids.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { CEREMONY_MS, generateAuthenticationOptions, relyingParty } from '../../lib/webauthn.js';
import { countUnusedRecoveryCodes, insertPendingSignIn, listFactors } from '../../store/queries/second-factor.queries.js';
import { refundSignInAttempt } from '../../store/queries/lockout.queries.js';
import { updateUser, type UserRow } from '../../store/queries/user.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';

/** How long the second step may take after the right password. */
export const PENDING_MS = 5 * 60_000;

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

/** The answer to a right password when a second factor follows (202). */
export interface PendingSignIn {
  signInToken: string;
  expiresAt: string;
  methods: SecondFactorMethod[];
  /** WebAuthn request options when the user has passkeys (for `startAuthentication`). */
  passkeyOptions: PublicKeyCredentialRequestOptionsJSON | null;
}

/**
 * After a right password: when the user has a confirmed factor, a pending sign-in (random
 * 256-bit token, stored hashed, five minutes, used once) instead of a session. The password's
 * own lockout slot is given back but the counter is not cleared: only the second step clears
 * it, so wrong codes add up however often the password is typed again. Undefined: no factor.
 */
export async function startSecondStep(
  deps: Deps,
  ctx: RequestContext,
  user: UserRow,
  input: { kind: 'cookie' | 'token'; userAgent?: string | undefined; rehash: string | null },
): Promise<PendingSignIn | undefined> {
  const factors = await listFactors(deps.db, user.id);
  if (factors.length === 0) return undefined;
  const now = deps.clock();
  const passkeys = factors.filter((f) => f.kind === 'passkey' && f.credential_id);
  const rp = relyingParty(deps.config);
  const passkeyOptions =
    passkeys.length > 0
      ? await generateAuthenticationOptions({
          rpID: rp.rpID,
          timeout: CEREMONY_MS,
          userVerification: 'preferred',
          allowCredentials: passkeys.map((p) => ({ id: p.credential_id!, transports: p.transports ? (JSON.parse(p.transports) as never[]) : undefined })),
        })
      : null;
  const token = newToken();
  const expiresAt = new Date(now.getTime() + PENDING_MS).toISOString();
  return inTransaction(deps.db, async (trx) => {
    await refundSignInAttempt(trx, user.id, deps.config.lockoutThreshold);
    if (input.rehash) await updateUser(trx, user.id, { password_hash: input.rehash });
    const id = newId();
    await insertPendingSignIn(trx, {
      id,
      token_hash: hashToken(token),
      user_id: user.id,
      kind: input.kind,
      ip: ctx.ip ?? null,
      user_agent: input.userAgent?.slice(0, 512) ?? null,
      challenge: passkeyOptions?.challenge ?? null,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    });
    await audit(trx, { ...ctx, principal: null }, now, { orgId: null, action: 'auth.second_factor_pending', targetType: 'user', targetId: user.id, after: { kind: input.kind } });
    const methods: SecondFactorMethod[] = [];
    if (factors.some((f) => f.kind === 'totp')) methods.push('totp');
    if ((await countUnusedRecoveryCodes(trx, user.id)) > 0) methods.push('recovery_code');
    if (passkeyOptions) methods.push('passkey');
    return { signInToken: token, expiresAt, methods, passkeyOptions };
  });
}
