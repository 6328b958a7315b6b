/**
 * The delegation rules themselves, evaluated against a precomputed Authority so the public
 * checks (delegation.ts, edit-member.ts, member-actions.ts) share one implementation.
 */
import { audienceAuthorityOver } from './audiences.js';
import { type Actor, type Authority, firstUnheldGrant, highestRank, holdsTopAdmin, outranksRole } from './authority.js';
import { where } from './grants.js';
import { validateAssignments } from './invariants.js';
import { resolveRole } from './presets/index.js';
import type { Decision, DenialCode, OrgContext, RoleAssignment, Subject } from './types.js';

/** A refusal with one reason. */
export const refuse = (code: DenialCode, reason: string): Decision => ({ allowed: false, reasons: [reason], code });
/** An approval with one reason. */
export const ok = (reason: string): Decision => ({ allowed: true, reasons: [reason] });

/** Assignment check against a precomputed authority (shared by the exported checks). */
export function assignWith(org: OrgContext, auth: Authority, assignment: RoleAssignment): Decision {
  const role = resolveRole(org.roles, assignment.role);
  if (role === undefined) return refuse('unknown_role', `unknown role "${assignment.role}"`);
  const v = validateAssignments(org, [assignment]);
  if (!v.ok) return refuse(v.code, v.detail);
  const a = v.assignments[0] as RoleAssignment;
  if (!outranksRole(auth, role)) {
    return refuse('role_not_assignable', `role "${role.key}" is not ranked below your own; you can only assign roles ranked below yours`);
  }
  if (role.scope === 'org' && !auth.orgLevel) {
    return refuse('role_not_assignable', `role "${role.key}" is org-level; store managers can assign only store-level roles`);
  }
  const foreign = (a.storeIds ?? []).find((s) => !auth.manageStores.has(s));
  if (foreign !== undefined) {
    return refuse('store_not_assignable', `you do not manage store ${foreign}; managers can only assign roles in their own stores (seed 001)`);
  }
  const unheld = firstUnheldGrant(org, auth, role, a);
  if (unheld !== null) {
    return refuse(
      'permission_not_held',
      `role "${role.key}" would grant ${unheld.permission} ${where(unheld.storeId)}, which you do not hold; nobody grants more than they hold`,
    );
  }
  const scope = a.storeIds ? `in store${a.storeIds.length === 1 ? '' : 's'} ${a.storeIds.join(', ')}` : 'org-wide';
  return ok(`you may assign role "${role.key}" ${scope}`);
}

/**
 * Authority over a member as a whole: rank above theirs (the top admin may act on top admins),
 * the audience rule (a partner manages only partner users of their customer accounts), and for
 * store-scoped managers, `storeRule` decides how their stores must relate.
 */
export function authorityOver(
  org: OrgContext,
  actor: Actor,
  auth: Authority,
  target: Subject,
  storeRule: 'all-mine' | 'shares-one',
): Decision {
  if (target.membershipStatus === null) return refuse('not_member', `user ${target.userId} is not a member of this org`);
  const audience = audienceAuthorityOver(actor, target, storeRule);
  if (!audience.allowed) return audience;
  const targetRank = highestRank(org, target.assignments);
  if (!(targetRank < auth.rank || (auth.topAdmin && holdsTopAdmin(org, target.assignments)))) {
    return refuse('forbidden', 'you can only manage members whose highest role is ranked below yours');
  }
  if (auth.orgLevel) return ok('you manage the team org-wide');
  if (target.assignments.some((a) => org.roles.get(a.role)?.scope !== 'store')) {
    return refuse('forbidden', 'managers cannot manage members who hold an org-level role');
  }
  const stores = target.assignments.flatMap((a) => a.storeIds ?? []);
  if (storeRule === 'all-mine') {
    const foreign = stores.find((s) => !auth.manageStores.has(s));
    if (foreign !== undefined) {
      return refuse('store_not_assignable', `the member also works in store ${foreign}, which you do not manage; seed 001: you cannot delete users for other stores`);
    }
    return ok('every store of the member is one you manage');
  }
  if (!stores.some((s) => auth.manageStores.has(s))) {
    return refuse('store_not_assignable', 'managers can only edit members of their own stores (seed 001)');
  }
  return ok('the member works in a store you manage');
}

