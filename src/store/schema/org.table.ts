import type { Generated } from 'kysely';

export interface OrgTable {
  id: string;
  name: string;
  slug: string;
  preset: string;
  status: Generated<string>;
  billing_level: Generated<'store' | 'org'>;
  single_session: Generated<number>;
  invite_ttl_days: Generated<number>;
  /** 1: the org's top admins must use a second factor (SECURITY.md "Second factor"). */
  require_admin_second_factor: Generated<number>;
  /** Seed 001: where money is settled (payouts, bank accounts), separate from where it is billed. */
  settlement_level: Generated<'store' | 'org'>;
  /** 1: customers may create their own account in the customer hub (seed 002). */
  customer_signup: Generated<number>;
  /** The profile a customer who signed up themselves lands on. */
  default_customer_profile_id: string | null;
  owner_id: string | null;
  /** Bumped by every write an access decision depends on (see the 1300 migration). */
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
