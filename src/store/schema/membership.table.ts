import type { Generated } from 'kysely';

export interface MembershipTable {
  org_id: string;
  user_id: string;
  status: Generated<'active' | 'suspended'>;
  created_at: string;
  updated_at: string;
  last_seen_at: string | null;
  /** Lower-cased "last first email", denormalized for sorting and searching the team list. */
  search_key: Generated<string>;
  audience: Generated<'staff' | 'partner' | 'customer'>;
  /** The profile of a partner or customer user (seed 002); null for staff. */
  profile_id: string | null;
}

/** store_id '' marks an org-scoped assignment. */
export interface RoleAssignmentTable {
  org_id: string;
  user_id: string;
  role_key: string;
  store_id: Generated<string>;
}

/** store_id '' marks an override that applies in every store. */
export interface OverrideTable {
  org_id: string;
  user_id: string;
  permission: string;
  store_id: Generated<string>;
  effect: 'allow' | 'deny';
}

/**
 * SQLite only (migration 1500, kept in step by triggers): a copy of each membership's search
 * key under a stable integer id, which the trigram index `member_search` points at.
 */
export interface MemberSearchDocTable {
  id: Generated<number>;
  org_id: string;
  user_id: string;
  search_key: string;
}

/** SQLite only: the FTS5 trigram index over `member_search_docs` (rowid = its id). */
export interface MemberSearchFtsTable {
  rowid: number;
  search_key: string;
}
