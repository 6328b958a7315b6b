/**
 * The five built-in presets (SPEC §2), one per seed platform, and role lookup by key, name or
 * legacy name.
 */
import type { PresetKey, RoleDefinition } from '../types.js';
import { COMMERCE_ROLES } from './commerce.js';
import { MERCHANT_PORTAL_ROLES } from './merchant-portal.js';
import { PAYMENTS_ROLES } from './payments.js';
import { POS_ROLES } from './pos.js';
import { RETAIL_ROLES } from './retail.js';

export interface Preset {
  readonly key: PresetKey;
  readonly name: string;
  readonly description: string;
  readonly roles: readonly RoleDefinition[];
}

/** Every built-in preset by key. */
export const PRESETS: Readonly<Record<PresetKey, Preset>> = Object.freeze({
  pos: {
    key: 'pos',
    name: 'Point of sale',
    description: 'Org and store roles for a POS merchant: org_admin > org_manager > store_admin > store_manager > stocker, cashier.',
    roles: POS_ROLES,
  },
  'merchant-portal': {
    key: 'merchant-portal',
    name: 'Merchant portal',
    description: 'Administrator, manager, accountant and team member; what managers and accountants see depends on the billing level.',
    roles: MERCHANT_PORTAL_ROLES,
  },
  payments: {
    key: 'payments',
    name: 'Payments',
    description: 'Owner, admin and functional org roles: system integrator, payment management, reporting.',
    roles: PAYMENTS_ROLES,
  },
  retail: {
    key: 'retail',
    name: 'Retail',
    description: 'Admin, sales and counter staff permission groups with per-user store lists.',
    roles: RETAIL_ROLES,
  },
  commerce: {
    key: 'commerce',
    name: 'Subscription commerce',
    description: 'Global and system administrators, partner administrators and account executives; customers and partners get what their profile allows, for their own customer accounts.',
    roles: COMMERCE_ROLES,
  },
});

/** SPEC §2: `pos` is the default preset. */
export const DEFAULT_PRESET: PresetKey = 'pos';

/** The preset's roles as the `OrgContext.roles` map. */
export function presetRoleMap(key: PresetKey): ReadonlyMap<string, RoleDefinition> {
  return new Map(PRESETS[key].roles.map((r) => [r.key, r]));
}

/**
 * Finds a role by key, then display name, then legacy name (case-insensitive for names).
 * seed 001: "We have updated some of the role names" — old names must keep resolving.
 */
export function resolveRole(roles: ReadonlyMap<string, RoleDefinition>, keyOrName: string): RoleDefinition | undefined {
  const byKey = roles.get(keyOrName);
  if (byKey) return byKey;
  const wanted = keyOrName.trim().toLowerCase();
  for (const r of roles.values()) if (r.name.toLowerCase() === wanted) return r;
  for (const r of roles.values()) if (r.legacyNames.some((n) => n.toLowerCase() === wanted)) return r;
  return undefined;
}

/**
 * The preset's "use for" sentence of a built-in role, for role pickers (least privilege needs
 * to know what each role is for). Stored role rows do not carry it: the preset is its source,
 * so a renamed built-in role keeps its sentence. Custom roles have none.
 */
export function roleUseFor(preset: string, role: Pick<RoleDefinition, 'key' | 'builtIn'>): string | null {
  if (!role.builtIn || !(preset in PRESETS)) return null;
  return PRESETS[preset as PresetKey].roles.find((r) => r.key === role.key)?.useFor ?? null;
}
