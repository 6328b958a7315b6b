import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../container.js';
import { AppError } from '../../contracts/errors.js';
import { factorStanding, sessionFactorState } from '../../services/second-factor/state.js';

/**
 * The second-factor requirement (SECURITY.md "Second factor"): a session of someone who must
 * use a factor (platform staff; a top admin of an org that requires one) or who has one, and
 * that has not completed one, reaches only the routes marked `enrolment` (set up a factor,
 * `GET /me`, logout); everything else answers 403 `second_factor_required`. Runs after the
 * caller is known, on every request, from current rows.
 */
export function installSecondFactorGate(app: FastifyInstance, deps: Deps): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const p = request.principal;
    // The console's pages load as ever; it is the API behind them that the gate closes.
    if (!p || request.routeOptions.config?.enrolment || !request.url.startsWith('/api/v1/')) return done();
    // A cached session knows its state: most requests pass here without a promise.
    if (p.factor) {
      const state = factorStanding(p, p.factor);
      return done(state.restricted ? refusal(state.hasFactor) : undefined);
    }
    sessionFactorState(deps.db, p).then((state) => done(state.restricted ? refusal(state.hasFactor) : undefined), done);
  });
}

function refusal(hasFactor: boolean): AppError {
  return new AppError(
    'second_factor_required',
    hasFactor
      ? 'This session was not confirmed with your second factor; sign in again.'
      : 'Your account must use a second factor: set up an authenticator app or a passkey on your account page first.',
  );
}
