/**
 * The provider's redirect back. The pending sign-in is taken once (a replayed or tampered
 * state finds nothing), must come from the browser that started it, and the code is exchanged
 * by the library with the PKCE verifier, state and nonce, which checks the ID token. Then the
 * person is found: by an earlier link to this issuer and subject, else by verified email among
 * the members of the provider's business (the user exists first), or created with the default
 * role when the business allows it. The session is made by the same `completeSignIn` as a
 * password sign-in (single session, audit).
 */
import type { Deps } from '../../container.js';
import { normalizeEmail } from '../../domain/email.js';
import { hashToken } from '../../lib/tokens.js';
import { findMembership, isMemberElsewhere } from '../../store/queries/member.queries.js';
import { findIdentityLink, findOidcProvider, insertIdentityLink, type OidcSignInRow, takeOidcSignIn } from '../../store/queries/oidc.queries.js';
import { inOrgTransaction } from '../../store/queries/org.queries.js';
import { findUserByEmailKey, findUserById, updateUser, type UserRow } from '../../store/queries/user.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { defaultAssignment } from '../scim/group-roles-sync.js';
import type { IssuedSession } from '../sessions.js';
import { completeSignIn } from '../sign-in.js';
import { addMembership, createUser } from '../users.js';
import { client, discover } from './client.js';
import { callbackUrl } from './sso-start.js';

/** Why a sign-in through the provider was refused; the console says each in words. */
export type SsoRefusal = 'expired' | 'provider_error' | 'unverified_email' | 'unknown_user' | 'suspended' | 'other_orgs';

export type SsoResult = { ok: true; session: IssuedSession & { userId: string } } | { ok: false; reason: SsoRefusal };

interface Claims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  given_name?: unknown;
  family_name?: unknown;
}

async function refused(deps: Deps, ctx: RequestContext, reason: SsoRefusal, facts: { orgId?: string | undefined; userId?: string | undefined } = {}): Promise<SsoResult> {
  await audit(deps.db, { ...ctx, principal: null }, deps.clock(), {
    orgId: facts.orgId ?? null,
    action: 'auth.sso_refused',
    ...(facts.userId ? { targetType: 'user', targetId: facts.userId } : {}),
    after: { reason },
  });
  return { ok: false, reason };
}

/** Exchanges the code; any failure of the library's checks is the provider's error to us. */
async function exchange(deps: Deps, pending: OidcSignInRow, query: string): Promise<{ issuer: string; claims: Claims } | undefined> {
  const p = await findOidcProvider(deps.db, pending.org_id);
  if (!p) return undefined;
  try {
    const config = await discover({ issuer: p.issuer, clientId: p.client_id, clientSecret: p.client_secret });
    const tokens = await client.authorizationCodeGrant(config, new URL(`${callbackUrl(deps)}?${query}`), {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: new URLSearchParams(query).get('state') ?? '',
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims() as Claims | undefined;
    if (!idToken) return undefined;
    // Many providers put only `sub` in the ID token and the rest in UserInfo; the library
    // checks UserInfo's subject is the ID token's.
    if (typeof idToken.email === 'string') return { issuer: config.serverMetadata().issuer, claims: idToken };
    const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
    return { issuer: config.serverMetadata().issuer, claims: { ...info, sub: idToken.sub } };
  } catch {
    return undefined;
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');

/** Finds (or, when allowed, creates) the person and signs them in. */
export async function finishSso(deps: Deps, ctx: RequestContext, input: { query: string; browserToken: string | undefined; userAgent?: string | undefined }): Promise<SsoResult> {
  const params = new URLSearchParams(input.query);
  const state = params.get('state');
  const now = deps.clock();
  const pending = state ? await takeOidcSignIn(deps.db, hashToken(state), now.toISOString()) : undefined;
  if (!pending || pending.expires_at <= now.toISOString() || !input.browserToken || hashToken(input.browserToken) !== pending.browser_hash) {
    return refused(deps, ctx, 'expired', { orgId: pending?.org_id });
  }
  const orgId = pending.org_id;
  const result = params.has('error') ? undefined : await exchange(deps, pending, input.query);
  if (!result) return refused(deps, ctx, 'provider_error', { orgId });
  const { issuer, claims } = result;
  const email = typeof claims.email === 'string' ? normalizeEmail(claims.email) : undefined;
  if (!email?.ok || (claims.email_verified !== true && claims.email_verified !== 'true')) return refused(deps, ctx, 'unverified_email', { orgId });

  const link = await findIdentityLink(deps.db, issuer, claims.sub);
  let user: UserRow | undefined = link ? await findUserById(deps.db, link.user_id) : await findUserByEmailKey(deps.db, email.key);
  if (!user) {
    const p = await findOidcProvider(deps.db, orgId);
    const role = p?.allow_jit === 1 ? await defaultAssignment(deps.db, orgId) : undefined;
    if (!role) return refused(deps, ctx, 'unknown_user', { orgId });
    user = await inOrgTransaction(deps.db, orgId, async (trx) => {
      const u = await createUser(trx, deps, now, { email: email.email, firstName: text(claims.given_name), lastName: text(claims.family_name) });
      await addMembership(trx, { ...ctx, principal: { userId: u.id, sessionId: '', platformRole: null } }, now, orgId, u, [role]);
      return u;
    });
  }
  const membership = await findMembership(deps.db, orgId, user.id);
  if (!membership) return refused(deps, ctx, 'unknown_user', { orgId, userId: user.id });
  if (user.status !== 'active' || membership.status !== 'active') return refused(deps, ctx, 'suspended', { orgId, userId: user.id });
  // A provider speaks for its own business's people only: an account that also belongs to
  // other businesses, or platform staff, keeps its own sign-in unless linked already.
  if (!link && (user.platform_role !== null || (await isMemberElsewhere(deps.db, user.id, orgId)))) return refused(deps, ctx, 'other_orgs', { orgId, userId: user.id });

  const u = user;
  const session = await inTransaction(deps.db, async (trx) => {
    if (!link) {
      await insertIdentityLink(trx, { issuer, subject: claims.sub, user_id: u.id, org_id: orgId, created_at: now.toISOString() });
      // Linked people sign in through their provider only: the local password goes.
      if (u.password_hash !== null) await updateUser(trx, u.id, { password_hash: null, updated_at: now.toISOString() });
    }
    return completeSignIn(trx, deps, ctx, u, { kind: 'cookie', userAgent: input.userAgent, now });
  });
  return { ok: true, session };
}
