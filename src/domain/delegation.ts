/**
 * Who may assign, edit, remove, suspend and invite whom (SPEC rules 2 and 3, seed 001).
 * Every check returns a Decision and never throws; services turn refusals into errors.
 * Invariants (last top admin, account owner) are separate: see invariants.ts.
 */
import { type Actor, authorityOf } from './authority.js';
import { assignWith, authorityOver, ok, refuse } from './delegation-rules.js';
import { validateAssignments } from './invariants.js';
import type { Decision, OrgContext, RoleAssignment, Subject } from './types.js';

export type { Actor } from './authority.js';
export { assignableRoles, memberActions } from './member-actions.js';
export type { AssignableRole, MemberActions } from './member-actions.js';
export { canEditMember } from './edit-member.js';

/**
 * May `actor` give `assignment` to someone? Needs team:manage, a known role, a valid
 * assignment, a role ranked below the actor's own (the top admin may grant the top admin
 * role), stores the actor manages, and only permissions the actor holds in those stores.
 */
export function canAssignRole(org: OrgContext, actor: Actor, assignment: RoleAssignment): Decision {
  const auth = authorityOf(org, actor);
  return auth.refusal ?? assignWith(org, auth, assignment);
}

/** May `actor` invite someone with `assignments`? seed 001: accountants and team members cannot invite. */
export function canInvite(org: OrgContext, actor: Actor, assignments: readonly RoleAssignment[]): Decision {
  const auth = authorityOf(org, actor);
  if (auth.refusal) return auth.refusal;
  const v = validateAssignments(org, assignments);
  if (!v.ok) return refuse(v.code, v.detail);
  const reasons: string[] = [];
  for (const a of v.assignments) {
    const d = assignWith(org, auth, a);
    if (!d.allowed) return d;
    reasons.push(...d.reasons);
  }
  return { allowed: true, reasons };
}

function memberCheck(org: OrgContext, actor: Actor, target: Subject, verb: string): Decision {
  const auth = authorityOf(org, actor);
  if (auth.refusal) return auth.refusal;
  const d = authorityOver(org, actor, auth, target, 'all-mine');
  return d.allowed ? ok(`you may ${verb} this member: ${d.reasons.join('; ')}`) : d;
}

/**
 * May `actor` remove `target` from the org (membership ends; history stays)? A store-scoped
 * manager may remove only members all of whose stores are theirs and who hold no org-level
 * role (SPEC rule 3, seed 001). Owner and last-admin protection: invariants.ts.
 */
export function canRemoveMember(org: OrgContext, actor: Actor, target: Subject): Decision {
  return memberCheck(org, actor, target, 'remove');
}

/** May `actor` suspend `target` (membership kept, no access)? Same authority as removal. */
export function canSuspendMember(org: OrgContext, actor: Actor, target: Subject): Decision {
  return memberCheck(org, actor, target, 'suspend');
}

/** May `actor` reactivate a suspended `target`? Same authority as removal. */
export function canReactivateMember(org: OrgContext, actor: Actor, target: Subject): Decision {
  return memberCheck(org, actor, target, 'reactivate');
}
