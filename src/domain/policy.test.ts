import { describe, expect, it } from 'vitest';
import { inStores, makeMember, makeOrg, orgRole } from './fixtures.js';
import type { Permission } from './permissions.js';
import { can, effectiveAccess, explainStoreAccess, heldPermissions } from './policy.js';
import type { Override, RoleAssignment, Subject } from './types.js';

const pos = makeOrg('pos');
const alice = makeMember('alice', [inStores('store_manager', 's1'), inStores('cashier', 's2')]);

type Row = [string, Subject, Permission, string | undefined, boolean, string];

describe('can() on the pos preset (seed 000)', () => {
  const deny = (p: Permission, storeId?: string): Override =>
    storeId === undefined ? { permission: p, effect: 'deny' } : { permission: p, effect: 'deny', storeId };
  const allow = (p: Permission, storeId?: string): Override =>
    storeId === undefined ? { permission: p, effect: 'allow' } : { permission: p, effect: 'allow', storeId };
  const m = (assignments: RoleAssignment[], overrides: Override[] = []) => makeMember('u', assignments, overrides);
  const rows: Row[] = [
    // least privilege across stores: each role only where assigned
    ['store role in its store', alice, 'inventory:read', 's1', true, 'role "store_manager" grants inventory:read in store s1'],
    ['other role in other store does not carry over', alice, 'inventory:read', 's2', false, 'no role or override grants inventory:read in store s2'],
    ['cashier role in its store', alice, 'checkout:operate', 's2', true, 'role "cashier" grants checkout:operate in store s2'],
    ['unassigned store', alice, 'sales:read', 's3', false, 'no role or override grants sales:read in store s3'],
    ['store role gives no org-wide right', alice, 'team:manage', undefined, false, 'no role or override grants team:manage org-wide'],
    ['store manager manages own store team', alice, 'team:manage', 's1', true, 'role "store_manager" grants team:manage in store s1'],
    ['org role everywhere', m([orgRole('org_manager')]), 'reports:read', 's3', true, 'role "org_manager" grants reports:read in store s3'],
    ['org role org-wide', m([orgRole('org_manager')]), 'reports:read', undefined, true, 'role "org_manager" grants reports:read org-wide'],
    ['org_manager cannot sign or delete the org', m([orgRole('org_manager')]), 'org:delete', undefined, false, 'no role or override grants org:delete org-wide'],
    // overrides (seed 004: individual flags take precedence)
    ['store deny beats an org role', m([orgRole('org_admin')], [deny('payouts:read', 's2')]), 'payouts:read', 's2', false, 'deny override on payouts:read in store s2 beats the roles'],
    ['store deny stays in its store', m([orgRole('org_admin')], [deny('payouts:read', 's2')]), 'payouts:read', 's1', true, 'role "org_admin" grants payouts:read in store s1'],
    ['store-less deny applies everywhere', m([orgRole('org_admin')], [deny('payouts:read')]), 'payouts:read', 's1', false, 'deny override on payouts:read org-wide beats the roles'],
    ['deny beats an allow override', m([], [allow('reports:read'), deny('reports:read', 's1')]), 'reports:read', 's1', false, 'deny override on reports:read in store s1 beats the roles'],
    ['allow override in its store', m([inStores('cashier', 's1')], [allow('reports:read', 's3')]), 'reports:read', 's3', true, 'allow override grants reports:read in store s3'],
    ['allow override not elsewhere', m([inStores('cashier', 's1')], [allow('reports:read', 's3')]), 'reports:read', 's1', false, 'no role or override grants reports:read in store s1'],
    ['store-less allow everywhere', m([inStores('cashier', 's1')], [allow('payments:void')]), 'payments:void', 's2', true, 'allow override grants payments:void org-wide'],
    // statuses and stores
    ['deactivated user', makeMember('u', [orgRole('org_admin')], [], { userStatus: 'deactivated' }), 'sales:read', 's1', false, 'user is deactivated'],
    ['suspended membership', makeMember('u', [orgRole('org_admin')], [], { membershipStatus: 'suspended' }), 'sales:read', 's1', false, 'membership is suspended'],
    ['no membership', makeMember('u', [], [], { membershipStatus: null }), 'sales:read', 's1', false, 'user is not a member of org org-pos'],
    ['unknown store', m([orgRole('org_admin')]), 'sales:read', 's9', false, 'store s9 is not an active store of org org-pos'],
    ['deleted custom role grants nothing', m([inStores('ghost', 's1')]), 'sales:read', 's1', false, 'no role or override grants sales:read in store s1'],
  ];
  it.each(rows)('%s', (_name, subject, permission, storeId, allowed, reason) => {
    const d = can(pos, subject, permission, storeId);
    expect(d.allowed).toBe(allowed);
    expect(d.reasons).toContain(reason);
  });

  it.each([
    ['deactivated', { userStatus: 'deactivated' as const }, 'user_deactivated'],
    ['suspended', { membershipStatus: 'suspended' as const }, 'membership_suspended'],
    ['not a member', { membershipStatus: null }, 'not_member'],
  ])('%s has a stable code', (_n, extra, code) => {
    const d = can(pos, makeMember('u', [orgRole('org_admin')], [], extra), 'sales:read', 's1');
    expect(d).toMatchObject({ allowed: false, code });
  });

  it('unknown store gives unknown_store', () => {
    expect(can(pos, alice, 'sales:read', 'elsewhere')).toMatchObject({ allowed: false, code: 'unknown_store' });
  });
});

