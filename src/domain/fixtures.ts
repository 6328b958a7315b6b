/**
 * Builders for the domain's unit and property tests (kept out of `*.test.ts` so several test
 * files can share them). Pure data; nothing here is used by production code.
 */
import type { Actor } from './authority.js';
import { presetRoleMap } from './presets/index.js';
import type { BillingLevel, OrgContext, Override, PresetKey, RoleAssignment, Subject } from './types.js';

export interface OrgOptions {
  readonly stores?: readonly string[];
  readonly billing?: BillingLevel;
  /** Absent: settled where billed. */
  readonly settlement?: BillingLevel;
  readonly ownerId?: string | null;
}

/** An org on a built-in preset; stores s1..s3, store-level billing and owner "owner" by default. */
export function makeOrg(preset: PresetKey, opts: OrgOptions = {}): OrgContext {
  return {
    id: `org-${preset}`,
    billingLevel: opts.billing ?? 'store',
    ...(opts.settlement ? { settlementLevel: opts.settlement } : {}),
    ownerId: opts.ownerId === undefined ? 'owner' : opts.ownerId,
    roles: presetRoleMap(preset),
    storeIds: opts.stores ?? ['s1', 's2', 's3'],
  };
}

/** An active member of an active user. */
export function makeMember(
  userId: string,
  assignments: readonly RoleAssignment[],
  overrides: readonly Override[] = [],
  extra: Partial<Pick<Subject, 'userStatus' | 'membershipStatus'>> = {},
): Subject {
  return { userId, userStatus: 'active', membershipStatus: 'active', assignments, overrides, ...extra };
}

/** Shorthand for a store role assignment. */
export const inStores = (role: string, ...storeIds: string[]): RoleAssignment => ({ role, storeIds });

/** Shorthand for an org role assignment. */
export const orgRole = (role: string): RoleAssignment => ({ role });

/** The member as a delegation actor. */
export const asActor = (subject: Subject): Actor => ({ kind: 'member', subject });

/** Platform support staff. */
export const supportAdmin: Actor = { kind: 'platform', userId: 'support-1', role: 'support_admin' };
