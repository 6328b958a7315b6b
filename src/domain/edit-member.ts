/**
 * `canEditMember`: a member edit is checked as the set of changes it makes, so a store manager
 * may edit a member who also works elsewhere as long as every change is in their own stores
 * (SPEC rule 3, seed 001: "amend team members for the stores the manager has permissions for").
 */
import { audienceOf } from './audiences.js';
import { type Actor, type Authority, authorityOf, outranksRole } from './authority.js';
import { assignWith, authorityOver, ok, refuse } from './delegation-rules.js';
import { where } from './grants.js';
import { validateAssignments } from './invariants.js';
import { isPermission } from './permissions.js';
import type { Decision, OrgContext, Override, RoleAssignment, Subject } from './types.js';

export interface MemberEdit {
  readonly assignments: readonly RoleAssignment[];
  readonly overrides: readonly Override[];
}

/** Flattens assignments to one entry per (role, store); org roles get the store "" */
function pairs(assignments: readonly RoleAssignment[]): Map<string, { role: string; store: string | undefined }> {
  const out = new Map<string, { role: string; store: string | undefined }>();
  for (const a of assignments) {
    const stores = a.storeIds?.length ? a.storeIds : [undefined];
    for (const store of stores) out.set(`${a.role}\u0000${store ?? ''}`, { role: a.role, store });
  }
  return out;
}

function byRole(entries: readonly { role: string; store: string | undefined }[]): RoleAssignment[] {
  const grouped = new Map<string, string[]>();
  for (const e of entries) {
    const list = grouped.get(e.role) ?? [];
    if (e.store !== undefined) list.push(e.store);
    grouped.set(e.role, list);
  }
  return [...grouped].map(([role, stores]) => (stores.length ? { role, storeIds: stores } : { role }));
}

const overrideKey = (o: Override) => `${o.effect}\u0000${o.permission}\u0000${o.storeId ?? ''}`;

/** Taking a role away needs the same authority as granting it, minus "holds its permissions". */
function removalCheck(org: OrgContext, auth: Authority, a: RoleAssignment): Decision {
  const role = org.roles.get(a.role);
  // A deleted custom role grants nothing; org-level managers may clean it up.
  if (role === undefined) return auth.orgLevel ? ok(`removed unknown role "${a.role}"`) : refuse('unknown_role', `unknown role "${a.role}"`);
  if (!outranksRole(auth, role)) {
    return refuse('role_not_assignable', `role "${role.key}" is not ranked below your own; you cannot take it away`);
  }
  if (role.scope === 'org' && !auth.orgLevel) {
    return refuse('role_not_assignable', `role "${role.key}" is org-level; store managers cannot change it`);
  }
  const foreign = (a.storeIds ?? []).find((s) => !auth.manageStores.has(s));
  if (foreign !== undefined) {
    return refuse('store_not_assignable', `store ${foreign} is not yours; managers can only change assignments in their own stores (seed 001)`);
  }
  return ok(`you may remove role "${role.key}"`);
}

/**
 * An override change. Granting (adding an allow, lifting a deny) needs the actor to hold the
 * permission wherever it applies; every override change needs reach over its store.
 */
function overrideCheck(org: OrgContext, auth: Authority, o: Override, raises: boolean, self: boolean): Decision {
  if (!isPermission(o.permission)) return refuse('invalid_assignment', `unknown permission "${String(o.permission)}"`);
  if (o.storeId !== undefined && !org.storeIds.includes(o.storeId)) {
    return refuse('unknown_store', `store ${o.storeId} is not an active store of this org`);
  }
  if (raises && self) return refuse('permission_not_held', 'you cannot raise your own rights; ask someone above you');
  if (o.storeId === undefined ? !auth.orgLevel : !auth.manageStores.has(o.storeId)) {
    return refuse('store_not_assignable', `you cannot change overrides ${where(o.storeId)}; managers act only in their own stores`);
  }
  if (raises) {
    const contexts = o.storeId === undefined ? [undefined, ...org.storeIds] : [o.storeId];
    // findIndex, not find: the org-wide context is `undefined` itself.
    const i = contexts.findIndex((s) => !auth.holds(o.permission, s));
    if (i >= 0) {
      return refuse('permission_not_held', `you do not hold ${o.permission} ${where(contexts[i])}; nobody grants more than they hold`);
    }
  }
  return ok(`override on ${o.permission} ${where(o.storeId)} is within your authority`);
}

/**
 * May `actor` change `target`'s assignments and overrides to `next`? The actor needs
 * team:manage and to outrank the target (the top admin may act on top admins); each added or
 * removed role/store passes the assignment rules; allow overrides need the actor to hold the
 * permission. Members editing themselves may only lower their rights (drop lower roles, add
 * denies). Owner and last-admin protection: invariants.ts.
 */
export function canEditMember(org: OrgContext, actor: Actor, target: Subject, next: MemberEdit): Decision {
  const auth = authorityOf(org, actor);
  if (auth.refusal) return auth.refusal;
  if (target.membershipStatus === null) return refuse('not_member', `user ${target.userId} is not a member of this org`);
  // A customer user holds no role (their profile says what they may do): none stays valid.
  const roleless = audienceOf(target) === 'customer' && next.assignments.length === 0;
  const v = roleless ? { ok: true as const, assignments: [] } : validateAssignments(org, next.assignments);
  if (!v.ok) return refuse(v.code, v.detail);
  const self = actor.kind === 'member' && actor.subject.userId === target.userId;
  if (!self) {
    const over = authorityOver(org, actor, auth, target, 'shares-one');
    if (!over.allowed) return over;
  }
  const before = pairs(target.assignments);
  const after = pairs(v.assignments);
  const added = [...after].filter(([k]) => !before.has(k)).map(([, e]) => e);
  const removed = [...before].filter(([k]) => !after.has(k)).map(([, e]) => e);
  if (self && added.length > 0) {
    return refuse('role_not_assignable', 'you cannot give yourself roles or stores; ask someone above you');
  }
  const reasons: string[] = [];
  for (const a of byRole(added)) {
    const d = assignWith(org, auth, a);
    if (!d.allowed) return d;
    reasons.push(...d.reasons);
  }
  for (const a of byRole(removed)) {
    const d = removalCheck(org, auth, a);
    if (!d.allowed) return d;
    reasons.push(...d.reasons);
  }
  const oldOverrides = new Map(target.overrides.map((o) => [overrideKey(o), o]));
  const newOverrides = new Map(next.overrides.map((o) => [overrideKey(o), o]));
  for (const [k, o] of newOverrides) {
    if (oldOverrides.has(k)) continue;
    const d = overrideCheck(org, auth, o, o.effect === 'allow', self);
    if (!d.allowed) return d;
    reasons.push(`adds ${o.effect} ${o.permission} ${where(o.storeId)}`);
  }
  for (const [k, o] of oldOverrides) {
    if (newOverrides.has(k)) continue;
    // Lifting a deny raises rights just like adding an allow.
    const d = overrideCheck(org, auth, o, o.effect === 'deny', self);
    if (!d.allowed) return d;
    reasons.push(`removes ${o.effect} ${o.permission} ${where(o.storeId)}`);
  }
  return { allowed: true, reasons: reasons.length ? reasons : ['no changes'] };
}
