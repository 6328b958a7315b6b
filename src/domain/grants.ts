/**
 * The evaluation core shared by `can`, `heldPermissions` and the access explanations.
 * Kept allocation-light because `can` is benchmarked at ≤ 2 µs: role permission lists are
 * indexed into Sets once per role object, and reasons are built only when asked for.
 */
import { PERMISSIONS, type Permission } from './permissions.js';
import type { BillingLevel, DenialCode, LevelSetting, OrgContext, RoleAssignment, RoleDefinition, Subject } from './types.js';

interface RoleIndex {
  readonly perms: ReadonlySet<string>;
  readonly orgWide: ReadonlySet<string> | null;
  readonly whenStoreBilling: ReadonlySet<string> | null;
  readonly whenOrgBilling: ReadonlySet<string> | null;
  readonly whenStoreSettlement: ReadonlySet<string> | null;
  readonly whenOrgSettlement: ReadonlySet<string> | null;
}

// Role definitions are immutable values, so an index keyed by object identity never goes stale:
// an edited custom role arrives as a new object and gets a new index.
const indexes = new WeakMap<RoleDefinition, RoleIndex>();

function conditional(role: RoleDefinition, on: LevelSetting, level: BillingLevel): ReadonlySet<string> | null {
  const lists = (role.conditionalPermissions ?? []).filter((c) => (c.on ?? 'billing') === on && c.billingLevel === level);
  return lists.length === 0 ? null : new Set(lists.flatMap((c) => c.permissions));
}

/** The org's level for one setting; an org context without a settlement level settles where it bills. */
export function levelOf(org: OrgContext, on: LevelSetting): BillingLevel {
  return on === 'billing' ? org.billingLevel : (org.settlementLevel ?? org.billingLevel);
}

/**
 * Seed 001 "single billing and payouts": a store role with `orgWideWhenBilling` reaches every
 * store only when the org is both billed and settled at that level.
 */
export function reachesEveryStore(org: OrgContext, role: RoleDefinition): boolean {
  const level = role.orgWideWhenBilling;
  return level !== undefined && level === org.billingLevel && level === levelOf(org, 'settlement');
}

/** The conditional permissions the org's billing and settlement levels switch on for `role`. */
export function activeConditionalPermissions(org: OrgContext, role: RoleDefinition): Permission[] {
  return (role.conditionalPermissions ?? []).filter((c) => c.billingLevel === levelOf(org, c.on ?? 'billing')).flatMap((c) => c.permissions);
}

/** Why a conditional permission applies, in the words the reasons use. */
function becauseOf(org: OrgContext, on: LevelSetting): string {
  const level = levelOf(org, on) === 'store' ? 'per store' : 'at org level';
  return on === 'billing' ? ` because the org is billed ${level}` : ` because payouts are settled ${level}`;
}

function indexOf(role: RoleDefinition): RoleIndex {
  let idx = indexes.get(role);
  if (idx === undefined) {
    idx = {
      perms: new Set(role.permissions),
      orgWide: role.orgWidePermissions?.length ? new Set(role.orgWidePermissions) : null,
      whenStoreBilling: conditional(role, 'billing', 'store'),
      whenOrgBilling: conditional(role, 'billing', 'org'),
      whenStoreSettlement: conditional(role, 'settlement', 'store'),
      whenOrgSettlement: conditional(role, 'settlement', 'org'),
    };
    indexes.set(role, idx);
  }
  return idx;
}

/**
 * Which list grants `permission`: the role's own ('role'), the one switched on by the org's
 * billing level, or by its settlement level (seed 001); null when none does.
 */
function roleGrant(idx: RoleIndex, permission: string, org: OrgContext): 'role' | LevelSetting | null {
  if (idx.perms.has(permission)) return 'role';
  const billing = org.billingLevel;
  if ((billing === 'store' ? idx.whenStoreBilling : idx.whenOrgBilling)?.has(permission)) return 'billing';
  if (idx.whenStoreSettlement === null && idx.whenOrgSettlement === null) return null;
  const settled = levelOf(org, 'settlement') === 'store' ? idx.whenStoreSettlement : idx.whenOrgSettlement;
  return settled?.has(permission) ? 'settlement' : null;
}

