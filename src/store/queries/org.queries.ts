import type { Selectable } from 'kysely';
import { orgTag, userTag } from '../change-feed.js';
import type { Db, Executor } from '../database.js';
import { containsText } from '../like.js';
import type { OrgTable } from '../schema/org.table.js';
import { inTransaction, noteChanged, type Tx } from '../transaction.js';

export type OrgRow = Selectable<OrgTable>;

export function findOrg(ex: Executor, orgId: string): Promise<OrgRow | undefined> {
  return ex.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
}

/**
 * A change to one org, the one way to make one: the org's row is locked and its version bumped
 * first, then `fn` runs, all in one transaction. The lock serializes the org's changes (the
 * check-then-write of the last-admin and owner rules must not interleave: two admins demoting
 * each other at once); an UPDATE takes a row lock on PostgreSQL and the write lock on SQLite, so
 * one statement works on both. The bump and its notification make every instance's cached
 * access data of the org stale at commit (SPEC rule 7; services/access-cache.ts).
 */
export function inOrgTransaction<T>(db: Db, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await lockOrg(tx, orgId);
    return fn(tx);
  });
}

/** The lock of `inOrgTransaction`, for a transaction that changes several orgs. */
export async function lockOrg(ex: Executor, orgId: string): Promise<void> {
  await bumpOrgVersion(ex, orgId);
}

/**
 * Marks the org's access data changed, in the caller's transaction (see the 1300 migration): the
 * version is the truth a cache is checked against, the note tells every instance at commit.
 */
export async function bumpOrgVersion(ex: Executor, orgId: string): Promise<void> {
  await ex.updateTable('orgs').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', orgId).execute();
  await noteChanged(ex, orgTag(orgId));
}

/**
 * A user's status is part of their subject in every org they belong to: bump all of them, and
 * the user's own cached sessions go too.
 */
export async function bumpUserOrgVersions(ex: Executor, userId: string): Promise<void> {
  const orgIds = await orgIdsOfUser(ex, userId);
  for (const orgId of orgIds) await ex.updateTable('orgs').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', orgId).execute();
  await noteChanged(ex, userTag(userId), ...orgIds.map(orgTag));
}

/** The orgs a user belongs to, in any status, in id order (the order org locks are taken in). */
export async function orgIdsOfUser(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex.selectFrom('memberships').select('org_id').where('user_id', '=', userId).orderBy('org_id').execute();
  return rows.map((r) => r.org_id);
}

/** The names of the orgs a user belongs to: context words a new password must not be built from. */
export async function orgNamesOfUser(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex.selectFrom('memberships as m').innerJoin('orgs as o', 'o.id', 'm.org_id').select('o.name').where('m.user_id', '=', userId).execute();
  return rows.map((r) => r.name);
}

export function findOrgBySlug(ex: Executor, slug: string): Promise<{ id: string } | undefined> {
  return ex.selectFrom('orgs').select('id').where('slug', '=', slug).executeTakeFirst();
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
  await noteChanged(ex, orgTag(orgId));
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

/** Whether any org the user belongs to keeps `single_session` on (services/single-session.ts). */
export async function anySingleSessionOrgOf(ex: Executor, userId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select('o.id')
    .where('m.user_id', '=', userId)
    .where('o.single_session', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
