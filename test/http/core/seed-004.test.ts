import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

/**
 * Seed 004 (retail) through real HTTP: permission groups are edited per org — "Sales staff can
 * now void payments: change the group once, not 8 users" — and reset to the preset, without a
 * way around the delegation rules or a way for the org to lock itself out.
 */
describe.each(dialects())('seed 004 permission groups over HTTP (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let roles: string;
  const SALES = ['sales1', 'sales2', 'sales3', 'sales4', 'sales5', 'sales6', 'sales7', 'sales8'];
  const admin = () => m.people.admin!.token;
  const storeOf = (name: string) => (Number(name.slice(-1)) <= 4 ? m.stores[0]! : m.stores[1]!);
  /** Each salesperson asks about themself, with their own session: their next request. */
  const voidFor = async (name: string) => {
    const p = m.people[name]!;
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: p.token, body: { userId: p.userId, permission: 'payments:void', storeId: storeOf(name) } });
    expect(res.status).toBe(200);
    return res.body.allowed as boolean;
  };
  const everyone = () => Promise.all(SALES.map(voidFor));
  const sales = async () => (await call(t, 'GET', `${roles}/sales`, { token: admin() })).body;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, {
      preset: 'retail',
      storeCount: 2,
      team: {
        admin: () => [{ role: 'admin' }],
        office: (s) => [{ role: 'counter_staff', storeIds: [s[0]!] }],
        counter: (s) => [{ role: 'counter_staff', storeIds: [s[0]!] }],
        ...Object.fromEntries(SALES.map((n) => [n, (s: string[]) => [{ role: 'sales', storeIds: [Number(n.slice(-1)) <= 4 ? s[0]! : s[1]!] }]])),
      },
    });
    roles = `/api/v1/orgs/${m.orgId}/roles`;
    // A back-office role that may administer roles but holds neither voids nor refunds.
    const office = await call(t, 'POST', roles, {
      token: admin(),
      body: { key: 'office', name: 'Back office', scope: 'org', rank: 60, permissions: ['team:read', 'team:manage', 'org:read', 'org:update', 'payments:read', 'customers:read', 'sales:read'] },
    });
    expect(office.status).toBe(201);
    const moved = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${m.people.office!.userId}`, { token: admin(), body: { roles: [{ role: 'office' }] } });
    expect(moved.status).toBe(200);
  });
  afterAll(() => t.close());

  it('edits the Sales group once and all 8 salespeople can void on their next request; reset takes it back', async () => {
    expect(await everyone()).toEqual(SALES.map(() => false));
    expect((await sales()).customized).toBe(false);
    const before = await sales();
    const edited = await call(t, 'PATCH', `${roles}/Sales`, { token: admin(), body: { permissions: [...before.permissions, 'payments:void'] } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ key: 'sales', scope: 'store', rank: 50, builtIn: true, customized: true });
    expect(await everyone()).toEqual(SALES.map(() => true));
    // Only in their own stores: the group changed, not their store lists.
    const other = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: m.people.sales1!.token, body: { userId: m.people.sales1!.userId, permission: 'payments:void', storeId: m.stores[1]! } });
    expect(other.body.allowed).toBe(false);

    const reset = await call(t, 'POST', `${roles}/sales/reset`, { token: admin(), body: {} });
    expect(reset.status).toBe(200);
    expect(reset.body.customized).toBe(false);
    expect([...reset.body.permissions].sort()).toEqual([...before.permissions].sort());
    expect(await everyone()).toEqual(SALES.map(() => false));

    const audit = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit`, { token: admin() });
    const summaries = audit.body.items.map((e: { summary: string }) => e.summary);
    expect(summaries).toContain('admin Tester changed the role Sales: can now void payments.');
    expect(summaries).toContain('admin Tester put the role Sales back to its preset: can no longer void payments.');
  });

  it('a renamed group keeps answering to its old name, and reset keeps the edited name too', async () => {
    const renamed = await call(t, 'PATCH', `${roles}/counter_staff`, { token: admin(), body: { name: 'Till staff' } });
    expect(renamed.body).toMatchObject({ name: 'Till staff', legacyNames: ['Counter Staff'], customized: true });
    expect((await call(t, 'GET', `${roles}/Counter%20Staff`, { token: admin() })).body.key).toBe('counter_staff');
    const reset = await call(t, 'POST', `${roles}/Till%20staff/reset`, { token: admin(), body: {} });
    expect(reset.body).toMatchObject({ name: 'Counter Staff', legacyNames: ['Till staff'], customized: false });
    expect((await call(t, 'GET', `${roles}/Till%20staff`, { token: admin() })).body.key).toBe('counter_staff');
  });

  it('an editor cannot add a permission they do not hold, nor touch a group at or above their own', async () => {
    const token = m.people.office!.token;
    const before = await sales();
    const more = await call(t, 'PATCH', `${roles}/sales`, { token, body: { permissions: [...before.permissions, 'payments:void'] } });
    expect([more.status, more.body.code]).toEqual([403, 'permission_not_held']);
    expect(more.body.detail).toMatch(/void payments/);
    expect(more.body.detail).not.toMatch(/payments:void/);
    const above = await call(t, 'PATCH', `${roles}/admin`, { token, body: { permissions: ['team:read'] } });
    expect([above.status, above.body.code]).toEqual([403, 'role_not_assignable']);
    // Taking away what they do not hold is not granting it.
    const less = await call(t, 'PATCH', `${roles}/sales`, { token, body: { permissions: before.permissions.filter((p: string) => p !== 'payments:refund') } });
    expect(less.status).toBe(200);
    expect(await sales()).toMatchObject({ customized: true });
    // Reset gives refunds back, which the editor does not hold; an admin can.
    expect((await call(t, 'POST', `${roles}/sales/reset`, { token, body: {} })).body.code).toBe('permission_not_held');
    expect((await call(t, 'POST', `${roles}/sales/reset`, { token: admin(), body: {} })).body.customized).toBe(false);
  });

  it('the top admin group cannot be stripped into a lock-out', async () => {
    const top = (await call(t, 'GET', `${roles}/admin`, { token: admin() })).body;
    const stripped = await call(t, 'PATCH', `${roles}/admin`, { token: admin(), body: { permissions: top.permissions.filter((p: string) => p !== 'team:manage') } });
    expect([stripped.status, stripped.body.code]).toEqual([409, 'top_admin_role_locked']);
    expect(stripped.body.detail).toMatch(/manage who has access/);
    expect((await call(t, 'GET', `${roles}/admin`, { token: admin() })).body.permissions).toEqual(top.permissions);
    // Anything else may go, and comes back with a reset.
    const trimmed = await call(t, 'PATCH', `${roles}/admin`, { token: admin(), body: { permissions: top.permissions.filter((p: string) => p !== 'activation_codes:delete') } });
    expect([trimmed.status, trimmed.body.customized]).toEqual([200, true]);
    const back = await call(t, 'POST', `${roles}/admin/reset`, { token: admin(), body: {} });
    expect([back.status, back.body.customized, back.body.topAdmin, back.body.rank]).toEqual([200, false, true, 100]);
  });

  it('counter staff and sales read their own stores only', async () => {
    for (const [name, code] of [['counter', 'S1'], ['sales6', 'S2']] as const) {
      const token = m.people[name]!.token;
      const list = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores`, { token });
      expect(list.body.items.map((s: { code: string }) => s.code)).toEqual([code]);
    }
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores/${m.stores[1]!}`, { token: m.people.counter!.token })).status).toBe(404);
  });

  it('a custom role has no preset to reset to, and built-in roles keep their rank', async () => {
    expect((await call(t, 'POST', `${roles}/office/reset`, { token: admin(), body: {} })).body.code).toBe('conflict');
    expect((await call(t, 'PATCH', `${roles}/sales`, { token: admin(), body: { rank: 70 } })).body.code).toBe('built_in_role');
  });
});
