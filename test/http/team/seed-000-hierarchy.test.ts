/**
 * Seed 000 (pos): "org_admin > org_manager > store_admin > store_manager > stocker / cashier".
 * Every actor × every role: invite, the options list, and removing a holder of that role, over
 * HTTP. Allowed exactly when the role ranks below the actor's (the top admin may grant itself),
 * store-level actors stay in their store, and cashiers and stockers manage nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { addTarget, teamState } from './helpers.js';

const ROLES = ['org_admin', 'org_manager', 'store_admin', 'store_manager', 'cashier', 'stocker'] as const;
type Role = (typeof ROLES)[number];
const RANK: Record<Role, number> = { org_admin: 100, org_manager: 80, store_admin: 60, store_manager: 40, cashier: 10, stocker: 10 };
const ORG_LEVEL = new Set<Role>(['org_admin', 'org_manager']);
const MANAGES = new Set<Role>(['org_admin', 'org_manager', 'store_admin', 'store_manager']);

function mayGive(actor: Role, role: Role): boolean {
  if (!MANAGES.has(actor)) return false;
  if (actor === 'org_admin') return true;
  return RANK[role] < RANK[actor];
}

const cases = ROLES.flatMap((actor) => ROLES.map((role) => [actor, role, mayGive(actor, role)] as const));

describe.each(dialects())('seed 000 hierarchy over HTTP (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  const assignment = (role: Role) => (ORG_LEVEL.has(role) ? { role } : { role, storeIds: [m.stores[0]!] });
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, {
      storeCount: 2,
      team: {
        org_admin: () => [{ role: 'org_admin' }],
        org_manager: () => [{ role: 'org_manager' }],
        store_admin: (s) => [{ role: 'store_admin', storeIds: [s[0]!] }],
        store_manager: (s) => [{ role: 'store_manager', storeIds: [s[0]!] }],
        cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }],
        stocker: (s) => [{ role: 'stocker', storeIds: [s[0]!] }],
      },
    });
  });
  afterAll(() => t.close());

  it.each(ROLES)('options for %s list exactly the roles it may give', async (actor) => {
    const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/invitations/options`, { token: m.people[actor]!.token });
    expect(res.status).toBe(200);
    const offered = res.body.roles.map((r: { role: string }) => r.role).sort();
    expect(offered).toEqual(ROLES.filter((r) => mayGive(actor, r)).sort());
    expect(res.body.canInvite).toBe(MANAGES.has(actor));
  });

  it.each(cases)('%s invites a %s → allowed: %s', async (actor, role, allowed) => {
    const before = await teamState(t, m.orgId);
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, {
      token: m.people[actor]!.token,
      body: { email: `${actor}.${role}@hierarchy.test`, roles: [assignment(role)] },
    });
    if (allowed) expect(res.status).toBe(201);
    else {
      expect([res.status, res.body.code]).toEqual([403, MANAGES.has(actor) ? 'role_not_assignable' : 'forbidden']);
      expect(await teamState(t, m.orgId)).toEqual(before);
    }
  });

  it.each(cases)('%s removes a %s → allowed: %s', async (actor, role, allowed) => {
    const target = await addTarget(t, m.orgId, [assignment(role)], role);
    const detail = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${target}`, { token: m.people[actor]!.token });
    if (MANAGES.has(actor)) expect(detail.body.actions.canRemove).toBe(allowed);
    const before = await teamState(t, m.orgId);
    const res = await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/members/${target}`, { token: m.people[actor]!.token, body: {} });
    if (allowed) expect(res.status).toBe(204);
    else {
      expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
      expect(await teamState(t, m.orgId)).toEqual(before);
    }
  });

  // Managers and admins see every store's name, ID and address (SPEC §1); cashiers and
  // stockers read the details of the stores they work in, and others answer 404.
  it.each(ROLES)('stores list for %s', async (actor) => {
    const token = m.people[actor]!.token;
    const everyStore = actor !== 'cashier' && actor !== 'stocker';
    const list = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { code: string }) => s.code)).toEqual(everyStore ? ['S1', 'S2'] : ['S1']);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores/${m.stores[1]!}`, { token })).status).toBe(everyStore ? 200 : 404);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores/${m.stores[0]!}`, { token })).status).toBe(200);
  });
});
