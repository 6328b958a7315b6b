import { assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { memberActions } from '../domain/delegation.js';
import type { Audience, Override, RoleAssignment } from '../domain/types.js';
import type { Executor } from '../store/database.js';
import { findMemberRow, listMembers, type MemberListRow, type MemberSort, type MemberStatusFilter } from '../store/queries/member-list.queries.js';
import { loadGrants, type MemberGrants } from '../store/queries/member.queries.js';
import { openOrg, type OrgAccess, requirePermission } from './access.js';
import { seesAudience, teamAudienceFilter } from './audience-grant.js';
import type { RequestContext } from './context.js';
import { decodeCursor, encodeCursor, type Page } from './paging.js';

export interface MemberView {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  /** `deactivated` (user-wide) wins over the membership's own status. */
  status: 'active' | 'suspended' | 'deactivated';
  isOwner: boolean;
  roles: RoleAssignment[];
  overrides: Override[];
  audience: Audience;
  profileId: string | null;
  customerIds: string[];
  joinedAt: string;
  lastSeenAt: string | null;
}

export function memberView(
  row: MemberListRow,
  ownerId: string | null,
  grants: MemberGrants | undefined,
): MemberView {
  return {
    userId: row.user_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    status: row.user_status === 'deactivated' ? 'deactivated' : row.membership_status,
    isOwner: row.user_id === ownerId,
    roles: grants?.assignments ?? [],
    overrides: grants?.overrides ?? [],
    audience: row.audience,
    profileId: row.profile_id,
    customerIds: grants?.customerIds ?? [],
    joinedAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  };
}

export interface MemberListInput {
  search?: string | undefined;
  role?: string | undefined;
  storeId?: string | undefined;
  status?: MemberStatusFilter | undefined;
  audience?: Audience | undefined;
  sort?: MemberSort | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Seed 001: managers see the whole team regardless of their own stores (team:read is org-wide).
 * Seed 002: partner users see only partner users, never the staff team; customer users no team.
 */
export async function listOrgMembers(deps: Deps, ctx: RequestContext, orgId: string, q: MemberListInput): Promise<Page<MemberView>> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  const audience = teamAudienceFilter(org.actor, q.audience);
  requirePermission(org, 'team:read');
  if (audience === 'none') return { items: [], nextCursor: null };
  const sort = q.sort ?? 'name';
  const cur = decodeCursor(q.cursor);
  const rows = await listMembers(deps.db, {
    orgId,
    search: q.search,
    role: q.role,
    storeId: q.storeId,
    status: q.status,
    audience,
    sort,
    after: cur && cur.length === 2 ? { key: cur[0] ?? '', userId: cur[1] ?? '' } : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const grants = await loadGrants(deps.db, orgId, page.map((r) => r.user_id));
  const last = page.at(-1);
  return {
    items: page.map((r) => memberView(r, org.row.owner_id, grants.get(r.user_id))),
    nextCursor: rows.length > q.limit && last ? encodeCursor([sort === 'joined' ? last.created_at : last.search_key, last.user_id]) : null,
  };
}

/** One member, plus what the caller may do to them, so a console never offers a refused action. */
export async function getOrgMember(deps: Deps, ctx: RequestContext, orgId: string, userId: string) {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:read');
  const view = await readMember(deps.db, org, userId);
  const target = {
    userId,
    userStatus: view.status === 'deactivated' ? ('deactivated' as const) : ('active' as const),
    membershipStatus: view.status === 'suspended' ? ('suspended' as const) : ('active' as const),
    assignments: view.roles,
    overrides: view.overrides,
    audience: view.audience,
    customerIds: view.customerIds,
  };
  return { ...view, actions: memberActions(org.ctx, org.actor, target) };
}

export async function readMember(ex: Executor, org: OrgAccess, userId: string): Promise<MemberView> {
  const row = await findMemberRow(ex, org.row.id, userId);
  // Nobody outside staff sees the staff team: a member they may not see reads as no member.
  assertThat(row && seesAudience(org.actor, row.audience), 'not_found', 'No such member in this organization.');
  const grants = await loadGrants(ex, org.row.id, [userId]);
  return memberView(row, org.row.owner_id, grants.get(userId));
}
