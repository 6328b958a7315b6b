import type { Generated } from 'kysely';

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'cancelled';

/** One invitation to one org (SPEC §2). A pending row past `expires_at` reads as expired. */
export interface InvitationTable {
  id: string;
  org_id: string;
  /** As typed (trimmed); the mail goes here. */
  email: string;
  /** Normalized (domain/email.ts): the identity the invitation is for. */
  email_key: string;
  /** JSON text: RoleAssignment[]. */
  roles: string;
  status: Generated<InvitationStatus>;
  /** sha256 of the emailed token (lib/tokens.ts); the token itself is never stored. */
  token_hash: string;
  invited_by: string;
  first_name: string | null;
  last_name: string | null;
  expires_at: string;
  send_count: Generated<number>;
  last_sent_at: string;
  accepted_at: string | null;
  accepted_user_id: string | null;
  created_at: string;
  updated_at: string;
  audience: Generated<'staff' | 'partner' | 'customer'>;
  profile_id: string | null;
  /** JSON text: the customer account ids of a partner or customer invitation. */
  customer_ids: Generated<string>;
}
