import type { Deps } from '../../container.js';
import { orgsOfPeople, supportInvitationRows, supportPeopleRows } from '../../store/queries/support-lists.queries.js';
import type { RequestContext } from '../context.js';
import { requirePlatformStaff } from './platform-only.js';

/** People across every org, by the state a dashboard tile counts (seed 000: AdminDashboardPage). */
export async function supportPeople(deps: Deps, ctx: RequestContext, q: { state?: 'member' | 'locked' | 'deactivated' | undefined; search?: string | undefined; limit: number }) {
  requirePlatformStaff(ctx);
  const rows = await supportPeopleRows(deps.db, { ...q, now: deps.clock().toISOString() });
  const orgs = await orgsOfPeople(
    deps.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({
      userId: r.id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      status: r.status,
      lockedUntil: r.locked_until,
      orgs: orgs.filter((o) => o.user_id === r.id).map((o) => ({ id: o.id, name: o.name, slug: o.slug })),
    })),
    nextCursor: null,
  };
}

/** Pending or expired invitations across every org, with their org. */
export async function supportInvitations(deps: Deps, ctx: RequestContext, q: { state: 'pending' | 'expired'; search?: string | undefined; limit: number }) {
  requirePlatformStaff(ctx);
  const rows = await supportInvitationRows(deps.db, { ...q, now: deps.clock().toISOString() });
  return {
    items: rows.map((r) => ({
      id: r.id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      expiresAt: r.expires_at,
      org: { id: r.org_id, name: r.org_name, slug: r.slug },
    })),
    nextCursor: null,
  };
}
