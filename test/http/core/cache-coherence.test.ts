import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { Deps } from '../../../src/container.js';
import { buildApp } from '../../../src/http/build-app.js';
import { RECHECK_MS } from '../../../src/services/access-cache.js';
import type { RequestContext } from '../../../src/services/context.js';
import { addMembership } from '../../../src/services/users.js';
import { createDb, type DialectName, migrateToLatest } from '../../../src/store/dialect.js';
import { findUserById } from '../../../src/store/queries/user.queries.js';
import { createMerchant, type Merchant, platformStaff, posTeam } from '../../fixtures/merchant.js';
import { call, type TestApp, TestClock, testPasswords } from '../../fixtures/test-app.js';
import { createTestDb, dialects } from '../../fixtures/test-db.js';
import { addOutsider, commerceOrg, newCustomer, newProfile } from './commerce-fixtures.js';
import { createAfterReply } from '../../../src/lib/after-reply.js';

/**
 * SPEC rule 7 with the per-process access cache (src/services/access-cache.ts) in place: every
 * change an access decision depends on is visible on the very next check asked of the instance
 * that made it, and to a second instance (its own process memory, same database) that had the
 * old answer cached a moment before, as soon as the change's notification arrives.
 */
/** Asks until the answer is `expected`, for at most the re-check bound (a missed notification's worst case). */
async function eventually(expected: boolean, ask: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + RECHECK_MS;
  let got = await ask();
  while (got !== expected && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    got = await ask();
  }
  expect(got).toBe(expected);
}

const system: RequestContext = { principal: null, ip: undefined, requestId: 'coherence-test' };

