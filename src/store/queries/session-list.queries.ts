import type { Executor } from '../database.js';

export interface LiveSessionQuery {
  /** Only this user's sessions. */
  userId?: string | undefined;
  /** Only sessions of users who are members of this org, and not ended in it. */
  orgId?: string | undefined;
  /** Sessions idle since before this, or past expiry, are not live. */
  now: string;
  idleSince: string;
  after?: string | undefined;
  limit: number;
}

/** Live sessions (not revoked, not expired, not idle), newest id last, keyset-paged by id. */
export function listLiveSessions(ex: Executor, q: LiveSessionQuery) {
  let query = ex
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.kind', 's.ip', 's.user_agent', 's.created_at', 's.last_seen_at', 's.expires_at', 's.current_org_id', 's.current_store_id', 'u.email', 'u.first_name', 'u.last_name'])
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', q.now)
    .where('s.last_seen_at', '>', q.idleSince)
    .orderBy('s.id')
    .limit(q.limit);
  if (q.userId) query = query.where('s.user_id', '=', q.userId);
  if (q.orgId) {
    const orgId = q.orgId;
    query = query.where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.user_id').whereRef('m.user_id', '=', 's.user_id').where('m.org_id', '=', orgId)));
    // A session the org ended is no longer signed in there, though it may live on elsewhere.
    query = query.where((eb) => eb.not(eb.exists(eb.selectFrom('session_org_ends as e').select('e.session_id').whereRef('e.session_id', '=', 's.id').where('e.org_id', '=', orgId))));
  }
  if (q.after) query = query.where('s.id', '>', q.after);
  return query.execute();
}

export type LiveSession = Awaited<ReturnType<typeof listLiveSessions>>[number];

/** One live-or-not session with its user, for ending it. */
export function findSessionById(ex: Executor, id: string) {
  return ex.selectFrom('sessions').select(['id', 'user_id', 'revoked_at', 'current_org_id']).where('id', '=', id).executeTakeFirst();
}
