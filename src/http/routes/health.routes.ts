import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../container.js';
import { sendProblem } from '../plugins/errors.js';

export function healthRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  /** Ready when the database answers. */
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'database not reachable');
      return sendProblem(reply, request, 'not_ready', 'The database does not answer.');
    }
  });
}
