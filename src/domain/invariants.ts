/**
 * Invariants the storage layer checks inside its locked transaction (STYLE rule 4). They take
 * counts the store computed under lock, so two admins acting at once cannot both pass
 * (SPEC rule 4: "also when two admins act at the same moment").
 */
import { resolveRole } from './presets/index.js';
import type { Decision, DenialCode, OrgContext, RoleAssignment, RoleDefinition, Subject } from './types.js';

const refuse = (code: DenialCode, reason: string): Decision => ({ allowed: false, reasons: [reason], code });

function topAdminName(org: OrgContext): string {
  for (const r of org.roles.values()) if (r.topAdmin) return r.key;
  return 'top admin';
}

/** True when `subject` is an active member of an active user holding the org's top admin role. */
export function isActiveTopAdmin(org: OrgContext, subject: Subject): boolean {
  if (subject.userStatus !== 'active' || subject.membershipStatus !== 'active') return false;
  return subject.assignments.some((a) => org.roles.get(a.role)?.topAdmin === true);
}

export interface TopAdminChange {
  readonly org: OrgContext;
  readonly targetIsActiveTopAdminNow: boolean;
  readonly targetWillBeActiveTopAdmin: boolean;
  /** Active top admins other than the target, counted under lock. */
  readonly otherActiveTopAdmins: number;
  /** SPEC rule 4: only support staff with an explicit approval reason may override. */
  readonly override?: { readonly by: 'platform'; readonly reason: string };
}

/**
 * SPEC rule 4 / seed 000 "avoid removing the last org_admin unless explicitly approved":
 * refuses (`last_org_admin`) a remove/demote/suspend/deactivate that leaves no active top admin.
 */
export function checkTopAdminKept(change: TopAdminChange): Decision {
  const { org, targetIsActiveTopAdminNow, targetWillBeActiveTopAdmin, otherActiveTopAdmins, override } = change;
  const role = topAdminName(org);
  if (!targetIsActiveTopAdminNow || targetWillBeActiveTopAdmin) {
    return { allowed: true, reasons: [`the change does not reduce the number of active ${role}s`] };
  }
  if (otherActiveTopAdmins > 0) {
    return { allowed: true, reasons: [`${otherActiveTopAdmins} other active ${role}(s) remain`] };
  }
  if (override !== undefined) {
    const reason = override.reason.trim();
    if (override.by === 'platform' && reason.length > 0) {
      return {
        allowed: true,
        reasons: [`last active ${role} rule overridden by platform staff`, `approval reason: ${reason}`],
      };
    }
    return refuse('last_org_admin', `an override of the last active ${role} rule needs a non-empty approval reason`);
  }
  return refuse('last_org_admin', `the org must keep at least one active ${role}; this change would leave none`);
}

/** SPEC rule 5: the account owner cannot be removed, suspended, demoted or deactivated. */
export function checkOwnerProtected(
  org: OrgContext,
  targetUserId: string,
  change: 'remove' | 'suspend' | 'demote' | 'deactivate',
): Decision {
  if (org.ownerId !== null && org.ownerId === targetUserId) {
    return refuse('owner_protected', `the account owner cannot be ${change}d; transfer ownership first`);
  }
  return { allowed: true, reasons: ['the target is not the account owner'] };
}

/** SPEC rule 5: ownership moves only to another active member holding the top admin role. */
export function checkOwnerTransfer(org: OrgContext, newOwner: Subject): Decision {
  if (newOwner.userId === org.ownerId) return refuse('forbidden', 'the user is already the account owner');
  if (newOwner.membershipStatus === null) return refuse('not_member', 'the new owner must be a member of the org');
  if (!isActiveTopAdmin(org, newOwner)) {
    return refuse('forbidden', `the new owner must be an active ${topAdminName(org)}; assign the role first`);
  }
  return { allowed: true, reasons: [`user ${newOwner.userId} is an active ${topAdminName(org)}`] };
}

export type AssignmentValidation =
  | { readonly ok: true; readonly assignments: RoleAssignment[] }
  | { readonly ok: false; readonly code: 'unknown_role' | 'unknown_store' | 'invalid_assignment'; readonly detail: string };

const bad = (code: 'unknown_role' | 'unknown_store' | 'invalid_assignment', detail: string): AssignmentValidation => ({
  ok: false,
  code,
  detail,
});

/**
 * Validates and normalizes a member's role assignments: roles resolve by key, name or legacy
 * name (seed 001 renames) to their key; the same role twice is merged; store lists are
 * deduplicated and sorted; store roles need existing stores, except that in a single-store org
 * they default to the only store (seed 004); org roles take no stores.
 */
export function validateAssignments(org: OrgContext, assignments: readonly RoleAssignment[]): AssignmentValidation {
  if (assignments.length === 0) return bad('invalid_assignment', 'at least one role assignment is required');
  const merged = new Map<string, { role: RoleDefinition; stores: Set<string> }>();
  for (const a of assignments) {
    const role = resolveRole(org.roles, a.role);
    if (role === undefined) return bad('unknown_role', `unknown role "${a.role}"`);
    const stores = a.storeIds ?? [];
    if (role.scope === 'org' && stores.length > 0) {
      return bad('invalid_assignment', `role "${role.key}" is org-level and applies to every store; omit storeIds`);
    }
    for (const s of stores) {
      if (!org.storeIds.includes(s)) return bad('unknown_store', `store ${s} is not an active store of this org`);
    }
    const entry = merged.get(role.key) ?? { role, stores: new Set<string>() };
    for (const s of stores) entry.stores.add(s);
    merged.set(role.key, entry);
  }
  const out: RoleAssignment[] = [];
  for (const { role, stores } of merged.values()) {
    if (role.scope === 'org') {
      out.push({ role: role.key });
      continue;
    }
    if (stores.size === 0) {
      const only = org.storeIds.length === 1 ? org.storeIds[0] : undefined;
      if (only === undefined) {
        return bad('invalid_assignment', `role "${role.key}" is store-level; choose at least one store`);
      }
      stores.add(only);
    }
    out.push({ role: role.key, storeIds: [...stores].sort() });
  }
  return { ok: true, assignments: out };
}
