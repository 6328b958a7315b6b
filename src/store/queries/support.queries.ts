import { sql } from 'kysely';
import type { Executor } from '../database.js';
import { containsText } from '../like.js';

/** The platform-wide queries of the support portal (services/support/*). */

/** Account owners by name or email, one row per owned org, owners' email order. */
export async function searchOwnerRows(ex: Executor, q: { search?: string | undefined; limit: number }) {
  let query = ex
    .selectFrom('orgs as o')
    .innerJoin('users as u', 'u.id', 'o.owner_id')
    .select(['u.id as user_id', 'u.email', 'u.first_name', 'u.last_name', 'u.status', 'o.id as org_id', 'o.name as org_name', 'o.slug'])
    .orderBy('u.email_key')
    .orderBy('o.name')
    .limit(q.limit);
  const s = q.search?.trim();
  if (s) {
    query = query.where((eb) => eb.or([containsText(eb.fn('lower', ['u.email']), s), containsText(sql<string>`lower(u.first_name || ' ' || u.last_name)`, s)]));
  }
  return query.execute();
}

/** Stores across every org by name, code or address (or exact id), with their org. */
export async function searchStoreRows(ex: Executor, q: { search?: string | undefined; limit: number }) {
  let query = ex
    .selectFrom('stores as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select(['s.id', 's.name', 's.code', 's.address', 's.status', 'o.id as org_id', 'o.name as org_name', 'o.slug'])
    .orderBy('o.name')
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(q.limit);
  const s = q.search?.trim();
  if (s) {
    query = query.where((eb) =>
      eb.or([containsText(eb.fn('lower', ['s.name']), s), containsText(eb.fn('lower', ['s.code']), s), containsText(eb.fn('lower', ['s.address']), s), eb('s.id', '=', s)]),
    );
  }
  return query.execute();
}

async function count(q: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }): Promise<number> {
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The dashboard's counts: orgs, memberships, accounts locked now, deactivated users. */
export async function platformCounts(ex: Executor, now: string): Promise<{ orgs: number; members: number; locked: number; deactivated: number }> {
  const [orgs, members, locked, deactivated] = await Promise.all([
    count(ex.selectFrom('orgs').select((eb) => eb.fn.countAll<string>().as('n'))),
    count(ex.selectFrom('memberships').select((eb) => eb.fn.countAll<string>().as('n'))),
    count(ex.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('locked_until', '>', now)),
    count(ex.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'deactivated')),
  ]);
  return { orgs, members, locked, deactivated };
}

/** Pending (still valid) and expired invitations across every org. */
export async function countInvitations(ex: Executor, now: string): Promise<{ pending: number; expired: number }> {
  const row = await ex
    .selectFrom('invitations')
    .select((eb) => [
      eb.fn.sum<string | number | null>(eb.case().when(eb.and([eb('status', '=', 'pending'), eb('expires_at', '>', now)])).then(1).else(0).end()).as('pending'),
      eb.fn
        .sum<string | number | null>(
          eb
            .case()
            .when(eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', now)])]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('expired'),
    ])
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending ?? 0), expired: Number(row.expired ?? 0) };
}

/** The newest invitations sent to one normalized email. */
export function invitationRowsForEmail(ex: Executor, emailKey: string, limit: number) {
  return ex.selectFrom('invitations').select(['id', 'org_id', 'status', 'expires_at', 'roles']).where('email_key', '=', emailKey).orderBy('created_at', 'desc').limit(limit).execute();
}

/** A user's orgs with the membership status, by org name. */
export function membershipOrgsOfUser(ex: Executor, userId: string) {
  return ex
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.name', 'o.slug', 'o.owner_id', 'm.status'])
    .where('m.user_id', '=', userId)
    .orderBy('o.name')
    .execute();
}

/** A store by id in any org, with its org. */
export function findStoreWithOrg(ex: Executor, storeId: string) {
  return ex
    .selectFrom('stores as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select(['s.id', 's.name', 's.code', 'o.id as org_id', 'o.name as org_name', 'o.slug'])
    .where('s.id', '=', storeId)
    .executeTakeFirst();
}

/** A user's sessions not revoked nor expired, most recently seen first. */
export function openSessionsOfUser(ex: Executor, userId: string, now: string, limit: number) {
  return ex
    .selectFrom('sessions')
    .select(['id', 'kind', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .limit(limit)
    .execute();
}
