import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Deps } from '../../container.js';
import { accessCacheStats } from '../../services/access-cache.js';
import { countOutboxBacklog } from '../../store/queries/mail-outbox.queries.js';

/**
 * Prometheus metrics at /metrics: process metrics, one request-duration histogram per route
 * pattern and status class (never the raw URL, which would carry ids and blow up the label
 * set), and gauges read from the database when scraped (the same on every instance).
 */
export function installMetrics(app: FastifyInstance, deps: Pick<Deps, 'db'>): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  mailOutboxGauge(app, deps, registry);
  accessCacheGauges(deps, registry);
  const duration = new Histogram({
    name: 'rolecall_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // One child per label set, found by a plain string key: prom-client otherwise hashes the
  // label object on every observation, a visible share of a warm check's CPU.
  const series = new Map<string, ReturnType<typeof duration.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    const key = `${request.method} ${status} ${route}`;
    let child = series.get(key);
    if (!child) {
      child = duration.labels({ route, method: request.method, status });
      series.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}

/** Messages waiting in the outbox and messages given up on (an operator looks at those). */
function mailOutboxGauge(app: FastifyInstance, deps: Pick<Deps, 'db'>, registry: Registry): void {
  new Gauge({
    name: 'rolecall_mail_outbox_messages',
    help: 'Messages in the mail outbox by status: pending (waiting to be sent) and failed (given up after repeated errors)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      try {
        const backlog = await countOutboxBacklog(deps.db);
        this.set({ status: 'pending' }, backlog.pending);
        this.set({ status: 'failed' }, backlog.failed);
      } catch (err) {
        // The rest of the scrape still answers; the gauge is left out rather than reporting 0.
        this.reset();
        app.log.warn({ err }, 'could not count the mail outbox for /metrics');
      }
    },
  });
}

/**
 * The in-memory access cache (services/access-cache.ts): lookups by outcome (hit: answered from
 * memory; recheck: checked against the database first; miss: read), entries dropped by changes,
 * and whether this instance hears every change (0 while its PostgreSQL listener is lost).
 */
function accessCacheGauges(deps: Pick<Deps, 'db'>, registry: Registry): void {
  new Gauge({
    name: 'rolecall_access_cache_lookups',
    help: 'Access cache lookups since start by cache (session, org) and outcome (hit, recheck, miss)',
    labelNames: ['cache', 'outcome'] as const,
    registers: [registry],
    collect() {
      const s = accessCacheStats(deps.db);
      for (const [cache, c] of [['session', s.sessions], ['org', s.orgs]] as const) {
        this.set({ cache, outcome: 'hit' }, c.hits);
        this.set({ cache, outcome: 'recheck' }, c.rechecks);
        this.set({ cache, outcome: 'miss' }, c.misses);
      }
    },
  });
  new Gauge({
    name: 'rolecall_access_cache_invalidations',
    help: 'Cache entries dropped because what they were read from changed, by cache (session, org); flushes count whole-cache drops',
    labelNames: ['cache', 'kind'] as const,
    registers: [registry],
    collect() {
      const s = accessCacheStats(deps.db);
      for (const [cache, c] of [['session', s.sessions], ['org', s.orgs]] as const) {
        this.set({ cache, kind: 'entries' }, c.invalidations);
        this.set({ cache, kind: 'flushes' }, c.flushes);
      }
    },
  });
  new Gauge({
    name: 'rolecall_access_cache_entries',
    help: 'Entries held in the access cache by cache (session, org)',
    labelNames: ['cache'] as const,
    registers: [registry],
    collect() {
      const s = accessCacheStats(deps.db);
      this.set({ cache: 'session' }, s.sessions.size);
      this.set({ cache: 'org' }, s.orgs.size);
    },
  });
  new Gauge({
    name: 'rolecall_change_feed_live',
    help: '1 while this instance hears every committed change (SQLite: always; PostgreSQL: while its LISTEN connection is up)',
    registers: [registry],
    collect() {
      this.set(accessCacheStats(deps.db).live ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rolecall_change_feed_events',
    help: 'Change notifications since start: received from other instances, and listener reconnects',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const f = accessCacheStats(deps.db).feed;
      this.set({ kind: 'received' }, f.received);
      this.set({ kind: 'reconnects' }, f.reconnects);
    },
  });
}
