/**
 * Seed 001 (merchant-portal): administrator, accountant, manager, team member ×
 * invite / edit / remove / see, over HTTP. Each refusal carries its code and changes nothing,
 * and the per-member `actions` agree with what the server then does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { addTarget, teamState } from './helpers.js';

type Actor = 'administrator' | 'accountant' | 'manager' | 'team_member';
type Outcome = 'ok' | 'forbidden' | 'store_not_assignable' | 'role_not_assignable' | 'permission_not_held';

// Targets live in store 1 (the manager's), store 2, or both.
type Where = 's1' | 's2' | 's12';

const see: Record<Actor, Outcome> = { administrator: 'ok', accountant: 'forbidden', manager: 'ok', team_member: 'forbidden' };

// [actor, role to invite, where, outcome] — seed 001: "Accountant and Team member roles cannot invite users";
// managers invite only to their stores and only roles below theirs; the accountant sees data the
// manager does not, so a manager cannot grant it (see presets/merchant-portal.ts).
const invites: [Actor, string, Where | null, Outcome][] = [
  ['administrator', 'administrator', null, 'ok'],
  ['administrator', 'accountant', 's2', 'ok'],
  ['administrator', 'manager', 's12', 'ok'],
  ['administrator', 'team_member', 's2', 'ok'],
  ['manager', 'team_member', 's1', 'ok'],
  ['manager', 'team_member', 's2', 'store_not_assignable'],
  ['manager', 'team_member', 's12', 'store_not_assignable'],
  ['manager', 'manager', 's1', 'role_not_assignable'],
  ['manager', 'accountant', 's1', 'permission_not_held'],
  ['manager', 'administrator', null, 'role_not_assignable'],
  ['accountant', 'team_member', 's1', 'forbidden'],
  ['team_member', 'team_member', 's1', 'forbidden'],
];

// [actor, target's stores, outcome for edit, outcome for remove] — seed 001: managers "add, amend
// and delete team members for the stores the manager has permissions for"; they cannot delete a
// member who also works in another store.
const members: [Actor, Where, Outcome, Outcome][] = [
  ['administrator', 's1', 'ok', 'ok'],
  ['administrator', 's2', 'ok', 'ok'],
  ['manager', 's1', 'ok', 'ok'],
  ['manager', 's2', 'store_not_assignable', 'store_not_assignable'],
  ['manager', 's12', 'ok', 'store_not_assignable'],
  ['accountant', 's1', 'forbidden', 'forbidden'],
  ['team_member', 's1', 'forbidden', 'forbidden'],
];

type Level = 'store' | 'org';

// [billed, settled, actor, permission, store, allowed] — seed 001: the manager views invoices
// "if billed at store level" and bank accounts "if settled and/or billed at store level"; the
// accountant sees every store only with "single billing and payouts" (neither per store).
const levels: [Level, Level, Actor, string, 's1' | 's2', boolean][] = [
  ['org', 'store', 'manager', 'bank_accounts:read', 's1', true],
  ['org', 'store', 'manager', 'invoices:read', 's1', false],
  ['store', 'org', 'manager', 'invoices:read', 's1', true],
  ['store', 'org', 'manager', 'bank_accounts:read', 's1', true],
  ['org', 'org', 'manager', 'bank_accounts:read', 's1', false],
  ['org', 'org', 'manager', 'invoices:read', 's1', false],
  ['store', 'store', 'manager', 'bank_accounts:read', 's2', false],
  ['org', 'store', 'accountant', 'payouts:read', 's1', true],
  ['org', 'store', 'accountant', 'payouts:read', 's2', false],
  ['org', 'store', 'accountant', 'invoices:read', 's2', false],
  ['store', 'org', 'accountant', 'payouts:read', 's2', false],
  ['org', 'org', 'accountant', 'payouts:read', 's2', true],
  ['org', 'org', 'team_member', 'sales:read', 's2', false],
];

// [actor, billed and settled at, the stores listed] — seed 001: accountants and team members
// "only see information for stores they have been given access to"; managers see every store's
// name, ID and address; single billing and payouts open every store to the accountant.
const storeLists: [Actor, Level, string[]][] = [
  ['administrator', 'store', ['S1', 'S2']],
  ['manager', 'store', ['S1', 'S2']],
  ['accountant', 'store', ['S1']],
  ['team_member', 'store', ['S1']],
  ['accountant', 'org', ['S1', 'S2']],
  ['team_member', 'org', ['S1']],
];

const STATUS: Record<Outcome, number> = { ok: 200, forbidden: 403, store_not_assignable: 403, role_not_assignable: 403, permission_not_held: 403 };

describe.each(dialects())('seed 001 matrix over HTTP (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  const stores = (w: Where | null) => (w === null ? undefined : w === 's1' ? [m.stores[0]!] : w === 's2' ? [m.stores[1]!] : [m.stores[0]!, m.stores[1]!]);
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, {
      preset: 'merchant-portal',
      storeCount: 2,
      team: {
        administrator: () => [{ role: 'administrator' }],
        accountant: (s) => [{ role: 'accountant', storeIds: [s[0]!] }],
        manager: (s) => [{ role: 'manager', storeIds: [s[0]!] }],
        team_member: (s) => [{ role: 'team_member', storeIds: [s[0]!] }],
      },
    });
  });
  afterAll(() => t.close());

  it.each(Object.entries(see))('see the team: %s → %s', async (actor, outcome) => {
    const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: m.people[actor]!.token });
    expect(res.status).toBe(STATUS[outcome as Outcome]);
    if (outcome === 'ok') expect(res.body.items.length).toBeGreaterThanOrEqual(4);
    else expect(res.body.code).toBe(outcome);
  });

  it.each(invites)('invite: %s offers %s in %s → %s', async (actor, role, where, outcome) => {
    const token = m.people[actor]!.token;
    const body = { email: `${actor}-${role}-${where}@invite.test`, roles: [{ role, ...(where ? { storeIds: stores(where) } : {}) }] };
    const before = await teamState(t, m.orgId);
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token, body });
    expect([res.status, res.body.code]).toEqual(outcome === 'ok' ? [201, undefined] : [403, outcome]);
    if (outcome !== 'ok') expect(await teamState(t, m.orgId)).toEqual(before);
    // The options endpoint offers exactly what the server accepts.
    const options = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/invitations/options`, { token });
    expect(options.status).toBe(200);
    const offered = options.body.roles.find((r: { role: string }) => r.role === role);
    const offeredHere = offered !== undefined && (offered.storeIds === 'all' || (stores(where) ?? []).every((s) => offered.storeIds.includes(s)));
    expect(offeredHere).toBe(outcome === 'ok');
  });

  it.each(members)('edit and remove: %s on a team member in %s → edit %s, remove %s', async (actor, where, edit, remove) => {
    const token = m.people[actor]!.token;
    const target = await addTarget(t, m.orgId, [{ role: 'team_member', storeIds: stores(where)! }]);
    const detail = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${target}`, { token: m.people.administrator!.token });
    expect(detail.status).toBe(200);
    if (see[actor] === 'ok') {
      const mine = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${target}`, { token });
      expect(mine.body.actions).toMatchObject({ canEdit: edit === 'ok', canRemove: remove === 'ok' });
    }
    // Edit: a deny override in store 1 (or store 2 for a store-2-only member).
    const storeId = where === 's2' ? m.stores[1]! : m.stores[0]!;
    let before = await teamState(t, m.orgId);
    const patch = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${target}`, { token, body: { overrides: [{ permission: 'sales:read', effect: 'deny', storeId }] } });
    expect([patch.status, patch.body.code]).toEqual(edit === 'ok' ? [200, undefined] : [STATUS[edit], edit]);
    if (edit === 'ok') expect(patch.body.overrides).toEqual([{ permission: 'sales:read', effect: 'deny', storeId }]);
    else expect(await teamState(t, m.orgId)).toEqual(before);
    before = await teamState(t, m.orgId);
    const del = await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/members/${target}`, { token, body: {} });
    expect([del.status, del.body?.code]).toEqual(remove === 'ok' ? [204, undefined] : [STATUS[remove], remove]);
    if (remove !== 'ok') expect(await teamState(t, m.orgId)).toEqual(before);
    else expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${target}`, { token: m.people.administrator!.token })).status).toBe(404);
  });

  const setLevels = async (billingLevel: Level, settlementLevel: Level) => {
    const res = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}`, { token: m.people.administrator!.token, body: { settings: { billingLevel, settlementLevel } } });
    expect(res.body.settings).toMatchObject({ billingLevel, settlementLevel });
  };

  it.each(levels)('billed %s, settled %s: %s asks for %s in %s → %s', async (billed, settled, actor, permission, where, allowed) => {
    await setLevels(billed, settled);
    const p = m.people[actor]!;
    // The member's own next request sees the new settings (SPEC rule 7).
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: p.token, body: { userId: p.userId, permission, storeId: stores(where)![0] } });
    expect(res.body.allowed).toBe(allowed);
    if (allowed && actor === 'manager') expect(res.body.reasons.join(' ')).toMatch(permission.startsWith('invoices') ? /billed per store/ : /(settled|billed) per store/);
    if (allowed && actor === 'accountant' && where === 's2') expect(res.body.reasons.join(' ')).toMatch(/billing and payouts are both at org level/);
  });

  it.each(storeLists)('stores list: %s, billed and settled at %s level → %j', async (actor, level, codes) => {
    await setLevels(level, level);
    const token = m.people[actor]!.token;
    const list = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { code: string }) => s.code)).toEqual(codes);
    const other = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores/${m.stores[1]!}`, { token });
    expect(other.status).toBe(codes.includes('S2') ? 200 : 404);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores/${m.stores[0]!}`, { token })).status).toBe(200);
  });
});
