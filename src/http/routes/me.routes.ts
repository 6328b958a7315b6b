import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, Page } from '../../contracts/common.js';
import { ChangePasswordRequest, Done } from '../../contracts/auth.contract.js';
import { Me, PickedStore, PickStore, Session, SessionListQuery, SessionParams, UpdateMe } from '../../contracts/session.contract.js';
import { getMe, pickStore, updateMyDetails } from '../../services/me.js';
import { changePassword } from '../../services/password-change.js';
import { endMySession, listMySessions } from '../../services/session-admin.js';
import { csrfTokenFor } from '../../services/sessions.js';
import type { Api } from '../api.js';
import { credentialLimits } from '../plugins/credential-limits.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['me'];

export function meRoutes(app: Api, deps: Deps): void {
  app.get('/me', { config: { enrolment: true }, schema: { tags, summary: 'The caller: user, memberships with roles and usable stores, picked store', response: { 200: Me, ...errorResponses } } }, async (req) => {
    const me = await getMe(deps, requireSignedIn(req));
    return { ...me, csrfToken: req.authVia === 'cookie' && req.sessionToken ? csrfTokenFor(req.sessionToken) : null };
  });
  app.patch(
    '/me',
    { schema: { tags, summary: 'Change my name and phone (every org I belong to sees the change); a partner or customer profile may not allow it (403)', body: UpdateMe, response: { 200: Me, ...errorResponses } } },
    async (req) => {
      const me = await updateMyDetails(deps, requireSignedIn(req), req.body);
      return { ...me, csrfToken: req.authVia === 'cookie' && req.sessionToken ? csrfTokenFor(req.sessionToken) : null };
    },
  );
  app.put(
    '/me/store',
    { schema: { tags, summary: 'Store picker: only a store the member may use', body: PickStore, response: { 200: PickedStore, ...errorResponses } } },
    (req) => pickStore(deps, requireSignedIn(req), req.body),
  );
  app.get(
    '/me/sessions',
    { schema: { tags, summary: 'My live sessions', querystring: SessionListQuery, response: { 200: Page(Session), ...errorResponses } } },
    (req) => listMySessions(deps, requireSignedIn(req), req.query),
  );
  app.delete(
    '/me/sessions/:id',
    { schema: { tags, summary: 'End one of my sessions', params: SessionParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await endMySession(deps, requireSignedIn(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/me/password',
    {
      preHandler: credentialLimits(app, deps, 'change-password'),
      schema: { tags, summary: 'Change my password (needs the current one); ends my other sessions', body: ChangePasswordRequest, response: { 200: Done, ...errorResponses } },
    },
    async (req) => {
      await changePassword(deps, requireSignedIn(req), req.body);
      return { status: 'ok' as const };
    },
  );
}
