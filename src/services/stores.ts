import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { newId } from '../lib/ids.js';
import { findStore, findStoreByCode, insertStore, listStores, type StoreRow, updateStore } from '../store/queries/store.queries.js';
import { inTransaction } from '../store/transaction.js';
import { mapUniqueViolation } from '../store/unique.js';
import { decide, openOrg, type OrgAccess, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { decodeCursor, encodeCursor, type Page } from './paging.js';

export interface StoreView {
  id: string;
  orgId: string;
  name: string;
  code: string;
  address: string;
  status: 'active' | 'archived';
}

export const storeView = (r: StoreRow): StoreView => ({ id: r.id, orgId: r.org_id, name: r.name, code: r.code, address: r.address, status: r.status });

const codeTaken = (code: string) => new AppError('already_exists', `Store code "${code}" is already used in this organization; choose another code.`);

async function assertCodeFree(deps: Deps, orgId: string, code: string, exceptId?: string) {
  const clash = await findStoreByCode(deps.db, orgId, code);
  if (clash && clash.id !== exceptId) throw codeTaken(code);
}

export async function createStore(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  input: { name: string; code: string; address?: string | undefined; reason?: string | undefined },
): Promise<StoreView> {
  const now = deps.clock();
  const iso = now.toISOString();
  // The check answers the common case; the unique index answers a race (two creations at once).
  return mapUniqueViolation(() => inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'stores:create');
    requireSupportReason(org, input.reason);
    // Inside the transaction: on SQLite a query on deps.db here waits forever for the one connection the transaction holds.
    await assertCodeFree({ ...deps, db: trx }, orgId, input.code);
    const row: StoreRow = { id: newId(), org_id: orgId, name: input.name, code: input.code, address: input.address ?? '', status: 'active', created_at: iso, updated_at: iso };
    await insertStore(trx, row);
    await audit(trx, ctx, now, { orgId, action: 'store.created', targetType: 'store', targetId: row.id, after: storeView(row), reason: input.reason });
    return storeView(row);
  }), () => codeTaken(input.code));
}

/**
 * The stores whose details the caller may read: undefined for every store (an org-wide reader;
 * seed 001: managers see every store's name, ID and address), else the active stores their
 * store roles cover (seed 001: accountants and team members see their own stores). Someone
 * who may read no store at all is refused.
 */
function readableStores(org: OrgAccess): string[] | undefined {
  if (decide(org, 'stores:read').allowed) return undefined;
  const mine = org.ctx.storeIds.filter((id) => decide(org, 'stores:read', id).allowed);
  if (mine.length === 0) requirePermission(org, 'stores:read');
  return mine;
}

export async function listOrgStores(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  q: { search?: string | undefined; status?: 'active' | 'archived' | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<StoreView>> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  const ids = readableStores(org);
  const rows = await listStores(deps.db, { orgId, ids, search: q.search, status: q.status, after: decodeCursor(q.cursor)?.[0], limit: q.limit + 1 });
  const items = rows.slice(0, q.limit).map(storeView);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

export async function getStore(deps: Deps, ctx: RequestContext, orgId: string, storeId: string): Promise<StoreView> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  const ids = readableStores(org);
  // Another store than one's own answers like a store that does not exist (SPEC rule 1).
  const row = ids === undefined || ids.includes(storeId) ? await findStore(deps.db, orgId, storeId) : undefined;
  assertThat(row, 'not_found', 'No such store.');
  return storeView(row);
}

export async function patchStore(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  storeId: string,
  input: { name?: string | undefined; code?: string | undefined; address?: string | undefined; status?: 'active' | 'archived' | undefined; reason?: string | undefined },
): Promise<StoreView> {
  const now = deps.clock();
  return mapUniqueViolation(() => inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    const before = await findStore(trx, orgId, storeId);
    assertThat(before, 'not_found', 'No such store.');
    // A closed store is in nobody's store list, so store-scoped access cannot reach it: editing
    // or reopening it takes stores:update across the org (the people who closed it).
    requirePermission(org, 'stores:update', before.status === 'active' ? storeId : undefined);
    requireSupportReason(org, input.reason);
    if (input.code !== undefined) await assertCodeFree({ ...deps, db: trx }, orgId, input.code, storeId);
    const { reason, ...fields } = input;
    const patch = { ...stripUndefined(fields), updated_at: now.toISOString() };
    await updateStore(trx, orgId, storeId, patch);
    const after = { ...before, ...patch };
    await audit(trx, ctx, now, { orgId, action: 'store.updated', targetType: 'store', targetId: storeId, before: storeView(before), after: storeView(after), reason });
    return storeView(after);
  }), () => codeTaken(input.code ?? ''));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
