import type { Executor } from '../../store/database.js';

/** One invitation as the support portal shows it. */
export interface InvitationFact {
  id: string;
  orgId: string;
  status: string;
  expiresAt: string;
  roles: { role: string; storeIds?: string[] }[];
}

/**
 * Invitation counts and lookups for the support portal. Invitations belong to issue 5's
 * schema; until that table exists these answer "none".
 */
export async function countInvitations(_ex: Executor, _now: string): Promise<{ pending: number; expired: number }> {
  return { pending: 0, expired: 0 };
}

/** Invitations sent to one normalized email, newest first. */
export async function invitationsForEmail(_ex: Executor, _emailKey: string, _now: string): Promise<InvitationFact[]> {
  return [];
}
