import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import { containsText } from '../like.js';
import type { CustomerTable } from '../schema/customer.table.js';
import { bumpOrgVersion } from './org.queries.js';

export type CustomerRow = Selectable<CustomerTable>;

/** The search/sort key copied onto each account (see the migration). */
export function customerSearchKey(c: { name: string; number: string | null }): string {
  return `${c.name} ${c.number ?? ''}`.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function findCustomer(ex: Executor, orgId: string, customerId: string): Promise<CustomerRow | undefined> {
  return ex.selectFrom('customers').selectAll().where('org_id', '=', orgId).where('id', '=', customerId).executeTakeFirst();
}

/** An org's customer accounts among `ids`, by name (none asked, none read): for checking the ids a grant names. */
export async function findCustomers(ex: Executor, orgId: string, ids: readonly string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('customers').selectAll().where('org_id', '=', orgId).where('id', 'in', [...ids]).orderBy('search_key').orderBy('id').execute();
}

export function findCustomerByNumber(ex: Executor, orgId: string, number: string): Promise<{ id: string } | undefined> {
  return ex.selectFrom('customers').select('id').where('org_id', '=', orgId).where('number', '=', number).executeTakeFirst();
}

export interface CustomerListQuery {
  orgId: string;
  search?: string | undefined;
  /** Only these accounts (a partner or customer user's own); absent: all of the org's. */
  onlyIds?: readonly string[] | undefined;
  /** Keyset: the last row's [search_key, id]. */
  after?: readonly [string, string] | undefined;
  limit: number;
}

/** A page of an org's customer accounts by name (then id), searchable by name and number. */
export function listCustomers(ex: Executor, q: CustomerListQuery): Promise<CustomerRow[]> {
  let query = ex.selectFrom('customers').selectAll().where('org_id', '=', q.orgId).orderBy('search_key').orderBy('id').limit(q.limit);
  if (q.onlyIds !== undefined) {
    if (q.onlyIds.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', [...q.onlyIds]);
  }
  if (q.search) query = query.where((eb) => containsText(eb.ref('search_key'), q.search as string));
  if (q.after) {
    const [key, id] = q.after;
    query = query.where((eb) => eb.or([eb('search_key', '>', key), eb.and([eb('search_key', '=', key), eb('id', '>', id)])]));
  }
  return query.execute();
}

/** A new account changes no one's access by itself: no bump (giving it to someone does). */
export async function insertCustomer(ex: Executor, row: CustomerRow): Promise<void> {
  await ex.insertInto('customers').values(row).execute();
}

/** Name and number are not access data: no bump. */
export async function updateCustomer(ex: Executor, orgId: string, customerId: string, patch: Partial<Pick<CustomerRow, 'name' | 'number' | 'search_key' | 'updated_at'>>): Promise<void> {
  await ex.updateTable('customers').set(patch).where('org_id', '=', orgId).where('id', '=', customerId).execute();
}

/**
 * Deletes the account and takes it from every member who held it (the foreign key cascades;
 * said here too so the rows go whatever the connection's settings). Members' cached subjects
 * change: bumps the org version.
 */
export async function deleteCustomer(ex: Executor, orgId: string, customerId: string): Promise<void> {
  await ex.deleteFrom('member_customers').where('org_id', '=', orgId).where('customer_id', '=', customerId).execute();
  await ex.deleteFrom('customers').where('org_id', '=', orgId).where('id', '=', customerId).execute();
  await bumpOrgVersion(ex, orgId);
}

/** The members who hold the account (partner and customer users), by user id. */
export async function holdersOfCustomer(ex: Executor, orgId: string, customerId: string): Promise<string[]> {
  const rows = await ex.selectFrom('member_customers').select('user_id').where('org_id', '=', orgId).where('customer_id', '=', customerId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** Each member's customer accounts (partner and customer users), sorted; one query for many members. */
export async function customerIdsByMember(ex: Executor, orgId: string, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await ex
    .selectFrom('member_customers')
    .select(['user_id', 'customer_id'])
    .where('org_id', '=', orgId)
    .where('user_id', 'in', [...userIds])
    .orderBy('user_id')
    .orderBy('customer_id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.user_id);
    if (list) list.push(r.customer_id);
    else out.set(r.user_id, [r.customer_id]);
  }
  return out;
}

/** Gives a member customer accounts (already checked to be the org's); what they may reach changes: bumps. */
export async function addMemberCustomers(ex: Executor, orgId: string, userId: string, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await ex
    .insertInto('member_customers')
    .values(customerIds.map((customer_id) => ({ org_id: orgId, user_id: userId, customer_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await bumpOrgVersion(ex, orgId);
}
