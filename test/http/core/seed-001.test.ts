import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { newId } from '../../../src/lib/ids.js';

/** Seed 001 (merchant portal) through real HTTP: the manager case and the billing-level rules. */
describe.each(dialects())('seed 001 over HTTP (%s)', (dialect) => {
  let t: TestApp;
  const team = {
    administrator: () => [{ role: 'administrator' }],
    manager: (s: string[]) => [{ role: 'manager', storeIds: [s[0]!] }],
    accountant: (s: string[]) => [{ role: 'accountant', storeIds: [s[0]!] }],
    member1: (s: string[]) => [{ role: 'team_member', storeIds: [s[0]!] }],
    member2: (s: string[]) => [{ role: 'team_member', storeIds: [s[1]!] }],
  };
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  const check = (m: Merchant, as: string, who: string, permission: string, storeId?: string) =>
    call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: m.people[as]!.token, body: { userId: m.people[who]!.userId, permission, ...(storeId ? { storeId } : {}) } });

  it('a manager sees every member and every store, but edits only members of their own stores', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team });
    const token = m.people.manager!.token;
    const members = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token });
    expect(members.status).toBe(200);
    expect(members.body.items).toHaveLength(5);
    const stores = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores`, { token });
    expect(stores.body.items.map((s: { code: string; address: string }) => [s.code, s.address])).toEqual([
      ['S1', '1 High Street'],
      ['S2', '2 High Street'],
      ['S3', '3 High Street'],
    ]);
    const own = `/api/v1/orgs/${m.orgId}/members/${m.people.member1!.userId}`;
    const other = `/api/v1/orgs/${m.orgId}/members/${m.people.member2!.userId}`;
    expect((await call(t, 'GET', other, { token })).body.actions.canEdit).toBe(false);
    expect((await call(t, 'GET', own, { token })).body.actions.canEdit).toBe(true);
    const forged = await call(t, 'DELETE', other, { token });
    expect(forged.status).toBe(403);
    expect((await call(t, 'GET', other, { token })).status).toBe(200);
    expect((await call(t, 'DELETE', own, { token })).status).toBe(204);
  });

  it('accountant and team member cannot invite or edit anyone', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team });
    for (const as of ['accountant', 'member1']) {
      const res = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${m.people.member2!.userId}`, {
        token: m.people[as]!.token,
        body: { roles: [{ role: 'team_member', storeIds: [m.stores[0]] }] },
      });
      expect([403, 404]).toContain(res.status);
    }
  });

  it('billing at store level: the accountant sees only their stores; the manager sees invoices and bank accounts', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team, billingLevel: 'store' });
    const [s1, s2] = m.stores;
    expect((await check(m, 'administrator', 'accountant', 'invoices:read', s1)).body.allowed).toBe(true);
    expect((await check(m, 'administrator', 'accountant', 'invoices:read', s2)).body.allowed).toBe(false);
    expect((await check(m, 'administrator', 'manager', 'invoices:read', s1)).body.allowed).toBe(true);
    expect((await check(m, 'administrator', 'manager', 'bank_accounts:read', s1)).body.allowed).toBe(true);
  });

  it('billing at org level: the accountant sees every store; the manager loses invoices and bank accounts', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team, billingLevel: 'org' });
    const [s1, s2] = m.stores;
    const acc = await check(m, 'administrator', 'accountant', 'payouts:read', s2);
    expect(acc.body.allowed).toBe(true);
    expect(acc.body.reasons.join(' ')).toMatch(/org/);
    expect((await check(m, 'administrator', 'manager', 'invoices:read', s1)).body.allowed).toBe(false);
    expect((await check(m, 'administrator', 'manager', 'bank_accounts:read', s1)).body.allowed).toBe(false);
    // Switching the org's setting changes the answer on the very next request (SPEC rule 7).
    const patch = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}`, { token: m.people.administrator!.token, body: { settings: { billingLevel: 'store' } } });
    expect(patch.status).toBe(200);
    expect((await check(m, 'administrator', 'manager', 'invoices:read', s1)).body.allowed).toBe(true);
    expect((await check(m, 'administrator', 'accountant', 'payouts:read', s2)).body.allowed).toBe(false);
  });

  it('billed at org level but settled per store: separate settings, and the manager sees bank accounts but not invoices', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team, billingLevel: 'org' });
    const token = m.people.administrator!.token;
    const org = `/api/v1/orgs/${m.orgId}`;
    expect((await call(t, 'GET', org, { token })).body.settings).toMatchObject({ billingLevel: 'org', settlementLevel: 'org', customerSignup: false, defaultCustomerProfileId: null });
    expect((await check(m, 'administrator', 'manager', 'bank_accounts:read', m.stores[0])).body.allowed).toBe(false);
    const patch = await call(t, 'PATCH', org, { token, body: { settings: { settlementLevel: 'store' } } });
    expect(patch.body.settings).toMatchObject({ billingLevel: 'org', settlementLevel: 'store' });
    const bank = await check(m, 'administrator', 'manager', 'bank_accounts:read', m.stores[0]);
    expect(bank.body.allowed).toBe(true);
    expect(bank.body.reasons.join(' ')).toMatch(/payouts are settled per store/);
    expect((await check(m, 'administrator', 'manager', 'invoices:read', m.stores[0])).body.allowed).toBe(false);
    // Split levels are not "single billing and payouts": the accountant keeps to their stores.
    expect((await check(m, 'administrator', 'accountant', 'payouts:read', m.stores[1])).body.allowed).toBe(false);
    const audit = await call(t, 'GET', `${org}/audit`, { token });
    const changed = audit.body.items.find((e: { action: string }) => e.action === 'org.updated');
    expect(changed.changes).toContainEqual({ field: 'Payouts settled', before: 'for the whole business', after: 'per store' });
  });

  it('customer sign-up lands on a customer profile of the org, nothing else', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team });
    const other = await createMerchant(t, { preset: 'merchant-portal', team: { administrator: team.administrator } });
    const token = m.people.administrator!.token;
    const org = `/api/v1/orgs/${m.orgId}`;
    const now = t.deps.clock().toISOString();
    const profile = (orgId: string, name: string, audience: 'customer' | 'partner') => {
      const id = newId();
      return t.deps.db
        .insertInto('profiles')
        .values({ id, org_id: orgId, name, audience, levels: '{}', payment_methods: '[]', home_template: null, configuration: '{}', created_at: now, updated_at: now })
        .execute()
        .then(() => id);
    };
    const customers = await profile(m.orgId, 'Customers', 'customer');
    const partners = await profile(m.orgId, 'Partners', 'partner');
    const elsewhere = await profile(other.orgId, 'Customers', 'customer');
    for (const [id, detail] of [
      [partners, /not a customer profile/],
      [elsewhere, /No such profile/],
      [newId(), /No such profile/],
    ] as const) {
      const res = await call(t, 'PATCH', org, { token, body: { settings: { customerSignup: true, defaultCustomerProfileId: id } } });
      expect([res.status, res.body.code]).toEqual([400, 'unknown_profile']);
      expect(res.body.detail).toMatch(detail);
    }
    expect((await call(t, 'GET', org, { token })).body.settings).toMatchObject({ customerSignup: false, defaultCustomerProfileId: null });
    const ok = await call(t, 'PATCH', org, { token, body: { settings: { customerSignup: true, defaultCustomerProfileId: customers } } });
    expect(ok.body.settings).toMatchObject({ customerSignup: true, defaultCustomerProfileId: customers });
    const cleared = await call(t, 'PATCH', org, { token, body: { settings: { defaultCustomerProfileId: null } } });
    expect(cleared.body.settings.defaultCustomerProfileId).toBeNull();
  });

  it('only the account owner signs documents', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team: { ...team, admin2: () => [{ role: 'administrator' }] } });
    expect((await check(m, 'administrator', 'administrator', 'documents:sign')).body.allowed).toBe(true);
    const other = await check(m, 'administrator', 'admin2', 'documents:sign');
    expect(other.body.allowed).toBe(false);
    expect(other.body.reasons.join(' ')).toMatch(/owner/);
  });

  it('a renamed role keeps answering to its old name', async () => {
    const m = await createMerchant(t, { preset: 'merchant-portal', team });
    const token = m.people.administrator!.token;
    const legacy = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/roles/Staff`, { token });
    expect(legacy.body.key).toBe('team_member');
    const renamed = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/roles/team_member`, { token, body: { name: 'Crew' } });
    expect(renamed.body.legacyNames).toContain('Team member');
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/roles/Team%20member`, { token })).body.key).toBe('team_member');
  });
});
