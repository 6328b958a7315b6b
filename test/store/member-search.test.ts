/**
 * Team list search (issue 5 item 7): a search first probes a window of rows in list order and
 * only then asks the trigram index (pg_trgm on PostgreSQL, the FTS5 table of migration 1500 on
 * SQLite). Whatever the window, every term must page to exactly what a plain substring filter
 * over the one-shot database order gives: same rows, same order, nothing twice.
 */
import { Migrator, sql } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberSearchKey } from '../../src/store/queries/member.queries.js';
import { listMembers, type MemberListQuery, type MemberSort } from '../../src/store/queries/member-list.queries.js';
import { dialects, type TestDb, createTestDb } from '../fixtures/test-db.js';

const N = 300;
const ORG = 'org_search';
const OTHER = 'org_elsewhere';
// Last names sort first in the key, so each one is a cluster somewhere in the list: a window
// at the start of the list holds none of the Zhous.
const LAST = ['Adams', 'Brown', "O'Brien", 'Müller', '50%_Off', 'Quote"Mark', 'Zhou'];
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eve', 'Zoë'];

const TERMS = [
  'example', // every member: the probe fills the page
  'zhou', // a cluster at the end of the name order
  'member17@', // one member
  'zo', // under three characters: no trigram index on either database
  '50%_', // LIKE wildcards are literal
  'quote"m', // an FTS5 phrase quote
  "o'b",
  'MÜLLER', // case folds, non-ASCII included
  '  ben  ', // surrounding space is trimmed
  'chloé adams', // spans two words
  'nobody-here',
];

function person(i: number) {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[Math.floor((i * 7) / N) % LAST.length] as string;
  return { first, last, email: `member${i}@search.example` };
}

async function insertOrg(db: TestDb, id: string, now: string) {
  await db.db
    .insertInto('orgs')
    .values({ id, name: id, slug: id, preset: 'pos', status: 'active', billing_level: 'store', single_session: 0, invite_ttl_days: 7, owner_id: null, created_at: now, updated_at: now })
    .execute();
}

