import type { Selectable } from 'kysely';
import { orgTag, sessionTag, userTag } from '../change-feed.js';
import type { Executor } from '../database.js';
import type { SessionTable } from '../schema/session.table.js';
import { noteChanged } from '../transaction.js';

export type SessionRow = Selectable<SessionTable>;

export async function insertSession(ex: Executor, row: SessionRow): Promise<void> {
  await ex.insertInto('sessions').values(row).execute();
}

/** The session behind a token hash, ended or not, with its user's status and platform role. */
export function findSessionByToken(ex: Executor, tokenHash: string) {
  return ex
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.kind', 's.expires_at', 's.last_seen_at', 's.revoked_at', 's.revoked_reason', 'u.status as user_status', 'u.platform_role'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(ex: Executor, id: string, now: string): Promise<void> {
  await ex.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function revokeSession(ex: Executor, id: string, now: string, reason: string): Promise<void> {
  await ex.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  await noteChanged(ex, sessionTag(id));
}

/** Ends every live session of every member of an org ("sign everyone out"), but `exceptId`; returns how many. */
export async function revokeOrgMemberSessions(ex: Executor, orgId: string, now: string, reason: string, exceptId?: string): Promise<number> {
  let q = ex
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('revoked_at', 'is', null)
    .where('user_id', 'in', ex.selectFrom('memberships').select('user_id').where('org_id', '=', orgId));
  if (exceptId) q = q.where('id', '!=', exceptId);
  const res = await q.executeTakeFirst();
  // Every member's cached session is filed under the org (services/access-cache.ts).
  await noteChanged(ex, orgTag(orgId));
  return Number(res.numUpdatedRows);
}

/** Ends every live session of a user (deactivation, password change, reset); returns how many. */
export async function revokeUserSessions(ex: Executor, userId: string, now: string, reason: string, exceptId?: string): Promise<number> {
  let q = ex.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const res = await q.executeTakeFirst();
  await noteChanged(ex, userTag(userId));
  return Number(res.numUpdatedRows);
}

/** The org and store the session picked (GET /me). */
export function findSessionPick(ex: Executor, sessionId: string): Promise<{ current_org_id: string | null; current_store_id: string | null } | undefined> {
  return ex.selectFrom('sessions').select(['current_org_id', 'current_store_id']).where('id', '=', sessionId).executeTakeFirst();
}

/** The store picker's choice. Not a change of access (no cached decision reads it): no note. */
export async function setSessionPick(ex: Executor, sessionId: string, orgId: string, storeId: string): Promise<void> {
  await ex.updateTable('sessions').set({ current_org_id: orgId, current_store_id: storeId }).where('id', '=', sessionId).execute();
}
