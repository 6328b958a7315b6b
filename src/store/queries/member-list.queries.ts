import { type ExpressionBuilder, type SelectQueryBuilder, SqliteAdapter, sql } from 'kysely';
import type { Database, Executor } from '../database.js';
import { containsText } from '../like.js';
import type { MembershipTable, RoleAssignmentTable } from '../schema/membership.table.js';

export type MemberStatusFilter = 'active' | 'suspended' | 'deactivated';
export type MemberSort = 'name' | 'joined';

export interface MemberListQuery {
  orgId: string;
  search?: string | undefined;
  role?: string | undefined;
  storeId?: string | undefined;
  status?: MemberStatusFilter | undefined;
  /** Seed 002: staff, partner or customer users only. */
  audience?: 'staff' | 'partner' | 'customer' | undefined;
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
  audience: 'staff' | 'partner' | 'customer';
  profile_id: string | null;
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
 * How many rows, in list order, a search looks through before it asks the trigram index. A
 * term most members match (a mail domain, a common first name) fills a page within the first
 * few hundred rows; handed to the trigram index instead, it made PostgreSQL fetch and sort
 * all 100,000 matches to keep 50 (126 ms p95 in bench/results). A rare term finds less than a
 * page here and goes on to the index, which reads only the rows that hold it.
 */
export const SEARCH_PROBE_WINDOW = 2000;

type Cursor = NonNullable<MemberListQuery['after']>;

/**
 * One keyset page of an org's team. A search first probes the next `probeWindow` rows in list
 * order; only when they hold less than a page does it go on, past them, through the trigram
 * index (pg_trgm on PostgreSQL, FTS5 on SQLite). Both parts are exact (the LIKE filter decides
 * every row), so together they are the same page a single scan would return.
 */
export async function listMembers(ex: Executor, q: MemberListQuery, probeWindow = SEARCH_PROBE_WINDOW): Promise<MemberListRow[]> {
  const search = q.search?.trim().toLowerCase();
  if (!search) return withUsers(ex, q.sort, page(ex, { ...q, search: undefined })).execute();
  const end = await windowEnd(ex, q, probeWindow);
  if (!end) return [];
  const probed = await withUsers(ex, q.sort, page(ex, { ...q, search }, { until: end.cursor })).execute();
  if (probed.length >= q.limit || end.rows < probeWindow) return probed;
  const rest = await withUsers(ex, q.sort, page(ex, { ...q, search, after: end.cursor, limit: q.limit - probed.length }, { trigramIndex: true })).execute();
  return probed.concat(rest);
}

function sortColumn(sort: MemberSort) {
  return sort === 'joined' ? 'm.created_at' : 'm.search_key';
}

/**
 * `(sort column, user_id) op cursor` as a row-value comparison, not "a > x OR (a = x AND b >
 * y)": PostgreSQL turns the tuple into one index range and walks (org_id, sort column,
 * user_id) in order, stopping after a page; the OR form made it collect every later row and
 * sort them.
 */
function keyset(sort: MemberSort, op: '>' | '<=', cursor: Cursor) {
  return (eb: MemberScope) => eb(eb.refTuple(sortColumn(sort), 'm.user_id'), op, eb.tuple(cursor.key, cursor.userId));
}

/** The last of the next `size` rows after the cursor, in list order, and how many there were. */
async function windowEnd(ex: Executor, q: MemberListQuery, size: number): Promise<{ cursor: Cursor; rows: number } | undefined> {
  const sortCol = sortColumn(q.sort);
  let rows = ex.selectFrom('memberships as m').select([`${sortCol} as key`, 'm.user_id']).where('m.org_id', '=', q.orgId);
  if (q.after) rows = rows.where(keyset(q.sort, '>', q.after));
  const last = await ex
    .selectFrom(rows.orderBy(sortCol).orderBy('m.user_id').limit(size).as('w'))
    .select(['w.key', 'w.user_id', sql<number | string>`count(*) over ()`.as('rows')])
    .orderBy('w.key', 'desc')
    .orderBy('w.user_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last && { cursor: { key: last.key, userId: last.user_id }, rows: Number(last.rows) };
}

/**
 * The query for one page of membership rows, filtered and sorted on `memberships` and its
 * indexes. `until` closes the keyset range (the probe). `trigramIndex` starts from the rows
 * the trigram index names and sorts them: the planners would otherwise walk the sort index
 * and test each row, as PostgreSQL did for "tanaka" (74,000 rows read to reach the 4,000
 * Tanakas, who sort together near the end); `|| ''` hides org_id and the sort column from
 * their choice of index, which changes neither value nor order.
 */
function page(ex: Executor, q: MemberListQuery, opts: { until?: Cursor; trigramIndex?: boolean } = {}) {
  const sortCol = sortColumn(q.sort);
  // Trigram indexes know nothing shorter than three characters.
  const byTrigrams = opts.trigramIndex === true && q.search !== undefined && [...q.search].length >= 3;
  const indexed = (col: string) => (byTrigrams ? sql`${sql.ref(col)} || ''` : sql.ref(col));
  let page = ex
    .selectFrom('memberships as m')
    .select(['m.user_id', 'm.status as membership_status', 'm.created_at', 'm.last_seen_at', 'm.search_key', 'm.audience', 'm.profile_id'])
    .where(indexed('m.org_id'), '=', q.orgId);
  if (q.search) {
    page = page.where((eb) => containsText(eb.ref('m.search_key'), q.search!));
  }
  if (byTrigrams && q.search && ex.getExecutor().adapter instanceof SqliteAdapter) {
    // SQLite's trigram index is the FTS5 table of migration 1500; it names members through
    // memberships_user_idx. A quoted phrase of trigrams matches a superset of the LIKE (it
    // folds case the same way or more), so the LIKE above still decides.
    const phrase = `"${q.search.replaceAll('"', '""')}"`;
    page = page.where('m.user_id', 'in', (eb) =>
      eb
        .selectFrom('member_search as s')
        .innerJoin('member_search_docs as d', 'd.id', 's.rowid')
        .select('d.user_id')
        .where(sql<boolean>`s.search_key match ${phrase}`)
        .where('d.org_id', '=', q.orgId),
    );
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
  if (q.audience) page = page.where('m.audience', '=', q.audience);
  if (q.after) page = page.where(keyset(q.sort, '>', q.after));
  if (opts.until) page = page.where(keyset(q.sort, '<=', opts.until));
  return page.orderBy(indexed(sortCol)).orderBy('m.user_id').limit(q.limit);
}

/**
 * Joins `users` to a page's rows only, for the display columns (joining first made
 * PostgreSQL fetch a user row for every member that matched a filter, tens of thousands at
 * 100,000 members, before keeping 50).
 */
function withUsers(ex: Executor, sort: MemberSort, inner: ReturnType<typeof page>) {
  const outerSort = sort === 'joined' ? 'p.created_at' : 'p.search_key';
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
      'p.audience',
      'p.profile_id',
    ])
    .orderBy(outerSort)
    .orderBy('p.user_id');
}

/** One member of an org as the Team page shows them. */
export function findMemberRow(ex: Executor, orgId: string, userId: string): Promise<MemberListRow | undefined> {
  return ex
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.first_name', 'u.last_name', 'u.phone', 'u.status as user_status', 'm.status as membership_status', 'm.created_at', 'm.last_seen_at', 'm.search_key', 'm.audience', 'm.profile_id'])
    .where('m.org_id', '=', orgId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
}