async function instance(url: string, dialect: DialectName, clock: TestClock): Promise<TestApp> {
  const handle = createDb(url);
  await migrateToLatest(handle.db);
  const config = loadConfig({}, { dbUrl: url, port: 0, publicUrl: 'http://rolecall.test', authRateIpPerMinute: 100_000, authRateAccountPerMinute: 100_000 });
  const deps: Deps = { db: handle.db, dialect, config, clock: clock.now, passwords: testPasswords, afterReply: createAfterReply() };
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    deps,
    db: { ...handle, url },
    app,
    clock,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

describe.each(dialects())('cache coherence over HTTP (%s)', (dialect) => {
  // `a` answers the checks; the change is made through `a` itself or through `b`.
  let a: TestApp;
  let b: TestApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const clock = new TestClock();
    if (dialect === 'sqlite') {
      // A file, not :memory:, so two handles see one database.
      const dir = mkdtempSync(join(tmpdir(), 'rc-coherence-'));
      const url = `sqlite:${join(dir, 'rc.db')}`;
      a = await instance(url, dialect, clock);
      b = await instance(url, dialect, clock);
      dispose = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const db = await createTestDb('postgres', { migrate: false });
      a = await instance(db.url, dialect, clock);
      b = await instance(db.url, dialect, clock);
      dispose = () => db.close();
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dispose();
  });

  const check = (m: Merchant, who: string, permission: string, storeId?: string) =>
    call(a, 'POST', `/api/v1/orgs/${m.orgId}/check`, {
      token: m.people.owner!.token,
      body: { userId: m.people[who]!.userId, permission, ...(storeId ? { storeId } : {}) },
    }).then((r) => {
      expect(r.status).toBe(200);
      return r.body.allowed as boolean;
    });

  /** Asks twice first so the answer is surely cached in `a`. */
  const warm = async (m: Merchant, who: string, permission: string, storeId?: string) => {
    const first = await check(m, who, permission, storeId);
    expect(await check(m, who, permission, storeId)).toBe(first);
    return first;
  };

  for (const via of ['the same instance', 'a second instance'] as const) {
    const writer = () => (via === 'the same instance' ? a : b);
    /**
     * The first check after a change. Through the same instance, or a second one over SQLite
     * (one process, one feed), it is right at once. A second PostgreSQL instance hears of the
     * change by NOTIFY, asynchronously (README "Several instances"): right within the bound.
     */
    const settles = (expected: boolean, ask: () => Promise<boolean>) => (via === 'a second instance' && dialect === 'postgres' ? eventually(expected, ask) : ask().then((v) => expect(v).toBe(expected)));

    it(`a role change through ${via} counts on the next check`, async () => {
      const m = await posTeam(a);
      expect(await warm(m, 'cashier1', 'inventory:update', m.stores[0])).toBe(false);
      const res = await call(writer(), 'PATCH', `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`, {
        token: m.people.owner!.token,
        body: { roles: [{ role: 'stocker', storeIds: [m.stores[0]!] }] },
      });
      expect(res.status).toBe(200);
      await settles(true, () => check(m, 'cashier1', 'inventory:update', m.stores[0]));
    });

    it(`an override change through ${via} counts on the next check`, async () => {
      const m = await posTeam(a);
      expect(await warm(m, 'cashier1', 'checkout:operate', m.stores[0])).toBe(true);
      const path = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`;
      const deny = await call(writer(), 'PATCH', path, { token: m.people.owner!.token, body: { overrides: [{ permission: 'checkout:operate', effect: 'deny' }] } });
      expect(deny.status).toBe(200);
      await settles(false, () => check(m, 'cashier1', 'checkout:operate', m.stores[0]));
      const cleared = await call(writer(), 'PATCH', path, { token: m.people.owner!.token, body: { overrides: [] } });
      expect(cleared.status).toBe(200);
      await settles(true, () => check(m, 'cashier1', 'checkout:operate', m.stores[0]));
    });

    it(`a suspension through ${via} counts on the next check, and so does reactivation`, async () => {
      const m = await posTeam(a);
      expect(await warm(m, 'cashier1', 'checkout:operate', m.stores[0])).toBe(true);
      const base = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`;
      expect((await call(writer(), 'POST', `${base}/suspend`, { token: m.people.owner!.token, body: {} })).status).toBe(200);
      await settles(false, () => check(m, 'cashier1', 'checkout:operate', m.stores[0]));
      expect((await call(writer(), 'POST', `${base}/reactivate`, { token: m.people.owner!.token, body: {} })).status).toBe(200);
      await settles(true, () => check(m, 'cashier1', 'checkout:operate', m.stores[0]));
    });

    it(`a store archived through ${via} counts on the next check`, async () => {
      const m = await posTeam(a);
      expect(await warm(m, 'orgManager', 'reports:read', m.stores[2])).toBe(true);
      const res = await call(writer(), 'PATCH', `/api/v1/orgs/${m.orgId}/stores/${m.stores[2]}`, { token: m.people.owner!.token, body: { status: 'archived' } });
      expect(res.status).toBe(200);
      await settles(false, () => check(m, 'orgManager', 'reports:read', m.stores[2]));
    });

    it(`a billing-level change through ${via} counts on the next check`, async () => {
      const m = await createMerchant(a, {
        preset: 'merchant-portal',
        billingLevel: 'org',
        team: { owner: () => [{ role: 'administrator' }], manager: (s) => [{ role: 'manager', storeIds: [s[0]!] }] },
      });
      expect(await warm(m, 'manager', 'invoices:read', m.stores[0])).toBe(false);
      const res = await call(writer(), 'PATCH', `/api/v1/orgs/${m.orgId}`, { token: m.people.owner!.token, body: { settings: { billingLevel: 'store' } } });
      expect(res.status).toBe(200);
      await settles(true, () => check(m, 'manager', 'invoices:read', m.stores[0]));
    });

    it(`a user deactivated through ${via} is refused on the next check, in every org`, async () => {
      const m = await posTeam(a);
      const other = await createMerchant(a, { team: { owner: () => [{ role: 'org_admin' }] } });
      // The same person in a second org: the status is user-wide (SPEC rule 6).
      const user = await findUserById(a.deps.db, m.people.cashier1!.userId);
      await addMembership(a.deps.db, system, a.clock.now(), other.orgId, user!, [{ role: 'cashier', storeIds: [other.stores[0]!] }]);
      const inOther = () =>
        call(a, 'POST', `/api/v1/orgs/${other.orgId}/check`, { token: other.people.owner!.token, body: { userId: m.people.cashier1!.userId, permission: 'checkout:operate', storeId: other.stores[0] } }).then((r) => r.body.allowed);
      expect(await inOther()).toBe(true);
      expect(await inOther()).toBe(true);
      expect(await warm(m, 'cashier1', 'checkout:operate', m.stores[0])).toBe(true);
      const staff = await platformStaff(writer());
      const deactivated = await call(writer(), 'POST', `/api/v1/users/${m.people.cashier1!.userId}/deactivate`, { token: staff.token, body: { reason: 'left the company' } });
      expect(deactivated.status).toBe(200);
      await settles(false, () => check(m, 'cashier1', 'checkout:operate', m.stores[0]));
      await settles(false, inOther);
      const back = await call(writer(), 'POST', `/api/v1/users/${m.people.cashier1!.userId}/reactivate`, { token: staff.token, body: { reason: 'rehired' } });
      expect(back.status).toBe(200);
      await settles(true, () => check(m, 'cashier1', 'checkout:operate', m.stores[0]));
      await settles(true, inOther);
    });

    it(`a member removed through ${via} is no longer allowed on the next check`, async () => {
      const m = await posTeam(a);
      expect(await warm(m, 'cashier1', 'checkout:operate', m.stores[0])).toBe(true);
      const res = await call(writer(), 'DELETE', `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`, { token: m.people.owner!.token, body: {} });
      expect(res.status).toBe(204);
      await settles(false, () => check(m, 'cashier1', 'checkout:operate', m.stores[0]));
    });

    it(`a profile change and a customer account deleted through ${via} count on the next check (seed 002)`, async () => {
      const m = await commerceOrg(a);
      const admin = m.people.globalAdmin!.token;
      const account = await newCustomer(a, m, 'Quartz Co');
      const profileId = await newProfile(a, m, 'Quartz customers', 'customer', { my_account: 'view' });
      const cust = await addOutsider(a, m.orgId, 'quartz', { audience: 'customer', profileId, customerIds: [account] });
      const ask = () =>
        call(a, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: admin, body: { userId: cust.userId, permission: 'my_account:update', customerId: account } }).then((r) => r.body.allowed as boolean);
      expect(await ask()).toBe(false);
      expect(await ask()).toBe(false);
      const changed = await call(writer(), 'PATCH', `/api/v1/orgs/${m.orgId}/profiles/${profileId}`, { token: admin, body: { levels: { my_account: 'edit' } } });
      expect(changed.status).toBe(200);
      await settles(true, ask);
      expect((await call(writer(), 'DELETE', `/api/v1/orgs/${m.orgId}/customers/${account}`, { token: admin, body: {} })).status).toBe(204);
      await settles(false, ask);
    });
  }

  it('a caller demoted through another instance loses access on their own next request', async () => {
    const m = await posTeam(a);
    const asAdmin = () => call(a, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: m.people.admin!.token });
    expect((await asAdmin()).status).toBe(200);
    expect((await asAdmin()).status).toBe(200);
    const res = await call(b, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${m.people.admin!.userId}`, {
      token: m.people.owner!.token,
      body: { roles: [{ role: 'cashier', storeIds: [m.stores[0]!] }] },
    });
    expect(res.status).toBe(200);
    const refused = () => call(a, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: m.people.admin!.token, body: { userId: m.people.owner!.userId, permission: 'team:read' } }).then((r) => r.status === 403);
    if (dialect === 'postgres') await eventually(true, refused);
    else expect(await refused()).toBe(true);
  });
});
