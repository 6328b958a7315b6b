import { describe, expect, it } from 'vitest';
import { isPermission, type Permission } from '../permissions.js';
import type { BillingLevel, PresetKey, RoleDefinition } from '../types.js';
import { DEFAULT_PRESET, PRESETS, presetRoleMap, resolveRole, roleUseFor } from './index.js';

const KEYS = Object.keys(PRESETS) as PresetKey[];

/** Everything a role can ever grant at one billing level (store-scoped reach aside). */
function grants(role: RoleDefinition, billing: BillingLevel): Set<Permission> {
  return new Set([
    ...role.permissions,
    ...(role.orgWidePermissions ?? []),
    ...(role.conditionalPermissions ?? []).filter((c) => c.billingLevel === billing).flatMap((c) => c.permissions),
  ]);
}

// Documented exceptions to "higher rank ⊇ lower rank" — seed 001: the accountant sees bank
// accounts, payouts and invoices that a manager does not.
const EXCEPTIONS = new Set(['merchant-portal:manager>accountant']);

describe('presets', () => {
  it('ships the five seed presets with pos as default', () => {
    expect(KEYS.sort()).toEqual(['commerce', 'merchant-portal', 'payments', 'pos', 'retail']);
    expect(DEFAULT_PRESET).toBe('pos');
  });

  it.each(KEYS)('%s: every role says in one plain sentence whom it is for', (key) => {
    for (const r of PRESETS[key].roles) {
      expect(r.useFor, r.key).toMatch(/^[A-Z].{10,100}\.$/);
      // Plain words: no role keys or permission keys in the sentence a person reads.
      expect(r.useFor, r.key).not.toMatch(/\b[a-z]+_[a-z_]+\b|\b[a-z_]+:[a-z_]+\b/);
      expect(roleUseFor(key, r)).toBe(r.useFor);
    }
    expect(roleUseFor(key, { key: PRESETS[key].roles[0]!.key, builtIn: false })).toBeNull();
  });

  it.each(KEYS)('%s: built-in, valid permissions, unique keys, one org-scoped top admin ranked highest', (key) => {
    const roles = PRESETS[key].roles;
    expect(new Set(roles.map((r) => r.key)).size).toBe(roles.length);
    for (const r of roles) {
      expect(r.builtIn).toBe(true);
      for (const p of grants(r, 'store')) expect(isPermission(p)).toBe(true);
      for (const p of grants(r, 'org')) expect(isPermission(p)).toBe(true);
    }
    const tops = roles.filter((r) => r.topAdmin);
    expect(tops).toHaveLength(1);
    const top = tops[0] as RoleDefinition;
    expect(top.scope).toBe('org');
    for (const r of roles) if (r !== top) expect(r.rank).toBeLessThan(top.rank);
  });

  it.each(KEYS)('%s: roles that manage the team can read it', (key) => {
    for (const r of PRESETS[key].roles) if (r.permissions.includes('team:manage')) expect(r.permissions).toContain('team:read');
  });

  it.each(KEYS)('%s: a higher rank holds every permission of a lower rank (documented exceptions aside)', (key) => {
    const roles = PRESETS[key].roles;
    for (const hi of roles) {
      for (const lo of roles) {
        if (hi.rank <= lo.rank) continue;
        const pair = `${key}:${hi.key}>${lo.key}`;
        for (const billing of ['store', 'org'] as const) {
          const missing = [...grants(lo, billing)].filter((p) => !grants(hi, billing).has(p));
          if (EXCEPTIONS.has(pair)) expect(missing.length).toBeGreaterThan(0);
          else expect({ pair, billing, missing }).toEqual({ pair, billing, missing: [] });
        }
      }
    }
  });

  it('pos follows seed 000: org_admin > org_manager > store_admin > store_manager > stocker = cashier', () => {
    const r = presetRoleMap('pos');
    const rank = (k: string) => r.get(k)?.rank ?? -1;
    expect(rank('org_admin')).toBeGreaterThan(rank('org_manager'));
    expect(rank('org_manager')).toBeGreaterThan(rank('store_admin'));
    expect(rank('store_admin')).toBeGreaterThan(rank('store_manager'));
    expect(rank('store_manager')).toBeGreaterThan(rank('stocker'));
    expect(rank('stocker')).toBe(rank('cashier'));
    expect(r.get('org_manager')?.scope).toBe('org');
    for (const k of ['store_admin', 'store_manager', 'stocker', 'cashier']) expect(r.get(k)?.scope).toBe('store');
    expect(r.get('cashier')?.permissions).toEqual(expect.arrayContaining(['checkout:operate', 'sales:read', 'payments:read']));
  });

  it('merchant-portal follows seed 001 ranks and scopes', () => {
    const r = presetRoleMap('merchant-portal');
    expect(['administrator', 'manager', 'accountant', 'team_member'].map((k) => r.get(k)?.rank)).toEqual([100, 50, 40, 10]);
    expect(r.get('accountant')?.orgWideWhenBilling).toBe('org');
    expect(r.get('accountant')?.permissions).not.toContain('team:manage');
    expect(r.get('team_member')?.permissions).not.toContain('team:manage');
    expect(r.get('manager')?.orgWidePermissions).toEqual(expect.arrayContaining(['team:read', 'stores:read']));
  });
});

describe('legacy names (seed 001: "we have updated some of the role names")', () => {
  const roles = presetRoleMap('merchant-portal');
  it.each([
    ['administrator', 'administrator'],
    ['Admin', 'administrator'],
    ['store manager', 'manager'],
    ['Staff', 'team_member'],
    ['Team member', 'team_member'],
    ['Accountant', 'accountant'],
  ])('%s resolves to %s', (name, key) => {
    expect(resolveRole(roles, name)?.key).toBe(key);
  });

  it('unknown names resolve to nothing', () => {
    expect(resolveRole(roles, 'Wizard')).toBeUndefined();
  });
});
