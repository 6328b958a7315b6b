/** A session that may no longer be used in one org (migration 2026_11_30_1900). */
export interface SessionOrgEndTable {
  session_id: string;
  org_id: string;
  ended_at: string;
  /** ended_by_admin, membership_changed … as `sessions.revoked_reason`. */
  reason: string;
}
