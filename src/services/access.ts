import { AppError, assertThat } from '../contracts/errors.js';
import { type Actor, canSuspendMember } from '../domain/delegation.js';
import type { Permission } from '../domain/permissions.js';
import { can } from '../domain/policy.js';
import { permissionInWords } from '../domain/permission-words.js';
import type { Decision, DenialCode, OrgContext, RoleDefinition, Subject } from '../domain/types.js';
import type { Executor } from '../store/database.js';
import type { OrgRow } from '../store/queries/org.queries.js';
import { sessionEndedInOrg } from '../store/queries/session-org-end.queries.js';
import type { Principal } from './context.js';
import { enforce } from './decision-error.js';
import { type OrgData, orgData, subjectIn } from './access-cache.js';

export interface LoadedOrg {
  /** The cache entry it came from (its members' subjects are kept there). */
  data: OrgData;
  row: OrgRow;
  ctx: OrgContext;
  roles: RoleDefinition[];
}

/** The org row with its roles and active stores, from this process's cache when trusted (access-cache.ts). */
export async function loadOrg(ex: Executor, orgId: string): Promise<LoadedOrg | undefined> {
  const data = await orgData(ex, orgId);
  if (!data) return undefined;
  const { row, roles, storeIds } = data;
  return {
    data,
    row,
    roles,
    ctx: {
      id: row.id,
      billingLevel: row.billing_level,
      settlementLevel: row.settlement_level,
      ownerId: row.owner_id,
      roles: new Map(roles.map((r) => [r.key, r])),
      storeIds,
    },
  };
}

export interface OrgAccess extends LoadedOrg {
  actor: Actor;
}

/**
 * The org as the caller may see it. Anyone who is not an active member (and not platform staff)
 * gets the same 404 as for an org that does not exist, so ids cannot be probed (SPEC rule 1).
 */
export async function openOrg(ex: Executor, principal: Principal | null, orgId: string): Promise<OrgAccess> {
  if (!principal) throw new AppError('unauthenticated');
  const org = await loadOrg(ex, orgId);
  if (!org) throw new AppError('not_found', 'No such organization.');
  // A session this org ended (an admin's end, a suspension, a removal) never works here again,
  // even after reactivation; the person's other orgs are not affected (org-session-end.ts).
  const ended = principal.endedOrgIds ? principal.endedOrgIds.has(orgId) : await sessionEndedInOrg(ex, principal.sessionId, orgId);
  if (ended) throw new AppError('not_found', 'No such organization.');
  if (principal.platformRole) {
    return { ...org, actor: { kind: 'platform', userId: principal.userId, role: principal.platformRole } };
  }
  const subject = await subjectIn(ex, org.data, principal.userId);
  if (subject?.membershipStatus !== 'active' || subject.userStatus !== 'active') {
    throw new AppError('not_found', 'No such organization.');
  }
  return { ...org, actor: { kind: 'member', subject } };
}

/** Platform staff hold every permission inside an org; members go through `can()`. */
export function decide(org: OrgAccess, permission: Permission, storeId?: string): Decision {
  if (org.actor.kind === 'platform') return { allowed: true, reasons: [`platform ${org.actor.role} acts for the merchant`] };
  return can(org.ctx, org.actor.subject, permission, storeId);
}

/**
 * Platform staff change a merchant's org only with the requester check and reason (seed 000:
 * "confirm the requester is authorized"); it goes into the change's audit event. Members need none.
 */
export function requireSupportReason(org: OrgAccess, reason: string | undefined): void {
  if (org.actor.kind === 'platform') assertThat(reason?.trim(), 'reason_required', 'Support staff must give the requester check and reason for this change.');
}

/** Throws `forbidden` with the reasons when the caller lacks the permission. */
export function requirePermission(org: OrgAccess, permission: Permission, storeId?: string): void {
  const d = decide(org, permission, storeId);
  if (!d.allowed) throw new AppError('forbidden', refusalInWords(d.code, permission, storeId), { permission, reasons: d.reasons });
}

/**
 * A refusal as a sentence for people (the error's `detail`): permission words, never the key.
 * The policy's own reasons stay in `reasons` for API clients.
 */
export function refusalInWords(code: DenialCode, permission: Permission, storeId?: string): string {
  switch (code) {
    case 'user_deactivated':
      return 'This account is deactivated, so it cannot be used here.';
    case 'membership_suspended':
      return 'Your access to this business is suspended. Ask one of its admins to restore it.';
    case 'not_member':
      return 'You are not a member of this business.';
    case 'unknown_store':
      return 'That store is closed or does not belong to this business.';
    default:
      if (permission === 'documents:sign') return 'Only the account owner can sign documents.';
      return `You do not have permission to ${permissionInWords(permission)} ${storeId ? 'in this store' : 'across the whole business'}. Ask one of your admins if you need it.`;
  }
}

/**
 * Acting on another member's account (their sessions, a password reset) takes the authority to
 * suspend them: a lower rank, and for a store manager only members all of whose stores are
 * theirs. Acting on your own account takes none.
 */
export function requireAuthorityOver(org: OrgAccess, target: Subject): void {
  if (actorId(org.actor) !== target.userId) enforce(canSuspendMember(org.ctx, org.actor, target));
}

export function actorId(actor: Actor): string {
  return actor.kind === 'platform' ? actor.userId : actor.subject.userId;
}
