/** A customer's own sign-up to an org, waiting for the emailed link (see the 2026_12_01_1000 migration). */
export interface SignupTable {
  id: string;
  /** sha256 of the emailed token; the token itself is never stored. */
  token_hash: string;
  org_id: string;
  /** As typed (trimmed), and normalized (domain/email.ts). */
  email: string;
  email_key: string;
  first_name: string;
  last_name: string;
  /** Names the new customer account; null: the account is named after the person. */
  company_name: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  superseded_at: string | null;
}
