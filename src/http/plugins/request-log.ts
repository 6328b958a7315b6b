import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/** Polled every few seconds by orchestrators, load balancers and Prometheus: visible with LOG_LEVEL=debug only. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One log line per request, written when the answer has gone (Fastify's own two lines,
 * "incoming request" and "request completed", are turned off with `disableRequestLogging`).
 * The request id comes with `request.log`, which Fastify binds to it as `reqId`.
 */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    const level = PROBES.has(request.routeOptions.url ?? '') ? 'debug' : 'info';
    // Below the configured level nothing is written: skip building the line (every request pays it).
    if (!levelOn(request.log, level)) return done();
    request.log[level]({ method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
    done();
  });
}

/** pino's loggers say whether a level is on; Fastify's no-op logger (logger: false) is always off. */
function levelOn(log: FastifyBaseLogger, level: string): boolean {
  const l = log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  return l.isLevelEnabled ? l.isLevelEnabled(level) : false;
}
