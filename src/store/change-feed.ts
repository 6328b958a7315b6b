import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from './database.js';

const require = createRequire(import.meta.url);

/**
 * What a committed change touched, as cache tags: `org:<id>` (its roles, stores, members,
 * settings), `user:<id>` (their account, factors, orgs), `session:<id>`. Caches file each entry
 * under the tags it was read from and drop it when one of them changes (services/access-cache.ts).
 */
export const orgTag = (orgId: string) => `org:${orgId}`;
export const userTag = (userId: string) => `user:${userId}`;
export const sessionTag = (sessionId: string) => `session:${sessionId}`;

export interface ChangeSubscriber {
  /** These tags changed and the change is committed. */
  changed(tags: readonly string[]): void;
  /** Changes may have been missed (the listener was lost): forget everything. */
  flush(): void;
}

/**
 * How this process learns of committed changes, its own and other instances'. While `live` is
 * false a change may go unseen, so caches must not be trusted without reading the database.
 */
export interface ChangeFeed {
  readonly live: boolean;
  /**
   * Tells the other instances, inside `ex`'s transaction: sent at commit, dropped on rollback.
   * Returns what to pass to `sent` once committed.
   */
  publish(ex: Executor, tags: readonly string[]): Promise<string | undefined>;
  /**
   * Resolves when a committed publication has reached this process's own listener, so it has
   * been handed to every other instance's too (bounded; at once when not listening). Waited for
   * before the change is answered: whoever asks another instance next finds it already told.
   */
  sent(receipt: string | undefined): Promise<void>;
  /** A publication that will never commit (rolled back). */
  forget(receipt: string | undefined): void;
  /** Tells this process's caches of a committed change (synchronously, before the reply). */
  deliver(tags: readonly string[]): void;
  subscribe(s: ChangeSubscriber): () => void;
  readonly stats: { delivered: number; received: number; flushes: number; reconnects: number };
  close(): Promise<void>;
}

abstract class BaseFeed {
  protected subscribers = new Set<ChangeSubscriber>();
  readonly stats = { delivered: 0, received: 0, flushes: 0, reconnects: 0 };
  subscribe(s: ChangeSubscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }
  deliver(tags: readonly string[]): void {
    this.stats.delivered += tags.length;
    for (const s of this.subscribers) s.changed(tags);
  }
  protected flushAll(): void {
    this.stats.flushes++;
    for (const s of this.subscribers) s.flush();
  }
}

/**
 * SQLite is one process: every change is made here, so delivering it locally after commit is
 * all there is to do, and the feed is always live.
 */
class LocalFeed extends BaseFeed implements ChangeFeed {
  readonly live = true;
  async publish(): Promise<undefined> {
    return undefined;
  }
  async sent(): Promise<void> {}
  forget(): void {}
  async close(): Promise<void> {}
}

/** The channel every instance LISTENs on. */
export const CHANNEL = 'rolecall_changes';
/** NOTIFY payloads must stay under 8000 bytes; tags are split into chunks below this. */
const MAX_PAYLOAD = 7_000;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/** How long a change waits for its own notification before answering anyway. */
const ECHO_WAIT_MS = 100;

type PgClient = import('pg').Client;

/**
 * PostgreSQL: one dedicated connection per process LISTENs; a change NOTIFYs in its own
 * transaction, so other instances hear of it exactly when it commits and never of a rollback.
 * The process's own changes are delivered locally at commit and skipped when they echo back.
 * If the connection drops (restart, failover, `pg_terminate_backend`), the feed is not live and
 * every cache is flushed; it reconnects with backoff, LISTENs again and flushes once more
 * (anything committed in between was never heard), then is live again. A connection lost
 * without the socket noticing is covered by the caches' short re-check interval.
 */
class PgFeed extends BaseFeed implements ChangeFeed {
  live = false;
  private readonly instance = randomBytes(6).toString('base64url');
  private client: PgClient | undefined;
  private closed = false;
  private backoff = RECONNECT_MIN_MS;
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;
  /** Publications committed (or about to be) whose echo has not come back yet. */
  private readonly echoes = new Map<string, () => void>();
  private readonly echoed = new Map<string, Promise<void>>();

  constructor(private readonly url: string) {
    super();
    void this.connect();
  }

  async publish(ex: Executor, tags: readonly string[]): Promise<string> {
    const receipt = String(++this.sequence);
    this.echoed.set(receipt, new Promise((resolve) => this.echoes.set(receipt, resolve)));
    for (const chunk of chunks(tags)) {
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ i: this.instance, n: receipt, t: chunk })})`.execute(ex);
    }
    return receipt;
  }

  async sent(receipt: string | undefined): Promise<void> {
    const echo = receipt && this.echoed.get(receipt);
    if (!echo) return;
    if (this.live) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([echo, new Promise<void>((r) => (timer = setTimeout(r, ECHO_WAIT_MS)))]);
      clearTimeout(timer);
    }
    this.forget(receipt);
  }

  forget(receipt: string | undefined): void {
    if (!receipt) return;
    this.echoes.delete(receipt);
    this.echoed.delete(receipt);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const pg = require('pg') as typeof import('pg');
    const client = new pg.Client({ connectionString: this.url, application_name: `rolecall-listener:${process.pid}`, keepAlive: true });
    this.client = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      this.live = false;
      this.flushAll();
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      let parsed: { i?: string; n?: string; t?: string[] };
      try {
        parsed = JSON.parse(msg.payload);
      } catch {
        return;
      }
      if (parsed.i === this.instance) {
        if (parsed.n) this.echoes.get(parsed.n)?.();
        return;
      }
      if (!Array.isArray(parsed.t)) return;
      this.stats.received += parsed.t.length;
      this.deliver(parsed.t);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (lost || this.closed) return;
      // Whatever committed before LISTEN took effect was never heard: start from nothing.
      this.flushAll();
      this.live = true;
      this.backoff = RECONNECT_MIN_MS;
    } catch {
      onLost();
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    this.stats.reconnects++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, this.backoff);
    this.timer.unref();
    this.backoff = Math.min(this.backoff * 2, RECONNECT_MAX_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    }
  }
}

function* chunks(tags: readonly string[]): Generator<string[]> {
  let chunk: string[] = [];
  let size = 0;
  for (const t of tags) {
    if (size + t.length + 3 > MAX_PAYLOAD && chunk.length) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(t);
    size += t.length + 3;
  }
  if (chunk.length) yield chunk;
}

export function createLocalFeed(): ChangeFeed {
  return new LocalFeed();
}

export function createPgFeed(url: string): ChangeFeed {
  return new PgFeed(url);
}
