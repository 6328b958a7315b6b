import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

/** Custom roles (permission groups): CRUD, renames, and no way around the delegation rules. */
describe.each(dialects())('roles (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let base: string;
  const owner = () => m.people.owner!.token;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
    base = `/api/v1/orgs/${m.orgId}/roles`;
  });
  afterAll(() => t.close());

  it('lists the preset roles, highest rank first', async () => {
    const res = await call(t, 'GET', base, { token: m.people.manager1!.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { key: string }) => r.key)).toEqual(['org_admin', 'org_manager', 'store_admin', 'store_manager', 'cashier', 'stocker']);
  });

  it('creates, renames (keeping the old name), assigns, refuses to delete while in use, then deletes', async () => {
    const created = await call(t, 'POST', base, {
      token: owner(),
      body: { key: 'shift_lead', name: 'Shift lead', scope: 'store', rank: 30, permissions: ['checkout:operate', 'sales:read', 'payments:void'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.builtIn).toBe(false);
    const renamed = await call(t, 'PATCH', `${base}/shift_lead`, { token: owner(), body: { name: 'Floor lead' } });
    expect(renamed.body.legacyNames).toEqual(['Shift lead']);
    expect((await call(t, 'GET', `${base}/Shift%20lead`, { token: owner() })).body.key).toBe('shift_lead');
    const member = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`;
    expect((await call(t, 'PATCH', member, { token: owner(), body: { roles: [{ role: 'Floor lead', storeIds: [m.stores[0]] }] } })).status).toBe(200);
    const inUse = await call(t, 'DELETE', `${base}/shift_lead`, { token: owner() });
    expect(inUse.body.code).toBe('role_in_use');
    await call(t, 'PATCH', member, { token: owner(), body: { roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] } });
    expect((await call(t, 'DELETE', `${base}/shift_lead`, { token: owner() })).status).toBe(204);
    expect((await call(t, 'GET', `${base}/shift_lead`, { token: owner() })).status).toBe(404);
  });

  it('built-in roles keep their place in the role order and cannot be deleted', async () => {
    const moved = await call(t, 'PATCH', `${base}/cashier`, { token: owner(), body: { rank: 45, permissions: ['reports:read'] } });
    expect([moved.status, moved.body.code]).toEqual([409, 'built_in_role']);
    const cashier = (await call(t, 'GET', `${base}/cashier`, { token: owner() })).body;
    expect([cashier.rank, [...cashier.permissions].sort(), cashier.customized]).toEqual([10, ['checkout:operate', 'payments:read', 'sales:read', 'stores:read'], false]);
    expect((await call(t, 'DELETE', `${base}/cashier`, { token: owner() })).body.code).toBe('built_in_role');
  });

  it('nobody defines a role above their rank or with permissions they do not hold', async () => {
    // Give the org manager the right to administer roles, but not everything an admin holds.
    const mgr = `/api/v1/orgs/${m.orgId}/members/${m.people.orgManager!.userId}`;
    expect((await call(t, 'PATCH', mgr, { token: owner(), body: { overrides: [{ permission: 'org:update', effect: 'allow' }] } })).status).toBe(200);
    const token = m.people.orgManager!.token;
    const above = await call(t, 'POST', base, { token, body: { key: 'deputy', name: 'Deputy', scope: 'org', rank: 90, permissions: ['sales:read'] } });
    expect(above.body.code).toBe('role_not_assignable');
    const more = await call(t, 'POST', base, { token, body: { key: 'banker', name: 'Banker', scope: 'org', rank: 20, permissions: ['bank_accounts:delete'] } });
    expect(more.body.code).toBe('permission_not_held');
    const top = await call(t, 'POST', base, { token: owner(), body: { key: 'coadmin', name: 'Co-admin', scope: 'org', rank: 100, permissions: ['sales:read'] } });
    expect(top.body.code).toBe('validation_failed');
    const roles = (await call(t, 'GET', base, { token: owner() })).body.items.map((r: { key: string }) => r.key);
    expect(roles).not.toContain('deputy');
    expect(roles).not.toContain('banker');
  });

  it('members without team:manage cannot touch roles', async () => {
    const res = await call(t, 'POST', base, { token: m.people.cashier1!.token, body: { key: 'x_role', name: 'X', scope: 'store', rank: 5, permissions: [] } });
    expect(res.status).toBe(403);
  });
});