describe.each(dialects())('member search: probe window, then trigram index (%s)', (dialect) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
    await insertOrg(db, ORG, now);
    await insertOrg(db, OTHER, now);
    for (let i = 0; i < N; i++) {
      const p = person(i);
      const id = `u_${String(i).padStart(4, '0')}`;
      // Joined times collide in pairs, so the user-id tie-breaker matters in that sort too.
      const joined = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 60_000).toISOString();
      await db.db
        .insertInto('users')
        .values({ id, email: p.email, email_key: p.email, first_name: p.first, last_name: p.last, phone: null, password_hash: null, status: 'active', platform_role: null, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null, password_changed_at: null, created_at: joined, updated_at: joined })
        .execute();
      const search_key = memberSearchKey({ first_name: p.first, last_name: p.last, email: p.email });
      await db.db.insertInto('memberships').values({ org_id: ORG, user_id: id, status: 'active', created_at: joined, updated_at: joined, search_key }).execute();
      // Every third person also belongs to another org: its rows must never leak into this list.
      if (i % 3 === 0) await db.db.insertInto('memberships').values({ org_id: OTHER, user_id: id, status: 'active', created_at: joined, updated_at: joined, search_key }).execute();
    }
  }, 120_000);
  afterAll(() => db.close());

  /** The org in the database's own order (collation-independent), filtered by plain substring. */
  async function expected(sort: MemberSort, term: string, orgId = ORG): Promise<string[]> {
    const rows = await db.db
      .selectFrom('memberships')
      .select(['user_id', 'search_key'])
      .where('org_id', '=', orgId)
      .orderBy(sort === 'joined' ? 'created_at' : 'search_key')
      .orderBy('user_id')
      .execute();
    const needle = term.trim().toLowerCase();
    return rows.filter((r) => r.search_key.includes(needle)).map((r) => r.user_id);
  }

  /** Every page of the list, each `limit` long, following the keyset cursor. */
  async function pages(base: Omit<MemberListQuery, 'limit' | 'after'>, window: number, limit = 13): Promise<string[]> {
    const ids: string[] = [];
    let after: MemberListQuery['after'];
    for (;;) {
      const rows = await listMembers(db.db, { ...base, after, limit }, window);
      expect(rows.length).toBeLessThanOrEqual(limit);
      ids.push(...rows.map((r) => r.user_id));
      const last = rows.at(-1);
      if (rows.length < limit || !last) return ids;
      after = { key: base.sort === 'joined' ? last.created_at : last.search_key, userId: last.user_id };
    }
  }

  for (const sort of ['name', 'joined'] as const) {
    it.each(TERMS)(`"%s" sorted by ${sort}: every probe window pages to the plain filter's rows`, async (term) => {
      const want = await expected(sort, term);
      // 1: the probe almost always falls through to the index; 40: part probe, part index;
      // 100,000: the probe alone covers the org.
      for (const window of [1, 40, 100_000]) {
        expect(await pages({ orgId: ORG, search: term, sort }, window), `window ${window}`).toEqual(want);
      }
    });
  }

  it('a first page that the probe cannot fill comes whole from the index, in order', async () => {
    const want = (await expected('name', 'zhou')).slice(0, 50);
    expect(want.length).toBeGreaterThan(10);
    const rows = await listMembers(db.db, { orgId: ORG, search: 'zhou', sort: 'name', limit: 50 }, 40);
    expect(rows.map((r) => r.user_id)).toEqual(want);
    expect(rows.every((r) => r.email.endsWith('@search.example'))).toBe(true);
  });

  it('searches one org only, through the index as well as the probe', async () => {
    for (const window of [1, 100_000]) {
      expect(await pages({ orgId: OTHER, search: 'example', sort: 'name' }, window)).toEqual(await expected('name', 'example', OTHER));
    }
  });

  it('keeps the index in step when a member is renamed, leaves and is vacuumed', async () => {
    const renamed = 'u_0005';
    await db.db.updateTable('memberships').set({ search_key: 'xylophone renamed member5@search.example' }).where('user_id', '=', renamed).execute();
    await db.db.deleteFrom('memberships').where('org_id', '=', ORG).where('user_id', '=', 'u_0010').execute();
    // SQLite may renumber implicit rowids on VACUUM; the index must not point at other members.
    if (dialect === 'sqlite') await sql`vacuum`.execute(db.db);
    for (const window of [1, 100_000]) {
      expect(await pages({ orgId: ORG, search: 'xylophone', sort: 'name' }, window)).toEqual([renamed]);
      expect(await pages({ orgId: ORG, search: 'member10@', sort: 'name' }, window)).toEqual([]);
      expect(await pages({ orgId: ORG, search: 'zhou', sort: 'name' }, window)).toEqual(await expected('name', 'zhou'));
    }
  });

  it('an existing database gets the members it already has indexed by migration 1500', async () => {
    const old = await createTestDb(dialect, { migrate: false });
    try {
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('2026_11_23_1400_add_member_search_trgm')).error).toBeUndefined();
      const now = new Date().toISOString();
      await insertOrg(old, ORG, now);
      for (const [id, first, last] of [
        ['u_first', 'Abe', 'Abbot'],
        ['u_old', 'Keta', 'Oldham'],
      ] as const) {
        const email = `${id}@search.example`;
        await old.db
          .insertInto('users')
          .values({ id, email, email_key: email, first_name: first, last_name: last, phone: null, password_hash: null, status: 'active', platform_role: null, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null, password_changed_at: null, created_at: now, updated_at: now })
          .execute();
        await old.db.insertInto('memberships').values({ org_id: ORG, user_id: id, status: 'active', created_at: now, updated_at: now, search_key: memberSearchKey({ first_name: first, last_name: last, email }) }).execute();
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      // A window of one row (Abbot) leaves Oldham to the trigram index.
      expect((await listMembers(old.db, { orgId: ORG, search: 'oldham', sort: 'name', limit: 10 }, 1)).map((r) => r.user_id)).toEqual(['u_old']);
    } finally {
      await old.close();
    }
  });
});
