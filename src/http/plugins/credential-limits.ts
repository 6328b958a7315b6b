import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Deps } from '../../container.js';
import { AppError } from '../../contracts/errors.js';
import { normalizeEmail } from '../../domain/email.js';
import { hashToken } from '../../lib/tokens.js';
import { countOf } from '../../domain/plural.js';

/**
 * Rate limits for a credential endpoint (SPEC rule 9, ASVS 6.3.1): one window per client IP
 * and one per account (the canonical email, so "Ann@x" and " ann@x" share a budget; or the
 * signed-in user). Both are per endpoint and counted in the database, so all instances over it
 * share one budget (rate-limit-store.ts); the keys name the endpoint, since every limiter made
 * here shares the store's one scope. The per-account lockout is a separate, longer limit, also
 * in the database. Runs as a preHandler so the body is parsed; answers 429 `rate_limited`.
 */
export function credentialLimits(app: FastifyInstance, deps: Pick<Deps, 'config'>, endpoint: string): preHandlerAsyncHookHandler {
  const perIp = app.createRateLimit({ max: deps.config.authRateIpPerMinute, timeWindow: 60_000, keyGenerator: (req) => `ip:${endpoint}:${req.ip}` });
  const perAccount = app.createRateLimit({ max: deps.config.authRateAccountPerMinute, timeWindow: 60_000, keyGenerator: (req) => `acct:${endpoint}:${accountKey(req)}` });
  return async (req) => {
    const ip = await perIp(req);
    if (!ip.isAllowed && ip.isExceeded) throw new AppError('rate_limited', `Too many attempts; wait ${countOf(ip.ttlInSeconds, 'second')}.`);
    if (accountKey(req) === '') return;
    const acct = await perAccount(req);
    if (!acct.isAllowed && acct.isExceeded) throw new AppError('rate_limited', `Too many attempts; wait ${countOf(acct.ttlInSeconds, 'second')}.`);
  };
}

function accountKey(req: FastifyRequest): string {
  if (req.principal) return `user:${req.principal.userId}`;
  // The second step of a sign-in: its pending sign-in stands for the account (each one took
  // the password; the lockout counter on the user row limits them all together).
  const pending = (req.body as { signInToken?: unknown } | undefined)?.signInToken;
  if (typeof pending === 'string') return `pending:${hashToken(pending)}`;
  const email = (req.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string') return '';
  const n = normalizeEmail(email);
  return n.ok ? n.key : email.trim().toLowerCase();
}
