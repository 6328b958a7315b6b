export interface SessionTable {
  id: string;
  /** sha256 of the bearer/cookie token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  kind: 'cookie' | 'token';
  current_org_id: string | null;
  current_store_id: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}
