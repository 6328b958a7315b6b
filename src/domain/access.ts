/**
 * Explanations for people: the member "access" endpoint ("why can she reach store 12?") and
 * the support portal's troubleshooter ("why can't this user reach this store?", seed 000).
 */
import { allowedPermissions, evaluate, reachesEveryStore, where } from './grants.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import type { OrgContext, Subject } from './types.js';

/** One permission the member holds somewhere, with every reason that grants it. */
export interface PermissionGrant {
  readonly permission: Permission;
  readonly allowed: true;
  readonly reasons: readonly string[];
}

export interface StoreAccess {
  readonly storeId: string;
  readonly permissions: readonly PermissionGrant[];
}

export interface EffectiveAccess {
  /** What the member may do org-wide (questions asked without a store). */
  readonly orgWide: readonly PermissionGrant[];
  /** Only the stores where the member can do at least one thing, in org store order. */
  readonly stores: readonly StoreAccess[];
}

const EXPLAIN = { ownerGate: true, allReasons: true } as const;

function grantsIn(org: OrgContext, subject: Subject, storeId: string | undefined): PermissionGrant[] {
  const out: PermissionGrant[] = [];
  for (const permission of PERMISSIONS) {
    const d = evaluate(org, subject, permission, storeId, EXPLAIN);
    if (d.allowed) out.push({ permission, allowed: true, reasons: d.reasons });
  }
  return out;
}

/**
 * Effective permissions org-wide and per reachable store, each with the reasons that grant it.
 * A store lists only what the member can do there beyond the org-wide list, so a manager's
 * org-wide view of the team (seed 001) does not make every store look reachable.
 */
export function effectiveAccess(org: OrgContext, subject: Subject): EffectiveAccess {
  const orgWide = grantsIn(org, subject, undefined);
  const everywhere = new Set(orgWide.map((g) => g.permission));
  const stores: StoreAccess[] = [];
  for (const storeId of org.storeIds) {
    const permissions = grantsIn(org, subject, storeId).filter((g) => !everywhere.has(g.permission));
    if (permissions.length > 0) stores.push({ storeId, permissions });
  }
  return { orgWide, stores };
}

/** Why a status alone blocks everything, phrased as the next step to take (seed 000 checklist). */
function blocker(org: OrgContext, subject: Subject, storeId: string): string | null {
  if (subject.userStatus === 'deactivated') {
    return 'The user is deactivated (this affects every org); reactivate the user first.';
  }
  if (subject.membershipStatus === null) {
    return 'Is not a member of this organization; check they sign in with the invited email and that the invitation was accepted.';
  }
  if (subject.membershipStatus === 'suspended') return 'Membership is suspended; reactivate it to restore access.';
  if (!org.storeIds.includes(storeId)) {
    return `Store ${storeId} is not an active store of this organization (archived, or a wrong ID).`;
  }
  return null;
}

/**
 * Plain-language lines explaining whether and how `subject` reaches `storeId`, ending with a
 * summary. Used by the support portal's troubleshoot-by-email view.
 */
export function explainStoreAccess(org: OrgContext, subject: Subject, storeId: string): string[] {
  const blocked = blocker(org, subject, storeId);
  if (blocked !== null) return [blocked];
  const lines: string[] = [];
  let reached = false;
  for (const a of subject.assignments) {
    const role = org.roles.get(a.role);
    if (role === undefined) {
      lines.push(`Role "${a.role}" no longer exists and grants nothing; assign an existing role.`);
    } else if (role.scope === 'org') {
      reached = true;
      lines.push(`Reaches store ${storeId} through the org-level role "${role.key}", which applies to every store.`);
    } else if (reachesEveryStore(org, role)) {
      reached = true;
      lines.push(`Role "${role.key}" covers every store because billing and payouts are both at ${org.billingLevel} level.`);
    } else if (a.storeIds?.includes(storeId)) {
      reached = true;
      lines.push(`Has role "${role.key}" in store ${storeId}.`);
    } else if (role.orgWidePermissions?.length) {
      lines.push(
        `Role "${role.key}" shows ${role.orgWidePermissions.join(', ')} across the org, but not store ${storeId}'s data.`,
      );
    }
  }
  if (!reached) {
    lines.push(
      `Has no role assignment for store ${storeId}; assign a store role there or move them to an org-level role.`,
    );
  }
  for (const o of subject.overrides) {
    if (o.storeId !== undefined && o.storeId !== storeId) continue;
    lines.push(`Override ${o.effect === 'deny' ? 'denies' : 'allows'} ${o.permission} ${where(o.storeId)}.`);
  }
  // Org-wide views (a manager seeing the whole team) are not "reaching" the store.
  const everywhere = allowedPermissions(org, subject, undefined, EXPLAIN);
  const held = [...allowedPermissions(org, subject, storeId, EXPLAIN)].filter((p) => !everywhere.has(p));
  lines.push(
    held.length === 0
      ? `Cannot use anything in store ${storeId}.`
      : `Can use ${held.length} permission${held.length === 1 ? '' : 's'} in store ${storeId}: ${held.join(', ')}.`,
  );
  return lines;
}
