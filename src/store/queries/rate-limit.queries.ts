import { sql } from 'kysely';
import type { Executor } from '../database.js';

export interface RateLimitWindow {
  /** Requests counted in the window so far, this one included. */
  count: number;
  /** When the window ends. */
  endsAt: Date;
}

/**
 * Counts one request against `key` and returns the window it landed in, in ONE statement
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and PostgreSQL alike): the row lock
 * makes parallel requests on any number of instances each take their own count, so no more
 * than the limit get through per window. A window that has ended starts again at 1.
 */
export async function countRateLimitHit(ex: Executor, key: string, now: Date, windowMs: number): Promise<RateLimitWindow> {
  const iso = now.toISOString();
  const ends = new Date(now.getTime() + windowMs).toISOString();
  // Both SET expressions read the row as it was before this statement.
  const expired = sql<boolean>`rate_limit_counters.window_ends_at <= ${iso}`;
  const row = await ex
    .insertInto('rate_limit_counters')
    .values({ key, count: 1, window_ends_at: ends })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`(case when ${expired} then 1 else rate_limit_counters.count + 1 end)`,
        window_ends_at: sql<string>`(case when ${expired} then ${ends} else rate_limit_counters.window_ends_at end)`,
      }),
    )
    .returning(['count', 'window_ends_at'])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), endsAt: new Date(row.window_ends_at) };
}

/** The window of `key` without counting a request; undefined when none is running. */
export async function readRateLimitWindow(ex: Executor, key: string, now: Date): Promise<RateLimitWindow | undefined> {
  const row = await ex
    .selectFrom('rate_limit_counters')
    .select(['count', 'window_ends_at'])
    .where('key', '=', key)
    .where('window_ends_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ? { count: Number(row.count), endsAt: new Date(row.window_ends_at) } : undefined;
}

/** Deletes windows that have ended (through the index on `window_ends_at`). Returns how many. */
export async function deleteEndedRateLimitWindows(ex: Executor, now: Date): Promise<number> {
  const res = await ex.deleteFrom('rate_limit_counters').where('window_ends_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}
