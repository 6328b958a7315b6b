/**
 * Team list at scale (issue 5 item 7): ~2,000 members inserted in bulk, then paged through over
 * HTTP with filters and both sorts. Every page joined must be exactly the expected set: no
 * duplicates, nothing missing. (The 100k latency benchmark lives in bench/.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { memberSearchKey } from '../../../src/store/queries/member.queries.js';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

const N = 2000;
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eve'];
// Few last names so many rows share a sort key: the user-id tie-breaker is what keeps pages exact.
const LAST = ['Smith', 'Jones', "O'Brien", 'Müller', '50%_off'];

interface Row {
  id: string;
  role: 'cashier' | 'stocker' | 'org_manager';
  store: number;
  status: 'active' | 'suspended';
  search: string;
  joined: string;
}

describe.each(dialects())('team list at scale (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  const rows: Row[] = [];
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, { storeCount: 3, team: { boss: () => [{ role: 'org_admin' }] } });
    const users = [];
    const memberships = [];
    const assignments = [];
    for (let i = 0; i < N; i++) {
      const id = newId();
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[Math.floor(i / 7) % LAST.length]!;
      const email = `member${i}@scale.test`;
      const role = i % 10 === 0 ? 'org_manager' : i % 3 === 0 ? 'stocker' : 'cashier';
      const store = i % 3;
      const status: 'active' | 'suspended' = i % 11 === 0 ? 'suspended' : 'active';
      // Joined times collide in groups of 4 too.
      const joined = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 4) * 60_000).toISOString();
      const search = memberSearchKey({ first_name: first, last_name: last, email });
      rows.push({ id, role, store, status, search, joined });
      users.push({ id, email, email_key: email, first_name: first, last_name: last, phone: null, password_hash: null, status: 'active' as const, platform_role: null, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null, password_changed_at: null, created_at: joined, updated_at: joined });
      memberships.push({ org_id: m.orgId, user_id: id, status, created_at: joined, updated_at: joined, last_seen_at: null, search_key: search });
      assignments.push({ org_id: m.orgId, user_id: id, role_key: role, store_id: role === 'org_manager' ? '' : m.stores[store]! });
    }
    const chunk = 250;
    for (let i = 0; i < N; i += chunk) {
      await t.deps.db.insertInto('users').values(users.slice(i, i + chunk)).execute();
      await t.deps.db.insertInto('memberships').values(memberships.slice(i, i + chunk)).execute();
      await t.deps.db.insertInto('role_assignments').values(assignments.slice(i, i + chunk)).execute();
    }
  }, 120_000);
  afterAll(() => t.close());

  async function all(query: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { userId: string }[]; nextCursor: string | null } } = await call<{
        items: { userId: string }[];
        nextCursor: string | null;
      }>(
        t,
        'GET',
        `/api/v1/orgs/${m.orgId}/members?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
        { token: m.people.boss!.token },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...res.body.items.map((i) => i.userId));
      cursor = res.body.nextCursor;
    } while (cursor);
    return ids;
  }

  const mine = (f: (r: Row) => boolean) => rows.filter(f).map((r) => r.id);

  it.each([
    ['every member by name', '&sort=name', 200, (_r: Row): boolean => true],
    ['every member by join date', '&sort=joined', 173, (_r: Row): boolean => true],
    ['role cashier', '&role=cashier', 97, (r: Row): boolean => r.role === 'cashier'],
    ['suspended', '&status=suspended&sort=joined', 50, (r: Row): boolean => r.status === 'suspended'],
    ['store 2 (assigned or org-wide)', '&storeIdx=1', 120, (r: Row): boolean => r.store === 1 || r.role === 'org_manager'],
    ['search "müller"', `&search=${encodeURIComponent('müller')}`, 33, (r: Row): boolean => r.search.includes('müller')],
    ['search with LIKE wildcards "50%_"', `&search=${encodeURIComponent('50%_')}`, 41, (r: Row): boolean => r.search.includes('50%_')],
    ['role stocker in store 3, active', '&role=stocker&storeIdx=2&status=active', 29, (r: Row): boolean => r.role === 'stocker' && r.store === 2 && r.status === 'active'],
  ] as const)('%s: pages join to exactly the expected set', async (_label, rawQuery, limit, filter) => {
    const query = rawQuery.replace(/&storeIdx=(\d)/, (_x, i: string) => `&storeId=${m.stores[Number(i)]}`);
    const ids = await all(query, limit);
    const expected = mine(filter);
    expect(new Set(ids).size).toBe(ids.length);
    const boss = m.people.boss!.userId;
    const got = ids.filter((id) => id !== boss);
    expect(got.sort()).toEqual([...expected].sort());
  });

  it('paged name order equals the one-shot database order (collation-independent), ties broken by user id', async () => {
    const ids = await all('&sort=name&role=cashier', 200);
    const oneShot = await t.deps.db
      .selectFrom('memberships as m')
      .innerJoin('role_assignments as ra', (j) => j.onRef('ra.org_id', '=', 'm.org_id').onRef('ra.user_id', '=', 'm.user_id'))
      .select('m.user_id')
      .where('m.org_id', '=', m.orgId)
      .where('ra.role_key', '=', 'cashier')
      .orderBy('m.search_key')
      .orderBy('m.user_id')
      .execute();
    expect(ids).toEqual(oneShot.map((r) => r.user_id));
  });
});
