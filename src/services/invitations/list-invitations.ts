/**
 * Reading invitations: the org's list (seed 000 "pending invites"), one invitation, and the
 * roles and stores the caller may invite to, so the console offers only what the server allows.
 */
import { assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { assignableRoles } from '../../domain/delegation.js';
import { authorityOf } from '../../domain/authority.js';
import { roleUseFor } from '../../domain/presets/index.js';
import type { Audience } from '../../domain/types.js';
import type { InvitationStatus } from '../../store/schema/invitation.table.js';
import { findInvitationWithInviter, listInvitations } from '../../store/queries/invitation.queries.js';
import { openOrg, requirePermission } from '../access.js';
import { seesAudience, teamAudienceFilter } from '../audience-grant.js';
import type { RequestContext } from '../context.js';
import { decodeCursor, encodeCursor, type Page } from '../paging.js';
import { type InvitationView, invitationView } from './invitation-view.js';

export interface InvitationListInput {
  status?: InvitationStatus | undefined;
  audience?: Audience | undefined;
  search?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Seed 001: whoever may see the team sees its pending invitations; actions say what they may do. */
export async function listOrgInvitations(deps: Deps, ctx: RequestContext, orgId: string, q: InvitationListInput): Promise<Page<InvitationView>> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:read');
  const audience = teamAudienceFilter(org.actor, q.audience);
  if (audience === 'none') return { items: [], nextCursor: null };
  const now = deps.clock();
  const rows = await listInvitations(deps.db, {
    orgId,
    status: q.status,
    audience,
    search: q.search,
    now: now.toISOString(),
    before: decodeCursor(q.cursor)?.[0],
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map((r) => invitationView(r, now, org.ctx, org.actor));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

/** One invitation of the org (404 for another org's id, SPEC rule 1). */
export async function readInvitation(deps: Deps, ctx: RequestContext, orgId: string, id: string): Promise<InvitationView> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:read');
  const row = await findInvitationWithInviter(deps.db, orgId, id);
  // Nobody outside staff sees a staff invitation: it reads like one that does not exist.
  assertThat(row && seesAudience(org.actor, row.audience), 'not_found', 'No such invitation in this organization.');
  return invitationView(row, deps.clock(), org.ctx, org.actor);
}

export interface InviteOptionsView {
  canInvite: boolean;
  roles: { role: string; name: string; scope: 'org' | 'store'; storeIds: 'all' | string[]; rank: number; useFor: string | null; audience: Audience }[];
  defaultStoreId: string | null;
  reasons: string[];
}

/** The roles (with stores) the caller may put on an invitation: exactly what `canInvite` accepts. */
export async function inviteOptions(deps: Deps, ctx: RequestContext, orgId: string): Promise<InviteOptionsView> {
  // Any member may ask: someone who cannot invite gets an empty list and the reason, which is
  // what the console shows instead of an Invite button.
  const org = await openOrg(deps.db, ctx.principal, orgId);
  const auth = authorityOf(org.ctx, org.actor);
  const roles = assignableRoles(org.ctx, org.actor).map((a) => {
    const def = org.ctx.roles.get(a.role);
    return {
      role: a.role,
      name: def?.name ?? a.role,
      scope: def?.scope ?? ('org' as const),
      storeIds: a.storeIds,
      rank: def?.rank ?? 0,
      useFor: def ? roleUseFor(org.row.preset, def) : null,
      audience: def?.audience ?? ('staff' as const),
    };
  });
  return {
    canInvite: roles.length > 0,
    roles,
    defaultStoreId: org.ctx.storeIds.length === 1 ? (org.ctx.storeIds[0] ?? null) : null,
    reasons: auth.refusal ? [...auth.refusal.reasons] : [],
  };
}
