/**
 * GET /invitations/{token}: what the accept page shows before anyone signs in (seed 000: the
 * invitee sees org, inviter and role). The token is the only key: unknown tokens answer 404.
 */
import { assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { hashToken } from '../../lib/tokens.js';
import { findInvitationByTokenHash } from '../../store/queries/invitation.queries.js';
import { findStoresByIds } from '../../store/queries/store.queries.js';
import { findUserByEmailKey, findUserById } from '../../store/queries/user.queries.js';
import { loadOrg } from '../access.js';
import { displayName, effectiveStatus, rolesOf } from './invitation-view.js';

export interface InvitationPreviewView {
  orgName: string;
  inviterName: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  roles: { role: string; roleName: string; storeIds?: string[]; storeNames?: string[] }[];
  status: 'pending' | 'accepted' | 'expired' | 'cancelled';
  expiresAt: string;
  userExists: boolean;
}

export async function previewInvitation(deps: Deps, token: string): Promise<InvitationPreviewView> {
  const row = await findInvitationByTokenHash(deps.db, hashToken(token));
  assertThat(row, 'not_found', 'This invitation link is not valid; ask for a new invitation.');
  const org = await loadOrg(deps.db, row.org_id);
  assertThat(org, 'not_found');
  const [inviter, user] = await Promise.all([findUserById(deps.db, row.invited_by), findUserByEmailKey(deps.db, row.email_key)]);
  const storeIds = [...new Set(rolesOf(row).flatMap((r) => r.storeIds ?? []))];
  const stores = await findStoresByIds(deps.db, row.org_id, storeIds);
  const storeName = new Map(stores.map((s) => [s.id, s.name]));
  return {
    orgName: org.row.name,
    inviterName: inviter ? displayName(inviter) : 'Your team',
    email: row.email,
    // The names the inviter typed: the page pre-fills them and the invitee may correct them.
    firstName: row.first_name,
    lastName: row.last_name,
    roles: rolesOf(row).map((r) => ({
      role: r.role,
      roleName: org.ctx.roles.get(r.role)?.name ?? r.role,
      ...(r.storeIds ? { storeIds: [...r.storeIds], storeNames: r.storeIds.map((s) => storeName.get(s) ?? s) } : {}),
    })),
    status: effectiveStatus(row, deps.clock()),
    expiresAt: row.expires_at,
    // An account without a password (not yet set up) is treated as new: the page asks for one.
    userExists: user !== undefined && user.password_hash !== null,
  };
}
