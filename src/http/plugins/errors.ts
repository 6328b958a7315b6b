import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../../contracts/errors.js';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  reasons?: string[];
  /** forbidden: the missing permission's key; `detail` says it in words. */
  permission?: string;
  /** invitation_pending: the pending invitation, so the client can offer to resend it. */
  invitationId?: string;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, detail?: string, extra: Partial<ProblemBody> = {}) {
  const { status, title } = ERROR_CODES[code];
  const body: ProblemBody = {
    type: `https://rolecall.dev/problems/${code.replace(/_/g, '-')}`,
    title,
    status,
    code,
    ...(detail && detail !== title ? { detail } : {}),
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
    ...extra,
  };
  return reply.code(status).type('application/problem+json').send(body);
}

/**
 * Maps Fastify's own errors (FST_ERR_*, body parsing, the router's) to ours, so every refusal
 * has a stable `code`: by code where one means something of ours, else by status — any other
 * 4xx is the caller's request that is not valid. Anything else is ours (internal_error).
 */
function fastifyCode(err: FastifyError): ErrorCode | undefined {
  if (err.validation) return 'validation_failed';
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'validation_failed';
    case 'FST_ERR_NOT_FOUND':
      return 'not_found';
    default: {
      const status = err.statusCode ?? 0;
      if (status === 404) return 'not_found';
      if (status === 413) return 'payload_too_large';
      if (status === 415) return 'unsupported_media_type';
      if (status === 429) return 'rate_limited';
      if (status === 431) return 'headers_too_large';
      if (status === 408) return 'request_timeout';
      if (err instanceof SyntaxError || (status >= 400 && status < 500)) return 'validation_failed';
      return undefined;
    }
  }
}

/** What a framework error says to people: never Fastify's message, which echoes the input. */
const FRAMEWORK_DETAIL: Record<string, string> = {
  FST_ERR_BAD_URL: 'The address is not valid: check its %-encoding.',
  FST_ERR_MAX_PARAM_LENGTH: 'A part of the address is too long.',
};

/**
 * Fastify's `frameworkErrors`: errors the router raises before any route or hook runs (a
 * broken %-encoding, a path parameter over `maxParamLength`). Without it Fastify answers its
 * own `{"error":…,"code":"FST_ERR_…"}`.
 */
export function frameworkErrorHandler(before?: (request: FastifyRequest, reply: FastifyReply) => void) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    before?.(request, reply);
    return sendProblem(reply, request, fastifyCode(err) ?? 'validation_failed', FRAMEWORK_DETAIL[err.code]);
  };
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (headers too large, a malformed
 * request line or header, a request that never finishes): answered as problem+json on the raw
 * socket, with no request id (there is no request).
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'validation_failed';
  const { status, title } = ERROR_CODES[code];
  const body = JSON.stringify({ type: `https://rolecall.dev/problems/${code.replace(/_/g, '-')}`, title, status, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** problem+json (RFC 9457) for every error; internals are logged, never sent (ASVS 16.5.3). */
/** Called for every coded refusal before it is sent (the audit log of refused authorizations). */
export type RefusalListener = (request: FastifyRequest, err: AppError) => Promise<void>;

export function installErrorHandling(app: FastifyInstance, onRefusal?: RefusalListener): void {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      const reasons = err.details?.reasons as string[] | undefined;
      await onRefusal?.(request, err).catch((e: unknown) => request.log.error({ err: e }, 'could not record a refusal'));
      const invitationId = err.details?.invitationId;
      const permission = err.details?.permission;
      // A dead session cookie made this request anonymous; say why instead of just "sign in".
      const generic = err.code === 'unauthenticated' && err.message === ERROR_CODES.unauthenticated.title;
      const detail = generic && request.signedOutDetail ? request.signedOutDetail : err.message;
      return sendProblem(reply, request, err.code, detail, {
        ...(reasons ? { reasons } : {}),
        ...(typeof permission === 'string' ? { permission } : {}),
        ...(typeof invitationId === 'string' ? { invitationId } : {}),
      });
    }
    const code = fastifyCode(err);
    if (code === 'validation_failed' && err.validation) {
      const errors = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath || ''}`,
        message: v.keyword === 'additionalProperties' ? `unknown field "${String((v.params as { additionalProperty?: string }).additionalProperty)}"` : (v.message ?? 'invalid'),
      }));
      return sendProblem(reply, request, code, 'Some fields are missing or not valid; see errors.', { errors });
    }
    if (code) return sendProblem(reply, request, code);
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, request, 'internal_error', `Quote request id ${String(request.id)} when reporting this.`);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, 'not_found', 'No such endpoint.'));
}
