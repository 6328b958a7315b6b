import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgTag } from '../../src/store/change-feed.js';
import { createDb, type DbHandle } from '../../src/store/dialect.js';
import { inTransaction, feedOf, noteChanged } from '../../src/store/transaction.js';
import { createTestDb, dialects, type TestDb } from '../fixtures/test-db.js';

/** Waits (bounded) until `ok()` holds; the feed is asynchronous across connections by nature. */
async function until(ok: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function recorder(handle: DbHandle) {
  const seen: string[] = [];
  let flushes = 0;
  feedOf(handle.db).subscribe({ changed: (t) => seen.push(...t), flush: () => flushes++ });
  return { seen, flushes: () => flushes };
}

describe.skipIf(!dialects().includes('postgres'))('change feed over PostgreSQL LISTEN/NOTIFY', () => {
  let a: TestDb;
  let b: DbHandle;
  beforeAll(async () => {
    a = await createTestDb('postgres');
    b = createDb(a.url);
    await until(() => feedOf(a.db).live && feedOf(b.db).live, 'both listeners');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('another instance hears of a change when it commits, and never of a rollback', async () => {
    const onB = recorder(b);
    const onA = recorder(a);
    await expect(
      inTransaction(a.db, async (tx) => {
        await noteChanged(tx, orgTag('rolled-back'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await inTransaction(a.db, async (tx) => {
      await noteChanged(tx, orgTag('o1'), orgTag('o2'));
      // Not yet committed: nobody has heard.
      expect(onA.seen).toEqual([]);
    });
    // The changing process knows at once (before it can answer anyone)...
    expect(onA.seen).toEqual(['org:o1', 'org:o2']);
    // ...the other when the notification arrives.
    await until(() => onB.seen.includes('org:o2'), 'the notification on B');
    expect(onB.seen).not.toContain('org:rolled-back');
    // A's own notification echoing back is not delivered twice.
    await noteChanged(a.db, orgTag('o3'));
    await until(() => onB.seen.includes('org:o3'), 'the second notification');
    expect(onA.seen.filter((t) => t === 'org:o1')).toHaveLength(1);
  });

  it('a lost listener stops trust and flushes; it listens again and flushes once more', async () => {
    const onB = recorder(b);
    const admin = new pg.Client({ connectionString: a.url });
    await admin.connect();
    try {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()`, [`rolecall-listener:${process.pid}`]);
    } finally {
      await admin.end();
    }
    // Both handles of this process lost their listener; each flushed and is reconnecting.
    await until(() => onB.flushes() >= 1, 'a flush on B');
    await until(() => feedOf(b.db).live && feedOf(a.db).live, 'both listeners again');
    expect(onB.flushes()).toBeGreaterThanOrEqual(2);
    expect(feedOf(b.db).stats.reconnects).toBeGreaterThanOrEqual(1);
    await noteChanged(a.db, orgTag('after'));
    await until(() => onB.seen.includes('org:after'), 'a notification after reconnecting');
  });

  it('a change with more tags than one notification holds arrives whole', async () => {
    const onB = recorder(b);
    const tags = Array.from({ length: 600 }, (_, i) => orgTag(`org-with-a-long-identifier-${i}`));
    await inTransaction(a.db, (tx) => noteChanged(tx, ...tags));
    await until(() => onB.seen.length === tags.length, 'every tag');
    expect(new Set(onB.seen)).toEqual(new Set(tags));
  });
});
