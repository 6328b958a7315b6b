import type { Executor } from '../../store/database.js';

/** One invitation as the support portal shows it. */
export interface InvitationFact {
  id: string;
  orgId: string;
  /** A pending row past its expiry reads as `expired` (see invitation.table.ts). */
  status: string;
  expiresAt: string;
  roles: { role: string; storeIds?: string[] }[];
}

/** Pending (still valid) and expired invitations across every org, for the dashboard. */
export async function countInvitations(ex: Executor, now: string): Promise<{ pending: number; expired: number }> {
  const row = await ex
    .selectFrom('invitations')
    .select((eb) => [
      eb.fn.sum<string | number | null>(eb.case().when(eb.and([eb('status', '=', 'pending'), eb('expires_at', '>', now)])).then(1).else(0).end()).as('pending'),
      eb.fn
        .sum<string | number | null>(
          eb
            .case()
            .when(eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', now)])]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('expired'),
    ])
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending ?? 0), expired: Number(row.expired ?? 0) };
}

/** Invitations sent to one normalized email, newest first. */
export async function invitationsForEmail(ex: Executor, emailKey: string, now: string): Promise<InvitationFact[]> {
  const rows = await ex
    .selectFrom('invitations')
    .select(['id', 'org_id', 'status', 'expires_at', 'roles'])
    .where('email_key', '=', emailKey)
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    status: r.status === 'pending' && r.expires_at <= now ? 'expired' : r.status,
    expiresAt: r.expires_at,
    roles: JSON.parse(r.roles) as InvitationFact['roles'],
  }));
}
