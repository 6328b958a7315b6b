import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { OrgTable } from '../schema/org.table.js';

export type OrgRow = Selectable<OrgTable>;

export function findOrg(ex: Executor, orgId: string): Promise<OrgRow | undefined> {
  return ex.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
}

/**
 * Serializes every change to one org's team inside a transaction: the check-then-write of the
 * last-admin and owner rules must not interleave (two admins demoting each other at once).
 * An UPDATE takes a row lock on PostgreSQL and the write lock on SQLite, so one statement
 * works on both dialects.
 */
export async function lockOrg(ex: Executor, orgId: string): Promise<void> {
  await ex.updateTable('orgs').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', orgId).execute();
}

export async function insertOrg(ex: Executor, row: OrgRow): Promise<void> {
  await ex.insertInto('orgs').values(row).execute();
}

export async function updateOrg(ex: Executor, orgId: string, patch: Partial<Omit<OrgRow, 'id'>>): Promise<void> {
  await ex.updateTable('orgs').set(patch).where('id', '=', orgId).execute();
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
    const s = `%${q.search.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['orgs.name']), 'like', s), eb('orgs.slug', 'like', s)]));
  }
  if (q.after) query = query.where('orgs.id', '>', q.after);
  return query.execute();
}
