import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import type { RoleAssignment } from '../domain/types.js';
import { assignmentRowsInOrg, assignmentRowsOfUser, findMembership, groupAssignments, membershipStatusesOfUser } from '../store/queries/member.queries.js';
import { findSessionPick, setSessionPick } from '../store/queries/session.queries.js';
import { findStoresByIds } from '../store/queries/store.queries.js';
import { orgsEndedForSession, sessionEndedInOrg } from '../store/queries/session-org-end.queries.js';
import { findUserById } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { loadOrg, type LoadedOrg } from './access.js';
import type { RequestContext } from './context.js';
import { changePersonalDetails, type DetailsInput, personalDetails, requireOwnAccountChange } from './personal-details.js';

export interface MeStore {
  id: string;
  name: string;
  code: string;
  address: string;
}

export interface MeMembership {
  org: { id: string; name: string; slug: string };
  status: 'active' | 'suspended';
  isOwner: boolean;
  roles: RoleAssignment[];
  stores: MeStore[];
}

export interface MeView {
  user: { id: string; email: string; firstName: string; lastName: string; phone: string | null; platformRole: string | null; status: string };
  memberships: MeMembership[];
  currentOrgId: string | null;
  currentStoreId: string | null;
}

/**
 * The stores a member may pick (store picker): every active store for an org-scoped role,
 * otherwise the active stores their store-scoped roles name. A suspended member has none.
 */
export function usableStoreIds(org: LoadedOrg, status: string, roles: readonly RoleAssignment[]): string[] {
  if (status !== 'active') return [];
  const active = new Set(org.ctx.storeIds);
  if (roles.some((a) => org.ctx.roles.get(a.role)?.scope === 'org')) return [...active].sort();
  return [...new Set(roles.flatMap((a) => a.storeIds ?? []))].filter((s) => active.has(s)).sort();
}

/** `GET /me`: the user, every membership with its roles and usable stores, and the session's picked store. */
export async function getMe(deps: Deps, ctx: RequestContext): Promise<MeView> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const [user, session, rows, assignments, endedHere] = await Promise.all([
    findUserById(deps.db, p.userId),
    findSessionPick(deps.db, p.sessionId),
    membershipStatusesOfUser(deps.db, p.userId),
    assignmentRowsOfUser(deps.db, p.userId),
    orgsEndedForSession(deps.db, p.sessionId),
  ]);
  assertThat(user, 'unauthenticated');
  const memberships: MeMembership[] = [];
  // An org that ended this session is not reachable with it: not listed until the next sign-in.
  for (const m of rows.filter((r) => !endedHere.has(r.org_id))) {
    const org = await loadOrg(deps.db, m.org_id);
    if (!org) continue;
    const roles = groupAssignments(assignments.filter((a) => a.org_id === m.org_id));
    const ids = new Set(usableStoreIds(org, m.status, roles));
    const stores = (await findStoresByIds(deps.db, m.org_id, [...ids])).map((s) => ({ id: s.id, name: s.name, code: s.code, address: s.address }));
    memberships.push({ org: { id: org.row.id, name: org.row.name, slug: org.row.slug }, status: m.status, isOwner: org.row.owner_id === user.id, roles, stores });
  }
  return {
    user: { id: user.id, email: user.email, firstName: user.first_name, lastName: user.last_name, phone: user.phone, platformRole: user.platform_role, status: user.status },
    memberships,
    currentOrgId: session?.current_org_id ?? null,
    currentStoreId: session?.current_store_id ?? null,
  };
}

/**
 * The store picker: only a store the member may use. Another org (or one the caller is not an
 * active member of) and a store outside the org answer 404 (SPEC rule 1); a store of the org
 * the member is not assigned to answers 403.
 */
export async function pickStore(deps: Deps, ctx: RequestContext, input: { orgId: string; storeId: string }): Promise<{ currentOrgId: string; currentStoreId: string }> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const membership = await findMembership(deps.db, input.orgId, p.userId);
  const usable = membership?.status === 'active' && !(await sessionEndedInOrg(deps.db, p.sessionId, input.orgId));
  const org = usable ? await loadOrg(deps.db, input.orgId) : undefined;
  if (!org) throw new AppError('not_found', 'No such organization.');
  if (!org.ctx.storeIds.includes(input.storeId)) throw new AppError('not_found', 'No such store.');
  const rows = await assignmentRowsInOrg(deps.db, input.orgId, p.userId);
  const stores = usableStoreIds(org, 'active', groupAssignments(rows));
  if (!stores.includes(input.storeId)) throw new AppError('forbidden', 'You are not assigned to this store.');
  await setSessionPick(deps.db, p.sessionId, input.orgId, input.storeId);
  return { currentOrgId: input.orgId, currentStoreId: input.storeId };
}

/**
 * `PATCH /me`: the person changes their own name and phone. These show in every org they belong
 * to, and each of those orgs gets the audit event (personal-details.ts); an org admin may change
 * them only for someone who belongs to that org alone. A partner or customer user's profile may
 * not let them (its "My Account" level): then nothing changes and the answer is 403.
 */
export async function updateMyDetails(deps: Deps, ctx: RequestContext, input: DetailsInput): Promise<MeView> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const now = deps.clock();
  await inTransaction(deps.db, async (trx) => {
    const user = await findUserById(trx, p.userId);
    assertThat(user, 'unauthenticated');
    const before = { firstName: user.first_name, lastName: user.last_name, phone: user.phone };
    const details = personalDetails(input, before);
    if (Object.keys(details).length > 0) await requireOwnAccountChange(trx, user.id);
    await changePersonalDetails(trx, ctx, now, { userId: user.id, actingOrgId: null, byPlatform: false, details, before });
  });
  return getMe(deps, ctx);
}
