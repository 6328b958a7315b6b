import { describe, expect, it } from 'vitest';
import { explainStoreAccess } from './access.js';
import { inStores, makeMember, makeOrg } from './fixtures.js';
import type { Permission } from './permissions.js';
import { can } from './policy.js';
import type { BillingLevel } from './types.js';

/**
 * Seed 001 with billing and settlement set apart: invoices follow billing, bank accounts follow
 * either ("settled and/or billed at store level"), and the accountant sees every store only with
 * "single billing and payouts" (both at org level).
 */
describe('can() on merchant-portal with separate billing and settlement levels (seed 001)', () => {
  const accountant = makeMember('acc', [inStores('accountant', 's1')]);
  const manager = makeMember('mgr', [inStores('manager', 's1')]);
  const subjects = { accountant, manager };
  // [who, billed, settled, permission, store, allowed]
  const rows: [keyof typeof subjects, BillingLevel, BillingLevel, Permission, string, boolean][] = [
    ['manager', 'org', 'store', 'bank_accounts:read', 's1', true],
    ['manager', 'org', 'store', 'invoices:read', 's1', false],
    ['manager', 'store', 'org', 'bank_accounts:read', 's1', true],
    ['manager', 'store', 'org', 'invoices:read', 's1', true],
    ['manager', 'org', 'org', 'bank_accounts:read', 's1', false],
    ['manager', 'org', 'store', 'bank_accounts:read', 's2', false],
    ['accountant', 'org', 'store', 'payouts:read', 's1', true],
    ['accountant', 'org', 'store', 'payouts:read', 's2', false],
    ['accountant', 'org', 'store', 'invoices:read', 's2', false],
    ['accountant', 'store', 'org', 'invoices:read', 's2', false],
    ['accountant', 'org', 'org', 'invoices:read', 's2', true],
  ];
  it.each(rows)('%s, billed %s, settled %s: %s in %s → %s', (who, billing, settlement, permission, store, allowed) => {
    expect(can(makeOrg('merchant-portal', { billing, settlement }), subjects[who], permission, store).allowed).toBe(allowed);
  });

  it('names the setting that switched a permission on', () => {
    const settledPerStore = makeOrg('merchant-portal', { billing: 'org', settlement: 'store' });
    expect(can(settledPerStore, manager, 'bank_accounts:read', 's1').reasons[0]).toBe(
      'role "manager" grants bank_accounts:read in store s1 because payouts are settled per store',
    );
    const billedPerStore = makeOrg('merchant-portal', { billing: 'store', settlement: 'org' });
    expect(can(billedPerStore, manager, 'invoices:read', 's1').reasons[0]).toBe(
      'role "manager" grants invoices:read in store s1 because the org is billed per store',
    );
  });

  it('explains why an accountant covers every store only with single billing and payouts', () => {
    const single = makeOrg('merchant-portal', { billing: 'org', settlement: 'org' });
    expect(explainStoreAccess(single, accountant, 's2').join(' ')).toMatch(/billing and payouts are both at org level/);
    const split = makeOrg('merchant-portal', { billing: 'org', settlement: 'store' });
    expect(explainStoreAccess(split, accountant, 's2').join(' ')).not.toMatch(/covers every store/);
  });
});
