import type { Kysely } from 'kysely';

/**
 * Rate-limit counters shared by every instance over one database (issue 14): one row per limit
 * key (a hash, so no address or email is stored here) with the count in the current window and
 * when that window ends. A window that has ended is started again by the next request; rows
 * whose window ended are deleted from time to time, by the index on `window_ends_at`.
 * Frozen once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_counters_window_ends_at_idx').on('rate_limit_counters').column('window_ends_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_counters').execute();
}
