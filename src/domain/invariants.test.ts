import { describe, expect, it } from 'vitest';
import { inStores, makeMember, makeOrg, orgRole } from './fixtures.js';
import {
  checkOwnerProtected,
  checkOwnerTransfer,
  checkTopAdminKept,
  isActiveTopAdmin,
  validateAssignments,
} from './invariants.js';
import type { RoleAssignment } from './types.js';

const org = makeOrg('pos', { ownerId: 'owner' });

describe('checkTopAdminKept (SPEC rule 4, seed 000)', () => {
  it.each([
    ['target is not a top admin', false, false, 0, undefined, true],
    ['target stays a top admin', true, true, 0, undefined, true],
    ['another top admin remains', true, false, 1, undefined, true],
    ['last top admin', true, false, 0, undefined, false],
    ['last top admin, platform override with reason', true, false, 0, { by: 'platform' as const, reason: 'ticket 42: merchant asked' }, true],
    ['last top admin, platform override without reason', true, false, 0, { by: 'platform' as const, reason: '   ' }, false],
  ])('%s', (_n, now, will, others, override, allowed) => {
    const d = checkTopAdminKept({
      org,
      targetIsActiveTopAdminNow: now,
      targetWillBeActiveTopAdmin: will,
      otherActiveTopAdmins: others,
      ...(override ? { override } : {}),
    });
    expect(d.allowed).toBe(allowed);
    if (!d.allowed) expect(d.code).toBe('last_org_admin');
  });

  it('says when it was overridden and why', () => {
    const d = checkTopAdminKept({
      org,
      targetIsActiveTopAdminNow: true,
      targetWillBeActiveTopAdmin: false,
      otherActiveTopAdmins: 0,
      override: { by: 'platform', reason: 'ticket 42' },
    });
    expect(d.reasons).toEqual(['last active org_admin rule overridden by platform staff', 'approval reason: ticket 42']);
  });
});

describe('account owner (SPEC rule 5)', () => {
  it.each(['remove', 'suspend', 'demote', 'deactivate'] as const)('owner cannot be %sd', (change) => {
    const d = checkOwnerProtected(org, 'owner', change);
    expect(d).toMatchObject({ allowed: false, code: 'owner_protected' });
    expect(d.reasons[0]).toMatch(/transfer ownership first/);
    expect(checkOwnerProtected(org, 'someone-else', change).allowed).toBe(true);
  });

  it('an org without an owner protects nobody', () => {
    expect(checkOwnerProtected(makeOrg('pos', { ownerId: null }), 'owner', 'remove').allowed).toBe(true);
  });

  it.each([
    ['active org_admin', makeMember('n', [orgRole('org_admin')]), true, undefined],
    ['org_manager', makeMember('n', [orgRole('org_manager')]), false, 'forbidden'],
    ['suspended org_admin', makeMember('n', [orgRole('org_admin')], [], { membershipStatus: 'suspended' }), false, 'forbidden'],
    ['deactivated org_admin', makeMember('n', [orgRole('org_admin')], [], { userStatus: 'deactivated' }), false, 'forbidden'],
    ['non-member', makeMember('n', [], [], { membershipStatus: null }), false, 'not_member'],
    ['the current owner', makeMember('owner', [orgRole('org_admin')]), false, 'forbidden'],
  ])('transfer to %s', (_n, subject, allowed, code) => {
    const d = checkOwnerTransfer(org, subject);
    expect(d.allowed).toBe(allowed);
    if (code) expect(d).toMatchObject({ code });
  });
});

describe('isActiveTopAdmin', () => {
  it.each([
    [makeMember('a', [orgRole('org_admin')]), true],
    [makeMember('a', [orgRole('org_manager'), orgRole('org_admin')]), true],
    [makeMember('a', [orgRole('org_manager')]), false],
    [makeMember('a', [orgRole('org_admin')], [], { membershipStatus: 'suspended' }), false],
    [makeMember('a', [orgRole('org_admin')], [], { userStatus: 'deactivated' }), false],
  ])('%#', (subject, expected) => {
    expect(isActiveTopAdmin(org, subject)).toBe(expected);
  });
});

describe('validateAssignments', () => {
  it.each([
    ['merges the same role and sorts stores', [inStores('cashier', 's2', 's1'), inStores('cashier', 's1', 's3')], [inStores('cashier', 's1', 's2', 's3')]],
    ['keeps several roles in order', [inStores('store_manager', 's1'), inStores('cashier', 's2')], [inStores('store_manager', 's1'), inStores('cashier', 's2')]],
    ['org role without stores', [orgRole('org_manager')], [orgRole('org_manager')]],
    ['org role with an empty store list', [{ role: 'org_manager', storeIds: [] }], [orgRole('org_manager')]],
    ['resolves display and legacy names to keys', [{ role: 'Store manager', storeIds: ['s1'] }], [inStores('store_manager', 's1')]],
  ] as [string, RoleAssignment[], RoleAssignment[]][])('%s', (_n, input, expected) => {
    expect(validateAssignments(org, input)).toEqual({ ok: true, assignments: expected });
  });

  it.each([
    ['no assignment', [], 'invalid_assignment'],
    ['unknown role', [inStores('wizard', 's1')], 'unknown_role'],
    ['unknown store', [inStores('cashier', 's9')], 'unknown_store'],
    ['store role without stores in a multi-store org', [{ role: 'cashier' }], 'invalid_assignment'],
    ['org role with stores', [{ role: 'org_admin', storeIds: ['s1'] }], 'invalid_assignment'],
  ] as [string, RoleAssignment[], string][])('refuses %s', (_n, input, code) => {
    expect(validateAssignments(org, input)).toMatchObject({ ok: false, code });
  });

  it('a single-store org defaults store roles to the only store (seed 004)', () => {
    const single = makeOrg('retail', { stores: ['only'] });
    expect(validateAssignments(single, [{ role: 'sales' }])).toEqual({ ok: true, assignments: [inStores('sales', 'only')] });
  });

  it('merchant-portal legacy name "Admin" resolves to administrator', () => {
    const mp = makeOrg('merchant-portal');
    expect(validateAssignments(mp, [{ role: 'Admin' }])).toEqual({ ok: true, assignments: [orgRole('administrator')] });
  });
});
