import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import { containsText } from '../like.js';
import type { StoreTable } from '../schema/store.table.js';
import { bumpOrgVersion } from './org.queries.js';

export type StoreRow = Selectable<StoreTable>;

export function findStore(ex: Executor, orgId: string, storeId: string): Promise<StoreRow | undefined> {
  return ex.selectFrom('stores').selectAll().where('org_id', '=', orgId).where('id', '=', storeId).executeTakeFirst();
}

export function findStoreByCode(ex: Executor, orgId: string, code: string): Promise<{ id: string } | undefined> {
  return ex.selectFrom('stores').select('id').where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
}

/** The active store ids are cached per org version, so adding a store bumps it (same transaction). */
export async function insertStore(ex: Executor, row: StoreRow): Promise<void> {
  await ex.insertInto('stores').values(row).execute();
  await bumpOrgVersion(ex, row.org_id);
}

/** Archiving or reviving a store changes access at once (SPEC rule 7): bumps the org version. */
export async function updateStore(ex: Executor, orgId: string, storeId: string, patch: Partial<StoreRow>): Promise<void> {
  await ex.updateTable('stores').set(patch).where('org_id', '=', orgId).where('id', '=', storeId).execute();
  await bumpOrgVersion(ex, orgId);
}

export async function activeStoreIds(ex: Executor, orgId: string): Promise<string[]> {
  const rows = await ex.selectFrom('stores').select('id').where('org_id', '=', orgId).where('status', '=', 'active').orderBy('id').execute();
  return rows.map((r) => r.id);
}

export interface StoreListQuery {
  orgId?: string | undefined;
  /** Only these stores (a viewer who may read some stores only); an empty list matches none. */
  ids?: readonly string[] | undefined;
  search?: string | undefined;
  status?: 'active' | 'archived' | undefined;
  after?: string | undefined;
  limit: number;
}

export function listStores(ex: Executor, q: StoreListQuery): Promise<StoreRow[]> {
  let query = ex.selectFrom('stores').selectAll().orderBy('id').limit(q.limit);
  if (q.orgId) query = query.where('org_id', '=', q.orgId);
  if (q.ids) {
    if (q.ids.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', [...q.ids]);
  }
  if (q.status) query = query.where('status', '=', q.status);
  if (q.search) {
    const s = q.search;
    query = query.where((eb) => eb.or([containsText(eb.fn('lower', ['name']), s), containsText(eb.fn('lower', ['code']), s), containsText(eb.fn('lower', ['address']), s)]));
  }
  if (q.after) query = query.where('id', '>', q.after);
  return query.execute();
}

/** An org's stores among `ids`, by name (none asked, none read). */
export async function findStoresByIds(ex: Executor, orgId: string, ids: readonly string[]): Promise<StoreRow[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('stores').selectAll().where('org_id', '=', orgId).where('id', 'in', [...ids]).orderBy('name').execute();
}
