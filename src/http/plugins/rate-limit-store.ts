import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Deps } from '../../container.js';
import { countRateLimitHit, deleteEndedRateLimitWindows, readRateLimitWindow } from '../../store/queries/rate-limit.queries.js';

/** Ended windows are deleted at most this often per process (one indexed DELETE). */
const PRUNE_EVERY_MS = 60_000;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * @fastify/rate-limit's `store`, kept in the database (`rate_limit_counters`) so every instance
 * over one database spends one budget: a client cannot get N times the limit by spreading its
 * requests over N instances (issue 14). Each route's limit is its own scope (method and URL
 * pattern), as with the in-memory store; limiters made with `app.createRateLimit` share one
 * scope, so their keys must name what they limit (credential-limits.ts does: `ip:sign-in:…`).
 * Keys are stored hashed: no address or email is kept for this. Time is the app's clock, so
 * tests move it instead of sleeping. A database error fails the request (no limit is skipped).
 * `continueExceeding` and `exponentialBackoff` are not supported (Rolecall uses neither).
 */
export function sharedRateLimitStore(deps: Pick<Deps, 'db' | 'clock'>): FastifyRateLimitStoreCtor {
  let lastPrune = Number.NEGATIVE_INFINITY;

  async function pruneNowAndThen(now: Date): Promise<void> {
    if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now.getTime();
    // Only housekeeping: a failure here must not fail the request, and the count below reports
    // a database that is really gone.
    await deleteEndedRateLimitWindows(deps.db, now).catch(() => undefined);
  }

  class DatabaseStore implements FastifyRateLimitStore {
    constructor(private readonly scope = '') {}

    private keyOf(key: string): string {
      return createHash('sha256').update(`${this.scope}\n${key}`).digest('hex');
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = deps.clock();
      pruneNowAndThen(now)
        .then(() => countRateLimitHit(deps.db, this.keyOf(key), now, timeWindow))
        .then(
          (w) => callback(null, { current: w.count, ttl: Math.max(0, w.endsAt.getTime() - now.getTime()) }),
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
    }

    /** The current count without spending one (`{ increment: false }`). */
    read(key: string, callback: Callback): void {
      const now = deps.clock();
      readRateLimitWindow(deps.db, this.keyOf(key), now).then(
        (w) => callback(null, w ? { current: w.count, ttl: w.endsAt.getTime() - now.getTime() } : { current: 0, ttl: 0 }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    /** Per route (its limit merged with `routeInfo`); a limiter from `createRateLimit` has no route. */
    child(routeOptions: object): FastifyRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      const scope = route?.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}` : '';
      return new DatabaseStore(scope);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}
