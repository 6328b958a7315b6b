/**
 * Customer accounts (seed 002): an org's accounts, managed by its staff; partner and customer
 * users see and touch only their own (`Subject.customerIds`). Anything about another account
 * answers exactly like an account that does not exist, so nobody learns which accounts exist.
 */
import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { isOutsider } from '../domain/grants.js';
import { permissionInWords } from '../domain/permission-words.js';
import type { Permission } from '../domain/permissions.js';
import { allows, can } from '../domain/policy.js';
import { newId } from '../lib/ids.js';
import {
  addMemberCustomers,
  type CustomerRow,
  customerSearchKey,
  deleteCustomer,
  findCustomer,
  findCustomerByNumber,
  holdersOfCustomer,
  listCustomers,
  updateCustomer,
  insertCustomer,
} from '../store/queries/customer.queries.js';
import type { Executor } from '../store/database.js';
import { inOrgTransaction } from '../store/queries/org.queries.js';
import { inTransaction } from '../store/transaction.js';
import { mapUniqueViolation } from '../store/unique.js';
import { type OrgAccess, openOrg, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { decodeCursor, encodeCursor, type Page } from './paging.js';

export interface CustomerView {
  id: string;
  name: string;
  number: string | null;
}

export const customerView = (r: CustomerRow): CustomerView => ({ id: r.id, name: r.name, number: r.number });

const NO_SUCH = 'No such customer account.';

const numberTaken = (number: string) =>
  new AppError('already_exists', `Account number "${number}" is already used by another customer account; choose another number.`);

/** The accounts the caller is limited to: their own for a partner or customer user, null (all) for staff. */
function ownAccounts(org: OrgAccess): readonly string[] | null {
  if (org.actor.kind !== 'member' || !isOutsider(org.actor.subject)) return null;
  return org.actor.subject.customerIds ?? [];
}

/**
 * `permission` on one account. Staff need the permission (403), then an existing account (the
 * caller's lookup). A partner or customer user is asked with the account: one that is not
 * theirs, or that they may not even see, is a 404 like a missing one; seeing it but lacking
 * the permission is a 403.
 */
function requireOnAccount(org: OrgAccess, permission: Permission, customerId: string): void {
  if (ownAccounts(org) === null || org.actor.kind !== 'member') {
    requirePermission(org, permission);
    return;
  }
  const subject = org.actor.subject;
  const d = can(org.ctx, subject, permission, undefined, customerId);
  if (d.allowed) return;
  if (d.code === 'unknown_customer' || !allows(org.ctx, subject, 'customers:read', undefined, customerId)) throw new AppError('not_found', NO_SUCH);
  throw new AppError('forbidden', `You do not have permission to ${permissionInWords(permission)} for this customer account. Ask one of your admins if you need it.`, {
    permission,
    reasons: d.reasons,
  });
}

async function assertNumberFree(ex: Executor, orgId: string, number: string | null | undefined, exceptId?: string) {
  if (!number) return;
  const clash = await findCustomerByNumber(ex, orgId, number);
  if (clash && clash.id !== exceptId) throw numberTaken(number);
}

export async function listOrgCustomers(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  q: { search?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<CustomerView>> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'customers:read');
  const after = decodeCursor(q.cursor);
  if (after !== undefined && after.length !== 2) throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.');
  const rows = await listCustomers(deps.db, {
    orgId,
    search: q.search,
    onlyIds: ownAccounts(org) ?? undefined,
    after: after as [string, string] | undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(customerView), nextCursor: rows.length > q.limit && last ? encodeCursor([last.search_key, last.id]) : null };
}

export async function getCustomer(deps: Deps, ctx: RequestContext, orgId: string, customerId: string): Promise<CustomerView> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requireOnAccount(org, 'customers:read', customerId);
  const row = await findCustomer(deps.db, orgId, customerId);
  assertThat(row, 'not_found', NO_SUCH);
  return customerView(row);
}

/** A partner or customer user who creates an account gets it, or they could not see what they made. */
export async function createCustomer(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  input: { name: string; number?: string | undefined; reason?: string | undefined },
): Promise<CustomerView> {
  const now = deps.clock();
  const iso = now.toISOString();
  return mapUniqueViolation(
    () =>
      inOrgTransaction(deps.db, orgId, async (trx) => {
        const org = await openOrg(trx, ctx.principal, orgId);
        requirePermission(org, 'customers:create');
        requireSupportReason(org, input.reason);
        await assertNumberFree(trx, orgId, input.number);
        const number = input.number ?? null;
        const row: CustomerRow = { id: newId(), org_id: orgId, name: input.name, number, search_key: customerSearchKey({ name: input.name, number }), created_at: iso, updated_at: iso };
        await insertCustomer(trx, row);
        if (ownAccounts(org) !== null && org.actor.kind === 'member') await addMemberCustomers(trx, orgId, org.actor.subject.userId, [row.id]);
        await audit(trx, ctx, now, { orgId, action: 'customer.created', targetType: 'customer', targetId: row.id, after: customerView(row), reason: input.reason });
        return customerView(row);
      }),
    () => numberTaken(input.number ?? ''),
  );
}

export async function patchCustomer(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  customerId: string,
  input: { name?: string | undefined; number?: string | null | undefined; reason?: string | undefined },
): Promise<CustomerView> {
  const now = deps.clock();
  return mapUniqueViolation(
    () =>
      inTransaction(deps.db, async (trx) => {
        const org = await openOrg(trx, ctx.principal, orgId);
        requireOnAccount(org, 'customers:update', customerId);
        const before = await findCustomer(trx, orgId, customerId);
        assertThat(before, 'not_found', NO_SUCH);
        requireSupportReason(org, input.reason);
        if (input.number !== undefined) await assertNumberFree(trx, orgId, input.number, customerId);
        const name = input.name ?? before.name;
        const number = input.number === undefined ? before.number : input.number;
        const after: CustomerRow = { ...before, name, number, search_key: customerSearchKey({ name, number }), updated_at: now.toISOString() };
        await updateCustomer(trx, orgId, customerId, { name, number, search_key: after.search_key, updated_at: after.updated_at });
        await audit(trx, ctx, now, { orgId, action: 'customer.updated', targetType: 'customer', targetId: customerId, before: customerView(before), after: customerView(after), reason: input.reason });
        return customerView(after);
      }),
    () => numberTaken(input.number ?? ''),
  );
}

/** Deleting an account takes it from every partner and customer user who held it, in the same transaction. */
export async function removeCustomer(deps: Deps, ctx: RequestContext, orgId: string, customerId: string, reason?: string): Promise<void> {
  const now = deps.clock();
  await inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requireOnAccount(org, 'customers:delete', customerId);
    const before = await findCustomer(trx, orgId, customerId);
    assertThat(before, 'not_found', NO_SUCH);
    requireSupportReason(org, reason);
    const holders = await holdersOfCustomer(trx, orgId, customerId);
    await deleteCustomer(trx, orgId, customerId);
    await audit(trx, ctx, now, { orgId, action: 'customer.deleted', targetType: 'customer', targetId: customerId, before: { ...customerView(before), peopleWithAccess: holders.length }, reason });
  });
}
