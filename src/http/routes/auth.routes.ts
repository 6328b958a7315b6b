import type { Deps } from '../../container.js';
import { errorResponses } from '../../contracts/common.js';
import { TokenRequest, TokenResponse } from '../../contracts/auth.contract.js';
import { signIn } from '../../services/sign-in.js';
import type { Api } from '../api.js';
import { ctxOf } from '../plugins/auth.js';

export function authRoutes(app: Api, deps: Deps): void {
  app.post(
    '/auth/token',
    {
      schema: { tags: ['auth'], summary: 'Email + password → bearer token', security: [], body: TokenRequest, response: { 200: TokenResponse, ...errorResponses } },
    },
    async (req) => {
      const s = await signIn(deps, ctxOf(req), { ...req.body, kind: 'token', userAgent: req.headers['user-agent'] });
      return { token: s.token, expiresAt: s.expiresAt };
    },
  );
}
