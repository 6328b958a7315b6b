import { performance } from 'node:perf_hooks';
import type { RoleDefinition, Subject } from '../domain/types.js';
import { type CacheEntry, TaggedCache } from '../lib/tagged-cache.js';
import { type ChangeFeed, orgTag, sessionTag, userTag } from '../store/change-feed.js';
import type { Db, Executor } from '../store/database.js';
import { loadSubject } from '../store/queries/member.queries.js';
import { findOrg, type OrgRow, orgIdsOfUser } from '../store/queries/org.queries.js';
import { listRoles } from '../store/queries/role.queries.js';
import { secondFactorState } from '../store/queries/second-factor.queries.js';
import { findSessionByToken } from '../store/queries/session.queries.js';
import { orgsEndedForSession } from '../store/queries/session-org-end.queries.js';
import { activeStoreIds } from '../store/queries/store.queries.js';
import { feedOf } from '../store/transaction.js';

/**
 * Per-process memory of what every request reads: sessions (by token hash) and orgs (row, roles,
 * active stores, members' subjects), so a warm `check` does no I/O (issue 14).
 *
 * Why it is current (SPEC rule 7): every store write to data cached here notes what it changed
 * (`noteChanged`; an org's writes bump its version, which notes it), and the change feed
 * delivers that to this process at commit — its own changes synchronously before the reply,
 * another instance's through PostgreSQL NOTIFY, sent inside the changing transaction. An entry
 * is used without reading the database only while the feed is live and the entry was checked
 * within `RECHECK_MS`; otherwise it is checked first (an org by its `version`, a session by
 * reading it again). So a lost listener costs latency, never correctness, and a notification
 * lost while the listener looked healthy is outlived by at most `RECHECK_MS`.
 *
 * Reads inside a transaction never use it: the caller may be about to write, and its reads must
 * see its own uncommitted rows.
 */
export const RECHECK_MS = 5_000;

const MAX_ORGS = 2_000;
const MAX_SUBJECTS_PER_ORG = 20_000;
const MAX_SESSIONS = 100_000;

export interface OrgData {
  row: OrgRow;
  roles: RoleDefinition[];
  storeIds: string[];
  /** Members' subjects read under this entry (non-members are never kept: probes must not fill memory). */
  subjects: Map<string, Subject>;
}

/** What the second-factor rule needs about a session (services/second-factor/state.ts). */
export interface FactorFacts {
  verified: boolean;
  hasFactor: boolean;
  orgRequires: boolean;
}

export interface SessionFacts {
  id: string;
  userId: string;
  platformRole: 'support_agent' | 'support_admin' | null;
  userStatus: string;
  /** Epoch ms (compared on every request: no date parsing there). */
  expiresAtMs: number;
  lastSeenAtMs: number;
  revokedAt: string | null;
  revokedReason: string | null;
  factor: FactorFacts;
  /** Orgs that ended this session (services/org-session-end.ts). */
  endedOrgIds: ReadonlySet<string>;
}

class AccessCache {
  readonly orgs = new TaggedCache<OrgData>(MAX_ORGS);
  readonly sessions = new TaggedCache<SessionFacts>(MAX_SESSIONS);
  constructor(readonly feed: ChangeFeed) {
    feed.subscribe({
      changed: (tags) => {
        this.orgs.invalidate(tags);
        this.sessions.invalidate(tags);
      },
      flush: () => {
        this.orgs.flush();
        this.sessions.flush();
      },
    });
  }
  /** Usable without asking the database. */
  trusted(e: CacheEntry<unknown>): boolean {
    return this.feed.live && performance.now() - e.checkedAt < RECHECK_MS;
  }
}

/** One cache per database handle (a test's two apps over one database have two, fed alike). */
const caches = new WeakMap<object, AccessCache>();

function cacheOf(db: Db): AccessCache {
  let c = caches.get(db);
  if (!c) {
    c = new AccessCache(feedOf(db));
    caches.set(db, c);
  }
  return c;
}

