import type { Selectable } from 'kysely';
import type { Permission } from '../../domain/permissions.js';
import type { BillingLevel, RoleDefinition } from '../../domain/types.js';
import type { Executor } from '../database.js';
import type { RoleTable } from '../schema/role.table.js';
import { bumpOrgVersion } from './org.queries.js';

type RoleRow = Selectable<RoleTable>;

export function roleFromRow(r: RoleRow): RoleDefinition {
  return {
    key: r.key,
    name: r.name,
    legacyNames: JSON.parse(r.legacy_names) as string[],
    scope: r.scope,
    rank: r.rank,
    audience: r.audience as RoleDefinition['audience'],
    permissions: JSON.parse(r.permissions) as Permission[],
    orgWidePermissions: JSON.parse(r.org_wide_permissions) as Permission[],
    conditionalPermissions: JSON.parse(r.conditional_permissions) as RoleDefinition['conditionalPermissions'],
    ...(r.org_wide_when_billing ? { orgWideWhenBilling: r.org_wide_when_billing as BillingLevel } : {}),
    topAdmin: r.top_admin === 1,
    builtIn: r.built_in === 1,
  };
}

export function roleToRow(orgId: string, role: RoleDefinition, now: string): RoleRow {
  return {
    org_id: orgId,
    key: role.key,
    name: role.name,
    legacy_names: JSON.stringify(role.legacyNames),
    scope: role.scope,
    rank: role.rank,
    audience: role.audience,
    permissions: JSON.stringify(role.permissions),
    org_wide_permissions: JSON.stringify(role.orgWidePermissions ?? []),
    conditional_permissions: JSON.stringify(role.conditionalPermissions ?? []),
    org_wide_when_billing: role.orgWideWhenBilling ?? null,
    top_admin: role.topAdmin ? 1 : 0,
    built_in: role.builtIn ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
}

export async function listRoles(ex: Executor, orgId: string): Promise<RoleDefinition[]> {
  const rows = await ex.selectFrom('roles').selectAll().where('org_id', '=', orgId).orderBy('rank', 'desc').orderBy('key').execute();
  return rows.map(roleFromRow);
}

export async function insertRoles(ex: Executor, orgId: string, roles: readonly RoleDefinition[], now: string): Promise<void> {
  if (roles.length === 0) return;
  await ex.insertInto('roles').values(roles.map((r) => roleToRow(orgId, r, now))).execute();
  await bumpOrgVersion(ex, orgId);
}

export async function updateRole(ex: Executor, orgId: string, role: RoleDefinition, now: string): Promise<void> {
  const { created_at: _created, org_id: _org, key: _key, ...patch } = roleToRow(orgId, role, now);
  await ex.updateTable('roles').set(patch).where('org_id', '=', orgId).where('key', '=', role.key).execute();
  await bumpOrgVersion(ex, orgId);
}

export async function deleteRole(ex: Executor, orgId: string, key: string): Promise<void> {
  await ex.deleteFrom('roles').where('org_id', '=', orgId).where('key', '=', key).execute();
  await bumpOrgVersion(ex, orgId);
}

export async function countRoleHolders(ex: Executor, orgId: string, key: string): Promise<number> {
  const row = await ex
    .selectFrom('role_assignments')
    .select((eb) => eb.fn.count<string | number>('user_id').distinct().as('n'))
    .where('org_id', '=', orgId)
    .where('role_key', '=', key)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
