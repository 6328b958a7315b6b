import { describe, expect, it } from 'vitest';
import { canAssignRole, canEditMember, canInvite, canReactivateMember, canRemoveMember, canSuspendMember } from './delegation.js';
import { asActor, inStores, makeMember, makeOrg, orgRole, supportAdmin } from './fixtures.js';
import { can } from './policy.js';
import type { RoleAssignment } from './types.js';

describe('seed 000 hierarchy: who may assign which pos role (in store s1)', () => {
  const org = makeOrg('pos');
  const ROLES = ['org_admin', 'org_manager', 'store_admin', 'store_manager', 'stocker', 'cashier'] as const;
  const assignmentFor = (role: string): RoleAssignment =>
    role.startsWith('org_') ? orgRole(role) : inStores(role, 's1');
  // Rows: actor role; columns in ROLES order. SPEC rule 2: only below your own rank, the top
  // admin may grant itself; stocker and cashier have no team:manage.
  const matrix: [string, string][] = [
    ['org_admin', '✓✓✓✓✓✓'],
    ['org_manager', '✗✗✓✓✓✓'],
    ['store_admin', '✗✗✗✓✓✓'],
    ['store_manager', '✗✗✗✗✓✓'],
    ['stocker', '✗✗✗✗✗✗'],
    ['cashier', '✗✗✗✗✗✗'],
  ];
  it.each(matrix)('%s assigns %s', (actorRole, row) => {
    const actor = asActor(makeMember('a', [assignmentFor(actorRole)]));
    const got = ROLES.map((r) => (canAssignRole(org, actor, assignmentFor(r)).allowed ? '✓' : '✗')).join('');
    expect(got).toBe(row);
  });

  it('store roles assign only in their own stores', () => {
    const actor = asActor(makeMember('a', [inStores('store_admin', 's1')]));
    expect(canAssignRole(org, actor, inStores('cashier', 's2'))).toMatchObject({ allowed: false, code: 'store_not_assignable' });
    expect(canAssignRole(org, actor, inStores('cashier', 's1', 's2'))).toMatchObject({ allowed: false, code: 'store_not_assignable' });
  });

  it('nobody grants more than they hold: a deny override narrows what can be granted', () => {
    const actor = asActor(
      makeMember('a', [inStores('store_manager', 's1', 's2')], [{ permission: 'sales:read', effect: 'deny', storeId: 's1' }]),
    );
    expect(canAssignRole(org, actor, inStores('cashier', 's2')).allowed).toBe(true);
    const d = canAssignRole(org, actor, inStores('cashier', 's1'));
    expect(d).toMatchObject({ allowed: false, code: 'permission_not_held' });
    expect(d.reasons[0]).toMatch(/sales:read in store s1, which you do not hold/);
  });

  it('platform staff act with top-admin authority', () => {
    expect(canAssignRole(org, supportAdmin, orgRole('org_admin')).allowed).toBe(true);
  });

  it.each([
    [inStores('wizard', 's1'), 'unknown_role'],
    [inStores('cashier', 's9'), 'unknown_store'],
    [{ role: 'cashier' }, 'invalid_assignment'],
    [{ role: 'org_manager', storeIds: ['s1'] }, 'invalid_assignment'],
  ] as [RoleAssignment, string][])('rejects a bad assignment %j with %s', (assignment, code) => {
    expect(canAssignRole(org, asActor(makeMember('a', [orgRole('org_admin')])), assignment)).toMatchObject({ allowed: false, code });
  });
});

