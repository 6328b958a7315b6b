import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { canEditMember, canReactivateMember, canRemoveMember, canSuspendMember } from '../domain/delegation.js';
import { checkOwnerProtected, checkTopAdminKept, isActiveTopAdmin, validateAssignments } from '../domain/invariants.js';
import type { Override, RoleAssignment, Subject } from '../domain/types.js';
import type { Transaction } from 'kysely';
import type { Database } from '../store/database.js';
import {
  countOtherActiveTopAdmins,
  deleteMembership,
  loadSubject,
  replaceAssignments,
  replaceMemberAudienceGrant,
  replaceOverrides,
  setMembershipStatus,
} from '../store/queries/member.queries.js';
import { inOrgTransaction } from '../store/queries/org.queries.js';
import { type OrgAccess, openOrg, requirePermission, requireSupportReason } from './access.js';
import { type AudienceInput, checkMemberGrantEdit } from './audience-grant.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { enforce } from './decision-error.js';
import { endSessionsForOrg } from './org-session-end.js';
import { changePersonalDetails, personalDetails } from './personal-details.js';
import { type MemberView, readMember } from './members-read.js';

/** Support staff must say why (seed 000: "confirm requester is authorized"); it goes into the audit log. */
export interface SupportReason {
  reason?: string | undefined;
  /** Support staff only: approve leaving the org without an active top admin (SPEC rule 4). */
  overrideLastAdmin?: boolean | undefined;
}

interface Locked {
  trx: Transaction<Database>;
  org: OrgAccess;
  target: Subject;
  before: MemberView;
}

/**
 * Runs a member change inside one transaction that first locks the org row, so the last-admin
 * and owner checks see every concurrent change to the same team (SPEC rules 4, 5; STYLE rule 4).
 */
async function withLockedMember<T>(deps: Deps, ctx: RequestContext, orgId: string, userId: string, input: SupportReason, fn: (l: Locked) => Promise<T>): Promise<T> {
  return inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:read');
    const target = await loadSubject(trx, orgId, userId);
    assertThat(target?.membershipStatus, 'not_found', 'No such member in this organization.');
    requireSupportReason(org, input.reason);
    const before = await readMember(trx, org, userId);
    return fn({ trx, org, target, before });
  });
}

/** Refuses a change that would leave the org with no active top admin, unless support staff approved it. */
async function keepTopAdmin(l: Locked, willBeActiveTopAdmin: boolean, input: SupportReason): Promise<string[]> {
  const nowTop = isActiveTopAdmin(l.org.ctx, l.target);
  if (!nowTop || willBeActiveTopAdmin) return [];
  const others = await countOtherActiveTopAdmins(l.trx, l.org.row.id, l.target.userId);
  const override = l.org.actor.kind === 'platform' && input.overrideLastAdmin ? { by: 'platform' as const, reason: input.reason ?? '' } : undefined;
  const d = checkTopAdminKept({
    org: l.org.ctx,
    targetIsActiveTopAdminNow: true,
    targetWillBeActiveTopAdmin: false,
    otherActiveTopAdmins: others,
    ...(override ? { override } : {}),
  });
  enforce(d);
  return override ? [...d.reasons] : [];
}

export interface MemberPatch extends SupportReason, AudienceInput {
  roles?: RoleAssignment[] | undefined;
  overrides?: Override[] | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  phone?: string | null | undefined;
}