describe('can() on merchant-portal (seed 001 billing levels)', () => {
  const byStore = makeOrg('merchant-portal', { billing: 'store' });
  const byOrg = makeOrg('merchant-portal', { billing: 'org' });
  const accountant = makeMember('acc', [inStores('accountant', 's1')]);
  const manager = makeMember('mgr', [inStores('manager', 's1')]);
  const member = makeMember('tm', [inStores('team_member', 's1')]);
  const rows: [string, boolean, Subject, Permission, string | undefined, boolean][] = [
    ['accountant, billed per store: own store', false, accountant, 'payouts:read', 's1', true],
    ['accountant, billed per store: other store hidden', false, accountant, 'payouts:read', 's2', false],
    ['accountant, billed per store: no org-wide view', false, accountant, 'invoices:read', undefined, false],
    ['accountant, single billing: every store', true, accountant, 'payouts:download', 's2', true],
    ['accountant, single billing: org-wide', true, accountant, 'invoices:read', undefined, true],
    ['accountant never invites', true, accountant, 'team:manage', 's1', false],
    ['manager, billed per store: invoices in own store', false, manager, 'invoices:read', 's1', true],
    ['manager, billed per store: bank accounts in own store', false, manager, 'bank_accounts:read', 's1', true],
    ['manager, billed per store: not in other stores', false, manager, 'invoices:read', 's2', false],
    ['manager, single billing: no invoices', true, manager, 'invoices:read', 's1', false],
    ['manager, single billing: no bank accounts', true, manager, 'bank_accounts:read', 's1', false],
    ['manager sees all members', true, manager, 'team:read', undefined, true],
    ['manager sees every store name/ID/address', true, manager, 'stores:read', 's3', true],
    ['manager sees no data of other stores', true, manager, 'transactions:read', 's3', false],
    ['manager manages own store team', true, manager, 'team:manage', 's1', true],
    ['manager does not manage other stores', true, manager, 'team:manage', 's3', false],
    ['team member downloads sales of own store', true, member, 'sales:download', 's1', true],
    ['team member cannot invite', true, member, 'team:manage', 's1', false],
    ['team member sees only own store', true, member, 'stores:read', 's2', false],
  ];
  it.each(rows)('%s', (_n, single, subject, permission, storeId, allowed) => {
    expect(can(single ? byOrg : byStore, subject, permission, storeId).allowed).toBe(allowed);
  });

  it('explains the billing-level reason', () => {
    expect(can(byOrg, accountant, 'payouts:read', 's3').reasons[0]).toBe(
      'role "accountant" grants payouts:read in store s3 because billing and payouts are both at org level',
    );
  });
});

