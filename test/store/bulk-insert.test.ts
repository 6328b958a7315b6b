/**
 * `insertMany` writes rows without Kysely's builder: SQLite through fixed `VALUES` shapes (500
 * rows, then halves), PostgreSQL through one JSON parameter typed by the table. Whatever the
 * count and whatever the text, what is read back is exactly what went in; columns left out take
 * their defaults; a row that breaks a constraint fails the call.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMany } from '../../src/store/bulk-insert.js';
import { inTransaction } from '../../src/store/transaction.js';
import { createTestDb, dialects, type TestDb } from '../fixtures/test-db.js';

describe.each(dialects())('insertMany (%s)', (dialect) => {
  let db: TestDb;
  let n = 0;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.db.insertInto('orgs').values({ id: 'org_b', name: 'Bulk', slug: 'bulk', preset: 'pos', created_at: 'now', updated_at: 'now' } as never).execute();
  });
  afterAll(() => db.close());

  /** A fresh import to hang report rows on. */
  async function freshImport(): Promise<string> {
    const id = `imp_${++n}`;
    await db.db.insertInto('imports').values({ id, org_id: 'org_b', created_by: 'x', file_hash: id, mode: 'invite', total_rows: 0, failure: null, created_at: 'now', updated_at: 'now', finished_at: null }).execute();
    return id;
  }

  it.each([1, 499, 500, 501, 1777])('writes exactly %i rows, in order and intact', async (count) => {
    const id = await freshImport();
    const rows = Array.from({ length: count }, (_, i) => ({ import_id: id, row_number: i + 2, email: `p${i}@bulk.test`, outcome: 'create' as const, code: i % 2 ? null : 'c', message: i % 3 ? null : `row ${i}` }));
    await insertMany(db.db, 'import_rows', rows);
    const back = await db.db.selectFrom('import_rows').selectAll().where('import_id', '=', id).orderBy('row_number').execute();
    expect(back).toEqual(rows);
  });

  it('keeps any text as it is: quotes, backslashes, JSON-looking text, accents, emoji', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\u0000')), { minLength: 1, maxLength: 30 }), async (texts) => {
        const id = await freshImport();
        const rows = texts.map((t, i) => ({ import_id: id, row_number: i, email: t, outcome: 'error' as const, code: null, message: `${t}\\"'{}[]` }));
        await insertMany(db.db, 'import_rows', rows);
        const back = await db.db.selectFrom('import_rows').selectAll().where('import_id', '=', id).orderBy('row_number').execute();
        expect(back).toEqual(rows);
      }),
      { numRuns: 25 },
    );
  });

  it('leaves out columns to their defaults; a row that breaks a constraint fails the call, and the caller’s transaction keeps nothing', async () => {
    const id = await freshImport();
    const row = await db.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('running');
    const dupes = [0, 1, 1].map((i) => ({ import_id: id, row_number: i, email: 'x', outcome: 'create' as const, code: null, message: null }));
    await expect(inTransaction(db.db, (trx) => insertMany(trx, 'import_rows', dupes))).rejects.toThrow();
    expect(await db.db.selectFrom('import_rows').selectAll().where('import_id', '=', id).execute()).toEqual([]);
  });
});
