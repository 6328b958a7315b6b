import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

/** Text a person reads must not carry ids, permission keys or seed references (issue 16). */
function expectPlain(texts: readonly string[]): void {
  for (const s of texts) {
    expect(s).not.toMatch(/\b[0-9a-hjkmnp-tv-z]{26}\b/i);
    expect(s).not.toMatch(/\b[a-z_]+:[a-z_]+\b/);
    expect(s).not.toMatch(/seed/i);
  }
}

/** `GET /orgs/{orgId}/my-access`: a member's own stores, roles in plain words, and admins to ask. */
describe.each(dialects())('my access (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('a cashier without team access sees their store, what the role lets them do, and the admins by name', async () => {
    const m = await posTeam(t);
    const me = m.people.cashier1!;
    // The team list stays closed to a cashier; their own access does not.
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: me.token })).status).toBe(403);
    const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/my-access`, { token: me.token });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.isOwner).toBe(false);
    expect(body.stores.map((s: { name: string }) => s.name)).toEqual(['Store 1']);
    expect(body.roles).toEqual([
      { key: 'cashier', name: 'Cashier', where: 'in Store 1', canDo: ['View store details.', 'View sales.', 'Take payments at the checkout.', 'View payments.'] },
    ]);
    expect(body.exceptions).toEqual([]);
    // The pos team has two org admins; the first is the account owner.
    expect(body.admins.map((a: { name: string; email: string; isOwner: boolean }) => [a.name, a.email, a.isOwner]).sort()).toEqual(
      [
        ['admin Tester', m.people.admin!.email, false],
        ['owner Tester', m.people.owner!.email, true],
      ].sort(),
    );
    expect(body.orgWidePermissions).not.toContain('team:read');
    expectPlain([...body.roles.flatMap((r: { where: string; canDo: string[] }) => [r.where, ...r.canDo])]);
  });

  it('a store manager holds team access org-wide; overrides read as plain exceptions', async () => {
    const m = await posTeam(t);
    const patch = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${m.people.cashier12!.userId}`, {
      token: m.people.owner!.token,
      body: { overrides: [{ permission: 'payments:void', effect: 'allow', storeId: m.stores[1] }, { permission: 'sales:read', effect: 'deny' }] },
    });
    expect(patch.status).toBe(200);
    const cashier = (await call(t, 'GET', `/api/v1/orgs/${m.orgId}/my-access`, { token: m.people.cashier12!.token })).body;
    expect(cashier.roles[0].where).toBe('in Store 1 and Store 2');
    expect(cashier.exceptions).toEqual(['Also allowed: void payments in Store 2.', 'Not allowed: view sales everywhere.']);
    expectPlain(cashier.exceptions);
    const manager = (await call(t, 'GET', `/api/v1/orgs/${m.orgId}/my-access`, { token: m.people.manager1!.token })).body;
    expect(manager.orgWidePermissions).toContain('team:read');
    expect(manager.roles[0].canDo).toContain('View, add and change team members and manage who has access.');
  });

  it('an accountant billed at org level reaches every store; the owner sees themself among the admins', async () => {
    const m = await createMerchant(t, {
      preset: 'merchant-portal',
      billingLevel: 'org',
      team: { boss: () => [{ role: 'administrator' }], accountant: (s) => [{ role: 'accountant', storeIds: [s[0]!] }] },
    });
    const acc = (await call(t, 'GET', `/api/v1/orgs/${m.orgId}/my-access`, { token: m.people.accountant!.token })).body;
    expect(acc.stores.map((s: { name: string }) => s.name)).toEqual(['Store 1', 'Store 2', 'Store 3']);
    expect(acc.roles[0]).toMatchObject({ name: 'Accountant', where: 'in every store' });
    expect(acc.roles[0].canDo).toContain('View and download payouts.');
    expect(acc.admins).toEqual([{ userId: m.people.boss!.userId, name: 'boss Tester', email: m.people.boss!.email, isOwner: true }]);
    const boss = (await call(t, 'GET', `/api/v1/orgs/${m.orgId}/my-access`, { token: m.people.boss!.token })).body;
    expect(boss.isOwner).toBe(true);
    expect(boss.orgWidePermissions).toContain('team:read');
  });

  it('another org answers like an org that does not exist', async () => {
    const a = await posTeam(t);
    const b = await posTeam(t);
    const res = await call(t, 'GET', `/api/v1/orgs/${b.orgId}/my-access`, { token: a.people.cashier1!.token });
    expect(res.status).toBe(404);
    expect((await call(t, 'GET', `/api/v1/orgs/${a.orgId}/my-access`)).status).toBe(401);
  });
});
