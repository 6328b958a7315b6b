import { sql } from 'kysely';
import type { Deps } from '../../container.js';
import { containsText } from '../../store/like.js';
import type { RequestContext } from '../context.js';
import { requirePlatformStaff } from './platform-only.js';

export interface SupportSearch {
  search?: string | undefined;
  limit: number;
}

/**
 * Seed 000's OwnersPage: account owners found by name or email, each with the orgs they own,
 * so "find the org by the owner's email" is one search.
 */
export async function searchOwners(deps: Deps, ctx: RequestContext, q: SupportSearch) {
  requirePlatformStaff(ctx);
  let query = deps.db
    .selectFrom('orgs as o')
    .innerJoin('users as u', 'u.id', 'o.owner_id')
    .select(['u.id as user_id', 'u.email', 'u.first_name', 'u.last_name', 'u.status', 'o.id as org_id', 'o.name as org_name', 'o.slug'])
    .orderBy('u.email_key')
    .orderBy('o.name')
    .limit(q.limit * 5);
  if (q.search?.trim()) {
    const s = q.search.trim();
    query = query.where((eb) => eb.or([containsText(eb.fn('lower', ['u.email']), s), containsText(sql<string>`lower(u.first_name || ' ' || u.last_name)`, s)]));
  }
  const rows = await query.execute();
  const byUser = new Map<string, { userId: string; email: string; firstName: string; lastName: string; status: string; orgs: { id: string; name: string; slug: string }[] }>();
  for (const r of rows) {
    const owner = byUser.get(r.user_id) ?? { userId: r.user_id, email: r.email, firstName: r.first_name, lastName: r.last_name, status: r.status, orgs: [] };
    owner.orgs.push({ id: r.org_id, name: r.org_name, slug: r.slug });
    byUser.set(r.user_id, owner);
  }
  return { items: [...byUser.values()].slice(0, q.limit), nextCursor: null };
}

/** Seed 000's StoresPage: stores across every org by name, code or address, with their org. */
export async function searchStores(deps: Deps, ctx: RequestContext, q: SupportSearch) {
  requirePlatformStaff(ctx);
  let query = deps.db
    .selectFrom('stores as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select(['s.id', 's.name', 's.code', 's.address', 's.status', 'o.id as org_id', 'o.name as org_name', 'o.slug'])
    .orderBy('o.name')
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(q.limit);
  if (q.search?.trim()) {
    const s = q.search.trim();
    query = query.where((eb) =>
      eb.or([
        containsText(eb.fn('lower', ['s.name']), s),
        containsText(eb.fn('lower', ['s.code']), s),
        containsText(eb.fn('lower', ['s.address']), s),
        eb('s.id', '=', q.search!.trim()),
      ]),
    );
  }
  const rows = await query.execute();
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, code: r.code, address: r.address, status: r.status, org: { id: r.org_id, name: r.org_name, slug: r.slug } })),
    nextCursor: null,
  };
}
