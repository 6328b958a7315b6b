/**
 * Seed 002: decisions about a customer account. Staff answer as before; partner and customer
 * users reach only their own accounts, through their roles and their profile.
 */
import { describe, expect, it } from 'vitest';
import { makeMember, makeOrg, orgRole } from './fixtures.js';
import type { Permission } from './permissions.js';
import { allows, can, effectiveAccess, heldPermissions } from './policy.js';
import { profileGrants } from './profile-grants.js';
import type { ProfileLevels } from './profiles.js';
import type { Audience, Override, RoleAssignment, Subject } from './types.js';

const org = makeOrg('commerce');

function outsider(audience: Audience, assignments: RoleAssignment[], customerIds: string[], levels: ProfileLevels, overrides: Override[] = []): Subject {
  const profile = { id: 'p1', name: 'Gold partners', permissions: profileGrants(audience, levels) };
  return { ...makeMember(`${audience}-user`, assignments, overrides), audience, customerIds, profile };
}

const exec = outsider('partner', [orgRole('partner_account_executive')], ['c1', 'c2'], { my_subscriptions: 'edit', my_customers: 'view' });
const customer = outsider('customer', [], ['c1'], { my_account: 'view', pay_invoices: 'edit' });
const admin = makeMember('admin', [orgRole('global_admin')]);

type Row = [string, Subject, Permission, string | undefined, boolean, string];

describe('can() with a customer account (seed 002)', () => {
  const rows: Row[] = [
    ['profile grants in an assigned account', exec, 'my_subscriptions:update', 'c1', true, 'profile "Gold partners" grants my_subscriptions:update for customer account c1'],
    ['edit does not create', exec, 'my_subscriptions:create', 'c1', false, 'no role, profile or override grants my_subscriptions:create for customer account c1'],
    ['an unassigned account is unknown', exec, 'my_subscriptions:read', 'c9', false, "customer account c9 is not one of this user's customer accounts"],
    ['roles count within the accounts', exec, 'customers:read', 'c2', true, 'role "partner_account_executive" grants customers:read for customer account c2'],
    ['roles do not reach other accounts', exec, 'customers:read', 'c3', false, "customer account c3 is not one of this user's customer accounts"],
    ['without an account: their own things', exec, 'my_subscriptions:read', undefined, true, 'profile "Gold partners" grants my_subscriptions:read for their own customer accounts'],
    ['none grants nothing', exec, 'autopay:read', undefined, false, 'no role, profile or override grants autopay:read org-wide'],
    ['a customer pays with edit', customer, 'pay_invoices:pay', 'c1', true, 'profile "Gold partners" grants pay_invoices:pay for customer account c1'],
    ['a customer reads their account', customer, 'customers:read', 'c1', true, 'profile "Gold partners" grants customers:read for customer account c1'],
    ['a customer does not update it at view', customer, 'customers:update', 'c1', false, 'no role, profile or override grants customers:update for customer account c1'],
    ['a customer never sees another account', customer, 'customers:read', 'c2', false, "customer account c2 is not one of this user's customer accounts"],
    ['staff are not narrowed by an account', admin, 'customers:update', 'c9', true, 'role "global_admin" grants customers:update for customer account c9'],
    ['staff without an account as before', admin, 'profiles:create', undefined, true, 'role "global_admin" grants profiles:create org-wide'],
  ];
  it.each(rows)('%s', (_name, subject, permission, customerId, allowed, reason) => {
    const d = can(org, subject, permission, undefined, customerId);
    expect(d.allowed).toBe(allowed);
    expect(d.reasons).toContain(reason);
    expect(allows(org, subject, permission, undefined, customerId)).toBe(allowed);
  });

  it('an unassigned account has its own code', () => {
    expect(can(org, exec, 'customers:read', undefined, 'c9')).toMatchObject({ allowed: false, code: 'unknown_customer' });
  });

  it('a staff member holding a profile is still answered by roles alone', () => {
    const staff = { ...makeMember('s', []), audience: 'staff' as const, customerIds: [], profile: { id: 'p', name: 'P', permissions: ['my_account:read' as Permission] } };
    expect(can(org, staff, 'my_account:read').allowed).toBe(false);
  });

  it('overrides still come first', () => {
    const denied = outsider('partner', [], ['c1'], { my_subscriptions: 'full' }, [{ permission: 'my_subscriptions:delete', effect: 'deny' }]);
    expect(can(org, denied, 'my_subscriptions:delete', undefined, 'c1')).toMatchObject({ allowed: false, code: 'forbidden' });
    const allowed = outsider('partner', [], ['c1'], {}, [{ permission: 'autopay:update', effect: 'allow' }]);
    expect(can(org, allowed, 'autopay:update', undefined, 'c1').reasons).toEqual(['allow override grants autopay:update org-wide']);
    // The account boundary holds even against an allow override.
    expect(can(org, allowed, 'autopay:update', undefined, 'c2')).toMatchObject({ allowed: false, code: 'unknown_customer' });
  });

  it('statuses still come first', () => {
    const suspended = { ...exec, membershipStatus: 'suspended' as const };
    expect(can(org, suspended, 'my_subscriptions:read', undefined, 'c9')).toMatchObject({ allowed: false, code: 'membership_suspended' });
  });

  it('heldPermissions within an account, and nothing in another', () => {
    expect([...heldPermissions(org, customer, undefined, 'c1')].sort()).toEqual(
      ['customers:read', 'my_account:read', 'pay_invoices:pay', 'pay_invoices:read', 'pay_invoices:update'].sort(),
    );
    expect(heldPermissions(org, customer, undefined, 'c2').size).toBe(0);
  });

  it('effective access lists role and profile reasons together', () => {
    const both = outsider('partner', [orgRole('partner_account_executive')], ['c1'], { my_customers: 'view' });
    const grant = effectiveAccess(org, both).orgWide.find((g) => g.permission === 'customers:read');
    expect(grant?.reasons).toEqual(['role "partner_account_executive" grants customers:read org-wide', 'profile "Gold partners" grants customers:read for their own customer accounts']);
  });
});

describe('profileGrants', () => {
  it.each([
    ['customer', 'none', []],
    ['customer', 'view', ['customers:read']],
    ['customer', 'edit', ['customers:read', 'customers:update']],
    ['customer', 'full', ['customers:read', 'customers:update', 'customers:delete']],
  ] as const)('%s at my_account %s opens the account record: %j', (audience, level, expected) => {
    expect(profileGrants(audience, { my_account: level }).filter((p) => p.startsWith('customers:')).sort()).toEqual([...expected].sort());
  });

  it('a partner’s my_customers level opens their customers’ records, creation included at full', () => {
    expect(profileGrants('partner', { my_customers: 'full' }).filter((p) => p.startsWith('customers:')).sort()).toEqual(
      ['customers:create', 'customers:delete', 'customers:read', 'customers:update'],
    );
    expect(profileGrants('partner', { my_account: 'full' }).some((p) => p.startsWith('customers:'))).toBe(false);
  });

  it('staff get only the sets themselves', () => {
    expect(profileGrants('staff', { my_account: 'view' })).toEqual(['my_account:read']);
  });
});
