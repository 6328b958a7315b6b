import type { Executor } from '../database.js';

/**
 * The partner and customer memberships of a person, in any status, with the levels of their
 * profile (JSON text, null when they hold none): what their `my_account` level allows them to
 * change of their own account. Staff memberships hold no profile and never limit it.
 */
export function accountProfilesOfUser(ex: Executor, userId: string): Promise<{ orgName: string; audience: 'partner' | 'customer'; levels: string | null }[]> {
  return ex
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .leftJoin('profiles as p', (j) => j.onRef('p.id', '=', 'm.profile_id').onRef('p.org_id', '=', 'm.org_id'))
    .select(['o.name as orgName', 'm.audience', 'p.levels'])
    .where('m.user_id', '=', userId)
    .where('m.audience', '!=', 'staff')
    .orderBy('o.name')
    .execute() as Promise<{ orgName: string; audience: 'partner' | 'customer'; levels: string | null }[]>;
}
