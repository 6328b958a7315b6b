/**
 * What a console may offer, computed with the very rules the server enforces, so the Team page
 * never offers an action the API would refuse.
 */
import { type Actor, type Authority, authorityOf } from './authority.js';
import { assignWith, authorityOver } from './delegation-rules.js';
import { checkOwnerProtected } from './invariants.js';
import type { OrgContext, Subject } from './types.js';

export interface AssignableRole {
  readonly role: string;
  /** 'all' when the role may be given in every store of the org (always for org roles). */
  readonly storeIds: 'all' | string[];
}

export interface MemberActions {
  readonly canEdit: boolean;
  readonly canRemove: boolean;
  readonly canSuspend: boolean;
  readonly assignableRoles: readonly AssignableRole[];
  readonly assignableStores: 'all' | string[];
  /** Why an action is not offered, in words a console can show. */
  readonly reasons: readonly string[];
}

function rolesFor(org: OrgContext, auth: Authority): AssignableRole[] {
  if (auth.refusal) return [];
  const out: AssignableRole[] = [];
  const roles = [...org.roles.values()].sort((a, b) => b.rank - a.rank || a.key.localeCompare(b.key));
  for (const role of roles) {
    if (role.scope === 'org') {
      if (assignWith(org, auth, { role: role.key }).allowed) out.push({ role: role.key, storeIds: 'all' });
      continue;
    }
    const stores = org.storeIds.filter((s) => assignWith(org, auth, { role: role.key, storeIds: [s] }).allowed);
    if (stores.length === 0) continue;
    out.push({ role: role.key, storeIds: stores.length === org.storeIds.length ? 'all' : stores });
  }
  return out;
}

/** Roles (and their stores) `actor` may give to anyone, highest rank first. */
export function assignableRoles(org: OrgContext, actor: Actor): AssignableRole[] {
  return rolesFor(org, authorityOf(org, actor));
}

/** The actions `actor` may take on `target`, with reasons for the ones withheld. */
export function memberActions(org: OrgContext, actor: Actor, target: Subject): MemberActions {
  const auth = authorityOf(org, actor);
  if (auth.refusal) {
    return { canEdit: false, canRemove: false, canSuspend: false, assignableRoles: [], assignableStores: [], reasons: auth.refusal.reasons };
  }
  const self = actor.kind === 'member' && actor.subject.userId === target.userId;
  const reasons: string[] = [];
  const edit = authorityOver(org, actor, auth, target, 'shares-one');
  const remove = authorityOver(org, actor, auth, target, 'all-mine');
  // Members may edit themselves only to lower their rights (drop lower roles), see edit-member.ts.
  const canEdit = self || edit.allowed;
  if (!canEdit) reasons.push(...edit.reasons);
  if (!remove.allowed && !(edit.allowed === false && remove.reasons[0] === edit.reasons[0])) reasons.push(...remove.reasons);
  if (self) reasons.push('you cannot give yourself roles or stores; ask someone above you');
  // The owner is protected whatever the actor's authority (SPEC rule 5): offer neither action.
  const owner = checkOwnerProtected(org, target.userId, 'remove');
  if (!owner.allowed && remove.allowed) reasons.push('the account owner cannot be suspended or removed; transfer ownership first');
  const stores = auth.orgLevel ? 'all' : org.storeIds.filter((s) => auth.manageStores.has(s));
  return {
    canEdit,
    canRemove: remove.allowed && owner.allowed,
    canSuspend: remove.allowed && owner.allowed,
    assignableRoles: canEdit && !self ? rolesFor(org, auth) : [],
    assignableStores: canEdit && !self ? stores : [],
    reasons,
  };
}
