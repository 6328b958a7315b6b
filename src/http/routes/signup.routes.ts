import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../container.js';
import { AppError } from '../../contracts/errors.js';
import { errorResponses } from '../../contracts/common.js';
import { CompleteSignup, SignupDone, SignupOffer, SignupOrgParams, SignupPreview, SignupRequest, SignupStarted, SignupTokenParams } from '../../contracts/signup.contract.js';
import { completeSignup, previewSignup, requestSignup, signupOffer } from '../../services/customer-signup.js';
import type { Api } from '../api.js';
import { ctxOf, originAllowed, setSessionCookie } from '../plugins/auth.js';
import { credentialLimits } from '../plugins/credential-limits.js';

const tags = ['signup'];
// Public forms, like sign-in: no CSRF token exists yet, so Origin/Fetch-Metadata are checked.
/**
 * Public forms. A signed-in browser's request needs its CSRF token as every change does; an
 * anonymous one must come from this site (checked by Origin/Fetch-Metadata), since completing
 * signs the browser in (login CSRF) — as accepting an invitation does.
 */
function requireThisSite(req: FastifyRequest, deps: Deps): void {
  if (!req.principal && !originAllowed(req, deps.config)) throw new AppError('csrf_failed');
}

/** Customer self sign-up (public): the offer, the request, the emailed link and its completion. */
export function signupRoutes(app: Api, deps: Deps): void {
  const perIp = { max: deps.config.authRateIpPerMinute, timeWindow: '1 minute' };
  app.get(
    '/orgs/:orgId/signup',
    { config: { rateLimit: perIp }, schema: { tags, summary: 'Whether the business offers customer sign-up (its name), by id or slug', security: [], params: SignupOrgParams, response: { 200: SignupOffer, ...errorResponses } } },
    (req) => signupOffer(deps, req.params.orgId),
  );
  app.post(
    '/orgs/:orgId/signup',
    {
      // Per IP and per email: each request sends a mail.
      preHandler: credentialLimits(app, deps, 'signup'),
      schema: {
        tags,
        summary: 'Sign up as a customer; the same answer whether or not the email has an account (the mail says which)',
        security: [],
        params: SignupOrgParams,
        body: SignupRequest,
        response: { 202: SignupStarted, ...errorResponses },
      },
    },
    async (req, reply) => {
      requireThisSite(req, deps);
      await requestSignup(deps, ctxOf(req), req.params.orgId, req.body);
      return reply.code(202).send({ status: 'sent' as const });
    },
  );
  app.get(
    '/signups/:token',
    { config: { rateLimit: perIp }, schema: { tags, summary: 'The pending sign-up an emailed link stands for', security: [], params: SignupTokenParams, response: { 200: SignupPreview, ...errorResponses } } },
    (req) => previewSignup(deps, req.params.token),
  );
  app.post(
    '/signups/:token/complete',
    {
      preHandler: credentialLimits(app, deps, 'signup-complete'),
      schema: { tags, summary: 'Choose a password: creates the customer and their account, and signs them in (cookie)', security: [], params: SignupTokenParams, body: CompleteSignup, response: { 200: SignupDone, ...errorResponses } },
    },
    async (req, reply) => {
      requireThisSite(req, deps);
      const { session, ...result } = await completeSignup(deps, ctxOf(req), req.params.token, req.body, { userAgent: req.headers['user-agent'] });
      if (session) setSessionCookie(reply, deps.config, session.token, session.expiresAt);
      return { ...result, signedIn: session !== undefined };
    },
  );
}
