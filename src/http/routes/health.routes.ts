import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../container.js';
import { pingDatabase } from '../../store/queries/health.queries.js';
import { sendProblem } from '../plugins/errors.js';

/** Apps shutting down (server.ts stop): not ready, so a load balancer sends them no new work. */
const draining = new WeakSet<FastifyInstance>();

/** From now on `/readyz` answers 503; everything else is still served while requests drain. */
export function markDraining(app: FastifyInstance): void {
  draining.add(app);
}

export function healthRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  /** Ready when the database answers and the server is not shutting down. */
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    if (draining.has(app)) return sendProblem(reply, request, 'not_ready', 'The server is shutting down.');
    try {
      await pingDatabase(deps.db);
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'database not reachable');
      return sendProblem(reply, request, 'not_ready', 'The database does not answer.');
    }
  });
}
