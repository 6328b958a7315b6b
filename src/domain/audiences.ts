/**
 * Audiences: who a member is to the business — `staff` (its employees), `partner` (resellers
 * who look after some customer accounts) or `customer` (a person of one customer account, in
 * the self-service hub). What a grant must look like for each audience, and who may grant it.
 * Pure rules, decisions as values; services resolve profiles and accounts and enforce.
 *
 * - staff hold staff roles, no profile and no customer accounts (they see every account);
 * - partner users hold partner roles, a partner profile and at least one customer account;
 * - customer users hold no role, a customer profile and exactly one customer account.
 * A partner may add and change only partner users, within the customer accounts they hold
 * themselves and no more than their own profile allows; customer users manage nobody.
 */
import { type Actor, authorityOf } from './authority.js';
import { canInvite } from './delegation.js';
import { validateAssignments } from './invariants.js';
import type { Permission } from './permissions.js';
import type { Audience, Decision, DenialCode, OrgContext, RoleAssignment, Subject } from './types.js';

/** The profile a grant names, as found in the org (services look it up). */
export interface GrantProfile {
  readonly id: string;
  readonly name: string;
  readonly audience: Audience;
  readonly permissions: readonly Permission[];
}

/** What an invitation, a direct creation or a member edit asks to give someone. */
export interface GrantRequest {
  readonly audience: Audience;
  readonly roles: readonly RoleAssignment[];
  /** null: no profile named. */
  readonly profile: GrantProfile | null;
  readonly customerIds: readonly string[];
}

export type GrantValidation =
  | { readonly ok: true; readonly assignments: RoleAssignment[]; readonly customerIds: string[] }
  | { readonly ok: false; readonly code: DenialCode; readonly detail: string };

const bad = (code: DenialCode, detail: string): GrantValidation => ({ ok: false, code, detail });
const refuse = (code: DenialCode, reason: string): Decision => ({ allowed: false, reasons: [reason], code });
const ok = (reason: string): Decision => ({ allowed: true, reasons: [reason] });

const WHO: Record<Audience, string> = { staff: 'staff members', partner: 'partner users', customer: 'customer users' };

/** Reads an absent audience (members from before audiences existed) as staff. */
export function audienceOf(subject: Pick<Subject, 'audience'>): Audience {
  return subject.audience ?? 'staff';
}

/**
 * Does the grant fit its audience? Normalizes the roles (validateAssignments) and the account
 * list (deduplicated, sorted). Existence of the profile and accounts is the caller's lookup.
 */
export function validateGrant(org: OrgContext, grant: GrantRequest): GrantValidation {
  const { audience, profile } = grant;
  const customerIds = [...new Set(grant.customerIds)].sort();
  let assignments: RoleAssignment[] = [];
  if (audience === 'customer') {
    if (grant.roles.length > 0) return bad('invalid_audience', 'customer users hold no role; their profile says what they may do');
  } else {
    if (grant.roles.length === 0) return bad('invalid_audience', `${WHO[audience]} need at least one role`);
    const v = validateAssignments(org, grant.roles);
    if (!v.ok) return bad(v.code, v.detail);
    for (const a of v.assignments) {
      const role = org.roles.get(a.role);
      if (role && role.audience !== audience) {
        return bad('invalid_audience', `the ${role.name} role is for ${WHO[role.audience]}; ${WHO[audience]} hold roles made for them`);
      }
    }
    assignments = v.assignments;
  }
  if (audience === 'staff') {
    if (profile !== null) return bad('invalid_audience', 'staff members have no profile; their roles say what they may do');
    if (customerIds.length > 0) return bad('invalid_audience', 'staff members are not limited to customer accounts; leave the customer accounts empty');
    return { ok: true, assignments, customerIds };
  }
  if (profile === null) return bad('invalid_audience', `${WHO[audience]} need a ${audience} profile`);
  if (profile.audience !== audience) {
    return bad('invalid_audience', `the profile ${profile.name} is for ${WHO[profile.audience]}; choose a ${audience} profile`);
  }
  if (audience === 'partner' && customerIds.length === 0) return bad('invalid_audience', 'partner users need at least one customer account');
  if (audience === 'customer' && customerIds.length !== 1) return bad('invalid_audience', 'a customer user belongs to exactly one customer account');
  return { ok: true, assignments, customerIds };
}

/**
 * May `actor` give `grant` (already validated) to someone? With `target`, the grant replaces
 * what the target holds now, and only the customer accounts added or taken away count.
 * Staff and platform staff may grant every audience; a partner only partner users, only their
 * own customer accounts and no profile that allows more than theirs; customers nobody. Roles
 * are checked by the delegation rules (rank, team:manage) separately.
 */
