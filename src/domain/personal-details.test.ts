import { describe, expect, it } from 'vitest';
import { canEditPersonalDetails } from './personal-details.js';

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
