import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

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
