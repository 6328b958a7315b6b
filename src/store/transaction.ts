import type { Transaction } from 'kysely';
import { type ChangeFeed, createLocalFeed } from './change-feed.js';
import type { Database, Db, Executor } from './database.js';

export type Tx = Transaction<Database>;

/** Each database handle's change feed (set by `createDb`). */
const feeds = new WeakMap<object, ChangeFeed>();
/** The tags an open transaction changed, published at its end and delivered after its commit. */
const pending = new WeakMap<object, Set<string>>();

export function attachFeed(db: Db, feed: ChangeFeed): void {
  feeds.set(db, feed);
}

/** The feed of a handle; a handle made without `createDb` (a test's own Kysely) gets a local one. */
export function feedOf(db: Db): ChangeFeed {
  let f = feeds.get(db);
  if (!f) {
    f = createLocalFeed();
    feeds.set(db, f);
  }
  return f;
}

/**
 * The one way to run a transaction. Every change the store functions in it note
 * (`noteChanged`) is sent to the other instances inside it (so they hear of it at commit and
 * never of a rollback) and delivered to this process's caches right after the commit, before
 * the caller can answer anyone: the next request here sees the change. On PostgreSQL it also
 * waits (briefly, bounded) until the notification has come back to this process's own
 * listener: by then PostgreSQL has handed it to every instance, so a client that asks another
 * instance right after this answer finds it told. A change to one org goes
 * through `inOrgTransaction` (queries/org.queries.ts).
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tags = new Set<string>();
  const feed = feedOf(db);
  let receipt: string | undefined;
  let result: T;
  try {
    result = await db.transaction().execute(async (tx) => {
      pending.set(tx, tags);
      const r = await fn(tx);
      if (tags.size) receipt = await feed.publish(tx, [...tags]);
      return r;
    });
  } catch (err) {
    feed.forget(receipt);
    throw err;
  }
  if (tags.size) {
    feed.deliver([...tags]);
    await feed.sent(receipt);
  }
  return result;
}

/**
 * Records that a statement just run on `ex` changed what the tags name. Inside a transaction the
 * tags wait for its commit; outside one the statement is already committed, so they go now.
 */
export async function noteChanged(ex: Executor, ...tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  const open = pending.get(ex);
  if (open) {
    for (const t of tags) open.add(t);
    return;
  }
  if (ex.isTransaction) throw new Error('A transaction not opened with inTransaction changed cached data; use inTransaction.');
  const feed = feedOf(ex as Db);
  const receipt = await feed.publish(ex, tags);
  feed.deliver(tags);
  await feed.sent(receipt);
}
