import type { FastifyInstance } from 'fastify';
import { type Config, localUrl } from './config.js';
import { type Container, createContainer } from './container.js';
import { buildApp } from './http/build-app.js';
import { newToken } from './lib/tokens.js';
import { markDraining } from './http/routes/health.routes.js';
import { startMailWorker } from './mail/deliver.js';
import { findAnySupportAdmin } from './store/queries/user.queries.js';

export interface Running {
  app: FastifyInstance;
  container: Container;
  url: string;
  /** Present when no platform admin exists yet: the one-time link that creates the first. */
  setupUrl: string | undefined;
  /**
   * Stops gracefully (SIGTERM, Ctrl-C): /readyz answers 503 at once and for SHUTDOWN_DRAIN_MS
   * while requests are still served; then a mail delivery under way finishes, the server stops
   * taking requests and waits for those under way, and only then the database closes. Calling
   * it again returns the same promise.
   */
  stop(): Promise<void>;
}

/** Boots: migrate, build, listen. Nothing else lives here (fastify/demo style). */
export async function startServer(config: Config): Promise<Running> {
  // A copy: publicUrl may be settled below, after listen, without changing the caller's object.
  const container = await createContainer({ ...config });
  const hasAdmin = await findAnySupportAdmin(container.db);
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
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    markDraining(app);
    app.log.info('stopping: /readyz now answers 503; finishing the requests and mail under way');
    if (config.shutdownDrainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
    // The mail worker's tick uses the database; app.close() waits for requests under way (new
    // ones on open connections get 503); the database closes last.
    await stopMail();
    await app.close();
    await container.close();
  };
  return {
    app,
    container,
    url,
    setupUrl: setupToken ? `${container.config.publicUrl}/setup#token=${setupToken}` : undefined,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
