import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, Executor } from '../database.js';
import type { MembershipTable, RoleAssignmentTable } from '../schema/membership.table.js';

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

type MemberScope = ExpressionBuilder<Database & { m: MembershipTable }, 'm'>;
type AssignmentQuery = SelectQueryBuilder<Database & { ra: RoleAssignmentTable }, 'ra', { user_id: string }>;

/**
 * "The member has an assignment matching `where`", probed row by row. OFFSET 0 keeps
 * PostgreSQL from turning the EXISTS into a semi-join, which gathered every holder of a common
 * role (60,000 cashiers) and sorted them; probed per row, the page walks the sort index and
 * stops after 50 matches. (LIMIT 1 OFFSET 0 is valid on both dialects and harmless in EXISTS.)
 */
function holds(eb: MemberScope, where: (q: AssignmentQuery) => AssignmentQuery) {
  const q = eb.selectFrom('role_assignments as ra').select('ra.user_id').whereRef('ra.org_id', '=', 'm.org_id').whereRef('ra.user_id', '=', 'm.user_id');
  return eb.exists(where(q).limit(1).offset(0));
}

/**
 * One keyset page of an org's team. Filters, sort and limit run on `memberships` and its
 * indexes in an inner query; `users` is joined to the page's rows only, for the display
 * columns (joining first made PostgreSQL fetch a user row for every member that matched a
 * filter, tens of thousands at 100,000 members, before keeping 50).
 */
export function listMembers(ex: Executor, q: MemberListQuery): Promise<MemberListRow[]> {
  const sortCol = q.sort === 'joined' ? 'm.created_at' : 'm.search_key';
  let page = ex
    .selectFrom('memberships as m')
    .select(['m.user_id', 'm.status as membership_status', 'm.created_at', 'm.last_seen_at', 'm.search_key'])
    .where('m.org_id', '=', q.orgId);
  if (q.search) {
    const pattern = likeContains(q.search.trim());
    // SQLite has no default LIKE escape character; PostgreSQL's is backslash. Say it for both.
    page = page.where(sql<boolean>`m.search_key like ${pattern} escape '\\'`);
  }
  if (q.role) {
    const role = q.role;
    page = page.where((eb) => holds(eb, (ra) => ra.where('ra.role_key', '=', role)));
  }
  if (q.storeId) {
    const storeId = q.storeId;
    // Members who can work in the store: assigned to it, or holding an org-wide role.
    page = page.where((eb) => holds(eb, (ra) => ra.where('ra.store_id', 'in', [storeId, ''])));
  }
  if (q.status) {
    const status = q.status;
    const isDeactivated = (eb: MemberScope) =>
      eb.exists(eb.selectFrom('users as su').select('su.id').whereRef('su.id', '=', 'm.user_id').where('su.status', '=', 'deactivated'));
    page =
      status === 'deactivated' ? page.where((eb) => isDeactivated(eb)) : page.where('m.status', '=', status).where((eb) => eb.not(isDeactivated(eb)));
  }
  if (q.after) {
    const { key, userId } = q.after;
    // A row-value comparison, not "a > x OR (a = x AND b > y)": PostgreSQL turns the tuple into
    // one index range and walks (org_id, sort column, user_id) in order, stopping after a page;
    // the OR form made it collect every later row and sort them.
    page = page.where((eb) => eb(eb.refTuple(sortCol, 'm.user_id'), '>', eb.tuple(key, userId)));
  }
  const inner = page.orderBy(sortCol).orderBy('m.user_id').limit(q.limit);
  const outerSort = q.sort === 'joined' ? 'p.created_at' : 'p.search_key';
  return ex
    .selectFrom(inner.as('p'))
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.user_id',
      'u.email',
      'u.first_name',
      'u.last_name',
      'u.phone',
      'u.status as user_status',
      'p.membership_status',
      'p.created_at',
      'p.last_seen_at',
      'p.search_key',
    ])
    .orderBy(outerSort)
    .orderBy('p.user_id')
    .execute();
}
