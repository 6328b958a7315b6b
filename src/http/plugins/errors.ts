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

/** Maps Fastify's own error codes to ours, so every refusal has a stable `code`. */
function fastifyCode(err: FastifyError): ErrorCode | undefined {
  if (err.validation) return 'validation_failed';
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'validation_failed';
    default:
      if (err.statusCode === 429) return 'rate_limited';
      if (err instanceof SyntaxError || err.statusCode === 400) return 'validation_failed';
      return undefined;
  }
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
      // A dead session cookie made this request anonymous; say why instead of just "sign in".
      const generic = err.code === 'unauthenticated' && err.message === ERROR_CODES.unauthenticated.title;
      const detail = generic && request.signedOutDetail ? request.signedOutDetail : err.message;
      return sendProblem(reply, request, err.code, detail, {
        ...(reasons ? { reasons } : {}),
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
