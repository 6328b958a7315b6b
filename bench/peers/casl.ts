/**
 * @casl/ability, set up per its docs: one prebuilt ability per user (built once, reused for
 * every check), actions are our permission keys, subjects are `Store` (conditions on the
 * store id for store-scoped roles) and `Org` for org-wide questions. CASL lets later rules win,
 * so the order is roles, then allow overrides, then deny overrides — the same precedence as
 * `can()` (deny override > allow override > roles, seed 004). Store objects are created once,
 * as an app would hold them.
 */
import { AbilityBuilder, createMongoAbility, type MongoAbility, subject } from '@casl/ability';
import type { RoleDefinition } from '../../src/domain/types.js';
import type { MemberSpec } from '../lib/dataset.js';

export type StoreObject = ReturnType<typeof storeObject>;
export const storeObject = (id: string) => subject('Store', { id });

export function caslAbility(roles: ReadonlyMap<string, RoleDefinition>, m: MemberSpec): MongoAbility {
  const { can, cannot, build } = new AbilityBuilder(createMongoAbility);
  for (const a of m.assignments) {
    const role = roles.get(a.role);
    if (!role) continue;
    const perms = [...role.permissions];
    if (role.scope === 'org') can(perms, ['Store', 'Org']);
    else {
      can(perms, 'Store', { id: { $in: [...(a.storeIds ?? [])] } });
      // Seed 001: a store role's org-wide permissions (see all team members) hold everywhere.
      if (role.orgWidePermissions?.length) can([...role.orgWidePermissions], ['Store', 'Org']);
    }
  }
  for (const effect of ['allow', 'deny'] as const) {
    const rule = effect === 'allow' ? can : cannot;
    for (const o of m.overrides.filter((x) => x.effect === effect)) {
      if (o.storeId) rule(o.permission, 'Store', { id: o.storeId });
      else rule(o.permission, ['Store', 'Org']);
    }
  }
  return build();
}
