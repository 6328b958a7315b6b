/**
 * How an invitation row reads through the API: effective status (a pending row past its expiry
 * is `expired`), parsed roles, inviter name, and what the caller may do with it.
 */
import { canInviteGrant, type GrantRequest } from '../../domain/audiences.js';
import type { Actor } from '../../domain/delegation.js';
import type { Audience, OrgContext, RoleAssignment } from '../../domain/types.js';
import type { InvitationStatus } from '../../store/schema/invitation.table.js';
import type { InvitationListRow, InvitationRow } from '../../store/queries/invitation.queries.js';

export interface InvitationView {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  roles: RoleAssignment[];
  audience: Audience;
  profileId: string | null;
  customerIds: string[];
  status: InvitationStatus;
  expiresAt: string;
  invitedBy: { userId: string; name: string };
  sendCount: number;
  createdAt: string;
  actions: { canResend: boolean; canCancel: boolean };
}

/** Expiry is computed at read time too: the stored status may still say `pending`. */
export function effectiveStatus(row: Pick<InvitationRow, 'status' | 'expires_at'>, now: Date): InvitationStatus {
  return row.status === 'pending' && row.expires_at <= now.toISOString() ? 'expired' : row.status;
}

export function rolesOf(row: Pick<InvitationRow, 'roles'>): RoleAssignment[] {
  return JSON.parse(row.roles) as RoleAssignment[];
}

/** "First Last", else the email: how people are named in mails and lists. */
export function displayName(u: { first_name: string | null; last_name: string | null; email: string | null }): string {
  const name = `${u.first_name ?? ''} ${u.last_name ?? ''}`.trim();
  return name || (u.email ?? 'someone');
}

export function customerIdsOf(row: Pick<InvitationRow, 'customer_ids'>): string[] {
  return JSON.parse(row.customer_ids) as string[];
}

/**
 * The invitation's grant. What its profile allows is left out (it was checked when sent and is
 * looked up again on resend), so lists need no lookup per row.
 */
export function grantOf(row: Pick<InvitationRow, 'roles' | 'audience' | 'profile_id' | 'customer_ids'>): GrantRequest {
  const profile = row.profile_id === null ? null : { id: row.profile_id, name: '', audience: row.audience, permissions: [] };
  return { audience: row.audience, roles: rolesOf(row), profile, customerIds: customerIdsOf(row) };
}

/**
 * Resend and cancel need the same authority as sending this invitation now (SPEC rule 2), so a
 * store manager cannot re-send an administrator's invitation of an accountant, nor a partner
 * administrator a staff invitation.
 */
export function mayManage(org: OrgContext, actor: Actor, row: Pick<InvitationRow, 'roles' | 'audience' | 'profile_id' | 'customer_ids'>): boolean {
  return canInviteGrant(org, actor, grantOf(row)).ok;
}

export function invitationView(row: InvitationListRow, now: Date, org: OrgContext, actor: Actor): InvitationView {
  const status = effectiveStatus(row, now);
  const roles = rolesOf(row);
  const allowed = (status === 'pending' || status === 'expired') && mayManage(org, actor, row);
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    roles,
    audience: row.audience,
    profileId: row.profile_id,
    customerIds: customerIdsOf(row),
    status,
    expiresAt: row.expires_at,
    invitedBy: { userId: row.invited_by, name: displayName({ first_name: row.inviter_first_name, last_name: row.inviter_last_name, email: row.inviter_email }) },
    sendCount: row.send_count,
    createdAt: row.created_at,
    actions: { canResend: allowed, canCancel: allowed && status === 'pending' },
  };
}
