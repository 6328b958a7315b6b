import { sql } from 'kysely';
import { orgTag, sessionTag, userTag } from '../change-feed.js';
import type { Executor } from '../database.js';
import { noteChanged } from '../transaction.js';

/** Whose sessions an org ends: one session, one member's, or every member's ("sign everyone out"). */
export type OrgSessionTarget = { sessionId: string } | { userId: string } | { orgMembers: true };

/** The cache tag under which the target's sessions are filed (services/access-cache.ts). */
function targetTag(orgId: string, target: OrgSessionTarget): string {
  if ('sessionId' in target) return sessionTag(target.sessionId);
  if ('userId' in target) return userTag(target.userId);
  return orgTag(orgId);
}

/** Live (not revoked, not expired) sessions of the target, but `exceptId`. */
function targetSessions(ex: Executor, orgId: string, now: string, target: OrgSessionTarget, exceptId: string | undefined) {
  let q = ex.selectFrom('sessions as s').where('s.revoked_at', 'is', null).where('s.expires_at', '>', now);
  if ('sessionId' in target) q = q.where('s.id', '=', target.sessionId);
  else if ('userId' in target) q = q.where('s.user_id', '=', target.userId);
  else q = q.where('s.user_id', 'in', ex.selectFrom('memberships').select('user_id').where('org_id', '=', orgId));
  if (exceptId) q = q.where('s.id', '!=', exceptId);
  return q;
}

/**
 * Ends the target's live sessions in one org: each may no longer be used there, whatever
 * happens to the membership later (reactivation, a new invitation). Returns how many sessions
 * this ended there (ones ended there before are not counted again).
 */
export async function endSessionsInOrg(ex: Executor, orgId: string, now: string, reason: string, target: OrgSessionTarget, exceptId?: string): Promise<number> {
  const res = await ex
    .insertInto('session_org_ends')
    .columns(['session_id', 'org_id', 'ended_at', 'reason'])
    .expression(
      targetSessions(ex, orgId, now, target, exceptId).select([
        's.id',
        sql<string>`cast(${orgId} as text)`.as('org_id'),
        sql<string>`cast(${now} as text)`.as('ended_at'),
        sql<string>`cast(${reason} as text)`.as('reason'),
      ]),
    )
    .onConflict((oc) => oc.columns(['session_id', 'org_id']).doNothing())
    .executeTakeFirst();
  await noteChanged(ex, targetTag(orgId, target));
  return Number(res.numInsertedOrUpdatedRows ?? 0n);
}

/**
 * Revokes outright those of the target's live sessions whose person has no other org and is
 * not platform staff: such a session reaches nothing else this org's end would spare, so the
 * person is simply signed out (as before orgs could share a person).
 */
export async function revokeSessionsOnlyHere(ex: Executor, orgId: string, now: string, reason: string, target: OrgSessionTarget, exceptId?: string): Promise<void> {
  const ids = targetSessions(ex, orgId, now, target, exceptId)
    .select('s.id')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('memberships as o')
            .select('o.user_id')
            .whereRef('o.user_id', '=', 's.user_id')
            .where('o.org_id', '!=', orgId),
        ),
      ),
    )
    .where((eb) => eb.not(eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.id', '=', 's.user_id').where('u.platform_role', 'is not', null))));
  await ex.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('id', 'in', ids).execute();
  await noteChanged(ex, targetTag(orgId, target));
}

/** Sessions ended in an org no longer point at it as their picked org and store. */
export async function clearPickedOrg(ex: Executor, orgId: string): Promise<void> {
  await ex
    .updateTable('sessions')
    .set({ current_org_id: null, current_store_id: null })
    .where('current_org_id', '=', orgId)
    .where('id', 'in', ex.selectFrom('session_org_ends').select('session_id').where('org_id', '=', orgId))
    .execute();
}

/** Whether this session was ended in this org (checked wherever an org principal is resolved). */
export async function sessionEndedInOrg(ex: Executor, sessionId: string, orgId: string): Promise<boolean> {
  const row = await ex.selectFrom('session_org_ends').select('session_id').where('session_id', '=', sessionId).where('org_id', '=', orgId).executeTakeFirst();
  return row !== undefined;
}

/** The orgs in which this session was ended. */
export async function orgsEndedForSession(ex: Executor, sessionId: string): Promise<Set<string>> {
  const rows = await ex.selectFrom('session_org_ends').select('org_id').where('session_id', '=', sessionId).execute();
  return new Set(rows.map((r) => r.org_id));
}
