import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../container.js';
import { newId } from '../lib/ids.js';
import { hashToken, newToken } from '../lib/tokens.js';
import type { Executor } from '../store/database.js';
import { insertSession, revokeSession, touchSession } from '../store/queries/session.queries.js';
import { type SessionFacts, sessionFacts } from './access-cache.js';
import type { Principal } from './context.js';

/** last_seen_at is written at most this often, so reads do not turn every request into a write. */
const TOUCH_EVERY_MS = 60_000;

export interface IssuedSession {
  id: string;
  token: string;
  expiresAt: string;
}

/** A new random token for every sign-in (ASVS 7.2.4); only its hash is stored. */
export async function issueSession(
  ex: Executor,
  deps: Pick<Deps, 'config'>,
  now: Date,
  input: { userId: string; kind: 'cookie' | 'token'; ip?: string | undefined; userAgent?: string | undefined },
): Promise<IssuedSession> {
  const token = newToken();
  const id = newId();
  const iso = now.toISOString();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlMinutes * 60_000).toISOString();
  await insertSession(ex, {
    id,
    token_hash: hashToken(token),
    user_id: input.userId,
    kind: input.kind,
    current_org_id: null,
    current_store_id: null,
    ip: input.ip ?? null,
    user_agent: input.userAgent?.slice(0, 512) ?? null,
    created_at: iso,
    last_seen_at: iso,
    expires_at: expiresAt,
    revoked_at: null,
    revoked_reason: null,
  });
  return { id, token, expiresAt };
}

/** Who a token signs in, or why it does not (see `authenticate`). */
export type Authentication = { ok: true; principal: Principal } | { ok: false; endedBy: 'signed_in_elsewhere' | null };

/**
 * The principal behind a token; refused when it is unknown, revoked, past its absolute or idle
 * lifetime, or its user is deactivated. Only an end by a newer sign-in (single session) is told
 * apart: the caller holds the token, so it learns nothing but that its own session was
 * replaced, which the account's owner is mailed about anyway. Every other refusal is
 * `endedBy: null`. Expired sessions are revoked as they are found.
 */
export async function authenticate(deps: Deps, token: string): Promise<Authentication> {
  const refused = { ok: false, endedBy: null } as const;
  if (token.length < 20 || token.length > 200) return refused;
  const hash = hashToken(token);
  let s = await sessionFacts(deps.db, hash);
  if (!s) return refused;
  if (s.revokedAt !== null) return s.revokedReason === 'signed_in_elsewhere' ? { ok: false, endedBy: 'signed_in_elsewhere' } : refused;
  const now = deps.clock();
  const t = now.getTime();
  const expired = (f: SessionFacts) => f.expiresAtMs <= t || f.lastSeenAtMs + deps.config.sessionIdleMinutes * 60_000 <= t;
  // Another instance may have served it since this one last did: read it again before ending it.
  if (expired(s)) s = await sessionFacts(deps.db, hash, true);
  if (!s || s.revokedAt !== null) return refused;
  if (expired(s)) {
    await revokeSession(deps.db, s.id, now.toISOString(), 'expired');
    return refused;
  }
  if (s.userStatus !== 'active') return refused;
  if (t - s.lastSeenAtMs > TOUCH_EVERY_MS) {
    await touchSession(deps.db, s.id, now.toISOString());
    s.lastSeenAtMs = t;
  }
  return { ok: true, principal: { userId: s.userId, sessionId: s.id, platformRole: s.platformRole, factor: s.factor, endedOrgIds: s.endedOrgIds } };
}

/**
 * The CSRF token of a cookie session: an HMAC keyed by the session token itself, so it is
 * checkable on every request without storing it, unguessable without the (HttpOnly) cookie,
 * and different from the stored token hash.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('rolecall-csrf-v1').digest('base64url');
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const got = Buffer.from(presented);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
