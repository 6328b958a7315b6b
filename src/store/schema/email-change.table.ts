/** A sign-in email change waiting for the new address to confirm it (see the 2026_12_01_1000 migration). */
export interface EmailChangeTable {
  id: string;
  /** sha256 of the emailed token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  /** As typed (trimmed), and normalized (domain/email.ts). */
  new_email: string;
  new_email_key: string;
  /** The person themself, or the admin who started it. */
  requested_by: string;
  /** The session that asked: it stays signed in when the change applies. */
  requested_session_id: string | null;
  /** The org an admin acted for; null when the person asked. */
  org_id: string | null;
  /** The user's `password_changed_at` when asked: a password change since then cancels the change. */
  password_changed_at: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  superseded_at: string | null;
}
