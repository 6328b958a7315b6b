import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { ScimGroupRoleTable, ScimGroupTable, ScimTokenTable } from '../schema/identity.table.js';

export type ScimTokenRow = Selectable<ScimTokenTable>;
export type ScimGroupRow = Selectable<ScimGroupTable>;
export type ScimGroupRoleRow = Selectable<ScimGroupRoleTable>;

// Tokens ---------------------------------------------------------------------------------------

export async function insertScimToken(ex: Executor, row: ScimTokenRow): Promise<void> {
  await ex.insertInto('scim_tokens').values(row).execute();
}

export function listScimTokens(ex: Executor, orgId: string): Promise<ScimTokenRow[]> {
  return ex.selectFrom('scim_tokens').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export function findScimToken(ex: Executor, orgId: string, id: string): Promise<ScimTokenRow | undefined> {
  return ex.selectFrom('scim_tokens').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function findScimTokenByHash(ex: Executor, hash: string): Promise<ScimTokenRow | undefined> {
  return ex.selectFrom('scim_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

/** Revokes a live token; false when it was revoked already. */
export async function revokeScimToken(ex: Executor, orgId: string, id: string, now: string): Promise<boolean> {
  const r = await ex.updateTable('scim_tokens').set({ revoked_at: now }).where('org_id', '=', orgId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** "Last used" on the Provisioning page; not a change of access. */
export async function touchScimToken(ex: Executor, id: string, now: string): Promise<void> {
  await ex.updateTable('scim_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

// Provisioned users ----------------------------------------------------------------------------

export interface ScimUserRow {
  id: string;
  email: string;
  email_key: string;
  first_name: string;
  last_name: string;
  user_status: 'active' | 'deactivated';
  membership_status: 'active' | 'suspended';
  created_at: string;
  updated_at: string;
  external_id: string | null;
}

function scimUsers(ex: Executor, orgId: string) {
  return ex
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('scim_external_ids as x', (j) => j.onRef('x.user_id', '=', 'm.user_id').onRef('x.org_id', '=', 'm.org_id'))
    .where('m.org_id', '=', orgId);
}

const USER_COLUMNS = [
  'u.id',
  'u.email',
  'u.email_key',
  'u.first_name',
  'u.last_name',
  'u.status as user_status',
  'm.status as membership_status',
  'm.created_at',
  'm.updated_at',
  'x.external_id',
] as const;

export function findScimUser(ex: Executor, orgId: string, userId: string): Promise<ScimUserRow | undefined> {
  return scimUsers(ex, orgId).select(USER_COLUMNS).where('u.id', '=', userId).executeTakeFirst();
}

/** A page of the org's members by email; `emailKey` narrows to one. Offset paging, as SCIM asks. */
export async function listScimUsers(ex: Executor, orgId: string, q: { emailKey?: string | undefined; externalId?: string | undefined; offset: number; limit: number }) {
  let base = scimUsers(ex, orgId);
  if (q.emailKey !== undefined) base = base.where('u.email_key', '=', q.emailKey);
  if (q.externalId !== undefined) base = base.where('x.external_id', '=', q.externalId);
  const [total, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    q.limit > 0 ? base.select(USER_COLUMNS).orderBy('u.email_key').orderBy('u.id').offset(q.offset).limit(q.limit).execute() : Promise.resolve([]),
  ]);
  return { total: Number(total.n), rows };
}

export async function setScimExternalId(ex: Executor, orgId: string, userId: string, externalId: string | null): Promise<void> {
  await ex.deleteFrom('scim_external_ids').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  if (externalId !== null) await ex.insertInto('scim_external_ids').values({ org_id: orgId, user_id: userId, external_id: externalId }).execute();
}

// Groups ---------------------------------------------------------------------------------------

export async function insertScimGroup(ex: Executor, row: ScimGroupRow): Promise<void> {
  await ex.insertInto('scim_groups').values(row).execute();
}

export function findScimGroup(ex: Executor, orgId: string, id: string): Promise<ScimGroupRow | undefined> {
  return ex.selectFrom('scim_groups').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function listScimGroups(ex: Executor, orgId: string, q: { displayName?: string | undefined; offset: number; limit: number }) {
  let base = ex.selectFrom('scim_groups').where('org_id', '=', orgId);
  if (q.displayName !== undefined) base = base.where('display_name', '=', q.displayName);
  const [total, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    q.limit > 0 ? base.selectAll().orderBy('display_name').orderBy('id').offset(q.offset).limit(q.limit).execute() : Promise.resolve([]),
  ]);
  return { total: Number(total.n), rows };
}

export async function updateScimGroup(ex: Executor, orgId: string, id: string, patch: { display_name?: string; external_id?: string | null; updated_at: string }): Promise<void> {
  await ex.updateTable('scim_groups').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function deleteScimGroup(ex: Executor, orgId: string, id: string): Promise<void> {
  await ex.deleteFrom('scim_group_members').where('org_id', '=', orgId).where('group_id', '=', id).execute();
  await ex.deleteFrom('scim_groups').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** The members of some groups, with their emails (a group resource lists them). */
export function scimGroupMembers(ex: Executor, orgId: string, groupIds: readonly string[]): Promise<{ group_id: string; user_id: string; email: string }[]> {
  if (groupIds.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('scim_group_members as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.group_id', 'g.user_id', 'u.email'])
    .where('g.org_id', '=', orgId)
    .where('g.group_id', 'in', [...groupIds])
    .orderBy('u.email_key')
    .execute();
}

/** The groups a member is in, by display name. */
export function scimGroupsOfUser(ex: Executor, orgId: string, userId: string): Promise<{ id: string; display_name: string }[]> {
  return ex
    .selectFrom('scim_group_members as g')
    .innerJoin('scim_groups as s', 's.id', 'g.group_id')
    .select(['s.id', 's.display_name'])
    .where('g.org_id', '=', orgId)
    .where('g.user_id', '=', userId)
    .orderBy('s.display_name')
    .execute();
}

export async function addScimGroupMember(ex: Executor, orgId: string, groupId: string, userId: string): Promise<void> {
  await ex.insertInto('scim_group_members').values({ org_id: orgId, group_id: groupId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeScimGroupMember(ex: Executor, orgId: string, groupId: string, userId: string): Promise<void> {
  await ex.deleteFrom('scim_group_members').where('org_id', '=', orgId).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
}

/** A removed member leaves every group of the org with their membership. */
export async function removeFromAllScimGroups(ex: Executor, orgId: string, userId: string): Promise<void> {
  await ex.deleteFrom('scim_group_members').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  await ex.deleteFrom('scim_external_ids').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
}

// Group → role mappings ------------------------------------------------------------------------

export function listScimGroupRoles(ex: Executor, orgId: string): Promise<ScimGroupRoleRow[]> {
  return ex.selectFrom('scim_group_roles').selectAll().where('org_id', '=', orgId).orderBy('display_name').execute();
}

export function findScimGroupRole(ex: Executor, orgId: string, displayName: string): Promise<ScimGroupRoleRow | undefined> {
  return ex.selectFrom('scim_group_roles').selectAll().where('org_id', '=', orgId).where('display_name', '=', displayName).executeTakeFirst();
}

export async function upsertScimGroupRole(ex: Executor, row: ScimGroupRoleRow): Promise<void> {
  await ex
    .insertInto('scim_group_roles')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'display_name']).doUpdateSet({ role_key: row.role_key, store_ids: row.store_ids, updated_at: row.updated_at }))
    .execute();
}

export async function deleteScimGroupRole(ex: Executor, orgId: string, displayName: string): Promise<void> {
  await ex.deleteFrom('scim_group_roles').where('org_id', '=', orgId).where('display_name', '=', displayName).execute();
}

export function findProvisioningDefault(ex: Executor, orgId: string): Promise<{ role_key: string; store_ids: string } | undefined> {
  return ex.selectFrom('provisioning_defaults').select(['role_key', 'store_ids']).where('org_id', '=', orgId).executeTakeFirst();
}

export async function upsertProvisioningDefault(ex: Executor, row: { org_id: string; role_key: string; store_ids: string; updated_at: string }): Promise<void> {
  await ex
    .insertInto('provisioning_defaults')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ role_key: row.role_key, store_ids: row.store_ids, updated_at: row.updated_at }))
    .execute();
}

/** The members of the org's groups with this display name (whose roles follow its mapping). */
export async function membersOfGroupNamed(ex: Executor, orgId: string, displayName: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('scim_group_members as g')
    .innerJoin('scim_groups as s', 's.id', 'g.group_id')
    .select('g.user_id')
    .distinct()
    .where('g.org_id', '=', orgId)
    .where('s.display_name', '=', displayName)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The newest changes made by the org's provisioning tokens (the Provisioning page). */
export function recentScimEvents(ex: Executor, orgId: string, limit: number) {
  return ex
    .selectFrom('audit_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('actor_kind', '=', 'scim_token')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
