/**
 * The audience part of an invitation, a direct creation or a member edit (partner and customer
 * users): looks up the profile and customer accounts a request names in this org,
 * and runs the pure rules of domain/audiences.ts. Shared by every path that can grant, so the
 * same rule holds on each (SECURITY.md "Access control").
 */
import { AppError } from '../contracts/errors.js';
import type { Actor } from '../domain/authority.js';
import { canGrantAudience, canInviteGrant, type GrantProfile, refusalOf, validateGrant, visibleAudience } from '../domain/audiences.js';
import { profileGrants } from '../domain/profile-grants.js';
import type { Audience, OrgContext, RoleAssignment, Subject } from '../domain/types.js';
import type { Executor } from '../store/database.js';
import { findCustomers } from '../store/queries/customer.queries.js';
import { findProfile, levelsOf } from '../store/queries/profile.queries.js';
import { refusalError } from './decision-error.js';

/** The audience fields a request may carry; absent audience means staff. */
export interface AudienceInput {
  audience?: Audience | undefined;
  profileId?: string | null | undefined;
  customerIds?: string[] | undefined;
}

/** A grant checked against the org and the actor, with names for the audit log. */
export interface CheckedGrant {
  audience: Audience;
  assignments: RoleAssignment[];
  profile: GrantProfile | null;
  /** Sorted, as stored. */
  customerIds: string[];
  customers: { id: string; name: string }[];
}

/** The org's profile `profileId` with the permissions it gives its audience; `unknown_profile` otherwise. */
export async function lookupProfile(ex: Executor, orgId: string, profileId: string | null | undefined): Promise<GrantProfile | null> {
  if (profileId === null || profileId === undefined) return null;
  const row = await findProfile(ex, orgId, profileId);
  if (!row) throw new AppError('unknown_profile', 'No such profile in this organization; choose one of its profiles.');
  return { id: row.id, name: row.name, audience: row.audience, permissions: profileGrants(row.audience, levelsOf(row.levels)) };
}

/** The org's customer accounts `ids`, all of them or `unknown_customer_account`. */
export async function lookupAccounts(ex: Executor, orgId: string, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  const found = (await findCustomers(ex, orgId, ids)).map((c) => ({ id: c.id, name: c.name }));
  if (found.length !== ids.length) throw new AppError('unknown_customer_account', 'A customer account you chose does not exist; choose from the list of customer accounts.');
  return found;
}

/**
 * Checks what an invitation or a direct creation would give: the profile exists, the grant fits
 * its audience, `actor` may grant it (audience, accounts, profile, roles), the accounts exist.
 */
export async function checkInviteGrant(
  ex: Executor,
  org: { id: string; ctx: OrgContext },
  actor: Actor,
  input: AudienceInput & { roles?: RoleAssignment[] | undefined },
): Promise<CheckedGrant> {
  const audience = input.audience ?? 'staff';
  const profile = await lookupProfile(ex, org.id, input.profileId);
  const v = canInviteGrant(org.ctx, actor, { audience, roles: input.roles ?? [], profile, customerIds: input.customerIds ?? [] });
  if (!v.ok) throw refusalError(refusalOf(v));
  return { audience, assignments: v.assignments, profile, customerIds: v.customerIds, customers: await lookupAccounts(ex, org.id, v.customerIds) };
}

/** The audience fields as the audit log keeps them: names of the profile and accounts (ids change nothing for a reader). */
export function grantForAudit(g: Pick<CheckedGrant, 'audience' | 'profile' | 'customers'>): Record<string, unknown> {
  if (g.audience === 'staff') return {};
  return { audience: g.audience, profile: g.profile?.name ?? null, customerAccounts: g.customers.map((c) => c.name) };
}

/**
 * The audience filter a team or invitation list applies for this caller: undefined for staff
 * (everyone), `partner` for a partner user; customer users see no team at all (403).
 * `asked` is the caller's own filter; asking a partner for staff finds nobody (`none`).
 */
export function teamAudienceFilter(actor: Actor, asked: Audience | undefined): Audience | 'none' | undefined {
  const visible = visibleAudience(actor);
  if (visible === null) throw new AppError('forbidden', 'Customer users have no team to see.');
  if (visible === 'all') return asked;
  return asked === undefined || asked === visible ? visible : 'none';
}

/** Whether the caller may see a member or invitation of `audience` (otherwise it reads as not found). */
export function seesAudience(actor: Actor, audience: Audience): boolean {
  const visible = visibleAudience(actor);
  return visible === 'all' || visible === audience;
}

/** The audience part of a member edit, checked: what to write and how the audit log tells it. */
export interface GrantEdit {
  profileId: string | null;
  customerIds: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * Checks the audience part of a member edit (`PATCH` with `profileId`, `customerIds`, or roles
 * that must still fit the member's audience). The audience itself never changes: a person moves
 * between staff, partner and customer by being removed and invited again, so nothing they held
 * as one kind of user carries over by accident. Returns null when nothing of it is written.
 */
export async function checkMemberGrantEdit(
  ex: Executor,
  org: { id: string; ctx: OrgContext; actor: Actor },
  target: Subject,
  current: { audience: Audience; profileId: string | null; customerIds: string[] },
  input: AudienceInput,
  assignments: readonly RoleAssignment[],
  rolesChanged: boolean,
): Promise<GrantEdit | null> {
  const { audience } = current;
  if (input.audience !== undefined && input.audience !== audience) {
    throw new AppError('invalid_audience', `This person is one of the ${audience} users and cannot become another kind; remove them and invite them again instead.`);
  }
  const touches = input.profileId !== undefined || input.customerIds !== undefined;
  if (!touches && !rolesChanged) return null;
  const profileChanged = input.profileId !== undefined && input.profileId !== current.profileId;
  // An unchanged profile was checked when it was given; it stands in by audience.
  const kept = current.profileId === null ? null : { id: current.profileId, name: '', audience, permissions: [] };
  const profile = profileChanged ? await lookupProfile(ex, org.id, input.profileId) : kept;
  const v = validateGrant(org.ctx, { audience, roles: assignments, profile, customerIds: input.customerIds ?? current.customerIds });
  if (!v.ok) throw refusalError(refusalOf(v));
  const a = canGrantAudience(org.actor, { audience, profile, customerIds: v.customerIds }, { ...target, profile: current.profileId === null ? undefined : { id: current.profileId, name: '', permissions: [] } });
  if (!a.allowed) throw refusalError(a);
  if (!touches) return null;
  const customers = await lookupAccounts(ex, org.id, v.customerIds);
  const formerIds = current.customerIds.filter((c) => !v.customerIds.includes(c));
  const former = new Map([...customers, ...(await findCustomers(ex, org.id, formerIds))].map((c) => [c.id, c.name]));
  const formerProfile = current.profileId === null ? null : ((await findProfile(ex, org.id, current.profileId))?.name ?? null);
  const profileName = profileChanged ? (profile?.name ?? null) : formerProfile;
  return {
    profileId: profile?.id ?? null,
    customerIds: v.customerIds,
    before: { profile: formerProfile, customerAccounts: current.customerIds.map((c) => former.get(c) ?? 'a deleted customer account') },
    after: { profile: profileName, customerAccounts: customers.map((c) => c.name) },
  };
}
