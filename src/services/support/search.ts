import type { Deps } from '../../container.js';
import { searchOwnerRows, searchStoreRows } from '../../store/queries/support.queries.js';
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
  const rows = await searchOwnerRows(deps.db, { search: q.search, limit: q.limit * 5 });
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
  const rows = await searchStoreRows(deps.db, { search: q.search, limit: q.limit });
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, code: r.code, address: r.address, status: r.status, org: { id: r.org_id, name: r.org_name, slug: r.slug } })),
    nextCursor: null,
  };
}
