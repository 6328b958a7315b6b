import type { Executor } from '../database.js';

/**
 * The org's active top admins (active membership, active user, a top-admin role), by name:
 * whom a member asks for more access. At most `limit` people.
 */
export async function activeTopAdmins(ex: Executor, orgId: string, limit: number): Promise<{ id: string; first_name: string; last_name: string; email: string }[]> {
  return ex
    .selectFrom('users as u')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.org_id', '=', orgId))
    .select(['u.id', 'u.first_name', 'u.last_name', 'u.email'])
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignments as ra')
          .innerJoin('roles as r', (j) => j.onRef('r.org_id', '=', 'ra.org_id').onRef('r.key', '=', 'ra.role_key'))
          .select('ra.user_id')
          .where('ra.org_id', '=', orgId)
          .whereRef('ra.user_id', '=', 'u.id')
          .where('r.top_admin', '=', 1),
      ),
    )
    .orderBy('u.last_name')
    .orderBy('u.first_name')
    .orderBy('u.id')
    .limit(limit)
    .execute();
}
