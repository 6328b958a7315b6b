import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createRequire } from 'node:module';
import { migrations } from '../../migrations/index.js';
import { type ChangeFeed, createLocalFeed, createPgFeed } from './change-feed.js';
import type { Database } from './database.js';
import { attachFeed } from './transaction.js';

export type DialectName = 'sqlite' | 'postgres';

// Each driver is loaded only for its URL: the embedded default starts without pg, and a
// PostgreSQL instance without the SQLite addon.
const require = createRequire(import.meta.url);

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

/** The embedded default: a SQLite file under ./data/. */
export const DEFAULT_DB_URL = 'sqlite:./data/rolecall.db';

export interface DbOptions {
  /** PostgreSQL: most connections in the pool (default 10). */
  poolSize?: number;
  /** PostgreSQL `statement_timeout` of every connection, in ms (unset or 0: the server's own). */
  statementTimeoutMs?: number;
  /** PostgreSQL: how long a query waits for a connection, opening one or for a free one in a full pool, in ms (unset or 0: no limit). */
  connectTimeoutMs?: number;
}

/**
 * Opens `sqlite:PATH` (`sqlite::memory:` for a throwaway database) or `postgres://...`.
 * The only place where the two dialects differ in setup.
 */
export function createDb(url: string, options: DbOptions = {}): DbHandle {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pg = require('pg') as typeof import('pg');
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // Sent when each connection opens: no query holds a connection (and its locks) forever.
      statement_timeout: options.statementTimeoutMs ?? 0,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 0,
    });
    // An idle client can be cut off by the server (restart, failover, a dropped test database).
    // pg reports that as an 'error' event on the pool; unhandled, it would end the process. The
    // pool replaces the client and the next query reconnects.
    pool.on('error', (err) => {
      if ((err as { code?: string }).code !== '57P01') console.warn(`PostgreSQL connection lost: ${err.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const feed = createPgFeed(url);
    attachFeed(db, feed);
    return {
      db,
      dialect: 'postgres',
      close: async () => {
        await feed.close();
        await db.destroy();
      },
    };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const sqlite = new Database(path);
    // WAL lets readers run beside the single writer; busy_timeout rides out a CLI writing at the same time.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    attachFeed(db, localFeedFor(path));
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  throw new Error(`Unsupported database URL "${url}". Use sqlite:PATH or postgres://user@host:port/db`);
}

/**
 * SQLite serves one process, but that process may open a file twice (a CLI command beside the
 * server in tests, two apps over one file): handles on one file share one feed, so a change
 * through either reaches the caches of both. An in-memory database is its own.
 */
const sqliteFeeds = new Map<string, ChangeFeed>();
function localFeedFor(path: string): ChangeFeed {
  if (path === ':memory:') return createLocalFeed();
  const key = resolve(path);
  let f = sqliteFeeds.get(key);
  if (!f) {
    f = createLocalFeed();
    sqliteFeeds.set(key, f);
  }
  return f;
}

/** Brings the schema up to date; safe to run on every start. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // One connection: on PostgreSQL a migration, or waiting on another instance's migration lock,
  // may outlast DB_STATEMENT_TIMEOUT_MS, so this connection runs without it and resets it after.
  return db.connection().execute(async (conn) => {
    if (postgres) await sql`set statement_timeout = 0`.execute(conn);
    try {
      const migrator = new Migrator({ db: conn, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      if (postgres) await sql`reset statement_timeout`.execute(conn);
    }
  });
}

/** Distinct SQL texts kept prepared; queries are built from a fixed set of shapes. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement anew; on the check endpoint that compiling
 * was the largest single cost (CPU profile: `prepare` ~14% of the process). better-sqlite3
 * statements are reusable, and the driver runs one statement at a time on its one
 * connection, so a cache by SQL text is safe. A statement still iterating (`busy`) is never
 * handed out twice: that caller gets a fresh one.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      const stmt = sqlite.prepare(sql);
      if (!hit) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
