import type { Executor } from '../store/database.js';

/**
 * SPEC rule 10 / SECURITY.md concurrent-session policy: one active session per user when any
 * org they are a member of keeps `single_session` on (the default). The strictest org wins,
 * because a session is user-wide and can reach every org of the user. Platform staff with no
 * membership may hold several sessions.
 */
export async function singleSessionApplies(ex: Executor, userId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select('o.id')
    .where('m.user_id', '=', userId)
    .where('o.single_session', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
