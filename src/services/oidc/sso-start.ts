/**
 * Email first (the sign-in page): an email of a domain whose business signs in through its
 * identity provider gets the provider's authorization URL (code flow with PKCE, state and
 * nonce); any other email gets `{ password: true }`. The answer depends on the domain only,
 * never on whether the account exists, so it tells nobody who has one.
 */
import type { Deps } from '../../container.js';
import { normalizeEmail } from '../../domain/email.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { deleteOldOidcSignIns, findOidcProvider, insertOidcSignIn, orgOfDomain } from '../../store/queries/oidc.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { client, discover } from './client.js';

/** A sign-in at the provider must come back within this time. */
export const SSO_TTL_MS = 10 * 60_000;

export type SsoStart = { redirectUrl: string; browserToken: string } | { password: true };

/** Where providers send people back: fixed by PUBLIC_URL, registered with the provider. */
export function callbackUrl(deps: Pick<Deps, 'config'>): string {
  return `${deps.config.publicUrl}/api/v1/auth/sso/callback`;
}

export async function startSso(deps: Deps, email: string): Promise<SsoStart> {
  const e = normalizeEmail(email);
  const domain = e.ok ? e.key.slice(e.key.lastIndexOf('@') + 1) : undefined;
  const orgId = domain ? await orgOfDomain(deps.db, domain) : undefined;
  const p = orgId ? await findOidcProvider(deps.db, orgId) : undefined;
  if (!orgId || !p) return { password: true };
  const config = await discover({ issuer: p.issuer, clientId: p.client_id, clientSecret: p.client_secret });
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  // The browser that started the sign-in must be the one that finishes it (login CSRF): a
  // random value in a cookie, its hash stored with the state.
  const browserToken = newToken();
  const now = deps.clock();
  await inTransaction(deps.db, async (trx) => {
    await deleteOldOidcSignIns(trx, now.toISOString());
    await insertOidcSignIn(trx, {
      state_hash: hashToken(state),
      browser_hash: hashToken(browserToken),
      org_id: orgId,
      nonce,
      code_verifier: verifier,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SSO_TTL_MS).toISOString(),
      used_at: null,
    });
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(deps),
    scope: p.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    login_hint: e.ok ? e.email : '',
  });
  return { redirectUrl: url.href, browserToken };
}
