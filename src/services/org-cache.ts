import type { RoleDefinition, Subject } from '../domain/types.js';
import type { Executor } from '../store/database.js';
import { loadSubject } from '../store/queries/member.queries.js';
import type { OrgRow } from '../store/queries/org.queries.js';
import { listRoles } from '../store/queries/role.queries.js';
import { activeStoreIds } from '../store/queries/store.queries.js';

/**
 * Per-process memory of what access decisions read about an org — its roles, its active store
 * ids and its members' subjects — valid for exactly one `orgs.version`.
 *
 * Why it is always current (SPEC rule 7, "a change counts on the very next request on every
 * instance"): every write that changes any of these bumps the org's version in its own
 * transaction (`lockOrg`, `bumpOrgVersion`, `bumpUserOrgVersions`), and every request reads the
 * org row — version included — from the database before it looks here. An entry is used only
 * when its version equals the row just read; anything loaded after that read is at least as new
 * as the version it is filed under, so the worst a race can do is file fresh data under an old
 * version that no later request will match. Nothing is trusted across a commit another instance
 * made, because nothing is trusted without the row read.
 *
 * Only reads outside a transaction use it: inside one the caller may be about to write, and its
 * own reads must see its own uncommitted rows.
 */
interface OrgEntry {
  version: number;
  roles: RoleDefinition[];
  storeIds: string[];
  subjects: Map<string, Subject>;
}

/** Bounds: an org with more distinct members asked about than this re-reads the oldest. */
const MAX_ORGS = 2_000;
const MAX_SUBJECTS_PER_ORG = 20_000;

/** One cache per database handle (a test's two app instances over one database have two). */
const caches = new WeakMap<object, Map<string, OrgEntry>>();

function cacheOf(ex: Executor): Map<string, OrgEntry> | undefined {
  if (ex.isTransaction) return undefined;
  let c = caches.get(ex);
  if (!c) {
    c = new Map();
    caches.set(ex, c);
  }
  return c;
}

function entryFor(ex: Executor, row: OrgRow): OrgEntry | undefined {
  const e = cacheOf(ex)?.get(row.id);
  return e && e.version === row.version ? e : undefined;
}

/** The org's roles and active store ids for the version in `row` (read just before). */
export async function rolesAndStores(ex: Executor, row: OrgRow): Promise<{ roles: RoleDefinition[]; storeIds: string[] }> {
  const hit = entryFor(ex, row);
  if (hit) return hit;
  const [roles, storeIds] = await Promise.all([listRoles(ex, row.id), activeStoreIds(ex, row.id)]);
  const cache = cacheOf(ex);
  if (cache) {
    if (cache.size >= MAX_ORGS && !cache.has(row.id)) cache.delete(cache.keys().next().value as string);
    cache.set(row.id, { version: row.version, roles, storeIds, subjects: new Map() });
  }
  return { roles, storeIds };
}

/**
 * `loadSubject` for the org version in `row`. Only members are kept: a probe with random user
 * ids must not fill memory, and non-members are answered from the database every time.
 */
export async function subjectIn(ex: Executor, row: OrgRow, userId: string): Promise<Subject | undefined> {
  const hit = entryFor(ex, row)?.subjects.get(userId);
  if (hit) return hit;
  const subject = await loadSubject(ex, row.id, userId);
  const e = entryFor(ex, row);
  if (e && subject?.membershipStatus) {
    if (e.subjects.size >= MAX_SUBJECTS_PER_ORG) e.subjects.delete(e.subjects.keys().next().value as string);
    e.subjects.set(userId, subject);
  }
  return subject;
}
