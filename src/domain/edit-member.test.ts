import { describe, expect, it } from 'vitest';
import { assignableRoles, canEditMember, memberActions } from './delegation.js';
import type { MemberEdit } from './edit-member.js';
import { asActor, inStores, makeMember, makeOrg, orgRole, supportAdmin } from './fixtures.js';
import type { Override, RoleAssignment, Subject } from './types.js';

const pos = makeOrg('pos');
const mp = makeOrg('merchant-portal');
const edit = (assignments: RoleAssignment[], overrides: Override[] = []): MemberEdit => ({ assignments, overrides });

describe('canEditMember', () => {
  const sm = makeMember('sm', [inStores('store_manager', 's1'), inStores('stocker', 's1')]);
  const cashier = makeMember('c', [inStores('cashier', 's1')]);
  const orgAdmin = makeMember('oa', [orgRole('org_admin')]);
  const rows: [string, Subject, Subject, MemberEdit, boolean, string | undefined][] = [
    // self-actions: may drop lower roles, never raise
    ['self drops a lower role', sm, sm, edit([inStores('store_manager', 's1')]), true, undefined],
    ['self adds a role', sm, sm, edit([inStores('store_manager', 's1'), inStores('stocker', 's1'), inStores('cashier', 's1')]), false, 'role_not_assignable'],
    ['self drops own highest role', sm, sm, edit([inStores('stocker', 's1')]), false, 'role_not_assignable'],
    ['self adds an allow override', sm, sm, edit(sm.assignments as RoleAssignment[], [{ permission: 'org:read', effect: 'allow', storeId: 's1' }]), false, 'permission_not_held'],
    ['self adds a deny override', sm, sm, edit(sm.assignments as RoleAssignment[], [{ permission: 'sales:read', effect: 'deny', storeId: 's1' }]), true, undefined],
    // rank
    ['org_admin demotes another org_admin', orgAdmin, makeMember('x', [orgRole('org_admin')]), edit([orgRole('org_manager')]), true, undefined],
    ['org_manager cannot edit org_admin', makeMember('om', [orgRole('org_manager')]), orgAdmin, edit([orgRole('org_manager')]), false, 'forbidden'],
    ['store_manager moves a cashier to stocker', sm, cashier, edit([inStores('stocker', 's1')]), true, undefined],
    ['store_manager cannot promote a cashier to store_manager', sm, cashier, edit([inStores('store_manager', 's1')]), false, 'role_not_assignable'],
    // store scope (SPEC rule 3)
    ['store_manager cannot add a foreign store', sm, cashier, edit([inStores('cashier', 's1', 's2')]), false, 'store_not_assignable'],
    ['store_manager cannot edit a member of other stores only', sm, makeMember('c2', [inStores('cashier', 's2')]), edit([inStores('cashier', 's1', 's2')]), false, 'store_not_assignable'],
    ['store_manager cannot touch the foreign store of a shared member', sm, makeMember('c3', [inStores('cashier', 's1', 's2')]), edit([inStores('cashier', 's1')]), false, 'store_not_assignable'],
    ['store_manager edits own store of a shared member', sm, makeMember('c3', [inStores('cashier', 's1', 's2')]), edit([inStores('cashier', 's1', 's2'), inStores('stocker', 's1')]), true, undefined],
    // overrides
    ['allow override the actor holds', sm, cashier, edit([inStores('cashier', 's1')], [{ permission: 'reports:read', effect: 'allow', storeId: 's1' }]), true, undefined],
    ['allow override the actor lacks', sm, cashier, edit([inStores('cashier', 's1')], [{ permission: 'org:delete', effect: 'allow', storeId: 's1' }]), false, 'permission_not_held'],
    ['store-less override needs org-wide reach', sm, cashier, edit([inStores('cashier', 's1')], [{ permission: 'sales:read', effect: 'deny' }]), false, 'store_not_assignable'],
    ['deny override in own store', sm, cashier, edit([inStores('cashier', 's1')], [{ permission: 'payments:read', effect: 'deny', storeId: 's1' }]), true, undefined],
    ['lifting a deny the actor cannot grant', sm, makeMember('c4', [inStores('cashier', 's1')], [{ permission: 'org:update', effect: 'deny', storeId: 's1' }]), edit([inStores('cashier', 's1')]), false, 'permission_not_held'],
    ['lifting a deny the actor holds', sm, makeMember('c5', [inStores('cashier', 's1')], [{ permission: 'sales:read', effect: 'deny', storeId: 's1' }]), edit([inStores('cashier', 's1')]), true, undefined],
    ['unknown override store', orgAdmin, cashier, edit([inStores('cashier', 's1')], [{ permission: 'sales:read', effect: 'deny', storeId: 's9' }]), false, 'unknown_store'],
    // validation
    ['unknown role', orgAdmin, cashier, edit([inStores('wizard', 's1')]), false, 'unknown_role'],
    ['no roles left', orgAdmin, cashier, edit([]), false, 'invalid_assignment'],
    ['non-member target', orgAdmin, makeMember('n', [], [], { membershipStatus: null }), edit([inStores('cashier', 's1')]), false, 'not_member'],
    ['no team:manage', cashier, makeMember('c6', [inStores('cashier', 's1')]), edit([inStores('stocker', 's1')]), false, 'forbidden'],
  ];
  it.each(rows)('%s', (_n, actor, target, next, allowed, code) => {
    const d = canEditMember(pos, asActor(actor), target, next);
    expect({ allowed: d.allowed, reasons: d.reasons }).toMatchObject({ allowed });
    if (code) expect(d).toMatchObject({ code });
  });

  it('no changes is allowed for anyone with authority', () => {
    expect(canEditMember(pos, asActor(sm), cashier, edit([inStores('cashier', 's1')]))).toEqual({ allowed: true, reasons: ['no changes'] });
  });

  it('seed 001: a manager edits only in own stores and cannot grant accountant', () => {
    const mgr = asActor(makeMember('m', [inStores('manager', 's1')]));
    const tm = makeMember('t', [inStores('team_member', 's1')]);
    expect(canEditMember(mp, mgr, tm, edit([inStores('team_member', 's1'), inStores('accountant', 's1')]))).toMatchObject({ code: 'permission_not_held' });
    expect(canEditMember(mp, mgr, tm, edit([inStores('team_member', 's2')]))).toMatchObject({ code: 'store_not_assignable' });
  });

  it('platform staff may edit a top admin', () => {
    expect(canEditMember(pos, supportAdmin, orgAdmin, edit([orgRole('org_manager')])).allowed).toBe(true);
  });
});

