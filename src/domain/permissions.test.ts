import { describe, expect, it } from 'vitest';
import { isPermission, levelOf, MODULES, PERMISSIONS, permissionsForLevel } from './permissions.js';

describe('permission catalogue', () => {
  it('has every module of SPEC §2 with CRUD', () => {
    for (const m of MODULES) {
      for (const a of ['read', 'create', 'update', 'delete']) expect(PERMISSIONS).toContain(`${m}:${a}`);
    }
    expect(MODULES).toHaveLength(31);
  });

  it.each([
    'team:manage', 'documents:sign', 'documents:download', 'transactions:download', 'sales:download',
    'payouts:download', 'invoices:download', 'payments:void', 'payments:refund', 'checkout:operate',
  ])('has the special permission %s', (p) => {
    expect(isPermission(p)).toBe(true);
  });

  it.each([['team:fly'], ['Team:read'], [''], [42], [null], ['team:read ']])('rejects %j', (x) => {
    expect(isPermission(x)).toBe(false);
  });

  it('has no duplicates', () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });
});

describe('access levels NONE < VIEW < EDIT < FULL', () => {
  it.each([
    ['invoices', 'NONE', []],
    ['invoices', 'VIEW', ['invoices:read', 'invoices:download']],
    ['products', 'VIEW', ['products:read']],
    ['products', 'EDIT', ['products:read', 'products:create', 'products:update']],
    ['payments', 'FULL', ['payments:read', 'payments:create', 'payments:update', 'payments:delete', 'payments:void', 'payments:refund']],
    ['team', 'EDIT', ['team:read', 'team:create', 'team:update']],
  ] as const)('%s at %s', (module, level, expected) => {
    expect(new Set(permissionsForLevel(module, level))).toEqual(new Set(expected));
  });

  it('each level includes the one below', () => {
    for (const m of MODULES) {
      const view = permissionsForLevel(m, 'VIEW');
      const edit = permissionsForLevel(m, 'EDIT');
      const full = permissionsForLevel(m, 'FULL');
      expect(edit).toEqual(expect.arrayContaining(view));
      expect(full).toEqual(expect.arrayContaining(edit));
    }
  });

  it('levelOf inverts permissionsForLevel', () => {
    for (const level of ['NONE', 'VIEW', 'EDIT', 'FULL'] as const) {
      expect(levelOf('sales', new Set(permissionsForLevel('sales', level)))).toBe(level);
    }
  });
});
