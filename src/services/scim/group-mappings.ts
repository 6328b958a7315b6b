/**
 * The admin's mapping of identity-provider groups to Rolecall roles (the Provisioning page).
 * Mapping a group is granting its role to everyone in it, so it takes the same right as
 * assigning that role by hand; the group's members are brought in line at once, as the admin.
 */
import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { canAssignRole } from '../../domain/delegation.js';
import { cleanText } from '../../domain/names.js';
import { deleteScimGroupRole, findProvisioningDefault, findScimGroupRole, upsertProvisioningDefault, listScimGroupRoles, listScimGroups, membersOfGroupNamed, upsertScimGroupRole } from '../../store/queries/scim.queries.js';
import { inOrgTransaction } from '../../store/queries/org.queries.js';
import { openOrg, requirePermission } from '../access.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { enforce } from '../decision-error.js';
import { syncMembers } from './group-roles-sync.js';

export interface GroupMappingView {
  displayName: string;
  role: string;
  storeIds: string[];
  /** The identity provider has pushed a group of this name, with this many members. */
  provisioned: boolean;
  memberCount: number;
}

export interface GroupMappingsView {
  items: GroupMappingView[];
  unmappedGroups: string[];
  /** What a provisioned person holds while no mapped group gives them a role. */
  defaultRole: { role: string; storeIds: string[] } | null;
}

async function views(deps: Deps, orgId: string): Promise<GroupMappingsView> {
  const [mappings, groups, fallback] = await Promise.all([
    listScimGroupRoles(deps.db, orgId),
    listScimGroups(deps.db, orgId, { offset: 0, limit: 1000 }),
    findProvisioningDefault(deps.db, orgId),
  ]);
  const names = new Set(groups.rows.map((g) => g.display_name));
  const items: GroupMappingView[] = [];
  for (const m of mappings) {
    const members = names.has(m.display_name) ? await membersOfGroupNamed(deps.db, orgId, m.display_name) : [];
    items.push({ displayName: m.display_name, role: m.role_key, storeIds: JSON.parse(m.store_ids) as string[], provisioned: names.has(m.display_name), memberCount: members.length });
  }
  const mapped = new Set(mappings.map((m) => m.display_name));
  return {
    items,
    unmappedGroups: [...names].filter((n) => !mapped.has(n)).sort(),
    defaultRole: fallback ? { role: fallback.role_key, storeIds: JSON.parse(fallback.store_ids) as string[] } : null,
  };
}

export async function listGroupMappings(deps: Deps, ctx: RequestContext, orgId: string) {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:manage');
  return views(deps, orgId);
}

function nameOf(displayName: string): string {
  const name = cleanText(displayName);
  if (!name || name.length > 200) throw new AppError('validation_failed', 'Enter the group name exactly as your identity provider shows it.', { field: 'displayName' });
  return name;
}

/** Maps (or re-maps) a group name to a role in some stores (none for a business-wide role). */
export async function setGroupMapping(deps: Deps, ctx: RequestContext, orgId: string, displayName: string, input: { role: string; storeIds?: string[] | undefined }) {
  const name = nameOf(displayName);
  const now = deps.clock();
  const assignment = input.storeIds && input.storeIds.length > 0 ? { role: input.role, storeIds: [...new Set(input.storeIds)].sort() } : { role: input.role };
  const members = await inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:manage');
    enforce(canAssignRole(org.ctx, org.actor, assignment));
    const before = await findScimGroupRole(trx, orgId, name);
    await upsertScimGroupRole(trx, { org_id: orgId, display_name: name, role_key: assignment.role, store_ids: JSON.stringify(assignment.storeIds ?? []), updated_at: now.toISOString() });
    await audit(trx, ctx, now, {
      orgId,
      action: 'scim_group.mapping_set',
      targetType: 'scim_group_mapping',
      targetId: name,
      ...(before ? { before: { displayName: name, roles: [{ role: before.role_key, storeIds: JSON.parse(before.store_ids) }] } } : {}),
      after: { displayName: name, roles: [assignment] },
    });
    return membersOfGroupNamed(trx, orgId, name);
  });
  await syncMembers(deps, ctx, orgId, members);
  return views(deps, orgId);
}

/** Removes a mapping: the group's members lose the role it gave them. */
export async function removeGroupMapping(deps: Deps, ctx: RequestContext, orgId: string, displayName: string) {
  const name = nameOf(displayName);
  const now = deps.clock();
  const members = await inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:manage');
    const before = await findScimGroupRole(trx, orgId, name);
    assertThat(before, 'not_found', 'No mapping for that group name.');
    // Taking the role away from the group's members takes the right to assign it.
    const storeIds = JSON.parse(before.store_ids) as string[];
    enforce(canAssignRole(org.ctx, org.actor, storeIds.length ? { role: before.role_key, storeIds } : { role: before.role_key }));
    await deleteScimGroupRole(trx, orgId, name);
    await audit(trx, ctx, now, {
      orgId,
      action: 'scim_group.mapping_removed',
      targetType: 'scim_group_mapping',
      targetId: name,
      before: { displayName: name, roles: [{ role: before.role_key, storeIds }] },
    });
    return membersOfGroupNamed(trx, orgId, name);
  });
  await syncMembers(deps, ctx, orgId, members);
  return views(deps, orgId);
}

/** Sets the role a provisioned person holds while no mapped group gives one (new people start with it). */
export async function setDefaultRole(deps: Deps, ctx: RequestContext, orgId: string, input: { role: string; storeIds?: string[] | undefined }) {
  const now = deps.clock();
  const assignment = input.storeIds && input.storeIds.length > 0 ? { role: input.role, storeIds: [...new Set(input.storeIds)].sort() } : { role: input.role };
  await inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:manage');
    enforce(canAssignRole(org.ctx, org.actor, assignment));
    const before = await findProvisioningDefault(trx, orgId);
    await upsertProvisioningDefault(trx, { org_id: orgId, role_key: assignment.role, store_ids: JSON.stringify(assignment.storeIds ?? []), updated_at: now.toISOString() });
    await audit(trx, ctx, now, {
      orgId,
      action: 'scim_group.default_role_set',
      targetType: 'org',
      targetId: orgId,
      ...(before ? { before: { roles: [{ role: before.role_key, storeIds: JSON.parse(before.store_ids) }] } } : {}),
      after: { roles: [assignment] },
    });
  });
  return views(deps, orgId);
}
