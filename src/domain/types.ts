/**
 * The access model's shapes, shared by every pure rule in `src/domain`.
 * Nothing here touches a database, the clock or the network.
 */
import type { Permission } from './permissions.js';

export type RoleScope = 'org' | 'store';
export type Audience = 'staff' | 'partner' | 'customer';
export type BillingLevel = 'store' | 'org';
/** The org setting a conditional permission follows (seed 001: where it is billed, or where money is settled). */
export type LevelSetting = 'billing' | 'settlement';

export interface ConditionalPermissions {
  readonly billingLevel: BillingLevel;
  readonly on?: LevelSetting;
  readonly permissions: readonly Permission[];
}
export type PresetKey = 'pos' | 'merchant-portal' | 'payments' | 'retail' | 'commerce';
export type MembershipStatus = 'active' | 'suspended';
export type UserStatus = 'active' | 'deactivated';
export type PlatformRole = 'support_agent' | 'support_admin';

/** A role (also called permission group). Presets ship these as data; orgs may add their own. */
export interface RoleDefinition {
  /** Stable key; never changes, even when the role is renamed. */
  readonly key: string;
  readonly name: string;
  /** Earlier display names; seed 001 renamed roles and old names must keep resolving. */
  readonly legacyNames: readonly string[];
  readonly scope: RoleScope;
  /** Higher outranks lower; an actor may assign only roles ranked below their own (SPEC rule 2). */
  readonly rank: number;
  readonly audience: Audience;
  /** Granted within the assignment's stores (store scope) or everywhere (org scope). */
  readonly permissions: readonly Permission[];
  /**
   * Granted across the whole org even for a store-scoped role.
   * Seed 001: managers see all team members and every store's name, ID and address.
   */
  readonly orgWidePermissions?: readonly Permission[];
  /**
   * Seed 001: some permissions exist only at a billing or settlement level (manager: invoices
   * when billed per store, bank accounts when billed or settled per store). `on` names the org
   * setting the entry follows; absent reads as `billing` (rows stored before settlement existed).
   */
  readonly conditionalPermissions?: readonly ConditionalPermissions[];
  /** Seed 001: an accountant sees every store's data when both billed and settled at this level ("single billing and payouts"). */
  readonly orgWideWhenBilling?: BillingLevel;
  /** The org's top admin role (org_admin, administrator, owner, admin); the org must always keep one (rule 4). */
  readonly topAdmin: boolean;
  readonly builtIn: boolean;
  /** One plain sentence on whom the role is for (built-in preset roles: what a role picker shows beside each role). */
  readonly useFor?: string;
}

export interface RoleAssignment {
  readonly role: string;
  /** Required and non-empty for store-scoped roles; absent for org-scoped ones. */
  readonly storeIds?: readonly string[];
}

export interface Override {
  readonly permission: Permission;
  readonly effect: 'allow' | 'deny';
  /** Absent: applies in every store and org-wide. */
  readonly storeId?: string;
}

export interface OrgContext {
  readonly id: string;
  readonly billingLevel: BillingLevel;
  /** Seed 001: where payouts are settled, separate from billing; absent reads as `billingLevel`. */
  readonly settlementLevel?: BillingLevel;
  readonly ownerId: string | null;
  /** Every role defined in the org, by key. */
  readonly roles: ReadonlyMap<string, RoleDefinition>;
  /** Ids of the org's active (non-archived) stores. */
  readonly storeIds: readonly string[];
}

/** Everything `can()` needs to know about one member of one org. */
export interface Subject {
  readonly userId: string;
  readonly userStatus: UserStatus;
  /** null when the user has no membership in this org. */
  readonly membershipStatus: MembershipStatus | null;
  readonly assignments: readonly RoleAssignment[];
  readonly overrides: readonly Override[];
  /** Seed 002: absent reads as `staff`. */
  readonly audience?: Audience;
  /** Partner and customer users: the customer accounts they work with (a customer user has one). */
  readonly customerIds?: readonly string[];
  /** Partner and customer users: what their profile grants, within their customer accounts. */
  readonly profile?: { readonly id: string; readonly name: string; readonly permissions: readonly Permission[] };
}

/** A decision is a value, never an exception (STYLE rule 1). */
export type Decision =
  | { readonly allowed: true; readonly reasons: readonly string[] }
  | { readonly allowed: false; readonly reasons: readonly string[]; readonly code: DenialCode };

export type DenialCode =
  | 'forbidden'
  | 'not_member'
  | 'membership_suspended'
  | 'user_deactivated'
  | 'role_not_assignable'
  | 'store_not_assignable'
  | 'permission_not_held'
  | 'last_org_admin'
  | 'owner_protected'
  | 'unknown_role'
  | 'unknown_store'
  | 'unknown_customer'
  | 'audience_not_assignable'
  | 'invalid_audience'
  | 'unknown_profile'
  | 'unknown_customer_account'
  | 'invalid_assignment'
  | 'shared_profile';
