import { describe, expect, it } from 'vitest';
import { canChangeOwnAccount, canEditPersonalDetails } from './personal-details.js';

describe('canEditPersonalDetails', () => {
  const base = { byPlatform: false, bySelf: false, otherOrgs: 0, targetIsPlatformStaff: false, name: 'Bea Owner' };
  it.each([
    ['an org admin, person in this org only', {}, true],
    ['an org admin, person also in another org', { otherOrgs: 1 }, false],
    ['an org admin, person is platform staff', { targetIsPlatformStaff: true }, false],
    ['the person themself, in many orgs', { bySelf: true, otherOrgs: 3 }, true],
    ['platform support, person in many orgs', { byPlatform: true, otherOrgs: 3 }, true],
  ])('%s → allowed %s', (_label, patch, allowed) => {
    const d = canEditPersonalDetails({ ...base, ...patch });
    expect(d.allowed).toBe(allowed);
    if (!d.allowed) {
      expect(d.code).toBe('shared_profile');
      expect(d.reasons.join(' ')).toContain('Bea Owner also belongs to other businesses');
    }
  });
});

describe('canChangeOwnAccount', () => {
  it.each([
    ['staff only (no partner or customer profile)', [], true],
    ['a customer with edit', [{ orgName: 'Acme', level: 'edit' }], true],
    ['a customer with full', [{ orgName: 'Acme', level: 'full' }], true],
    ['a customer with view', [{ orgName: 'Acme', level: 'view' }], false],
    ['a customer with none', [{ orgName: 'Acme', level: 'none' }], false],
    ['edit in one org, view in another: the strictest applies', [{ orgName: 'Acme', level: 'edit' }, { orgName: 'Bolt', level: 'view' }], false],
  ] as const)('%s → allowed %s', (_label, holds, allowed) => {
    const d = canChangeOwnAccount(holds);
    expect(d.allowed).toBe(allowed);
    if (!d.allowed) {
      expect(d.code).toBe('forbidden');
      expect(d.reasons.join(' ')).toMatch(/your profile at (Acme|Bolt) does not let you change your account details; ask your administrator/);
    }
  });
});
