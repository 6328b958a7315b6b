import type { Generated } from 'kysely';

/** JSON arrays are stored as text so both dialects read them the same way. */
export interface RoleTable {
  org_id: string;
  key: string;
  name: string;
  legacy_names: Generated<string>;
  scope: 'org' | 'store';
  rank: number;
  audience: Generated<string>;
  permissions: Generated<string>;
  org_wide_permissions: Generated<string>;
  conditional_permissions: Generated<string>;
  org_wide_when_billing: string | null;
  top_admin: Generated<number>;
  built_in: Generated<number>;
  created_at: string;
  updated_at: string;
}
