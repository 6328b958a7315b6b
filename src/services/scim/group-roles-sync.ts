/**
 * A provisioned member's roles follow their groups: exactly the union of the roles their
 * groups are mapped to (group-mappings.ts), or the org's default role for provisioned people
 * when none is. Applied through `updateMember`, so a group change
 * can never grant more than the acting person (the token's creator, or the admin changing a
 * mapping) could grant by hand, and the last top admin and owner stay protected.
 */
import { AppError } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import type { RoleAssignment } from '../../domain/types.js';
import { loadSubject } from '../../store/queries/member.queries.js';
import type { Executor } from '../../store/database.js';
import { findProvisioningDefault, listScimGroupRoles, scimGroupsOfUser } from '../../store/queries/scim.queries.js';
import type { RequestContext } from '../context.js';
import { updateMember } from '../members-change.js';

/** The assignments a set of group mappings gives; one role's stores are merged. */
export function rolesFromMappings(mappings: readonly { role_key: string; store_ids: string }[]): RoleAssignment[] {
  const byRole = new Map<string, Set<string> | null>();
  for (const m of mappings) {
    const stores = JSON.parse(m.store_ids) as string[];
    const had = byRole.get(m.role_key);
    if (stores.length === 0 || had === null) byRole.set(m.role_key, null);
    else byRole.set(m.role_key, new Set([...(had ?? []), ...stores]));
  }
  return [...byRole]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([role, stores]) => (stores ? { role, storeIds: [...stores].sort() } : { role }));
}

const key = (list: readonly RoleAssignment[]) =>
  JSON.stringify([...list].map((a) => ({ role: a.role, storeIds: [...(a.storeIds ?? [])].sort() })).sort((a, b) => a.role.localeCompare(b.role)));

/** The org's default role for people from the identity provider, if set. */
export async function defaultAssignment(ex: Executor, orgId: string): Promise<RoleAssignment | undefined> {
  const d = await findProvisioningDefault(ex, orgId);
  return d ? rolesFromMappings([d])[0] : undefined;
}

export const noDefaultRole = () =>
  new AppError('validation_failed', 'No role is set for people from the identity provider; set the default role on the Provisioning page first.');

/** Brings one member's roles in line with their groups; nothing happens (or is audited) when they match. */
export async function syncRolesFromGroups(deps: Deps, ctx: RequestContext, orgId: string, userId: string): Promise<void> {
  const subject = await loadSubject(deps.db, orgId, userId);
  if (!subject?.membershipStatus) return;
  const groups = new Set((await scimGroupsOfUser(deps.db, orgId, userId)).map((g) => g.display_name));
  const mappings = (await listScimGroupRoles(deps.db, orgId)).filter((m) => groups.has(m.display_name));
  let roles = rolesFromMappings(mappings);
  // Every member holds a role: with no mapped group, the default role for provisioned people.
  if (roles.length === 0) {
    const fallback = await defaultAssignment(deps.db, orgId);
    if (!fallback) throw noDefaultRole();
    roles = [fallback];
  }
  if (key(roles) === key(subject.assignments)) return;
  await updateMember(deps, ctx, orgId, userId, { roles });
}

/**
 * Syncs several members. Every one is tried; the first refusal is thrown at the end, so one
 * member the actor may not change does not leave the others behind.
 */
export async function syncMembers(deps: Deps, ctx: RequestContext, orgId: string, userIds: Iterable<string>): Promise<void> {
  let first: unknown;
  for (const id of new Set(userIds)) {
    try {
      await syncRolesFromGroups(deps, ctx, orgId, id);
    } catch (err) {
      first ??= err;
    }
  }
  if (first) throw first;
}
