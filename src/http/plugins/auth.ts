import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Deps } from '../../container.js';
import { AppError } from '../../contracts/errors.js';
import type { Principal, RequestContext } from '../../services/context.js';
import { createLastSeenRecorder } from '../../services/last-seen.js';
import { authenticate, csrfTokenMatches } from '../../services/sessions.js';

/** The browser session cookie (the console's contract: HttpOnly, SameSite=Lax, Path=/). */
export const SESSION_COOKIE = 'rc_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** How the caller proved who they are; CSRF applies to 'cookie' only. */
    authVia: 'cookie' | 'bearer' | null;
    /** The raw cookie token of a cookie session (never logged); null otherwise. */
    sessionToken: string | null;
    /** Why the presented cookie no longer signs anyone in, when that may be said (the 401's detail). */
    signedOutDetail: string | null;
  }
  interface FastifyContextConfig {
    /** Credential endpoints (login, token, forgot, reset) act without a session: Origin check only. */
    csrf?: 'origin-only';
    /** Open to a session that may only enrol a second factor (SECURITY.md "Second factor"). */
    enrolment?: true;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The 401 detail for a session a newer sign-in ended (single session); the code stays as it was. */
export const SIGNED_IN_ELSEWHERE = 'You were signed out because this account signed in somewhere else. Sign in again.';

/** The bearer token of a request, if any. */
function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Fetch-Metadata and Origin check (ASVS 3.5.1–3.5.3), applied when the browser sends them:
 * `Sec-Fetch-Site` must be same-origin (or `none`: typed by the user), and `Origin` must be
 * the configured public URL, an explicitly allowed origin, or this request's own host.
 * Non-browser clients send neither and are not affected.
 */
export function originAllowed(request: FastifyRequest, config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): boolean {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const allowed = new Set([originOf(config.publicUrl), ...config.allowedOrigins.map(originOf)]);
  if (origin !== undefined) {
    const host = request.headers.host;
    const own = host ? [`http://${host}`, `https://${host}`] : [];
    if (!allowed.has(origin) && !own.includes(origin)) return false;
    // An allowed cross-origin dev console (ALLOWED_ORIGINS) is "same-site" or "cross-site" to the browser.
    if (site !== undefined && site !== 'same-origin' && site !== 'none' && !config.allowedOrigins.includes(origin)) return false;
    return true;
  }
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Resolves the caller on every request, from `Authorization: Bearer` first, else the session
 * cookie. A bearer token that is present but not valid is refused outright (401), so a revoked
 * token is visibly signed out. A dead cookie is treated as no cookie, so the sign-in form still
 * works; routes that need a caller answer 401. Cookie-authenticated changes need the
 * `x-csrf-token` header and a passing Origin/Fetch-Metadata check; otherwise `csrf_failed`.
 * Once answered, a signed-in request to an org moves the member's "Last seen" there.
 */
export async function installAuth(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('signedOutDetail', null);
  app.addHook('onRequest', async (request, reply) => {
    // SCIM callers present an org's provisioning token, not a session (routes/scim/scim-plugin.ts).
    if (request.url.startsWith('/scim/')) return;
    const unsafe = !SAFE_METHODS.has(request.method);
    const originOnly = request.routeOptions.config?.csrf === 'origin-only';
    if (unsafe && originOnly && !originAllowed(request, deps.config)) throw new AppError('csrf_failed');
    const token = bearer(request);
    if (token) {
      const auth = await authenticate(deps, token);
      if (!auth.ok) throw new AppError('session_expired', auth.endedBy ? SIGNED_IN_ELSEWHERE : undefined);
      request.principal = auth.principal;
      request.authVia = 'bearer';
      return;
    }
    const fromCookie = request.cookies[SESSION_COOKIE];
    if (!fromCookie) return;
    const auth = await authenticate(deps, fromCookie);
    if (!auth.ok) {
      // Tell the browser to drop the dead cookie; the request goes on as anonymous, and a route
      // that needs a caller says why in its 401 (plugins/errors.ts). A console page keeps it, so
      // the page's first API call can still learn why the session ended (signed in elsewhere).
      if (request.url.startsWith('/api/')) clearSessionCookie(reply, deps.config);
      if (auth.endedBy) request.signedOutDetail = SIGNED_IN_ELSEWHERE;
      return;
    }
    if (unsafe && !originOnly) {
      const header = request.headers['x-csrf-token'];
      if (!csrfTokenMatches(fromCookie, typeof header === 'string' ? header : undefined) || !originAllowed(request, deps.config)) {
        throw new AppError('csrf_failed');
      }
    }
    request.principal = auth.principal;
    request.authVia = 'cookie';
    request.sessionToken = fromCookie;
  });
  // A served request by a member is their "Last seen" in the org it addressed.
  const recordLastSeen = createLastSeenRecorder(deps);
  app.addHook('onResponse', (request, _reply, done) => {
    const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
    if (request.principal && typeof orgId === 'string') recordLastSeen(request.principal, orgId);
    done();
  });
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure behind HTTPS (ASVS 3.3.2). */
export function setSessionCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>, token: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: config.publicUrl.startsWith('https:'),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: config.publicUrl.startsWith('https:') });
}

/** The per-request context services take. */
export function ctxOf(request: FastifyRequest): RequestContext {
  return { principal: request.principal, ip: request.ip, requestId: String(request.id) };
}

/** For routes that need a signed-in caller. */
export function requireSignedIn(request: FastifyRequest): RequestContext {
  if (!request.principal) throw new AppError('unauthenticated');
  return ctxOf(request);
}