// Large orgs (hundreds of stores) make a linear scan the slowest part of `can`; small store
// lists scan faster than a WeakMap lookup, hence the threshold. The same holds for a partner's
// customer accounts and a profile's permissions, which are immutable lists of the Subject too.
const listSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const SCAN_LIMIT = 16;

/** Whether `item` is in `list`, without rescanning large lists on every call. */
function inList(list: readonly string[], item: string): boolean {
  if (list.length <= SCAN_LIMIT) return list.includes(item);
  let set = listSets.get(list);
  if (set === undefined) {
    set = new Set(list);
    listSets.set(list, set);
  }
  return set.has(item);
}

/** Whether `storeId` is one of `storeIds`, without rescanning large lists on every call. */
export function hasStore(storeIds: readonly string[], storeId: string): boolean {
  return inList(storeIds, storeId);
}

/** Partner and customer users (seed 002); a subject without an audience is staff. */
export function isOutsider(subject: Subject): boolean {
  return subject.audience !== undefined && subject.audience !== 'staff';
}

const NO_CUSTOMERS: readonly string[] = Object.freeze([]);

/** "for customer account c1" or, asked without one, "for their own customer accounts". */
function forCustomer(customerId: string | undefined): string {
  return customerId === undefined ? 'for their own customer accounts' : `for customer account ${customerId}`;
}

/** "in store s1" or "org-wide"; used in every reason so answers read the same everywhere. */
export function where(storeId: string | undefined): string {
  return storeId === undefined ? 'org-wide' : `in store ${storeId}`;
}

/**
 * Why one assignment grants `permission` in `storeId` (absent: the org-wide question), or null.
 * A store-scoped role applies only in its stores, except its declared org-wide permissions and,
 * when both billing and settlement match `orgWideWhenBilling`, everything (seed 001 accountant).
 */
export function assignmentGrant(
  org: OrgContext,
  assignment: RoleAssignment,
  permission: Permission,
  storeId: string | undefined,
  quiet = false,
  customerId?: string,
): string | null {
  const role = org.roles.get(assignment.role);
  if (role === undefined) return null; // a deleted custom role grants nothing
  const idx = indexOf(role);
  const grant = roleGrant(idx, permission, org);
  const because = grant === null || grant === 'role' || quiet ? '' : becauseOf(org, grant);
  if (role.scope === 'org') {
    if (grant === null) return null;
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} ${customerId === undefined ? where(storeId) : forCustomer(customerId)}${because}`;
  }
  if (grant !== null && reachesEveryStore(org, role)) {
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} ${where(storeId)} because billing and payouts are both at ${org.billingLevel} level`;
  }
  if (idx.orgWide?.has(permission)) {
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} across the org, whatever its stores`;
  }
  if (storeId !== undefined && assignment.storeIds !== undefined && hasStore(assignment.storeIds, storeId) && grant !== null) {
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} in store ${storeId}${because}`;
  }
  return null;
}

/** Quiet mode's stand-in for a reason: the caller asked for the answer only. */
const QUIET_REASON = '';

export interface EvalOptions {
  /**
   * Apply SPEC rule 5 (only the owner signs). Delegation turns it off: it asks what roles confer,
   * so a non-owner administrator may still grant the administrator role.
   */
  readonly ownerGate: boolean;
  /** Collect every granting reason instead of stopping at the first (access explanations). */
  readonly allReasons: boolean;
  /**
   * Answer only, no reasons: the same decision procedure without building reason strings, for
   * callers that embed `allows()` in a hot loop. Results are shared frozen values.
   */
  readonly quiet?: boolean;
}

type Raw = { allowed: true; reasons: string[] } | { allowed: false; reasons: string[]; code: DenialCode };

const deny = (code: DenialCode, reason: string): Raw => ({ allowed: false, reasons: [reason], code });
const QUIET_ALLOW: Raw = Object.freeze({ allowed: true, reasons: [] as string[] });
const QUIET_DENY: Raw = Object.freeze({ allowed: false, reasons: [] as string[], code: 'forbidden' as DenialCode });

function overrideApplies(overrideStore: string | undefined, storeId: string | undefined): boolean {
  // A store-less override applies everywhere; a store override only to questions about that store.
  return overrideStore === undefined || overrideStore === storeId;
}

