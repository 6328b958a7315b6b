export interface PasswordResetTable {
  id: string;
  /** sha256 of the emailed token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  /** The admin who started an admin-initiated reset; null when the user asked. */
  requested_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Set when a newer reset for the same user replaced this one. */
  superseded_at: string | null;
}
