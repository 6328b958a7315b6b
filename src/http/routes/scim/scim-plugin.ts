/**
 * The SCIM 2.0 service (RFC 7644) at /scim/v2, for identity providers' provisioning clients.
 * Its own Fastify context: bodies in `application/scim+json` (and plain JSON, which Entra ID
 * sends), answers in `application/scim+json`, and errors in SCIM's shape instead of
 * problem+json. Callers authenticate with an org's provisioning token, never a session (the
 * session hook leaves /scim alone: plugins/auth.ts), so cookies and CSRF play no part here.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../container.js';
import { AppError, type ErrorCode } from '../../../contracts/errors.js';
import { ERROR_SCHEMA } from '../../../services/scim/resources.js';
import { ScimError } from '../../../services/scim/scim-error.js';
import { authenticateScimToken, type ScimCaller } from '../../../services/scim/tokens.js';

export const SCIM_TYPE = 'application/scim+json';
const SCIM_REQUESTS_PER_MINUTE = 1200;

declare module 'fastify' {
  interface FastifyRequest {
    scim: ScimCaller | null;
  }
}

/** Our refusals in SCIM's words: the status stays; clashes and bad values get their scimType. */
const SCIM_TYPES: Partial<Record<ErrorCode, string>> = {
  already_exists: 'uniqueness',
  already_member: 'uniqueness',
  validation_failed: 'invalidValue',
  unknown_role: 'invalidValue',
  unknown_store: 'invalidValue',
  invalid_assignment: 'invalidValue',
};

export function sendScimError(reply: FastifyReply, status: number, detail: string, scimType?: string) {
  return reply
    .code(status)
    .type(SCIM_TYPE)
    .send({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail });
}

function bearer(request: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return m?.[1];
}

/** Sets up the /scim/v2 context: parsers, the token check and SCIM-shaped errors. */
export function installScimContext(api: FastifyInstance, deps: Deps): void {
  api.decorateRequest('scim', null);
  // Every SCIM route is rate-limited per client address (a provisioning client's full sync is
  // hundreds of requests a minute; guessing tokens or flooding is not). Set before the routes.
  api.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), rateLimit: { max: SCIM_REQUESTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (r: FastifyRequest) => `scim:${r.ip}` } } as typeof route.config;
  });
  api.addContentTypeParser(SCIM_TYPE, { parseAs: 'string' }, api.getDefaultJsonParser('error', 'error'));
  api.addHook('onRequest', async (request) => {
    request.scim = await authenticateScimToken(deps, bearer(request), { ip: request.ip, requestId: String(request.id) });
  });
  api.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.type(SCIM_TYPE);
    return payload;
  });
  api.setErrorHandler(async (err: FastifyError, request, reply) => {
    if (err instanceof ScimError) return sendScimError(reply, err.status, err.message, err.scimType);
    if (err instanceof AppError) return sendScimError(reply, err.status, err.message, SCIM_TYPES[err.code]);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendScimError(reply, status, status === 415 ? 'Send the body as application/scim+json.' : 'The request is not valid SCIM.', 'invalidSyntax');
    request.log.error({ err }, 'unhandled SCIM error');
    return sendScimError(reply, 500, `Something went wrong on our side; quote request id ${String(request.id)}.`);
  });
  api.setNotFoundHandler((_request, reply) => sendScimError(reply, 404, 'No such SCIM endpoint.'));
}

/** The caller a route runs as (set by the onRequest hook). */
export function scimCaller(request: FastifyRequest): ScimCaller {
  if (!request.scim) throw new ScimError(401, 'A provisioning token is required.');
  return request.scim;
}
