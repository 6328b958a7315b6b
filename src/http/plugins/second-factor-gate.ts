import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../container.js';
import { AppError } from '../../contracts/errors.js';
import { sessionFactorState } from '../../services/second-factor/state.js';

/**
 * The second-factor requirement (SECURITY.md "Second factor"): a session of someone who must
 * use a factor (platform staff; a top admin of an org that requires one) or who has one, and
 * that has not completed one, reaches only the routes marked `enrolment` (set up a factor,
 * `GET /me`, logout); everything else answers 403 `second_factor_required`. Runs after the
 * caller is known, on every request, from current rows.
 */
export function installSecondFactorGate(app: FastifyInstance, deps: Deps): void {
  app.addHook('onRequest', async (request) => {
    const p = request.principal;
    // The console's pages load as ever; it is the API behind them that the gate closes.
    if (!p || request.routeOptions.config?.enrolment || !request.url.startsWith('/api/v1/')) return;
    const state = await sessionFactorState(deps.db, p);
    if (!state.restricted) return;
    throw new AppError(
      'second_factor_required',
      state.hasFactor
        ? 'This session was not confirmed with your second factor; sign in again.'
        : 'Your account must use a second factor: set up an authenticator app or a passkey on your account page first.',
    );
  });
}
