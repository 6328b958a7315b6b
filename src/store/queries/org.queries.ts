import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import { containsText } from '../like.js';
import type { OrgTable } from '../schema/org.table.js';

export type OrgRow = Selectable<OrgTable>;

export function findOrg(ex: Executor, orgId: string): Promise<OrgRow | undefined> {
  return ex.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
}

/**
 * Serializes every change to one org's team inside a transaction: the check-then-write of the
 * last-admin and owner rules must not interleave (two admins demoting each other at once).
 * An UPDATE takes a row lock on PostgreSQL and the write lock on SQLite, so one statement
 * works on both dialects. The same UPDATE bumps the org's `version`: every team change takes
 * this lock, so the cached access data of every instance goes stale with the commit (SPEC rule 7).
 */
export async function lockOrg(ex: Executor, orgId: string): Promise<void> {
  await bumpOrgVersion(ex, orgId);
}

/**
 * Marks the org's access data changed, in the caller's transaction (see the 1300 migration).
 * Writes that do not take `lockOrg` (stores, org settings, memberships added outside a lock)
 * call this themselves.
 */
export async function bumpOrgVersion(ex: Executor, orgId: string): Promise<void> {
  await ex.updateTable('orgs').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', orgId).execute();
}

/** A user's status is part of their subject in every org they belong to: bump all of them. */
export async function bumpUserOrgVersions(ex: Executor, userId: string): Promise<void> {
  await ex
    .updateTable('orgs')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', 'in', (eb) => eb.selectFrom('memberships').select('org_id').where('user_id', '=', userId))
    .execute();
}

/** The names of the orgs a user belongs to: context words a new password must not be built from. */
export async function orgNamesOfUser(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex.selectFrom('memberships as m').innerJoin('orgs as o', 'o.id', 'm.org_id').select('o.name').where('m.user_id', '=', userId).execute();
  return rows.map((r) => r.name);
}

export async function insertOrg(ex: Executor, row: OrgRow): Promise<void> {
  await ex.insertInto('orgs').values(row).execute();
}

/** Settings and owner feed access decisions (billing level, owner protection): bumps `version`. */
export async function updateOrg(ex: Executor, orgId: string, patch: Partial<Omit<OrgRow, 'id' | 'version'>>): Promise<void> {
  await ex
    .updateTable('orgs')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', orgId)
    .execute();
}

export interface OrgListQuery {
  search?: string | undefined;
  /** Only orgs this user belongs to (members); undefined lists every org (platform staff). */
  memberUserId?: string | undefined;
  after?: string | undefined;
  limit: number;
}

export async function listOrgs(ex: Executor, q: OrgListQuery): Promise<OrgRow[]> {
  let query = ex.selectFrom('orgs').selectAll('orgs').orderBy('orgs.id').limit(q.limit);
  if (q.memberUserId) {
    const uid = q.memberUserId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('memberships as m').select('m.user_id').whereRef('m.org_id', '=', 'orgs.id').where('m.user_id', '=', uid)),
    );
  }
  if (q.search) {
    const s = q.search;
    query = query.where((eb) => eb.or([containsText(eb.fn('lower', ['orgs.name']), s), containsText(eb.ref('orgs.slug'), s)]));
  }
  if (q.after) query = query.where('orgs.id', '>', q.after);
  return query.execute();
}
