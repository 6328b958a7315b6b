import { sql } from 'kysely';
import type { Executor } from '../database.js';

export type MemberStatusFilter = 'active' | 'suspended' | 'deactivated';
export type MemberSort = 'name' | 'joined';

export interface MemberListQuery {
  orgId: string;
  search?: string | undefined;
  role?: string | undefined;
  storeId?: string | undefined;
  status?: MemberStatusFilter | undefined;
  sort: MemberSort;
  /** Keyset cursor: the sort value and user id of the last row of the previous page. */
  after?: { key: string; userId: string } | undefined;
  limit: number;
}

export interface MemberListRow {
  user_id: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  user_status: 'active' | 'deactivated';
  membership_status: 'active' | 'suspended';
  created_at: string;
  last_seen_at: string | null;
  search_key: string;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
function likeContains(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One keyset page of an org's team. Filters and sort run on `memberships` and its indexes;
 * `users` is joined only for the display columns.
 */
export function listMembers(ex: Executor, q: MemberListQuery): Promise<MemberListRow[]> {
  const sortCol = q.sort === 'joined' ? 'm.created_at' : 'm.search_key';
  let query = ex
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.user_id',
      'u.email',
      'u.first_name',
      'u.last_name',
      'u.phone',
      'u.status as user_status',
      'm.status as membership_status',
      'm.created_at',
      'm.last_seen_at',
      'm.search_key',
    ])
    .where('m.org_id', '=', q.orgId);
  if (q.search) {
    const pattern = likeContains(q.search.trim());
    // SQLite has no default LIKE escape character; PostgreSQL's is backslash. Say it for both.
    query = query.where(sql<boolean>`m.search_key like ${pattern} escape '\\'`);
  }
  if (q.role) {
    const role = q.role;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('role_assignments as ra').select('ra.user_id').whereRef('ra.org_id', '=', 'm.org_id').whereRef('ra.user_id', '=', 'm.user_id').where('ra.role_key', '=', role),
      ),
    );
  }
  if (q.storeId) {
    const storeId = q.storeId;
    // Members who can work in the store: assigned to it, or holding an org-wide role.
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignments as ra')
          .select('ra.user_id')
          .whereRef('ra.org_id', '=', 'm.org_id')
          .whereRef('ra.user_id', '=', 'm.user_id')
          .where('ra.store_id', 'in', [storeId, '']),
      ),
    );
  }
  if (q.status === 'deactivated') query = query.where('u.status', '=', 'deactivated');
  else if (q.status) query = query.where('u.status', '=', 'active').where('m.status', '=', q.status);
  if (q.after) {
    const { key, userId } = q.after;
    // A row-value comparison, not "a > x OR (a = x AND b > y)": PostgreSQL turns the tuple into
    // one index range and walks (org_id, sort column, user_id) in order, stopping after a page;
    // the OR form made it collect every later row and sort them.
    query = query.where((eb) => eb(eb.refTuple(sortCol, 'm.user_id'), '>', eb.tuple(key, userId)));
  }
  return query.orderBy(sortCol).orderBy('m.user_id').limit(q.limit).execute();
}
