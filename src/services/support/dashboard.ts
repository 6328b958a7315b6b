import type { Deps } from '../../container.js';
import type { RequestContext } from '../context.js';
import { countInvitations, platformCounts } from '../../store/queries/support.queries.js';
import { requirePlatformStaff } from './platform-only.js';

/** Seed 000's AdminDashboardPage: the numbers support staff watch. */
export async function supportDashboard(deps: Deps, ctx: RequestContext) {
  requirePlatformStaff(ctx);
  const db = deps.db;
  const now = deps.clock().toISOString();
  const [{ orgs, members, locked, deactivated }, invites] = await Promise.all([platformCounts(db, now), countInvitations(db, now)]);
  return {
    orgs,
    members,
    pendingInvitations: invites.pending,
    expiredInvitations: invites.expired,
    lockedAccounts: locked,
    deactivatedUsers: deactivated,
  };
}
