/**
 * Every text search (orgs, stores, support owners and stores, members, invitations) matches its
 * term literally: LIKE's wildcards `%` and `_` and its escape character `\` in a search are
 * text, so "50%" finds "50%" and not every row that holds "50" (src/store/like.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, type Person, PASSWORD, platformStaff, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { createOrg } from '../../../src/services/orgs.js';
import { createUser } from '../../../src/services/users.js';
import { insertStore } from '../../../src/store/queries/store.queries.js';
import { newId } from '../../../src/lib/ids.js';

/** [search term, the one name it must find, a name it would find if the term were a pattern]. */
const CASES: [string, string, string][] = [
  ['50%', 'Deal 50% Off', 'Deal 500 Off'],
  ['l a_b', 'Deal a_b', 'Deal axb'],
  ['k\\s', 'Deal k\\s', 'Deal ks'],
];

describe.each(dialects())('searches match %%, _ and \\ literally (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let staff: Person;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
    staff = await platformStaff(t);
    const system = { principal: null, ip: undefined, requestId: 'like-search' };
    const now = t.deps.clock();
    let i = 0;
    for (const name of CASES.flatMap(([, hit, decoy]) => [hit, decoy])) {
      i++;
      const org = await createOrg(t.deps, system, { name, preset: 'pos' });
      const owner = await createUser(t.deps.db, t.deps, now, { email: `owner${i}-${newId().slice(-6).toLowerCase()}@like.test`, password: PASSWORD, firstName: 'Deal', lastName: name.slice('Deal '.length) });
      await t.deps.db.updateTable('orgs').set({ owner_id: owner.id }).where('id', '=', org.id).execute();
      await insertStore(t.deps.db, { id: newId(), org_id: m.orgId, name, code: `L${i}`, address: `${i} Like Lane`, status: 'active', created_at: now.toISOString(), updated_at: now.toISOString() });
    }
  });
  afterAll(() => t.close());

  const names = (items: { name?: string; firstName?: string; lastName?: string }[]) => items.map((x) => x.name ?? `${x.firstName} ${x.lastName}`).sort();

  it.each(CASES)('a search for %j finds %j only', async (term, hit) => {
    const q = `search=${encodeURIComponent(term)}`;
    const orgs = await call(t, 'GET', `/api/v1/orgs?${q}`, { token: staff.token });
    const stores = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores?${q}`, { token: m.people.owner!.token });
    const owners = await call(t, 'GET', `/api/v1/support/owners?${q}`, { token: staff.token });
    const supportStores = await call(t, 'GET', `/api/v1/support/stores?${q}`, { token: staff.token });
    for (const res of [orgs, stores, owners, supportStores]) expect(res.status).toBe(200);
    expect({ orgs: names(orgs.body.items), stores: names(stores.body.items), owners: names(owners.body.items), supportStores: names(supportStores.body.items) }).toEqual({
      orgs: [hit],
      stores: [hit],
      owners: [hit],
      supportStores: [hit],
    });
  });
});