export function canGrantAudience(
  actor: Actor,
  grant: Pick<GrantRequest, 'audience' | 'profile' | 'customerIds'>,
  target?: Pick<Subject, 'userId' | 'audience' | 'customerIds' | 'profile'>,
): Decision {
  const before = new Set(target?.customerIds ?? []);
  const after = new Set(grant.customerIds);
  const added = [...after].filter((c) => !before.has(c));
  const changed = [...added, ...[...before].filter((c) => !after.has(c))];
  const profileChanged = grant.profile !== null && grant.profile.id !== target?.profile?.id;
  if (actor.kind === 'member' && target?.userId === actor.subject.userId && (added.length > 0 || profileChanged)) {
    return refuse('forbidden', 'you cannot give yourself customer accounts or another profile; ask someone above you');
  }
  if (actor.kind === 'platform') return ok('platform staff may grant every audience');
  const mine = audienceOf(actor.subject);
  if (mine === 'staff') return ok(`staff may add ${WHO[grant.audience]}`);
  if (mine === 'customer') return refuse('forbidden', 'customer users cannot add or change other people');
  if (grant.audience !== 'partner' || (target !== undefined && audienceOf(target) !== 'partner')) {
    return refuse('audience_not_assignable', 'partner administrators add and change only partner users; your staff administrators manage everyone else');
  }
  const held = new Set(actor.subject.customerIds ?? []);
  if (changed.some((c) => !held.has(c))) {
    // Worded like an unknown account, so a partner learns nothing about accounts not theirs.
    return refuse('unknown_customer_account', 'a customer account you chose is not one of yours; choose among the customer accounts you look after');
  }
  if (profileChanged && grant.profile !== null) {
    const own = new Set(actor.subject.profile?.permissions ?? []);
    if (grant.profile.permissions.some((p) => !own.has(p))) {
      return refuse('permission_not_held', `the profile ${grant.profile.name} allows more than your own profile; choose one that allows no more than yours`);
    }
  }
  return ok('a partner user, within your own customer accounts and profile');
}

/**
 * The whole check of an invitation or a direct creation: the grant fits its audience, the actor
 * may grant that audience and those accounts, and the roles pass the delegation rules (a
 * customer user holds no role, but adding one still takes the authority to manage the team).
 */
export function canInviteGrant(org: OrgContext, actor: Actor, grant: GrantRequest): GrantValidation {
  const v = validateGrant(org, grant);
  if (!v.ok) return v;
  const a = canGrantAudience(actor, { ...grant, customerIds: v.customerIds });
  if (!a.allowed) return bad(a.code, a.reasons.join('; '));
  const d = v.assignments.length > 0 ? canInvite(org, actor, v.assignments) : (authorityOf(org, actor).refusal ?? ok('no role to grant'));
  if (!d.allowed) return bad(d.code, d.reasons.join('; '));
  return v;
}

/** A failed validation as the refused decision services enforce. */
export function refusalOf(v: Extract<GrantValidation, { ok: false }>): Extract<Decision, { allowed: false }> {
  return { allowed: false, reasons: [v.detail], code: v.code };
}

/**
 * Authority over a member as a whole across audiences (remove, suspend, edit): staff and
 * platform staff over everyone; a partner over partner users only — all of whose accounts are
 * theirs (`all-mine`, to remove or suspend) or who share one with them (`shares-one`, to edit);
 * customers over nobody. Rank and team:manage are the delegation rules' part.
 */
export function audienceAuthorityOver(actor: Actor, target: Pick<Subject, 'audience' | 'customerIds'>, rule: 'all-mine' | 'shares-one'): Decision {
  if (actor.kind === 'platform' || audienceOf(actor.subject) === 'staff') return ok('staff manage every audience');
  if (audienceOf(actor.subject) === 'customer') return refuse('forbidden', 'customer users cannot manage other people');
  if (audienceOf(target) !== 'partner') return refuse('forbidden', 'partner administrators manage only partner users');
  const held = new Set(actor.subject.customerIds ?? []);
  const theirs = target.customerIds ?? [];
  const fits = rule === 'all-mine' ? theirs.every((c) => held.has(c)) : theirs.some((c) => held.has(c));
  if (!fits) {
    return refuse(
      'forbidden',
      rule === 'all-mine'
        ? 'this partner user also looks after customer accounts that are not yours; ask a staff administrator'
        : 'this partner user looks after none of your customer accounts',
    );
  }
  return ok('a partner user of your customer accounts');
}

/**
 * Which part of the team an actor may see: staff (and platform staff) everyone, a partner only
 * partner users — nobody outside staff sees the staff team — and a customer user nobody.
 */
export function visibleAudience(actor: Actor): Audience | 'all' | null {
  if (actor.kind === 'platform') return 'all';
  const mine = audienceOf(actor.subject);
  return mine === 'staff' ? 'all' : mine === 'partner' ? 'partner' : null;
}
