import type { Generated } from 'kysely';

export interface StoreTable {
  id: string;
  org_id: string;
  name: string;
  code: string;
  address: Generated<string>;
  status: Generated<'active' | 'archived'>;
  created_at: string;
  updated_at: string;
}
