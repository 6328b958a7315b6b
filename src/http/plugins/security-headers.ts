import type { IncomingMessage, ServerResponse } from 'node:http';
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
  app.addHook('onRequest', (request, reply, done) => apply(request.raw, reply.raw, done));
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The headers, applied to every response and to errors answered before any hook runs
 * (plugins/errors.ts). Helmet is run once against a recording response and its headers are
 * replayed per request: the configuration has nothing per request (no nonces), and running
 * helmet's chain of middlewares per request cost a measurable share of a `check`.
 */
export function securityHeaders(config: Pick<Config, 'publicUrl'>): Middleware {
  const recorded: [string, string][] = [];
  const recorder = { setHeader: (name: string, value: string) => recorded.push([name, value]), removeHeader: () => {}, getHeader: () => undefined };
  helmetFor(config)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return (_req, res, next) => {
    for (const [name, value] of recorded) res.setHeader(name, value);
    next();
  };
}

function helmetFor(config: Pick<Config, 'publicUrl'>) {
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
