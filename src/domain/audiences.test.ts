import { describe, expect, it } from 'vitest';
import { canGrantAudience, canInviteGrant, type GrantProfile, type GrantRequest, validateGrant } from './audiences.js';
import { canEditMember, canRemoveMember, canSuspendMember } from './delegation.js';
import { asActor, makeMember, makeOrg, orgRole, supportAdmin } from './fixtures.js';
import type { Actor } from './authority.js';
import type { Subject } from './types.js';

const org = makeOrg('commerce', { stores: [] });
const partnerProfile: GrantProfile = { id: 'pp', name: 'Reseller', audience: 'partner', permissions: ['my_customers:read'] };
const richPartnerProfile: GrantProfile = { id: 'pp2', name: 'Reseller plus', audience: 'partner', permissions: ['my_customers:read', 'my_customers:update'] };
const customerProfile: GrantProfile = { id: 'cp', name: 'Buyer', audience: 'customer', permissions: ['my_account:read'] };

const partner = (userId: string, role: string, customerIds: string[], profile = partnerProfile): Subject => ({
  ...makeMember(userId, [orgRole(role)]),
  audience: 'partner',
  customerIds,
  profile: { id: profile.id, name: profile.name, permissions: profile.permissions },
});
const customerUser = (userId: string, customerId: string): Subject => ({
  ...makeMember(userId, []),
  audience: 'customer',
  customerIds: [customerId],
  profile: { id: customerProfile.id, name: customerProfile.name, permissions: customerProfile.permissions },
});

const partnerAdmin = asActor(partner('pa', 'partner_admin', ['c1', 'c2']));
const systemAdmin = asActor(makeMember('sa', [orgRole('system_admin')]));

const grant = (g: Partial<GrantRequest>): GrantRequest => ({ audience: 'staff', roles: [], profile: null, customerIds: [], ...g });
const exec = (customerIds: string[], profile: GrantProfile = partnerProfile) =>
  grant({ audience: 'partner', roles: [orgRole('partner_account_executive')], profile, customerIds });

/** The whole check a service makes: shape, audience rule, then the role delegation rules. */
function mayGrant(actor: Actor, g: GrantRequest): { allowed: boolean; code?: string } {
  const v = canInviteGrant(org, actor, g);
  return v.ok ? { allowed: true } : { allowed: false, code: v.code };
}

describe('grant shape per audience', () => {
  it.each([
    ['staff with a staff role', grant({ roles: [orgRole('system_admin')] }), null],
    ['staff without a role', grant({}), 'invalid_audience'],
    ['staff with a partner role', grant({ roles: [orgRole('partner_admin')] }), 'invalid_audience'],
    ['staff with a profile', grant({ roles: [orgRole('system_admin')], profile: partnerProfile }), 'invalid_audience'],
    ['staff with customer accounts', grant({ roles: [orgRole('system_admin')], customerIds: ['c1'] }), 'invalid_audience'],
    ['partner executive', exec(['c1']), null],
    ['partner with a staff role', grant({ audience: 'partner', roles: [orgRole('system_admin')], profile: partnerProfile, customerIds: ['c1'] }), 'invalid_audience'],
    ['partner without a profile', grant({ audience: 'partner', roles: [orgRole('partner_account_executive')], customerIds: ['c1'] }), 'invalid_audience'],
    ['partner with a customer profile', exec(['c1'], customerProfile), 'invalid_audience'],
    ['partner without accounts', exec([]), 'invalid_audience'],
    ['partner with an unknown role', grant({ audience: 'partner', roles: [orgRole('wizard')], profile: partnerProfile, customerIds: ['c1'] }), 'unknown_role'],
    ['customer with one account', grant({ audience: 'customer', profile: customerProfile, customerIds: ['c1'] }), null],
    ['customer with two accounts', grant({ audience: 'customer', profile: customerProfile, customerIds: ['c1', 'c2'] }), 'invalid_audience'],
    ['customer with no account', grant({ audience: 'customer', profile: customerProfile }), 'invalid_audience'],
    ['customer with a role', grant({ audience: 'customer', roles: [orgRole('partner_account_executive')], profile: customerProfile, customerIds: ['c1'] }), 'invalid_audience'],
    ['customer with a partner profile', grant({ audience: 'customer', profile: partnerProfile, customerIds: ['c1'] }), 'invalid_audience'],
  ])('%s', (_, g, code) => {
    const v = validateGrant(org, g);
    expect(v.ok ? null : v.code).toBe(code);
  });

  it('one account named twice is one account', () => {
    const v = validateGrant(org, grant({ audience: 'customer', profile: customerProfile, customerIds: ['c1', 'c1'] }));
    expect(v).toMatchObject({ ok: true, customerIds: ['c1'] });
  });
});