/** The full decision procedure of `can` (order documented there). */
export function evaluate(
  org: OrgContext,
  subject: Subject,
  permission: Permission,
  storeId: string | undefined,
  opts: EvalOptions,
  customerId?: string,
): Raw {
  // Quiet mode: every answer is a shared frozen value and no reason string is built.
  const quiet = opts.quiet === true;
  if (subject.userStatus === 'deactivated') return quiet ? QUIET_DENY : deny('user_deactivated', 'user is deactivated');
  if (subject.membershipStatus === null) return quiet ? QUIET_DENY : deny('not_member', `user is not a member of org ${org.id}`);
  if (subject.membershipStatus === 'suspended') return quiet ? QUIET_DENY : deny('membership_suspended', 'membership is suspended');
  if (storeId !== undefined && !hasStore(org.storeIds, storeId)) {
    return quiet ? QUIET_DENY : deny('unknown_store', `store ${storeId} is not an active store of org ${org.id}`);
  }
  // Seed 002: a partner or customer user works only with their own customer accounts; another
  // account is answered like one that does not exist. Staff are not narrowed by an account.
  const outsider = isOutsider(subject);
  if (outsider && customerId !== undefined && !inList(subject.customerIds ?? NO_CUSTOMERS, customerId)) {
    return quiet ? QUIET_DENY : deny('unknown_customer', `customer account ${customerId} is not one of this user's customer accounts`);
  }
  const signing = permission === 'documents:sign';
  if (signing && opts.ownerGate && org.ownerId !== subject.userId) {
    return quiet ? QUIET_DENY : deny('forbidden', 'only the account owner may sign documents (SPEC rule 5, seed 001)');
  }
  const overrides = subject.overrides;
  for (let i = 0; i < overrides.length; i++) {
    const o = overrides[i] as (typeof overrides)[number];
    if (o.permission === permission && o.effect === 'deny' && overrideApplies(o.storeId, storeId)) {
      // seed 004: individual flags take precedence over the permission group.
      return quiet ? QUIET_DENY : deny('forbidden', `deny override on ${permission} ${where(o.storeId)} beats the roles`);
    }
  }
  // Signing must come from a role (SPEC rule 5): an override cannot make someone a signatory.
  if (!signing) {
    for (let i = 0; i < overrides.length; i++) {
      const o = overrides[i] as (typeof overrides)[number];
      if (o.permission === permission && o.effect === 'allow' && overrideApplies(o.storeId, storeId)) {
        return quiet ? QUIET_ALLOW : { allowed: true, reasons: [`allow override grants ${permission} ${where(o.storeId)}`] };
      }
    }
  }
  let reasons: string[] | null = null;
  const assignments = subject.assignments;
  for (let i = 0; i < assignments.length; i++) {
    const reason = assignmentGrant(org, assignments[i] as RoleAssignment, permission, storeId, quiet, customerId);
    if (reason === null) continue;
    if (quiet) return QUIET_ALLOW;
    if (!opts.allReasons) return { allowed: true, reasons: [reason] };
    if (reasons === null) reasons = [];
    reasons.push(reason);
  }
  // Seed 002: a partner or customer user's profile grants within their own customer accounts.
  const profile = outsider ? subject.profile : undefined;
  if (profile !== undefined && inList(profile.permissions, permission)) {
    if (quiet) return QUIET_ALLOW;
    const reason = `profile "${profile.name}" grants ${permission} ${forCustomer(customerId)}`;
    if (reasons === null) return { allowed: true, reasons: [reason] };
    reasons.push(reason);
  }
  if (reasons !== null) return { allowed: true, reasons };
  if (quiet) return QUIET_DENY;
  if (outsider) return deny('forbidden', `no role, profile or override grants ${permission} ${customerId === undefined ? where(storeId) : forCustomer(customerId)}`);
  return deny('forbidden', `no role or override grants ${permission} ${where(storeId)}`);
}

/** Every catalogue permission the evaluation allows in `storeId` (absent: org-wide), for `customerId` when given. */
export function allowedPermissions(
  org: OrgContext,
  subject: Subject,
  storeId: string | undefined,
  opts: EvalOptions,
  customerId?: string,
): Set<Permission> {
  const out = new Set<Permission>();
  if (subject.userStatus !== 'active' || subject.membershipStatus !== 'active') return out;
  if (storeId !== undefined && !org.storeIds.includes(storeId)) return out;
  for (const p of PERMISSIONS) if (evaluate(org, subject, p, storeId, opts, customerId).allowed) out.add(p);
  return out;
}