describe('seed 001 matrix: invite / edit / remove / see', () => {
  const org = makeOrg('merchant-portal');
  const target = makeMember('t', [inStores('team_member', 's1')]);
  const actors = {
    administrator: makeMember('admin', [orgRole('administrator')]),
    accountant: makeMember('acc', [inStores('accountant', 's1', 's2')]),
    manager: makeMember('mgr', [inStores('manager', 's1', 's2')]),
    team_member: makeMember('tm', [inStores('team_member', 's1', 's2')]),
  };
  const rows: [keyof typeof actors, boolean, boolean, boolean, boolean][] = [
    ['administrator', true, true, true, true],
    ['accountant', false, false, false, false],
    ['manager', true, true, true, true],
    ['team_member', false, false, false, false],
  ];
  it.each(rows)('%s: invite=%s edit=%s remove=%s see team=%s', (key, invite, edit, remove, see) => {
    const actor = asActor(actors[key]);
    expect(canInvite(org, actor, [inStores('team_member', 's1')]).allowed).toBe(invite);
    expect(canEditMember(org, actor, target, { assignments: [inStores('team_member', 's1', 's2')], overrides: [] }).allowed).toBe(edit);
    expect(canRemoveMember(org, actor, target).allowed).toBe(remove);
    expect(can(org, actors[key], 'team:read').allowed).toBe(see);
  });

  it('accountants and team members are told why they cannot invite', () => {
    const d = canInvite(org, asActor(actors.accountant), [inStores('team_member', 's1')]);
    expect(d).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(d.reasons[0]).toMatch(/cannot invite/);
  });

  it.each([
    ['team_member in own store', [inStores('team_member', 's2')], true, undefined],
    ['team_member in another store', [inStores('team_member', 's3')], false, 'store_not_assignable'],
    ['another manager (same rank)', [inStores('manager', 's1')], false, 'role_not_assignable'],
    ['an administrator', [orgRole('administrator')], false, 'role_not_assignable'],
    // accountant ranks below manager but sees payouts/invoices the manager does not hold
    ['an accountant', [inStores('accountant', 's1')], false, 'permission_not_held'],
    ['a legacy name ("Staff")', [{ role: 'Staff', storeIds: ['s1'] }], true, undefined],
  ] as [string, RoleAssignment[], boolean, string | undefined][])('a manager invites %s', (_n, assignments, allowed, code) => {
    const d = canInvite(org, asActor(actors.manager), assignments);
    expect(d.allowed).toBe(allowed);
    if (code) expect(d).toMatchObject({ code });
  });

  it('an administrator who is not the owner may grant administrator (top admin grants itself)', () => {
    expect(canInvite(org, asActor(actors.administrator), [orgRole('administrator')]).allowed).toBe(true);
  });

  it('an accountant may be invited by an administrator', () => {
    expect(canInvite(org, asActor(actors.administrator), [inStores('accountant', 's3')]).allowed).toBe(true);
  });

  it('a suspended member cannot invite', () => {
    const suspended = makeMember('x', [orgRole('administrator')], [], { membershipStatus: 'suspended' });
    expect(canInvite(org, asActor(suspended), [inStores('team_member', 's1')])).toMatchObject({ code: 'membership_suspended' });
  });

  it('invitations need at least one assignment', () => {
    expect(canInvite(org, asActor(actors.administrator), [])).toMatchObject({ allowed: false, code: 'invalid_assignment' });
  });
});

describe('remove / suspend / reactivate (SPEC rule 3, seed 001)', () => {
  const org = makeOrg('merchant-portal');
  const manager = asActor(makeMember('mgr', [inStores('manager', 's1', 's2')]));
  const admin = asActor(makeMember('admin', [orgRole('administrator')]));
  const rows: [string, typeof manager, ReturnType<typeof makeMember>, boolean, string | undefined][] = [
    ['manager removes a member of own store', manager, makeMember('t', [inStores('team_member', 's1')]), true, undefined],
    ['manager removes a member of all own stores', manager, makeMember('t', [inStores('team_member', 's1', 's2')]), true, undefined],
    ['manager cannot remove a member who also works elsewhere', manager, makeMember('t', [inStores('team_member', 's1', 's3')]), false, 'store_not_assignable'],
    ['manager cannot remove a member of another store', manager, makeMember('t', [inStores('team_member', 's3')]), false, 'store_not_assignable'],
    ['manager cannot remove another manager', manager, makeMember('t', [inStores('manager', 's1')]), false, 'forbidden'],
    ['manager cannot remove an administrator', manager, makeMember('t', [orgRole('administrator')]), false, 'forbidden'],
    ['administrator removes another administrator', admin, makeMember('t', [orgRole('administrator')]), true, undefined],
    ['administrator removes anyone below', admin, makeMember('t', [inStores('accountant', 's3')]), true, undefined],
    ['platform removes an administrator', supportAdmin, makeMember('t', [orgRole('administrator')]), true, undefined],
    ['nobody removes a non-member', admin, makeMember('t', [], [], { membershipStatus: null }), false, 'not_member'],
  ];
  it.each(rows)('%s', (_n, actor, target, allowed, code) => {
    for (const check of [canRemoveMember, canSuspendMember, canReactivateMember]) {
      const d = check(org, actor, target);
      expect(d.allowed).toBe(allowed);
      if (code) expect(d).toMatchObject({ code });
    }
  });

  it('the refusal quotes seed 001', () => {
    const d = canRemoveMember(org, manager, makeMember('t', [inStores('team_member', 's1', 's3')]));
    expect(d.reasons[0]).toMatch(/you cannot delete users for other stores/);
  });

  it('pos: org_manager cannot remove org_admin; org_admin can', () => {
    const pos = makeOrg('pos');
    const target = makeMember('t', [orgRole('org_admin')]);
    expect(canRemoveMember(pos, asActor(makeMember('m', [orgRole('org_manager')])), target).allowed).toBe(false);
    expect(canRemoveMember(pos, asActor(makeMember('a', [orgRole('org_admin')])), target).allowed).toBe(true);
  });
});