describe('assignableRoles and memberActions (the console offers only what the server allows)', () => {
  it.each([
    ['administrator', makeMember('a', [orgRole('administrator')]), [
      { role: 'administrator', storeIds: 'all' },
      { role: 'manager', storeIds: 'all' },
      { role: 'accountant', storeIds: 'all' },
      { role: 'team_member', storeIds: 'all' },
    ]],
    ['manager', makeMember('m', [inStores('manager', 's1', 's2')]), [{ role: 'team_member', storeIds: ['s1', 's2'] }]],
    ['accountant', makeMember('c', [inStores('accountant', 's1')]), []],
  ] as const)('merchant-portal %s', (_n, subject, expected) => {
    expect(assignableRoles(mp, asActor(subject))).toEqual(expected);
  });

  it('pos store_manager in s1', () => {
    expect(assignableRoles(pos, asActor(makeMember('s', [inStores('store_manager', 's1')])))).toEqual([
      { role: 'cashier', storeIds: ['s1'] },
      { role: 'stocker', storeIds: ['s1'] },
    ]);
  });

  const mgr = asActor(makeMember('m', [inStores('manager', 's1', 's2')]));
  it('manager over a member shared with another store: edit yes, remove no', () => {
    const a = memberActions(mp, mgr, makeMember('t', [inStores('team_member', 's1', 's3')]));
    expect(a).toMatchObject({ canEdit: true, canRemove: false, canSuspend: false, assignableStores: ['s1', 's2'] });
    expect(a.reasons.join(' ')).toMatch(/cannot delete users for other stores/);
  });

  it('manager over a member of other stores: nothing offered', () => {
    const a = memberActions(mp, mgr, makeMember('t', [inStores('team_member', 's3')]));
    expect(a).toMatchObject({ canEdit: false, canRemove: false, assignableRoles: [], assignableStores: [] });
    expect(a.reasons).toContain('managers can only edit members of their own stores (seed 001)');
  });

  it('administrator over anyone: everything, all stores', () => {
    const a = memberActions(mp, asActor(makeMember('a', [orgRole('administrator')])), makeMember('t', [inStores('team_member', 's3')]));
    expect(a).toMatchObject({ canEdit: true, canRemove: true, canSuspend: true, assignableStores: 'all', reasons: [] });
  });

  it('administrator over the account owner: edit, but neither suspend nor remove (the API refuses both)', () => {
    const a = memberActions(mp, asActor(makeMember('a', [orgRole('administrator')])), makeMember('owner', [orgRole('administrator')]));
    expect(a).toMatchObject({ canRemove: false, canSuspend: false });
    expect(a.reasons).toContain('the account owner cannot be suspended or removed; transfer ownership first');
  });

  it('team member: nothing, with the seed 001 reason', () => {
    const a = memberActions(mp, asActor(makeMember('x', [inStores('team_member', 's1')])), makeMember('t', [inStores('team_member', 's1')]));
    expect(a).toMatchObject({ canEdit: false, canRemove: false, canSuspend: false });
    expect(a.reasons[0]).toMatch(/cannot invite/);
  });

  it('self: may edit (to drop lower roles), nothing to assign', () => {
    const self = makeMember('m', [inStores('manager', 's1')]);
    expect(memberActions(mp, asActor(self), self)).toMatchObject({ canEdit: true, assignableRoles: [], assignableStores: [] });
  });
});
