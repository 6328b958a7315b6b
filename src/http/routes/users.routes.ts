import type { Deps } from '../../container.js';
import { errorResponses } from '../../contracts/common.js';
import { DevMail, StatusChange, UserAdmin, UserLookupQuery, UserParams } from '../../contracts/session.contract.js';
import { Type } from '@sinclair/typebox';
import { findUserForStaff, setUserDeactivated } from '../../services/user-status.js';
import { listDevMail } from '../../mail/dev-outbox.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';
import { AppError } from '../../contracts/errors.js';

const tags = ['platform'];

export function userRoutes(app: Api, deps: Deps): void {
  app.get(
    '/users',
    { schema: { tags, summary: 'Platform staff: find a user by exact sign-in email (lock state, last sign-in)', querystring: UserLookupQuery, response: { 200: Type.Object({ items: Type.Array(UserAdmin) }), ...errorResponses } } },
    (req) => findUserForStaff(deps, requireSignedIn(req), req.query.email),
  );
  for (const [path, deactivate] of [
    ['deactivate', true],
    ['reactivate', false],
  ] as const) {
    app.post(
      `/users/:id/${path}`,
      { schema: { tags, summary: `Platform staff: ${path} a user in every org (SPEC rule 6)`, params: UserParams, body: StatusChange, response: { 200: UserAdmin, ...errorResponses } } },
      (req) => setUserDeactivated(deps, requireSignedIn(req), req.params.id, deactivate, req.body.reason),
    );
  }
  app.get(
    '/dev/mail',
    { schema: { tags: ['dev'], summary: 'Platform staff: development outbox (only without SMTP, never in production)', response: { 200: Type.Object({ items: Type.Array(DevMail) }), ...errorResponses } } },
    async (req) => {
      // The outbox holds live reset and invitation links, so it answers only on this machine:
      // a development server bound to 0.0.0.0 must not hand them to the network.
      const local = req.socket.remoteAddress === '127.0.0.1' || req.socket.remoteAddress === '::1' || req.socket.remoteAddress === '::ffff:127.0.0.1';
      if (deps.config.production || deps.config.smtpUrl || !local) throw new AppError('not_found', 'No such endpoint.');
      // Even here, only platform staff read other people's links; everyone else gets the same
      // 404 as the support portal's other staff-only reads.
      const ctx = requireSignedIn(req);
      if (!ctx.principal?.platformRole) throw new AppError('not_found', 'No such endpoint.');
      return { items: await listDevMail(deps.db) };
    },
  );
}
