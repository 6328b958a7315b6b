/**
 * The pure access policy: "may this member do P (in store S)?" with the reasons why.
 * The loader (database, cache) lives elsewhere; this module only decides (STYLE rule 1).
 */
import { allowedPermissions, evaluate } from './grants.js';
import type { Permission } from './permissions.js';
import type { Decision, OrgContext, Subject } from './types.js';

export { effectiveAccess, explainStoreAccess } from './access.js';
export type { EffectiveAccess, PermissionGrant, StoreAccess } from './access.js';

const CHECK = { ownerGate: true, allReasons: false } as const;
const QUIET = { ownerGate: true, allReasons: false, quiet: true } as const;

/**
 * Decides whether `subject` may use `permission` in `storeId` (absent: the org-wide question,
 * e.g. "see all team members"), for customer account `customerId` when given (seed 002).
 * First match wins, in this order:
 * 1. user deactivated → deny (`user_deactivated`, SPEC rule 6: user-wide)
 * 2. no membership → deny (`not_member`, SPEC rule 1)
 * 3. membership suspended → deny (`membership_suspended`)
 * 4. `storeId` not an active store of the org → deny (`unknown_store`)
 * 5. a partner or customer user asked about a customer account not among their `customerIds`
 *    → deny (`unknown_customer`, answered like a missing account). Staff are not narrowed by
 *    an account; whether it exists is the caller's question.
 * 6. `documents:sign` by anyone but the account owner → deny (SPEC rule 5)
 * 7. a deny override for that store or store-less → deny (seed 004: flags beat the group)
 * 8. an allow override for that store or store-less → allow (never for `documents:sign`)
 * 9. roles: org-scoped everywhere; store-scoped only in their stores, plus their
 *    `orgWidePermissions`, plus everything when billing matches `orgWideWhenBilling`;
 *    conditional permissions only at the matching billing level (seed 001).
 * 10. a partner or customer user's profile permissions, within their own customer accounts
 *    (asked without an account: about their own things) → allow (seed 002)
 * Anything else → deny (`forbidden`), least privilege (seed 000).
 */
export function can(org: OrgContext, subject: Subject, permission: Permission, storeId?: string, customerId?: string): Decision {
  return evaluate(org, subject, permission, storeId, CHECK, customerId);
}

/**
 * The same decision as `can(...).allowed`, without building reasons: for callers that only need
 * the answer in a hot loop (a till asking per transaction). A property test pins the two together.
 */
export function allows(org: OrgContext, subject: Subject, permission: Permission, storeId?: string, customerId?: string): boolean {
  return evaluate(org, subject, permission, storeId, QUIET, customerId).allowed;
}

/** Every permission `subject` may use in `storeId` (absent: org-wide), for `customerId` when given. */
export function heldPermissions(org: OrgContext, subject: Subject, storeId?: string, customerId?: string): Set<Permission> {
  return allowedPermissions(org, subject, storeId, CHECK, customerId);
}
