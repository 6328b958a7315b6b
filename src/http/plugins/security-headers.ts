import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../../config.js';

/**
 * Helmet's security headers (CSP, HSTS, nosniff, frame and referrer policy…) on every response,
 * the API reference at /api/docs included (swagger-ui runs under this same CSP).
 *
 * Why not `@fastify/helmet`: its onRequest hook calls `helmet(configuration)` anew for every
 * request, re-validating and re-serialising the whole configuration each time; in the benchmark
 * that alone cut a bare route's throughput by more than half. Our configuration is static (no
 * per-request nonces), so the same helmet middleware is built once here and only applied per
 * request.
 *
 * `upgrade-insecure-requests` and HSTS only when the public URL is HTTPS: served over plain
 * HTTP (HOST=0.0.0.0 on a LAN address), they make the browser fetch every asset over an HTTPS
 * that does not exist, and the console stays blank. Cross-Origin-Opener-Policy likewise: a
 * browser ignores it on a plain-HTTP origin and logs an error on every page saying so.
 */
export function installSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'publicUrl'>): void {
  const apply = securityHeaders(config);
  app.addHook('onRequest', (request, reply, done) => apply(request.raw, reply.raw, (err) => done(err as Error | undefined)));
}

/** The helmet middleware itself, also applied to errors answered before any hook runs (plugins/errors.ts). */
export function securityHeaders(config: Pick<Config, 'publicUrl'>) {
  const https = config.publicUrl.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    crossOriginOpenerPolicy: https,
  });
}
