import type { Executor } from '../../store/database.js';
import { invitationRowsForEmail } from '../../store/queries/support.queries.js';

/** One invitation as the support portal shows it. */
export interface InvitationFact {
  id: string;
  orgId: string;
  /** A pending row past its expiry reads as `expired` (see invitation.table.ts). */
  status: string;
  expiresAt: string;
  roles: { role: string; storeIds?: string[] }[];
}

/** Invitations sent to one normalized email, newest first. */
export async function invitationsForEmail(ex: Executor, emailKey: string, now: string): Promise<InvitationFact[]> {
  const rows = await invitationRowsForEmail(ex, emailKey, 20);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    status: r.status === 'pending' && r.expires_at <= now ? 'expired' : r.status,
    expiresAt: r.expires_at,
    roles: JSON.parse(r.roles) as InvitationFact['roles'],
  }));
}
