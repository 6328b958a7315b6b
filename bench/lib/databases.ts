/**
 * Bench databases: a SQLite file under a temp directory and a throwaway PostgreSQL database
 * `rc_bench_<random>` that is dropped again at the end of the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle, migrateToLatest } from '../../src/store/dialect.js';

export const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface BenchDb extends DbHandle {
  url: string;
  /** Closes and deletes the database. */
  dispose(): Promise<void>;
}

export async function sqliteDb(): Promise<BenchDb> {
  const dir = mkdtempSync(join(tmpdir(), 'rc-bench-'));
  const url = `sqlite:${join(dir, 'bench.db')}`;
  const handle = createDb(url);
  await migrateToLatest(handle.db);
  return { ...handle, url, dispose: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** null when PostgreSQL does not answer (the PG rows are then reported as not run). */
export async function postgresDb(): Promise<BenchDb | null> {
  const name = `rc_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin((c) => c.query(`create database "${name}"`));
  } catch {
    return null;
  }
  const url = `${PG_BASE}/${name}`;
  const handle = createDb(url);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    dispose: async () => {
      await handle.close();
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}