/** Counters for /metrics. */
export function accessCacheStats(db: Db) {
  const c = cacheOf(db);
  return { live: c.feed.live, orgs: { size: c.orgs.size, ...c.orgs.stats }, sessions: { size: c.sessions.size, ...c.sessions.stats }, feed: c.feed.stats };
}

async function readOrg(ex: Executor, row: OrgRow): Promise<OrgData> {
  const [roles, storeIds] = await Promise.all([listRoles(ex, row.id), activeStoreIds(ex, row.id)]);
  return { row, roles, storeIds, subjects: new Map() };
}

/** The org's row, roles and active store ids; from memory when trusted (see above). */
export async function orgData(ex: Executor, orgId: string): Promise<OrgData | undefined> {
  if (ex.isTransaction) {
    const row = await findOrg(ex, orgId);
    return row && readOrg(ex, row);
  }
  const c = cacheOf(ex as Db);
  const hit = c.orgs.get(orgId);
  if (hit && c.trusted(hit)) {
    c.orgs.stats.hits++;
    return hit.value;
  }
  const mark = c.orgs.mark();
  const row = await findOrg(ex, orgId);
  if (!row) return undefined;
  // Checked against the row's version: unchanged means every cached part is still right.
  if (hit && c.orgs.get(orgId) === hit && hit.value.row.version === row.version) {
    c.orgs.stats.rechecks++;
    hit.checkedAt = performance.now();
    return hit.value;
  }
  c.orgs.stats.misses++;
  const data = await readOrg(ex, row);
  c.orgs.set(orgId, data, [orgTag(orgId)], mark, performance.now());
  return data;
}

/** `loadSubject` within an org read by `orgData`; members are kept with the org's entry. */
export async function subjectIn(ex: Executor, org: OrgData, userId: string): Promise<Subject | undefined> {
  const hit = org.subjects.get(userId);
  if (hit) return hit;
  if (ex.isTransaction) return loadSubject(ex, org.row.id, userId);
  const c = cacheOf(ex as Db);
  const mark = c.orgs.mark();
  const subject = await loadSubject(ex, org.row.id, userId);
  const current = c.orgs.get(org.row.id)?.value === org && c.orgs.unchangedSince([orgTag(org.row.id)], mark);
  if (subject?.membershipStatus && current) {
    if (org.subjects.size >= MAX_SUBJECTS_PER_ORG) org.subjects.delete(org.subjects.keys().next().value as string);
    org.subjects.set(userId, subject);
  }
  return subject;
}

/**
 * The session behind a token hash with everything a request asks of it; from memory when
 * trusted, unless `reread`. Only live sessions are kept; an unknown hash is never kept.
 */
export async function sessionFacts(db: Db, tokenHash: string, reread = false): Promise<SessionFacts | undefined> {
  const c = cacheOf(db);
  const hit = c.sessions.get(tokenHash);
  if (hit && !reread && c.trusted(hit)) {
    c.sessions.stats.hits++;
    return hit.value;
  }
  if (hit) c.sessions.stats.rechecks++;
  else c.sessions.stats.misses++;
  const mark = c.sessions.mark();
  const s = await findSessionByToken(db, tokenHash);
  if (!s) {
    c.sessions.delete(tokenHash);
    return undefined;
  }
  const [factor, endedOrgIds, orgIds] = await Promise.all([secondFactorState(db, s.id, s.user_id), orgsEndedForSession(db, s.id), orgIdsOfUser(db, s.user_id)]);
  const facts: SessionFacts = {
    id: s.id,
    userId: s.user_id,
    platformRole: s.platform_role,
    userStatus: s.user_status,
    expiresAtMs: Date.parse(s.expires_at),
    lastSeenAtMs: Date.parse(s.last_seen_at),
    revokedAt: s.revoked_at,
    revokedReason: s.revoked_reason,
    factor,
    endedOrgIds,
  };
  // Filed under every org of the person: any of them may end it or change its factor rule.
  if (s.revoked_at === null) c.sessions.set(tokenHash, facts, [sessionTag(s.id), userTag(s.user_id), ...orgIds.map(orgTag)], mark, performance.now());
  else c.sessions.delete(tokenHash);
  return facts;
}
