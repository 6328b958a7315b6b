/**
 * PostgreSQL under several instances (issue 14): instances starting together migrate one fresh
 * database at the same time (Kysely's Migrator takes a session-level advisory lock,
 * `pg_advisory_lock`, in PostgresAdapter.acquireMigrationLock, and reads which migrations ran
 * only once it holds it), and each instance's pool gets the configured statement timeout.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { loadConfig } from '../../src/config.js';
import { createContainer } from '../../src/container.js';
import { createDb, migrateToLatest } from '../../src/store/dialect.js';
import { createTestDb } from '../fixtures/test-db.js';

const PG = process.env.ROLECALL_TEST_PG === '1';
const title = PG ? 'PostgreSQL with several instances' : 'PostgreSQL with several instances (skipped: PostgreSQL only; ROLECALL_TEST_PG is not 1)';

describe.skipIf(!PG)(title, () => {
  it('two migrateToLatest on one fresh database at once both succeed, each migration runs once, and the schema is complete', async () => {
    const fresh = await createTestDb('postgres', { migrate: false });
    const other = createDb(fresh.url);
    try {
      const [a, b] = await Promise.all([migrateToLatest(fresh.db), migrateToLatest(other.db)]);
      const names = Object.keys(migrations);
      // Whichever got the lock first ran them all; the other found nothing left to do.
      expect([...a, ...b].sort()).toEqual([...names].sort());
      expect([a.length, b.length].sort((x, y) => x - y)).toEqual([0, names.length]);

      const ran = await fresh.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
      expect((ran as { name: string }[]).map((r) => r.name).sort()).toEqual([...names].sort());
      // Tables from the first and the last migration are there, and usable.
      const tables = await fresh.db.introspection.getTables();
      const tableNames = tables.map((t) => t.name);
      for (const t of ['users', 'orgs', 'mail_outbox', 'session_org_ends', 'rate_limit_counters']) expect(tableNames).toContain(t);
      const counters = tables.find((t) => t.name === 'rate_limit_counters')!;
      expect(counters.columns.map((c) => c.name).sort()).toEqual(['count', 'key', 'window_ends_at']);
      // Running again changes nothing.
      expect(await migrateToLatest(other.db)).toEqual([]);
    } finally {
      await other.close();
      await fresh.close();
    }
  });

  it('the pool of each instance uses DB_STATEMENT_TIMEOUT_MS (through the container)', async () => {
    const fresh = await createTestDb('postgres');
    try {
      const config = loadConfig({ DB_STATEMENT_TIMEOUT_MS: '500', DB_POOL_SIZE: '3', DB_CONNECT_TIMEOUT_MS: '2500' }, { dbUrl: fresh.url });
      const container = await createContainer(config, { migrate: false });
      try {
        const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(container.db);
        expect(rows[0]?.statement_timeout).toBe('500ms');
        // A statement running past it is cancelled, with PostgreSQL's own error.
        await expect(sql`select pg_sleep(60)`.execute(container.db)).rejects.toThrow(/statement timeout/);
      } finally {
        await container.close();
      }
    } finally {
      await fresh.close();
    }
  });
});
