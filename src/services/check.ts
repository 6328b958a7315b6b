import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { isOutsider } from '../domain/grants.js';
import { isPermission } from '../domain/permissions.js';
import { can, effectiveAccess, explainStoreAccess } from '../domain/policy.js';
import { openOrg, requirePermission } from './access.js';
import type { RequestContext } from './context.js';
import { findCustomer } from '../store/queries/customer.queries.js';
import { subjectIn } from './access-cache.js';

export interface CheckInput {
  userId: string;
  permission: string;
  storeId?: string | undefined;
  /** Seed 002: a customer account of the org. */
  customerId?: string | undefined;
}

/**
 * "May user U do P in store S?" — asked by other software on every screen and till transaction.
 * Warm, it is answered from this process's memory without I/O; the cache is kept current by
 * every instance's committed changes (access-cache.ts), so a role change counts on the next
 * request on every instance (SPEC rule 7). A user who is not a member is simply not allowed.
 */
export async function checkAccess(deps: Deps, ctx: RequestContext, orgId: string, input: CheckInput) {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  // Asking about yourself needs nothing more; asking about others needs to see the team.
  if (org.actor.kind === 'member' && org.actor.subject.userId !== input.userId) requirePermission(org, 'team:read');
  if (!isPermission(input.permission)) throw new AppError('validation_failed', `Unknown permission "${input.permission}".`, { field: 'permission' });
  const subject =
    org.actor.kind === 'member' && org.actor.subject.userId === input.userId ? org.actor.subject : await subjectIn(deps.db, org.data, input.userId);
  // A user of another org answers exactly like an id that exists nowhere (SPEC rule 1, ASVS
  // 8.4.1): "user is not a member" would confirm that the id belongs to someone elsewhere.
  if (!subject?.membershipStatus) return { allowed: false, reasons: ['no such user is a member of this organization'] };
  // Partner and customer users carry their own accounts (the policy answers for those); for
  // staff, an account is only a question if it exists in this org, another org's answering alike.
  if (input.customerId !== undefined && !isOutsider(subject) && !(await findCustomer(deps.db, orgId, input.customerId))) {
    return { allowed: false, reasons: ['no such customer account in this organization'] };
  }
  const d = can(org.ctx, subject, input.permission, input.storeId, input.customerId);
  return { allowed: d.allowed, reasons: [...d.reasons] };
}

/** Effective permissions org-wide and per store, with the reason for each ("why can she reach store 12?"). */
export async function memberAccess(deps: Deps, ctx: RequestContext, orgId: string, userId: string, storeId?: string) {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  if (org.actor.kind !== 'member' || org.actor.subject.userId !== userId) requirePermission(org, 'team:read');
  const subject = await subjectIn(deps.db, org.data, userId);
  assertThat(subject?.membershipStatus, 'not_found', 'No such member in this organization.');
  const access = effectiveAccess(org.ctx, subject);
  const stores = storeId ?? undefined;
  return { userId, ...access, ...(stores ? { explanation: explainStoreAccess(org.ctx, subject, stores) } : {}) };
}
