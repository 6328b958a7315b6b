import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../database.js';
import { containsText } from '../like.js';
import type { InvitationStatus, InvitationTable } from '../schema/invitation.table.js';

export type InvitationRow = Selectable<InvitationTable>;

/** An invitation row plus its inviter's display fields. */
export interface InvitationListRow extends InvitationRow {
  inviter_first_name: string | null;
  inviter_last_name: string | null;
  inviter_email: string | null;
}

export function findInvitation(ex: Executor, orgId: string, id: string): Promise<InvitationRow | undefined> {
  return ex.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** One invitation with its inviter's display fields. */
export function findInvitationWithInviter(ex: Executor, orgId: string, id: string): Promise<InvitationListRow | undefined> {
  return ex
    .selectFrom('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .selectAll('i')
    .select(['u.first_name as inviter_first_name', 'u.last_name as inviter_last_name', 'u.email as inviter_email'])
    .where('i.org_id', '=', orgId)
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export function findInvitationByTokenHash(ex: Executor, tokenHash: string): Promise<InvitationRow | undefined> {
  return ex.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The row holding the pending slot for this email (possibly already past its expiry). */
export function findPendingFor(ex: Executor, orgId: string, emailKey: string): Promise<InvitationRow | undefined> {
  return ex
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email_key', '=', emailKey)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function insertInvitation(ex: Executor, row: Insertable<InvitationTable>): Promise<void> {
  await ex.insertInto('invitations').values(row).execute();
}

/**
 * Moves an invitation from one status to another only if it is still in `from`, and says whether
 * it did. The conditional UPDATE is what makes accept-once and cancel-once hold under races.
 */
export async function transitionInvitation(
  ex: Executor,
  id: string,
  from: InvitationStatus,
  patch: Partial<Omit<InvitationRow, 'id' | 'org_id'>>,
): Promise<boolean> {
  const r = await ex.updateTable('invitations').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Stored-as-pending rows whose time has passed become `expired`, freeing the pending slot. */
export async function expirePendingFor(ex: Executor, orgId: string, emailKey: string, now: string): Promise<void> {
  await ex
    .updateTable('invitations')
    .set({ status: 'expired', updated_at: now })
    .where('org_id', '=', orgId)
    .where('email_key', '=', emailKey)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .execute();
}

export interface InvitationListQuery {
  orgId: string;
  /** Effective status: a stored `pending` past its expiry counts as `expired`. */
  status?: InvitationStatus | undefined;
  /** Partner users see only partner invitations (seed 002). */
  audience?: 'staff' | 'partner' | 'customer' | undefined;
  search?: string | undefined;
  now: string;
  /** Newest first: the id of the last row already seen. */
  before?: string | undefined;
  limit: number;
}

/** One page of an org's invitations, newest first, with the inviter's name (one query, no N+1). */
export function listInvitations(ex: Executor, q: InvitationListQuery): Promise<InvitationListRow[]> {
  let query = ex
    .selectFrom('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .selectAll('i')
    .select(['u.first_name as inviter_first_name', 'u.last_name as inviter_last_name', 'u.email as inviter_email'])
    .where('i.org_id', '=', q.orgId);
  if (q.status === 'pending') query = query.where('i.status', '=', 'pending').where('i.expires_at', '>', q.now);
  else if (q.status === 'expired') {
    query = query.where((eb) => eb.or([eb('i.status', '=', 'expired'), eb.and([eb('i.status', '=', 'pending'), eb('i.expires_at', '<=', q.now)])]));
  } else if (q.status) query = query.where('i.status', '=', q.status);
  if (q.search) {
    query = query.where((eb) => containsText(eb.ref('i.email_key'), q.search!.trim()));
  }
  if (q.audience) query = query.where('i.audience', '=', q.audience);
  if (q.before) query = query.where('i.id', '<', q.before);
  return query.orderBy('i.id', 'desc').limit(q.limit).execute();
}
