import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../container.js';
import { AppError } from '../../contracts/errors.js';
import type { Principal, RequestContext } from '../../services/context.js';
import { authenticate } from '../../services/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The bearer token of a request, if any. */
function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/**
 * Resolves the caller on every request. A token that is present but not valid is refused
 * outright (401), rather than treated as anonymous, so a revoked session is visibly signed out.
 */
export function installAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const token = bearer(request);
    if (!token) return;
    const principal = await authenticate(deps, token);
    if (!principal) throw new AppError('session_expired');
    request.principal = principal;
  });
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
