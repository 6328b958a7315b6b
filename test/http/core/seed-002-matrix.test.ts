/**
 * Seed 002 (commerce): staff administrators, a partner administrator, partner account
 * executives (two customer accounts each) and customer users (one account), on profiles at
 * none / view / edit / full, over HTTP. Customer account operations and `check` with a
 * customer account agree, another account answers 404 like a missing one in every operation,
 * and a profile change counts on the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Merchant, Person } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { addOutsider, commerceOrg, newCustomer, newProfile } from './commerce-fixtures.js';

type Level = 'none' | 'view' | 'edit' | 'full';
const LEVELS: Level[] = ['none', 'view', 'edit', 'full'];
type Who = 'globalAdmin' | 'partnerAdmin' | `exec_${Level}` | `cust_${Level}`;
/** acme and bolt are the executives' accounts, cobalt nobody's, dune the customer users'. */
type Account = 'acme' | 'bolt' | 'cobalt' | 'dune' | 'missing';

// [who, permission, account, allowed] asked through POST /check by the global admin.
const checks: [Who, string, Account, boolean][] = [
  ['cust_view', 'my_account:read', 'dune', true],
  ['cust_view', 'my_account:update', 'dune', false],
  ['cust_view', 'pay_invoices:pay', 'dune', false],
  ['cust_none', 'my_account:read', 'dune', false],
  ['cust_edit', 'my_account:update', 'dune', true],
  ['cust_edit', 'pay_invoices:pay', 'dune', true],
  ['cust_edit', 'my_account:create', 'dune', false],
  ['cust_edit', 'my_account:delete', 'dune', false],
  ['cust_full', 'my_account:create', 'dune', true],
  ['cust_full', 'my_account:delete', 'dune', true],
  ['cust_full', 'my_account:read', 'acme', false],
  ['exec_view', 'my_subscriptions:read', 'bolt', true],
  ['exec_view', 'my_subscriptions:update', 'bolt', false],
  ['exec_edit', 'my_subscriptions:update', 'acme', true],
  ['exec_edit', 'my_subscriptions:create', 'acme', false],
  ['exec_edit', 'my_subscriptions:update', 'cobalt', false],
  ['exec_full', 'my_subscriptions:delete', 'bolt', true],
  ['exec_full', 'my_subscriptions:delete', 'dune', false],
  ['exec_none', 'customers:read', 'acme', true],
  ['exec_none', 'my_subscriptions:read', 'acme', false],
  ['globalAdmin', 'my_subscriptions:update', 'cobalt', true],
  ['globalAdmin', 'my_subscriptions:update', 'missing', false],
];

type Op = 'GET' | 'PATCH' | 'DELETE';
// [who, operation, account, status] on /customers/{id}. The executives' role lets them see
// their accounts whatever the profile; a customer user sees theirs only from My Account view up.
const operations: [Who, Op, Account, number][] = [
  ['cust_none', 'GET', 'dune', 404],
  ['cust_none', 'PATCH', 'dune', 404],
  ['cust_none', 'DELETE', 'dune', 404],
  ['cust_view', 'GET', 'dune', 200],
  ['cust_view', 'PATCH', 'dune', 403],
  ['cust_view', 'DELETE', 'dune', 403],
  ['cust_view', 'GET', 'acme', 404],
  ['cust_edit', 'PATCH', 'dune', 200],
  ['cust_edit', 'DELETE', 'dune', 403],
  ['exec_none', 'GET', 'acme', 200],
  ['exec_none', 'PATCH', 'acme', 403],
  ['exec_view', 'PATCH', 'bolt', 403],
  ['exec_edit', 'PATCH', 'acme', 200],
  ['exec_edit', 'DELETE', 'acme', 403],
  ...LEVELS.flatMap((l) => (['GET', 'PATCH', 'DELETE'] as Op[]).map((op): [Who, Op, Account, number] => [`exec_${l}`, op, 'cobalt', 404])),
  ['exec_full', 'GET', 'dune', 404],
  ['partnerAdmin', 'GET', 'acme', 200],
  ['partnerAdmin', 'GET', 'cobalt', 404],
  ['globalAdmin', 'GET', 'cobalt', 200],
  ['globalAdmin', 'PATCH', 'cobalt', 200],
  ['globalAdmin', 'GET', 'missing', 404],
];

