/**
 * The evaluation core shared by `can`, `heldPermissions` and the access explanations.
 * Kept allocation-light because `can` is benchmarked at ≤ 2 µs: role permission lists are
 * indexed into Sets once per role object, and reasons are built only when asked for.
 */
import { PERMISSIONS, type Permission } from './permissions.js';
import type { BillingLevel, DenialCode, OrgContext, RoleAssignment, RoleDefinition, Subject } from './types.js';

interface RoleIndex {
  readonly perms: ReadonlySet<string>;
  readonly orgWide: ReadonlySet<string> | null;
  readonly whenStoreBilling: ReadonlySet<string> | null;
  readonly whenOrgBilling: ReadonlySet<string> | null;
}

// Role definitions are immutable values, so an index keyed by object identity never goes stale:
// an edited custom role arrives as a new object and gets a new index.
const indexes = new WeakMap<RoleDefinition, RoleIndex>();

function conditional(role: RoleDefinition, level: BillingLevel): ReadonlySet<string> | null {
  const lists = (role.conditionalPermissions ?? []).filter((c) => c.billingLevel === level);
  return lists.length === 0 ? null : new Set(lists.flatMap((c) => c.permissions));
}

function indexOf(role: RoleDefinition): RoleIndex {
  let idx = indexes.get(role);
  if (idx === undefined) {
    idx = {
      perms: new Set(role.permissions),
      orgWide: role.orgWidePermissions?.length ? new Set(role.orgWidePermissions) : null,
      whenStoreBilling: conditional(role, 'store'),
      whenOrgBilling: conditional(role, 'org'),
    };
    indexes.set(role, idx);
  }
  return idx;
}

/** Role permissions plus the conditional ones switched on by the org's billing level (seed 001). */
function roleHas(idx: RoleIndex, permission: string, billing: BillingLevel): boolean {
  if (idx.perms.has(permission)) return true;
  const cond = billing === 'store' ? idx.whenStoreBilling : idx.whenOrgBilling;
  return cond?.has(permission) === true;
}

// Large orgs (hundreds of stores) make a linear scan the slowest part of `can`; small store
// lists scan faster than a WeakMap lookup, hence the threshold.
const storeSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const SCAN_LIMIT = 16;

/** Whether `storeId` is one of `storeIds`, without rescanning large lists on every call. */
export function hasStore(storeIds: readonly string[], storeId: string): boolean {
  if (storeIds.length <= SCAN_LIMIT) return storeIds.includes(storeId);
  let set = storeSets.get(storeIds);
  if (set === undefined) {
    set = new Set(storeIds);
    storeSets.set(storeIds, set);
  }
  return set.has(storeId);
}

/** "in store s1" or "org-wide"; used in every reason so answers read the same everywhere. */
export function where(storeId: string | undefined): string {
  return storeId === undefined ? 'org-wide' : `in store ${storeId}`;
}

/**
 * Why one assignment grants `permission` in `storeId` (absent: the org-wide question), or null.
 * A store-scoped role applies only in its stores, except its declared org-wide permissions and,
 * when billing matches `orgWideWhenBilling`, everything (seed 001 accountant).
 */
export function assignmentGrant(
  org: OrgContext,
  assignment: RoleAssignment,
  permission: Permission,
  storeId: string | undefined,
  quiet = false,
): string | null {
  const role = org.roles.get(assignment.role);
  if (role === undefined) return null; // a deleted custom role grants nothing
  const idx = indexOf(role);
  const billing = org.billingLevel;
  if (role.scope === 'org') {
    if (!roleHas(idx, permission, billing)) return null;
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} ${where(storeId)}`;
  }
  if (role.orgWideWhenBilling === billing && roleHas(idx, permission, billing)) {
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} ${where(storeId)} because billing is at ${billing} level`;
  }
  if (idx.orgWide?.has(permission)) {
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} across the org, whatever its stores`;
  }
  if (storeId !== undefined && assignment.storeIds !== undefined && hasStore(assignment.storeIds, storeId) && roleHas(idx, permission, billing)) {
    return quiet ? QUIET_REASON : `role "${role.key}" grants ${permission} in store ${storeId}`;
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
): Raw {
  // Quiet mode: every answer is a shared frozen value and no reason string is built.
  const quiet = opts.quiet === true;
  if (subject.userStatus === 'deactivated') return quiet ? QUIET_DENY : deny('user_deactivated', 'user is deactivated');
  if (subject.membershipStatus === null) return quiet ? QUIET_DENY : deny('not_member', `user is not a member of org ${org.id}`);
  if (subject.membershipStatus === 'suspended') return quiet ? QUIET_DENY : deny('membership_suspended', 'membership is suspended');
  if (storeId !== undefined && !hasStore(org.storeIds, storeId)) {
    return quiet ? QUIET_DENY : deny('unknown_store', `store ${storeId} is not an active store of org ${org.id}`);
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
    const reason = assignmentGrant(org, assignments[i] as RoleAssignment, permission, storeId, quiet);
    if (reason === null) continue;
    if (quiet) return QUIET_ALLOW;
    if (!opts.allReasons) return { allowed: true, reasons: [reason] };
    if (reasons === null) reasons = [];
    reasons.push(reason);
  }
  if (reasons !== null) return { allowed: true, reasons };
  return quiet ? QUIET_DENY : deny('forbidden', `no role or override grants ${permission} ${where(storeId)}`);
}

/** Every catalogue permission the evaluation allows in `storeId` (absent: org-wide). */
export function allowedPermissions(
  org: OrgContext,
  subject: Subject,
  storeId: string | undefined,
  opts: EvalOptions,
): Set<Permission> {
  const out = new Set<Permission>();
  if (subject.userStatus !== 'active' || subject.membershipStatus !== 'active') return out;
  if (storeId !== undefined && !org.storeIds.includes(storeId)) return out;
  for (const p of PERMISSIONS) if (evaluate(org, subject, p, storeId, opts).allowed) out.add(p);
  return out;
}