export async function updateMember(deps: Deps, ctx: RequestContext, orgId: string, userId: string, input: MemberPatch): Promise<MemberView> {
  const now = deps.clock();
  return withLockedMember(deps, ctx, orgId, userId, input, async (l) => {
    let assignments = l.target.assignments;
    if (input.roles) {
      const v = validateAssignments(l.org.ctx, input.roles);
      if (!v.ok) throw new AppError(v.code, v.detail);
      assignments = v.assignments;
    }
    const overrides = input.overrides ? dedupeOverrides(input.overrides, l.org.ctx.storeIds) : l.target.overrides;
    const named = (m: MemberView) => ({ firstName: m.firstName, lastName: m.lastName, phone: m.phone });
    const details = personalDetails(input, named(l.before));
    enforce(canEditMember(l.org.ctx, l.org.actor, l.target, { assignments, overrides }));
    const grant = await checkMemberGrantEdit(l.trx, { id: orgId, ctx: l.org.ctx, actor: l.org.actor }, l.target, l.before, input, assignments, input.roles !== undefined);
    const next: Subject = { ...l.target, assignments, overrides };
    const stillTop = isActiveTopAdmin(l.org.ctx, next);
    if (!stillTop) enforce(checkOwnerProtected(l.org.ctx, userId, 'demote'));
    const approval = await keepTopAdmin(l, stillTop, input);
    if (input.roles) await replaceAssignments(l.trx, orgId, userId, assignments);
    if (input.overrides) await replaceOverrides(l.trx, orgId, userId, overrides);
    if (grant) await replaceMemberAudienceGrant(l.trx, orgId, userId, grant);
    await changePersonalDetails(l.trx, ctx, now, { userId, actingOrgId: orgId, byPlatform: l.org.actor.kind === 'platform', details, before: named(l.before), reason: input.reason });
    const after = await readMember(l.trx, l.org, userId);
    await audit(l.trx, ctx, now, {
      orgId,
      action: 'member.updated',
      targetType: 'user',
      targetId: userId,
      before: { roles: l.before.roles, overrides: l.before.overrides, ...named(l.before), ...grant?.before },
      after: { roles: after.roles, overrides: after.overrides, ...named(after), ...grant?.after, ...(approval.length ? { approval } : {}) },
      reason: input.reason,
    });
    return after;
  });
}

function dedupeOverrides(list: readonly Override[], storeIds: readonly string[]): Override[] {
  const seen = new Map<string, Override>();
  for (const o of list) {
    if (o.storeId !== undefined && !storeIds.includes(o.storeId)) throw new AppError('unknown_store', `No store "${o.storeId}" in this organization.`);
    seen.set(`${o.permission}|${o.storeId ?? ''}`, o);
  }
  return [...seen.values()];
}

/** Ends the membership in this org only; the user and their other orgs are untouched (SPEC rule 6). */
export async function removeMember(deps: Deps, ctx: RequestContext, orgId: string, userId: string, input: SupportReason): Promise<void> {
  const now = deps.clock();
  await withLockedMember(deps, ctx, orgId, userId, input, async (l) => {
    enforce(canRemoveMember(l.org.ctx, l.org.actor, l.target));
    enforce(checkOwnerProtected(l.org.ctx, userId, 'remove'));
    const approval = await keepTopAdmin(l, false, input);
    await deleteMembership(l.trx, orgId, userId);
    await endSessionsForOrg(l.trx, orgId, now, 'membership_changed', { userId });
    await audit(l.trx, ctx, now, {
      orgId,
      action: 'member.removed',
      targetType: 'user',
      targetId: userId,
      before: l.before,
      ...(approval.length ? { after: { approval } } : {}),
      reason: input.reason,
    });
  });
}

/** Suspend keeps the membership listed but without access; reactivate restores it (seed 002). */
export async function setMemberSuspended(deps: Deps, ctx: RequestContext, orgId: string, userId: string, suspended: boolean, input: SupportReason): Promise<MemberView> {
  const now = deps.clock();
  return withLockedMember(deps, ctx, orgId, userId, input, async (l) => {
    if (suspended) {
      enforce(canSuspendMember(l.org.ctx, l.org.actor, l.target));
      enforce(checkOwnerProtected(l.org.ctx, userId, 'suspend'));
    } else {
      enforce(canReactivateMember(l.org.ctx, l.org.actor, l.target));
    }
    const approval = suspended ? await keepTopAdmin(l, false, input) : [];
    await setMembershipStatus(l.trx, orgId, userId, suspended ? 'suspended' : 'active', now.toISOString());
    // Every session the member holds now stops working here, and reactivation revives none
    // (ASVS 7.4.2); their other orgs are not this org's to end (org-session-end.ts).
    if (suspended) await endSessionsForOrg(l.trx, orgId, now, 'membership_changed', { userId });
    const after = await readMember(l.trx, l.org, userId);
    await audit(l.trx, ctx, now, {
      orgId,
      action: suspended ? 'member.suspended' : 'member.reactivated',
      targetType: 'user',
      targetId: userId,
      before: { status: l.before.status },
      after: { status: after.status, ...(approval.length ? { approval } : {}) },
      reason: input.reason,
    });
    return after;
  });
}
