import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { SecondFactorChallenge } from '../../contracts/second-factor.contract.js';
import type { Deps } from '../../container.js';
import { errorResponses } from '../../contracts/common.js';
import { Accepted, Done, ForgotRequest, LoginResponse, ResetRequest, TokenRequest, TokenResponse } from '../../contracts/auth.contract.js';
import { forgotPassword, resetPassword } from '../../services/password-reset.js';
import type { PendingSignIn } from '../../services/second-factor/two-step.js';
import { csrfTokenFor, type IssuedSession } from '../../services/sessions.js';
import { signIn } from '../../services/sign-in.js';
import { revokeSession } from '../../store/queries/session.queries.js';
import { findUserById } from '../../store/queries/user.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { audit } from '../../services/audit.js';
import type { Api } from '../api.js';
import { credentialLimits } from '../plugins/credential-limits.js';
import { clearSessionCookie, ctxOf, setSessionCookie } from '../plugins/auth.js';

const tags = ['auth'];
/** Credential endpoints act without a session: the Origin/Fetch-Metadata check protects the forms (login CSRF). */
const originOnly = { csrf: 'origin-only' as const };

/** The 202 body: the second step's token and the ways the person can complete it. */
function challengeOf(s: PendingSignIn) {
  return { status: 'second_factor_required' as const, signInToken: s.signInToken, expiresAt: s.expiresAt, methods: s.methods, passkeyOptions: s.passkeyOptions };
}

/** A browser session is made: the cookie, and the signed-in user with the CSRF token. */
export async function cookieSignedIn(deps: Deps, reply: FastifyReply, s: IssuedSession & { userId: string }) {
  const user = await findUserById(deps.db, s.userId);
  setSessionCookie(reply, deps.config, s.token, s.expiresAt);
  return {
    user: { id: s.userId, email: user?.email ?? '', firstName: user?.first_name ?? '', lastName: user?.last_name ?? '', platformRole: user?.platform_role ?? null },
    csrfToken: csrfTokenFor(s.token),
  };
}

export function authRoutes(app: Api, deps: Deps): void {
  app.post(
    '/auth/login',
    {
      config: originOnly,
      preHandler: credentialLimits(app, deps, 'login'),
      schema: {
        tags,
        summary: 'Browser sign-in: sets the rc_session cookie, or (202) asks for the second factor',
        security: [],
        body: TokenRequest,
        response: { 200: LoginResponse, 202: SecondFactorChallenge, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await signIn(deps, ctxOf(req), { ...req.body, kind: 'cookie', userAgent: req.headers['user-agent'] });
      if (s.step === 'second_factor') return reply.code(202).send(challengeOf(s));
      return cookieSignedIn(deps, reply, s);
    },
  );
  app.post(
    '/auth/token',
    {
      config: originOnly,
      preHandler: credentialLimits(app, deps, 'token'),
      schema: {
        tags,
        summary: 'Email + password → bearer token, or (202) asks for the second factor',
        security: [],
        body: TokenRequest,
        response: { 200: TokenResponse, 202: SecondFactorChallenge, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await signIn(deps, ctxOf(req), { ...req.body, kind: 'token', userAgent: req.headers['user-agent'] });
      if (s.step === 'second_factor') return reply.code(202).send(challengeOf(s));
      return { token: s.token, expiresAt: s.expiresAt };
    },
  );
  app.post(
    '/auth/logout',
    { config: { enrolment: true }, schema: { tags, summary: 'Ends this session on the server and clears the cookie', response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const p = req.principal;
      if (p) {
        const now = deps.clock();
        await inTransaction(deps.db, async (trx) => {
          await revokeSession(trx, p.sessionId, now.toISOString(), 'logout');
          await audit(trx, ctxOf(req), now, { orgId: null, action: 'session.ended', targetType: 'session', targetId: p.sessionId, after: { reason: 'logout' } });
        });
      }
      clearSessionCookie(reply, deps.config);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/auth/password/forgot',
    {
      config: originOnly,
      preHandler: credentialLimits(app, deps, 'forgot'),
      schema: { tags, summary: 'Emails a reset link; the same answer whether or not the account exists', security: [], body: ForgotRequest, response: { 202: Accepted, ...errorResponses } },
    },
    async (req, reply) => {
      await forgotPassword(deps, ctxOf(req), req.body.email);
      return reply.code(202).send({ status: 'sent' as const });
    },
  );
  app.post(
    '/auth/password/reset',
    {
      config: originOnly,
      preHandler: credentialLimits(app, deps, 'reset'),
      schema: { tags, summary: 'Sets a new password with the emailed token; ends every session', security: [], body: ResetRequest, response: { 200: Done, ...errorResponses } },
    },
    async (req, reply) => {
      await resetPassword(deps, ctxOf(req), req.body.token, req.body.password);
      clearSessionCookie(reply, deps.config);
      return { status: 'ok' as const };
    },
  );
}
