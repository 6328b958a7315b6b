import { sql } from 'kysely';
import type { Executor } from '../database.js';
import { containsText } from '../like.js';

/** The support dashboard's lists (services/support/lists.ts): the rows each tile counts. */

/** People by state (as the dashboard counts them), by email; `search` matches email or name. */
export async function supportPeopleRows(ex: Executor, q: { state?: 'member' | 'locked' | 'deactivated' | undefined; search?: string | undefined; now: string; limit: number }) {
  let query = ex
    .selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.first_name', 'u.last_name', 'u.status', 'u.locked_until'])
    .orderBy('u.email_key')
    .limit(q.limit);
  if (q.state === 'locked') query = query.where('u.locked_until', '>', q.now);
  if (q.state === 'deactivated') query = query.where('u.status', '=', 'deactivated');
  if (q.state === 'member') query = query.where((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.user_id').whereRef('m.user_id', '=', 'u.id')));
  const s = q.search?.trim();
  if (s) query = query.where((eb) => eb.or([containsText(eb.fn('lower', ['u.email']), s), containsText(sql<string>`lower(u.first_name || ' ' || u.last_name)`, s)]));
  return query.execute();
}

/** The orgs each of these people belongs to, by org name. */
export async function orgsOfPeople(ex: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return ex
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.user_id', 'o.id', 'o.name', 'o.slug'])
    .where('m.user_id', 'in', [...userIds])
    .orderBy('o.name')
    .execute();
}

/**
 * Invitations across every org, counted as the dashboard counts them: pending = still valid;
 * expired = marked expired or pending past its date. Soonest to expire first, latest expired first.
 */
export async function supportInvitationRows(ex: Executor, q: { state: 'pending' | 'expired'; search?: string | undefined; now: string; limit: number }) {
  let query = ex
    .selectFrom('invitations as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.email', 'i.first_name', 'i.last_name', 'i.expires_at', 'o.id as org_id', 'o.name as org_name', 'o.slug'])
    .limit(q.limit);
  query =
    q.state === 'pending'
      ? query.where('i.status', '=', 'pending').where('i.expires_at', '>', q.now).orderBy('i.expires_at', 'asc')
      : query
          .where((eb) => eb.or([eb('i.status', '=', 'expired'), eb.and([eb('i.status', '=', 'pending'), eb('i.expires_at', '<=', q.now)])]))
          .orderBy('i.expires_at', 'desc');
  query = query.orderBy('i.id');
  const s = q.search?.trim();
  if (s) query = query.where((eb) => eb.or([containsText(eb.fn('lower', ['i.email']), s), containsText(eb.fn('lower', ['o.name']), s)]));
  return query.execute();
}