// [who, may create an account]: a partner creates from My Customers full; a customer user never.
const creates: [Who, number][] = [
  ['globalAdmin', 201],
  ['partnerAdmin', 201],
  ['exec_view', 403],
  ['exec_edit', 403],
  ['exec_full', 201],
  ['cust_full', 403],
];

describe.each(dialects())('seed 002 matrix over HTTP (%s)', (dialect) => {
  let t: TestApp;
  let org: Merchant;
  const people: Partial<Record<Who, Person>> = {};
  const accounts: Record<string, string> = {};
  const url = (path = '') => `/api/v1/orgs/${org.orgId}${path}`;
  const admin = () => org.people.globalAdmin!.token;
  const check = async (who: Who, permission: string, account: Account) =>
    call(t, 'POST', url('/check'), { token: admin(), body: { userId: people[who]!.userId, permission, customerId: accounts[account] } });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await commerceOrg(t);
    people.globalAdmin = org.people.globalAdmin;
    accounts.acme = await newCustomer(t, org, 'Acme Outfitters', 'A-100');
    accounts.bolt = await newCustomer(t, org, 'Bolt Supplies', 'B-200');
    accounts.cobalt = await newCustomer(t, org, 'Cobalt Farms', 'C-300');
    accounts.dune = await newCustomer(t, org, 'Dune Coffee', 'D-400');
    accounts.missing = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
    const mine = [accounts.acme!, accounts.bolt!];
    people.partnerAdmin = await addOutsider(t, org.orgId, 'padmin', { audience: 'partner', roles: [{ role: 'partner_admin' }], profileId: await newProfile(t, org, 'Partner admins', 'partner', { my_customers: 'view' }), customerIds: mine });
    for (const level of LEVELS) {
      const partner = await newProfile(t, org, `Partners ${level}`, 'partner', { my_customers: level, my_subscriptions: level });
      people[`exec_${level}`] = await addOutsider(t, org.orgId, `exec${level}`, { audience: 'partner', roles: [{ role: 'partner_account_executive' }], profileId: partner, customerIds: mine });
      const customer = await newProfile(t, org, `Customers ${level}`, 'customer', { my_account: level, pay_invoices: level });
      people[`cust_${level}`] = await addOutsider(t, org.orgId, `cust${level}`, { audience: 'customer', profileId: customer, customerIds: [accounts.dune!] });
    }
  });
  afterAll(() => t.close());

  it.each(checks)('check: %s asks %s for %s → %s', async (who, permission, account, allowed) => {
    const res = await check(who, permission, account);
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(allowed);
    expect(res.body.reasons.length).toBeGreaterThan(0);
  });

  it('check explains in plain reasons, with the profile’s name', async () => {
    expect((await check('exec_edit', 'my_subscriptions:update', 'acme')).body.reasons).toEqual([
      `profile "Partners edit" grants my_subscriptions:update for customer account ${accounts.acme}`,
    ]);
    expect((await check('exec_edit', 'my_subscriptions:update', 'cobalt')).body.reasons).toEqual([
      `customer account ${accounts.cobalt} is not one of this user's customer accounts`,
    ]);
    expect((await check('globalAdmin', 'customers:read', 'missing')).body).toEqual({ allowed: false, reasons: ['no such customer account in this organization'] });
  });

  it.each(operations)('%s %s the %s account → %i', async (who, op, account, status) => {
    const path = url(`/customers/${accounts[account]}`);
    // A delete that would succeed is tried on an account made for it (the others stay for the other rows).
    const before = await call(t, 'GET', path, { token: admin() });
    const body = op === 'PATCH' ? { name: before.body?.name ?? 'Renamed' } : op === 'DELETE' ? {} : undefined;
    const res = await call(t, op, path, { token: people[who]!.token, body });
    expect([res.status, res.body?.code]).toEqual([status, status === 404 ? 'not_found' : status === 403 ? 'forbidden' : undefined]);
    if (status === 404) expect(res.body.detail).toBe('No such customer account.');
    const after = await call(t, 'GET', path, { token: admin() });
    expect(after.status).toBe(before.status);
    if (before.status === 200) expect(after.body).toEqual(before.body);
  });

  it.each(creates)('%s creates an account → %i', async (who, status) => {
    const res = await call(t, 'POST', url('/customers'), { token: people[who]!.token, body: { name: `Made by ${who}` } });
    expect(res.status).toBe(status);
    if (status !== 201) return;
    // A partner who made an account can see it (it is theirs); staff see every account anyway.
    expect((await call(t, 'GET', url(`/customers/${res.body.id}`), { token: people[who]!.token })).status).toBe(200);
  });

  it('full deletes an account of theirs; it leaves everyone who held it', async () => {
    const spare = await newCustomer(t, org, 'Spare Parts Ltd');
    const holder = await addOutsider(t, org.orgId, 'holder', { audience: 'partner', roles: [{ role: 'partner_account_executive' }], profileId: null, customerIds: [spare, accounts.acme!] });
    const full = await addOutsider(t, org.orgId, 'fuller', {
      audience: 'customer',
      profileId: (await call(t, 'GET', url('/profiles?audience=customer'), { token: admin() })).body.items.find((p: { name: string }) => p.name === 'Customers full').id,
      customerIds: [spare],
    });
    expect((await call(t, 'DELETE', url(`/customers/${spare}`), { token: full.token, body: {} })).status).toBe(204);
    expect((await call(t, 'GET', url(`/customers/${spare}`), { token: admin() })).status).toBe(404);
    const list = await call(t, 'GET', url('/customers'), { token: holder.token });
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([accounts.acme]);
    expect((await check('globalAdmin', 'customers:read', 'acme')).body.allowed).toBe(true);
  });

  it('lists show a partner or customer user only their own accounts', async () => {
    const names = async (who: Who) => (await call(t, 'GET', url('/customers?limit=200'), { token: people[who]!.token })).body.items.map((c: { name: string }) => c.name);
    expect(await names('exec_view')).toEqual(['Acme Outfitters', 'Bolt Supplies']);
    expect(await names('cust_view')).toEqual(['Dune Coffee']);
    expect(await names('globalAdmin')).toEqual(expect.arrayContaining(['Acme Outfitters', 'Bolt Supplies', 'Cobalt Farms', 'Dune Coffee']));
    // A search never finds someone else's account.
    expect((await call(t, 'GET', url('/customers?search=cobalt'), { token: people.exec_full!.token })).body.items).toEqual([]);
    expect((await call(t, 'GET', url('/customers?search=C-300'), { token: admin() })).body.items.map((c: { name: string }) => c.name)).toEqual(['Cobalt Farms']);
    // My Account at none: not even the list.
    expect((await call(t, 'GET', url('/customers'), { token: people.cust_none!.token })).status).toBe(403);
  });

  it('profiles are for global and system administrators only', async () => {
    expect((await call(t, 'GET', url('/profiles'), { token: org.people.systemAdmin!.token })).status).toBe(200);
    for (const who of ['partnerAdmin', 'exec_full', 'cust_full'] as Who[]) {
      expect((await call(t, 'GET', url('/profiles'), { token: people[who]!.token })).status, who).toBe(403);
    }
  });

  it('a profile change counts on the next request', async () => {
    const profileId = await newProfile(t, org, 'Switching', 'customer', { my_account: 'view' });
    const switcher = await addOutsider(t, org.orgId, 'switcher', { audience: 'customer', profileId, customerIds: [accounts.dune!] });
    const ask = () => call(t, 'POST', url('/check'), { token: switcher.token, body: { userId: switcher.userId, permission: 'my_account:update', customerId: accounts.dune } });
    const dune = url(`/customers/${accounts.dune}`);
    // Warm the cache first: the change must still count at once.
    expect((await ask()).body.allowed).toBe(false);
    expect((await call(t, 'PATCH', dune, { token: switcher.token, body: { name: 'Dune Coffee' } })).status).toBe(403);
    expect((await call(t, 'PATCH', url(`/profiles/${profileId}`), { token: admin(), body: { levels: { my_account: 'edit' } } })).status).toBe(200);
    expect((await ask()).body).toEqual({ allowed: true, reasons: [`profile "Switching" grants my_account:update for customer account ${accounts.dune}`] });
    expect((await call(t, 'PATCH', dune, { token: switcher.token, body: { name: 'Dune Coffee' } })).status).toBe(200);
    expect((await call(t, 'PATCH', url(`/profiles/${profileId}`), { token: admin(), body: { levels: { my_account: 'none' } } })).status).toBe(200);
    expect((await call(t, 'GET', dune, { token: switcher.token })).status).toBe(404);
  });
});
