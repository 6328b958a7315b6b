export interface AuditEventTable {
  /** Time-ordered id; also the cursor. */
  id: string;
  org_id: string | null;
  actor_id: string | null;
  actor_kind: 'user' | 'platform' | 'system' | 'scim_token';
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  ip: string | null;
  request_id: string | null;
  created_at: string;
}
