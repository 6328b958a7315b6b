import type { FastifyInstance } from 'fastify';
import { type Config, localUrl } from './config.js';
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
  // A copy: publicUrl may be settled below, after listen, without changing the caller's object.
  const container = await createContainer({ ...config });
  const hasAdmin = await container.db.selectFrom('users').select('id').where('platform_role', '=', 'support_admin').executeTakeFirst();
  const setupToken = hasAdmin ? undefined : newToken();
  const app = await buildApp(container, { logger: { level: config.logLevel }, setupToken });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    await container.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = localUrl(config.host, port);
  // Without PUBLIC_URL the public URL was derived from the configured port, which for port 0 is
  // ":0": derive it again from the port actually bound. Emails, the cookie's Secure flag and the
  // origin check read it per request; the value only changes for port 0, and then no client can
  // know the port before it is printed, so no request sees the old one.
  if (config.publicUrl === localUrl(config.host, config.port)) container.config.publicUrl = url;
  // Sends queued mail over SMTP when configured; without SMTP it stays in the dev outbox.
  const stopMail = startMailWorker(container, { onError: (err) => app.log.error({ err }, 'mail delivery failed') });
  return {
    app,
    container,
    url,
    setupUrl: setupToken ? `${container.config.publicUrl}/setup#token=${setupToken}` : undefined,
    stop: async () => {
      stopMail();
      await app.close();
      await container.close();
    },
  };
}
