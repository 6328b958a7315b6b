/**
 * Small helpers that keep the preset files readable as data.
 */
import { type AccessLevel, type Module, PERMISSIONS, type Permission, permissionsForLevel } from '../permissions.js';
import type { RoleDefinition } from '../types.js';

/** Expands `{ module: level }` into permissions, e.g. `{ products: 'VIEW' }` → products:read. */
export function levels(spec: Partial<Record<Module, AccessLevel>>): Permission[] {
  return (Object.keys(spec) as Module[]).flatMap((m) => permissionsForLevel(m, spec[m] ?? 'NONE'));
}

/** Deduplicated union of permission lists, in catalogue order (stable output for tests and the API). */
export function union(...lists: readonly (readonly Permission[])[]): Permission[] {
  const all = new Set(lists.flat());
  return PERMISSIONS.filter((p) => all.has(p));
}

type RoleInput = Omit<RoleDefinition, 'builtIn' | 'legacyNames' | 'audience' | 'topAdmin'> &
  Partial<Pick<RoleDefinition, 'legacyNames' | 'audience' | 'topAdmin'>>;

/** A built-in role with the common defaults (staff audience, no legacy names, not top admin). */
export function builtInRole(input: RoleInput): RoleDefinition {
  return Object.freeze({
    legacyNames: [],
    audience: 'staff',
    topAdmin: false,
    ...input,
    permissions: union(input.permissions),
    builtIn: true,
  });
}
