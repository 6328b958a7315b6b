import type { Deps } from '../../container.js';
import type { RequestContext } from '../context.js';
import { countInvitations } from './invitation-facts.js';
import { requirePlatformStaff } from './platform-only.js';

async function count(q: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }): Promise<number> {
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Seed 000's AdminDashboardPage: the numbers support staff watch. */
export async function supportDashboard(deps: Deps, ctx: RequestContext) {
  requirePlatformStaff(ctx);
  const db = deps.db;
  const now = deps.clock().toISOString();
  const [orgs, members, locked, deactivated, invites] = await Promise.all([
    count(db.selectFrom('orgs').select((eb) => eb.fn.countAll<string>().as('n'))),
    count(db.selectFrom('memberships').select((eb) => eb.fn.countAll<string>().as('n'))),
    count(db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('locked_until', '>', now)),
    count(db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'deactivated')),
    countInvitations(db, now),
  ]);
  return {
    orgs,
    members,
    pendingInvitations: invites.pending,
    expiredInvitations: invites.expired,
    lockedAccounts: locked,
    deactivatedUsers: deactivated,
  };
}
