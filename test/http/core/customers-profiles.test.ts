/**
 * The customer account and profile APIs (seed 002): shapes, paging and search, plain 400s and
 * 409s that change nothing, deletes that clean up, and every change in the user history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { addOutsider, commerceOrg, newCustomer, newProfile } from './commerce-fixtures.js';

describe.each(dialects())('customer accounts and profiles (%s)', (dialect) => {
  let t: TestApp;
  let org: Merchant;
  const url = (path = '') => `/api/v1/orgs/${org.orgId}${path}`;
  const as = (method: string, path: string, body?: unknown) => call(t, method, url(path), { token: org.people.globalAdmin!.token, body });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    org = await commerceOrg(t);
  });
  afterAll(() => t.close());

  it('creates, reads, changes and lists customer accounts, paged by name and searchable by number', async () => {
    const made = await as('POST', '/customers', { name: 'Harbor Goods', number: 'H-1' });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ id: expect.any(String), name: 'Harbor Goods', number: 'H-1' });
    expect((await as('GET', `/customers/${made.body.id}`)).body).toEqual(made.body);
    expect((await as('PATCH', `/customers/${made.body.id}`, { number: null })).body).toEqual({ ...made.body, number: null });
    for (const name of ['Ivy Lane', 'Juniper Co', 'Kestrel Labs']) await newCustomer(t, org, name, name.slice(0, 1));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { name: string }[]; nextCursor: string | null } } = await as('GET', `/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Harbor Goods', 'Ivy Lane', 'Juniper Co', 'Kestrel Labs']);
    expect((await as('GET', '/customers?search=juni')).body.items.map((c: { name: string }) => c.name)).toEqual(['Juniper Co']);
  });

  it('an account number is unique in the org: 409 in plain words, nothing changed', async () => {
    const first = await newCustomer(t, org, 'Lumen Ltd', 'L-77');
    const clash = await as('POST', '/customers', { name: 'Other', number: 'L-77' });
    expect([clash.status, clash.body.code]).toEqual([409, 'already_exists']);
    expect(clash.body.detail).toBe('Account number "L-77" is already used by another customer account; choose another number.');
    const other = await newCustomer(t, org, 'Marble Inc');
    expect((await as('PATCH', `/customers/${other}`, { number: 'L-77' })).status).toBe(409);
    expect((await as('GET', `/customers/${other}`)).body.number).toBeNull();
    expect((await as('GET', `/customers/${first}`)).body.number).toBe('L-77');
  });

  it('creates a profile with every set shown, and refuses unknown sets, levels and payment methods plainly', async () => {
    const made = await as('POST', '/profiles', { name: 'Gold partners', audience: 'partner', levels: { my_subscriptions: 'edit', pay_invoices: 'edit' }, paymentMethods: ['ach'], homeTemplate: 'Gold home', configuration: { showUsage: true } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name: 'Gold partners',
      audience: 'partner',
      levels: { my_account: 'none', my_subscriptions: 'edit', configurations: 'none', pay_invoices: 'edit', my_customers: 'none', customer_search: 'none', autopay: 'none' },
      paymentMethods: ['ach'],
      homeTemplate: 'Gold home',
      configuration: { showUsage: true },
    });
    const bad: [unknown, string][] = [
      [{ name: 'X', audience: 'partner', levels: { billing: 'view' } }, '"billing" is not a permission set of a profile'],
      [{ name: 'X', audience: 'partner', levels: { my_account: 'admin' } }, '"admin" is not an access level; use none, view, edit, full.'],
      [{ name: 'X', audience: 'partner', levels: { pay_invoices: 'full' }, paymentMethods: ['gold_bars'] }, '"gold_bars" is not a payment method'],
      [{ name: 'X', audience: 'partner', levels: { pay_invoices: 'view' }, paymentMethods: ['ach'] }, 'Payment methods apply only when Pay Invoices is at edit or full'],
    ];
    for (const [body, detail] of bad) {
      const res = await as('POST', '/profiles', body);
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
      expect(res.body.detail).toContain(detail);
    }
    expect((await as('POST', '/profiles', { name: 'X', audience: 'staff', levels: {} })).status).toBe(400);
    const dup = await as('POST', '/profiles', { name: 'Gold partners', audience: 'customer', levels: {} });
    expect([dup.status, dup.body.code]).toEqual([409, 'already_exists']);
    expect((await as('GET', '/profiles')).body.items.map((p: { name: string }) => p.name)).toEqual(['Gold partners']);
    // Lowering Pay Invoices below edit while methods are set is refused too; the profile stays as it was.
    expect((await as('PATCH', `/profiles/${made.body.id}`, { levels: { pay_invoices: 'view' } })).status).toBe(400);
    expect((await as('GET', `/profiles/${made.body.id}`)).body).toEqual(made.body);
  });

  it('a profile in use is not deleted; an unused one is', async () => {
    const used = await newProfile(t, org, 'Silver customers', 'customer', { my_account: 'view' });
    const account = await newCustomer(t, org, 'Nimbus Co');
    await addOutsider(t, org.orgId, 'silver', { audience: 'customer', profileId: used, customerIds: [account] });
    const refused = await as('DELETE', `/profiles/${used}`, {});
    expect([refused.status, refused.body.code, refused.body.detail]).toEqual([409, 'profile_in_use', '1 person still uses this profile; move them to another profile first.']);
    expect((await as('GET', `/profiles/${used}`)).status).toBe(200);
    const unused = await newProfile(t, org, 'Bronze customers', 'customer', {});
    expect((await as('DELETE', `/profiles/${unused}`, {})).status).toBe(204);
    expect((await as('GET', `/profiles/${unused}`)).status).toBe(404);
  });

  it('deleting an account takes it from the people who held it, and the history names it', async () => {
    const account = await newCustomer(t, org, 'Orchid Partners');
    const keep = await newCustomer(t, org, 'Pine Traders');
    const exec = await addOutsider(t, org.orgId, 'orchid', { audience: 'partner', roles: [{ role: 'partner_account_executive' }], profileId: null, customerIds: [account, keep] });
    expect((await as('DELETE', `/customers/${account}`, {})).status).toBe(204);
    const rows = await t.deps.db.selectFrom('member_customers').select('customer_id').where('user_id', '=', exec.userId).execute();
    expect(rows.map((r) => r.customer_id)).toEqual([keep]);
    const history = await as('GET', '/audit?limit=200');
    expect(history.status).toBe(200);
    const summaries: string[] = history.body.items.map((e: { summary: string }) => e.summary);
    for (const line of [
      'added the customer account Orchid Partners.',
      'deleted the customer account Orchid Partners.',
      'changed the customer account Harbor Goods.',
      'created the profile Gold partners.',
      'deleted the profile Bronze customers.',
    ]) {
      expect(summaries.some((s) => s.endsWith(line)), line).toBe(true);
    }
  });
});