describe('who may grant which audience', () => {
  it.each([
    ['staff admin adds a partner admin', systemAdmin, grant({ audience: 'partner', roles: [orgRole('partner_admin')], profile: partnerProfile, customerIds: ['c9'] }), null],
    ['staff admin adds a customer', systemAdmin, grant({ audience: 'customer', profile: customerProfile, customerIds: ['c9'] }), null],
    ['support adds a customer', supportAdmin, grant({ audience: 'customer', profile: customerProfile, customerIds: ['c9'] }), null],
    ['partner admin adds an executive on their accounts', partnerAdmin, exec(['c1', 'c2']), null],
    ['partner admin escalates to staff', partnerAdmin, grant({ roles: [orgRole('system_admin')] }), 'audience_not_assignable'],
    ['partner admin adds a partner admin', partnerAdmin, grant({ audience: 'partner', roles: [orgRole('partner_admin')], profile: partnerProfile, customerIds: ['c1'] }), 'role_not_assignable'],
    ['partner admin gives an account they do not hold', partnerAdmin, exec(['c1', 'c3']), 'unknown_customer_account'],
    ['partner admin adds a customer user', partnerAdmin, grant({ audience: 'customer', profile: customerProfile, customerIds: ['c1'] }), 'audience_not_assignable'],
    ['partner admin gives a richer profile than theirs', partnerAdmin, exec(['c1'], richPartnerProfile), 'permission_not_held'],
    ['partner admin gives a staff role to a partner', partnerAdmin, grant({ audience: 'partner', roles: [orgRole('system_admin')], profile: partnerProfile, customerIds: ['c1'] }), 'invalid_audience'],
    ['an executive adds anyone', asActor(partner('pe', 'partner_account_executive', ['c1'])), exec(['c1']), 'forbidden'],
    ['a customer adds a customer', asActor(customerUser('cu', 'c1')), grant({ audience: 'customer', profile: customerProfile, customerIds: ['c1'] }), 'forbidden'],
  ])('%s', (_, actor, g, code) => {
    const d = mayGrant(actor, g);
    expect(d.allowed ? null : d.code).toBe(code);
  });
});

describe('editing and removing across audiences', () => {
  const execOnC1 = partner('e1', 'partner_account_executive', ['c1']);
  const execOnC3 = partner('e3', 'partner_account_executive', ['c3']);
  const execOnC1C3 = partner('e13', 'partner_account_executive', ['c1', 'c3']);
  const staffCashier = makeMember('st', []);
  const customer = customerUser('cu', 'c1');

  it('a partner admin removes an executive all of whose accounts are theirs, and no one else', () => {
    expect(canRemoveMember(org, partnerAdmin, execOnC1).allowed).toBe(true);
    expect(canRemoveMember(org, partnerAdmin, execOnC1C3)).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(canSuspendMember(org, partnerAdmin, execOnC3)).toMatchObject({ allowed: false, code: 'forbidden' });
    // Neither a staff member without a role nor a customer user ranks above a partner admin, yet both are out of reach.
    expect(canRemoveMember(org, partnerAdmin, staffCashier)).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(canSuspendMember(org, partnerAdmin, customer)).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(canRemoveMember(org, systemAdmin, customer).allowed).toBe(true);
  });

  it('a partner admin edits an executive who shares an account, changing only their own accounts', () => {
    expect(canEditMember(org, partnerAdmin, execOnC1C3, { assignments: execOnC1C3.assignments, overrides: [] }).allowed).toBe(true);
    expect(canGrantAudience(partnerAdmin, { audience: 'partner', profile: partnerProfile, customerIds: ['c1', 'c2', 'c3'] }, execOnC1C3).allowed).toBe(true);
    // Taking away c3, which is not theirs, is as out of reach as giving it.
    expect(canGrantAudience(partnerAdmin, { audience: 'partner', profile: partnerProfile, customerIds: ['c1'] }, execOnC1C3)).toMatchObject({
      allowed: false,
      code: 'unknown_customer_account',
    });
    expect(canEditMember(org, partnerAdmin, execOnC3, { assignments: execOnC3.assignments, overrides: [] })).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('nobody gives themselves accounts or another profile', () => {
    const self = asActor(execOnC1);
    expect(canGrantAudience(self, { audience: 'partner', profile: partnerProfile, customerIds: ['c1', 'c2'] }, execOnC1)).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(canGrantAudience(partnerAdmin, { audience: 'partner', profile: richPartnerProfile, customerIds: ['c1', 'c2'] }, partner('pa', 'partner_admin', ['c1', 'c2']))).toMatchObject({
      allowed: false,
      code: 'forbidden',
    });
    // Dropping one of your own accounts lowers your rights: allowed.
    expect(canGrantAudience(asActor(execOnC1C3), { audience: 'partner', profile: partnerProfile, customerIds: ['c1'] }, execOnC1C3).allowed).toBe(true);
  });

  it('a partner admin cannot move a staff member or a customer into partner', () => {
    expect(canGrantAudience(partnerAdmin, { audience: 'partner', profile: partnerProfile, customerIds: ['c1'] }, { userId: 'st', audience: 'staff' })).toMatchObject({
      allowed: false,
      code: 'audience_not_assignable',
    });
  });
});
