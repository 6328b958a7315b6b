import type { Deps } from '../../container.js';
import { errorResponses } from '../../contracts/common.js';
import { SsoLogoutUrl, SsoStartRequest, SsoStartResponse } from '../../contracts/identity.contract.js';
import { finishSso } from '../../services/oidc/sso-callback.js';
import { ssoLogoutUrl } from '../../services/oidc/sso-logout.js';
import { SSO_TTL_MS, startSso } from '../../services/oidc/sso-start.js';
import type { Api } from '../api.js';
import { credentialLimits } from '../plugins/credential-limits.js';
import { ctxOf, requireSignedIn, setSessionCookie } from '../plugins/auth.js';

const tags = ['auth'];
/** Binds a sign-in at the provider to the browser that started it (sso-start.ts). */
const SSO_COOKIE = 'rc_sso';
const COOKIE_PATH = '/api/v1/auth/sso';

/** Sign-in through the business's identity provider: email first, then the provider, then back. */
export function ssoRoutes(app: Api, deps: Deps): void {
  const secure = deps.config.publicUrl.startsWith('https:');
  app.post(
    '/auth/sso/start',
    {
      config: { csrf: 'origin-only' },
      preHandler: credentialLimits(app, deps, 'sso'),
      schema: { tags, summary: "Email first: the identity provider's URL for a covered domain, else { password: true }", security: [], body: SsoStartRequest, response: { 200: SsoStartResponse, ...errorResponses } },
    },
    async (req, reply) => {
      const s = await startSso(deps, req.body.email);
      if ('password' in s) return s;
      reply.setCookie(SSO_COOKIE, s.browserToken, { httpOnly: true, sameSite: 'lax', path: COOKIE_PATH, secure, maxAge: SSO_TTL_MS / 1000 });
      return { redirectUrl: s.redirectUrl };
    },
  );
  app.get('/auth/sso/callback', { schema: { hide: true } }, async (req, reply) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    const r = await finishSso(deps, ctxOf(req), { query, browserToken: req.cookies[SSO_COOKIE], userAgent: req.headers['user-agent'] });
    reply.clearCookie(SSO_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure });
    if (!r.ok) return reply.redirect(`/sign-in?sso_error=${r.reason}`, 303);
    setSessionCookie(reply, deps.config, r.session.token, r.session.expiresAt);
    return reply.redirect('/', 303);
  });
  app.get(
    '/auth/sso/logout-url',
    { config: { enrolment: true }, schema: { tags, summary: "The provider's sign-out URL for a person who signed in through it (call before /auth/logout)", response: { 200: SsoLogoutUrl, ...errorResponses } } },
    async (req) => ({ redirectUrl: await ssoLogoutUrl(deps, requireSignedIn(req)) }),
  );
}
