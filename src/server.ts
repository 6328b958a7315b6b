import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { type Container, createContainer } from './container.js';
import { buildApp } from './http/build-app.js';
import { newToken } from './lib/tokens.js';
import { startMailWorker } from './mail/deliver.js';

export interface Running {
  app: FastifyInstance;
  container: Container;
  url: string;
  /** Present when no platform admin exists yet: the one-time link that creates the first. */
  setupUrl: string | undefined;
  stop(): Promise<void>;
}

/** Boots: migrate, build, listen. Nothing else lives here (fastify/demo style). */
export async function startServer(config: Config): Promise<Running> {
  const container = await createContainer(config);
  const hasAdmin = await container.db.selectFrom('users').select('id').where('platform_role', '=', 'support_admin').executeTakeFirst();
  const setupToken = hasAdmin ? undefined : newToken();
  const app = await buildApp(container, { logger: { level: config.logLevel }, setupToken });
  await app.listen({ port: config.port, host: config.host });
  // Sends queued mail over SMTP when configured; without SMTP it stays in the dev outbox.
  const stopMail = startMailWorker(container, { onError: (err) => app.log.error({ err }, 'mail delivery failed') });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  return {
    app,
    container,
    url,
    setupUrl: setupToken ? `${config.publicUrl}/setup#token=${setupToken}` : undefined,
    stop: async () => {
      stopMail();
      await app.close();
      await container.close();
    },
  };
}
