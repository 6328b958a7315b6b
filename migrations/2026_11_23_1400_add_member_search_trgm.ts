import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL only: a trigram GIN index on `memberships.search_key`, so the team list's
 * name/email search (`search_key LIKE '%term%'`) probes the index instead of filtering every
 * member of the org (bench/results: 80 ms p95 at 10,000 members without it). SQLite scans
 * fast enough at this size and has no trigram index, so it gets nothing. Where the pg_trgm
 * extension is not available to this database the search stays correct, only slower.
 * Frozen once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (!available.rows[0]?.n) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index if not exists memberships_search_trgm_idx on memberships using gin (search_key gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index if exists memberships_search_trgm_idx`.execute(db);
}
