import type { Selectable } from 'kysely';
import type { Permission } from '../../domain/permissions.js';
import { profileGrants } from '../../domain/profile-grants.js';
import type { Override, RoleAssignment, Subject } from '../../domain/types.js';
import { userTag } from '../change-feed.js';
import type { Executor } from '../database.js';
import type { MembershipTable } from '../schema/membership.table.js';
import { noteChanged } from '../transaction.js';
import { customerIdsByMember } from './customer.queries.js';
import { bumpOrgVersion } from './org.queries.js';
import { levelsOf } from './profile.queries.js';

export type MembershipRow = Selectable<MembershipTable>;

/** The search/sort key copied onto each membership (see the migration for why). */
export function memberSearchKey(u: { first_name: string; last_name: string; email: string }): string {
  return `${u.last_name} ${u.first_name} ${u.email}`.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function findMembership(ex: Executor, orgId: string, userId: string): Promise<MembershipRow | undefined> {
  return ex.selectFrom('memberships').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
}

/** Groups assignment rows (one per role × store) back into `{ role, storeIds }`. */
export function groupAssignments(rows: readonly { role_key: string; store_id: string }[]): RoleAssignment[] {
  const byRole = new Map<string, string[]>();
  for (const r of rows) {
    const stores = byRole.get(r.role_key) ?? [];
    if (r.store_id !== '') stores.push(r.store_id);
    byRole.set(r.role_key, stores);
  }
  return [...byRole].map(([role, storeIds]) => (storeIds.length > 0 ? { role, storeIds: storeIds.sort() } : { role }));
}

export function overrideFromRow(r: { permission: string; effect: 'allow' | 'deny'; store_id: string }): Override {
  return r.store_id === ''
    ? { permission: r.permission as Permission, effect: r.effect }
    : { permission: r.permission as Permission, effect: r.effect, storeId: r.store_id };
}

export interface MemberGrants {
  assignments: RoleAssignment[];
  overrides: Override[];
  /** Partner and customer users' customer accounts (seed 002), sorted; empty for staff. */
  customerIds: string[];
}

/** Assignments, overrides and customer accounts of several members in three queries (no N+1 on the team list). */
export async function loadGrants(ex: Executor, orgId: string, userIds: readonly string[]): Promise<Map<string, MemberGrants>> {
  const out = new Map<string, MemberGrants>();
  if (userIds.length === 0) return out;
  const [assignments, overrides, customers] = await Promise.all([
    ex
      .selectFrom('role_assignments')
      .select(['user_id', 'role_key', 'store_id'])
      .where('org_id', '=', orgId)
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .orderBy('role_key')
      .orderBy('store_id')
      .execute(),
    ex
      .selectFrom('overrides')
      .select(['user_id', 'permission', 'effect', 'store_id'])
      .where('org_id', '=', orgId)
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .orderBy('permission')
      .orderBy('store_id')
      .execute(),
    customerIdsByMember(ex, orgId, userIds),
  ]);
  const rowsByUser = new Map<string, { role_key: string; store_id: string }[]>();
  for (const a of assignments) rowsByUser.set(a.user_id, [...(rowsByUser.get(a.user_id) ?? []), a]);
  for (const id of userIds) out.set(id, { assignments: groupAssignments(rowsByUser.get(id) ?? []), overrides: [], customerIds: customers.get(id) ?? [] });
  for (const o of overrides) out.get(o.user_id)?.overrides.push(overrideFromRow(o));
  return out;
}

/**
 * Everything `can()` needs about one user in one org; null membership when not a member.
 * A partner or customer user also carries their customer accounts and what their profile
 * grants (seed 002), so the cached subject answers questions about an account without I/O.
 */
export async function loadSubject(ex: Executor, orgId: string, userId: string): Promise<Subject | undefined> {
  const row = await ex
    .selectFrom('users as u')
    .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.org_id', '=', orgId))
    .leftJoin('profiles as p', (j) => j.onRef('p.id', '=', 'm.profile_id').on('p.org_id', '=', orgId))
    .select(['u.id', 'u.status as user_status', 'm.status as membership_status', 'm.audience', 'p.id as profile_id', 'p.name as profile_name', 'p.levels as profile_levels'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.membership_status) {
    return { userId, userStatus: row.user_status, membershipStatus: null, assignments: [], overrides: [] };
  }
  const grants = (await loadGrants(ex, orgId, [userId])).get(userId);
  const base: Subject = {
    userId,
    userStatus: row.user_status,
    membershipStatus: row.membership_status,
    assignments: grants?.assignments ?? [],
    overrides: grants?.overrides ?? [],
  };
  const audience = row.audience ?? 'staff';
  if (audience === 'staff') return base;
  const profile =
    row.profile_id && row.profile_name !== null
      ? { id: row.profile_id, name: row.profile_name, permissions: profileGrants(audience, levelsOf(row.profile_levels ?? '{}')) }
      : undefined;
  return { ...base, audience, customerIds: grants?.customerIds ?? [], ...(profile ? { profile } : {}) };
}

// Every write below changes what access decisions read: each bumps the org's version (and so
// tells every instance's cache), whoever calls it.

/** A new org of the user's also changes what their sessions need (an org may require a second factor). */
export async function insertMembership(
  ex: Executor,
  row: Omit<MembershipRow, 'last_seen_at' | 'audience' | 'profile_id'> & Partial<Pick<MembershipRow, 'audience' | 'profile_id'>>,
): Promise<void> {
  await ex.insertInto('memberships').values(row).execute();
  await bumpOrgVersion(ex, row.org_id);
  await noteChanged(ex, userTag(row.user_id));
}

/**
 * Every membership's denormalized search key follows the person's name and email, so each org's
 * team list finds the new name at once. Not a change of access: no bump.
 */
export async function setMemberSearchKeys(ex: Executor, user: { id: string; first_name: string; last_name: string; email: string }): Promise<void> {
  await ex.updateTable('memberships').set({ search_key: memberSearchKey(user) }).where('user_id', '=', user.id).execute();
}

/**
 * The Team page's "Last seen". Not a change of access: `updated_at` and the org version stay as
 * they are, so no cached decision is dropped and nothing is audited.
 */
export async function setMembershipLastSeen(ex: Executor, orgId: string, userId: string, now: string): Promise<void> {
  await ex.updateTable('memberships').set({ last_seen_at: now }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
}

export async function setMembershipStatus(ex: Executor, orgId: string, userId: string, status: 'active' | 'suspended', now: string) {
  await ex.updateTable('memberships').set({ status, updated_at: now }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  await bumpOrgVersion(ex, orgId);
}

/** Replaces a member's role assignments with the given (already validated) list. */
export async function replaceAssignments(ex: Executor, orgId: string, userId: string, assignments: readonly RoleAssignment[]) {
  await ex.deleteFrom('role_assignments').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  const rows = assignments.flatMap((a) =>
    a.storeIds && a.storeIds.length > 0
      ? a.storeIds.map((s) => ({ org_id: orgId, user_id: userId, role_key: a.role, store_id: s }))
      : [{ org_id: orgId, user_id: userId, role_key: a.role, store_id: '' }],
  );
  if (rows.length > 0) await ex.insertInto('role_assignments').values(rows).execute();
  await bumpOrgVersion(ex, orgId);
}

/**
 * Sets a partner or customer user's profile and replaces their customer accounts (seed 002)
 * with the given (already validated) ones; staff get null and none.
 */
export async function replaceMemberAudienceGrant(ex: Executor, orgId: string, userId: string, grant: { profileId: string | null; customerIds: readonly string[] }) {
  await ex.updateTable('memberships').set({ profile_id: grant.profileId }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  await ex.deleteFrom('member_customers').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  const rows = grant.customerIds.map((customerId) => ({ org_id: orgId, user_id: userId, customer_id: customerId }));
  if (rows.length > 0) await ex.insertInto('member_customers').values(rows).execute();
  await bumpOrgVersion(ex, orgId);
}

export async function replaceOverrides(ex: Executor, orgId: string, userId: string, overrides: readonly Override[]) {
  await ex.deleteFrom('overrides').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  const rows = overrides.map((o) => ({ org_id: orgId, user_id: userId, permission: o.permission, effect: o.effect, store_id: o.storeId ?? '' }));
  if (rows.length > 0) await ex.insertInto('overrides').values(rows).execute();
  await bumpOrgVersion(ex, orgId);
}

/** Ends a membership. Assignment, override and customer account rows go with it; the audit log keeps the history. */
export async function deleteMembership(ex: Executor, orgId: string, userId: string) {
  await ex.deleteFrom('role_assignments').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  await ex.deleteFrom('overrides').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  await ex.deleteFrom('member_customers').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  await ex.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  await bumpOrgVersion(ex, orgId);
}

/**
 * Active members (active membership, active user) holding a top-admin role, other than
 * `exceptUserId`. Called inside the org-locked transaction that is about to change a member.
 */
export async function countOtherActiveTopAdmins(ex: Executor, orgId: string, exceptUserId: string): Promise<number> {
  const row = await ex
    .selectFrom('role_assignments as ra')
    .innerJoin('roles as r', (j) => j.onRef('r.org_id', '=', 'ra.org_id').onRef('r.key', '=', 'ra.role_key'))
    .innerJoin('memberships as m', (j) => j.onRef('m.org_id', '=', 'ra.org_id').onRef('m.user_id', '=', 'ra.user_id'))
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select((eb) => eb.fn.count<string | number>('ra.user_id').distinct().as('n'))
    .where('ra.org_id', '=', orgId)
    .where('r.top_admin', '=', 1)
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where('ra.user_id', '!=', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the user belongs to any org other than `orgId` (in any status). */
export async function isMemberElsewhere(ex: Executor, userId: string, orgId: string): Promise<boolean> {
  const row = await ex.selectFrom('memberships').select('org_id').where('user_id', '=', userId).where('org_id', '!=', orgId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Every membership of a user with its status, in org id order. */
export function membershipStatusesOfUser(ex: Executor, userId: string): Promise<{ org_id: string; status: 'active' | 'suspended' }[]> {
  return ex.selectFrom('memberships').select(['org_id', 'status']).where('user_id', '=', userId).orderBy('org_id').execute();
}

/** Every role assignment of a user, across orgs. */
export function assignmentRowsOfUser(ex: Executor, userId: string): Promise<{ org_id: string; role_key: string; store_id: string }[]> {
  return ex.selectFrom('role_assignments').select(['org_id', 'role_key', 'store_id']).where('user_id', '=', userId).orderBy('role_key').orderBy('store_id').execute();
}

/** A user's role assignments in one org. */
export function assignmentRowsInOrg(ex: Executor, orgId: string, userId: string): Promise<{ role_key: string; store_id: string }[]> {
  return ex.selectFrom('role_assignments').select(['role_key', 'store_id']).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
}
