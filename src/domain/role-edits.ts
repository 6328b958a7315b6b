/**
 * Editing a built-in role (permission group) per org, seed 004: "Permission groups are the
 * right place to make changes that affect a role (e.g. 'Sales staff can now void payments' —
 * change the group once, not 8 users)". Pure rules: what a preset role looks like, whether an
 * org's copy differs from it, and what the top admin role must keep.
 */
import type { Permission } from './permissions.js';
import { PRESETS } from './presets/index.js';
import type { PresetKey, RoleDefinition } from './types.js';

/**
 * What the top admin role needs to run the org and to undo any role edit: see the team and the
 * roles, manage who has access, and change the org's roles and settings. Without them an org
 * could lock itself out of its own access management.
 */
export const TOP_ADMIN_ESSENTIALS: readonly Permission[] = ['team:read', 'team:manage', 'org:read', 'org:update'];

/** The preset's definition of a built-in role, or undefined (custom role, unknown preset). */
export function presetRole(preset: string, key: string): RoleDefinition | undefined {
  if (!(preset in PRESETS)) return undefined;
  return PRESETS[preset as PresetKey].roles.find((r) => r.key === key);
}

const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined) => {
  const x = new Set(a ?? []);
  const y = new Set(b ?? []);
  return x.size === y.size && [...x].every((p) => y.has(p));
};

const conditionalKey = (r: RoleDefinition) =>
  (r.conditionalPermissions ?? []).map((c) => `${c.on ?? 'billing'}:${c.billingLevel}:${[...c.permissions].sort().join(',')}`).sort().join('|');

/** Whether an org's built-in role differs from its preset (name or anything it grants); custom roles never do. */
export function isCustomized(preset: string, role: RoleDefinition): boolean {
  const base = role.builtIn ? presetRole(preset, role.key) : undefined;
  if (base === undefined) return false;
  return (
    role.name !== base.name ||
    !sameSet(role.permissions, base.permissions) ||
    !sameSet(role.orgWidePermissions, base.orgWidePermissions) ||
    conditionalKey(role) !== conditionalKey(base)
  );
}

/**
 * The org's role put back to its preset. Names it was known by stay as legacy names, so links
 * and imports made with an edited name keep resolving (seed 001).
 */
export function resetToPreset(role: RoleDefinition, base: RoleDefinition): RoleDefinition {
  const legacy = [...new Set([...base.legacyNames, ...role.legacyNames, role.name])].filter((n) => n.toLowerCase() !== base.name.toLowerCase());
  // The "use for" sentence is the preset's, never stored with the org's role.
  const { useFor: _useFor, ...definition } = base;
  return { ...definition, legacyNames: legacy };
}

/**
 * What a top admin may put into roles beyond what they hold: what their preset's top admin
 * role holds. So a top admin who trimmed their own role can still put it back (SPEC rule 2:
 * the top admin role may grant itself), but never reaches beyond the preset's ceiling.
 */
export function topAdminCeiling(preset: string): readonly Permission[] {
  if (!(preset in PRESETS)) return [];
  return PRESETS[preset as PresetKey].roles.find((r) => r.topAdmin)?.permissions ?? [];
}

/** The essentials a top admin role's new permission list would lose (empty for other roles). */
export function lostEssentials(role: RoleDefinition, permissions: readonly Permission[]): Permission[] {
  if (!role.topAdmin) return [];
  const kept = new Set(permissions);
  return TOP_ADMIN_ESSENTIALS.filter((p) => !kept.has(p));
}

/** What `after` grants that `before` did not (its own and org-wide lists): what an editor must hold to make the change. */
export function addedPermissions(before: RoleDefinition, after: RoleDefinition): Permission[] {
  const had = new Set([...before.permissions, ...(before.orgWidePermissions ?? []), ...(before.conditionalPermissions ?? []).flatMap((c) => c.permissions)]);
  const now = [...after.permissions, ...(after.orgWidePermissions ?? []), ...(after.conditionalPermissions ?? []).flatMap((c) => c.permissions)];
  return [...new Set(now.filter((p) => !had.has(p)))];
}