describe('documents:sign is owner-only (SPEC rule 5, seed 001)', () => {
  const org = makeOrg('merchant-portal', { ownerId: 'owner' });
  const admin = (id: string, overrides: Override[] = []) => makeMember(id, [orgRole('administrator')], overrides);
  it.each([
    ['owner who is administrator', admin('owner'), true],
    ['administrator who is not owner', admin('other'), false],
    ['owner without a signing role', makeMember('owner', [inStores('manager', 's1')]), false],
    ['owner with a deny override', admin('owner', [{ permission: 'documents:sign', effect: 'deny' }]), false],
    ['non-owner with an allow override', makeMember('other', [], [{ permission: 'documents:sign', effect: 'allow' }]), false],
    ['owner with only an allow override', makeMember('owner', [], [{ permission: 'documents:sign', effect: 'allow' }]), false],
  ])('%s', (_n, subject, allowed) => {
    expect(can(org, subject, 'documents:sign').allowed).toBe(allowed);
  });

  it('names the rule when refusing a non-owner', () => {
    expect(can(org, admin('other'), 'documents:sign').reasons[0]).toMatch(/only the account owner may sign documents/);
  });

  it('other document rights are not owner-only', () => {
    expect(can(org, admin('other'), 'documents:download', 's1').allowed).toBe(true);
  });
});

describe('heldPermissions, effectiveAccess, explainStoreAccess', () => {
  it('a cashier holds exactly the cashier permissions in its store', () => {
    const cashier = makeMember('c', [inStores('cashier', 's1')]);
    expect(heldPermissions(pos, cashier, 's1')).toEqual(new Set(['checkout:operate', 'sales:read', 'payments:read', 'stores:read']));
    expect(heldPermissions(pos, cashier, 's2').size).toBe(0);
    expect(heldPermissions(pos, cashier).size).toBe(0);
  });

  it('lists only reachable stores, each permission with its reasons', () => {
    const access = effectiveAccess(pos, alice);
    expect(access.stores.map((s) => s.storeId)).toEqual(['s1', 's2']);
    // A store manager sees the team and the store list org-wide (SPEC §1), nothing else.
    expect(access.orgWide.map((g) => g.permission).sort()).toEqual(['stores:read', 'team:read']);
    const s2 = access.stores[1];
    expect(s2?.permissions.find((p) => p.permission === 'checkout:operate')?.reasons).toEqual([
      'role "cashier" grants checkout:operate in store s2',
    ]);
  });

  it('collects every granting role', () => {
    const both = makeMember('b', [inStores('store_manager', 's1'), inStores('cashier', 's1')]);
    const grant = effectiveAccess(pos, both).stores[0]?.permissions.find((p) => p.permission === 'sales:read');
    expect(grant?.reasons).toHaveLength(2);
  });

  it('shows a manager the org-wide team view', () => {
    const org = makeOrg('merchant-portal');
    const access = effectiveAccess(org, makeMember('m', [inStores('manager', 's1')]));
    expect(access.orgWide.map((g) => g.permission).sort()).toEqual(['stores:read', 'team:read']);
    // Org-wide views do not make store s3 look reachable.
    expect(access.stores.find((s) => s.storeId === 's3')).toBeUndefined();
  });

  it('seed 000 checklist: no assignment for the store', () => {
    const lines = explainStoreAccess(pos, alice, 's3');
    expect(lines).toContain('Has no role assignment for store s3; assign a store role there or move them to an org-level role.');
    expect(lines.at(-1)).toBe('Cannot use anything in store s3.');
  });

  it('explains a reachable store and overrides', () => {
    const s = makeMember('s', [inStores('store_manager', 's1')], [{ permission: 'payments:void', effect: 'deny', storeId: 's1' }]);
    const lines = explainStoreAccess(pos, s, 's1');
    expect(lines[0]).toBe('Has role "store_manager" in store s1.');
    expect(lines).toContain('Override denies payments:void in store s1.');
    expect(lines.at(-1)).toMatch(/^Can use \d+ permissions in store s1: /);
  });

  it.each([
    [makeMember('x', [orgRole('org_admin')], [], { membershipStatus: 'suspended' }), 's1', /suspended/],
    [makeMember('x', [orgRole('org_admin')], [], { userStatus: 'deactivated' }), 's1', /deactivated/],
    [makeMember('x', [], [], { membershipStatus: null }), 's1', /invited email/],
    [makeMember('x', [orgRole('org_admin')]), 's9', /not an active store/],
  ])('a blocking status is the only line', (subject, storeId, pattern) => {
    const lines = explainStoreAccess(pos, subject, storeId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });

  it('explains org-level reach', () => {
    expect(explainStoreAccess(pos, makeMember('x', [orgRole('org_manager')]), 's2')[0]).toMatch(/org-level role "org_manager"/);
  });
});
