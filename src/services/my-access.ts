/**
 * `GET /orgs/{orgId}/my-access`: a member's own access in plain words — their stores, their
 * roles and what each lets them do, and the admins to ask for more. Any active member may ask
 * about themself; it needs no permission (a cashier cannot see the team, but may know whom to ask).
 */
import type { Static } from '@sinclair/typebox';
import { AppError } from '../contracts/errors.js';
import type { MyAccess } from '../contracts/my-access.contract.js';
import type { Deps } from '../container.js';
import { activeConditionalPermissions, reachesEveryStore } from '../domain/grants.js';
import { describePermissions, listInWords, permissionInWords } from '../domain/permission-words.js';
import type { Permission } from '../domain/permissions.js';
import { audienceOf } from '../domain/audiences.js';
import { heldPermissions } from '../domain/policy.js';
import type { OrgContext, RoleAssignment, RoleDefinition } from '../domain/types.js';
import { activeTopAdmins } from '../store/queries/my-access.queries.js';
import { findCustomers } from '../store/queries/customer.queries.js';
import { findStoresByIds, type StoreRow } from '../store/queries/store.queries.js';
import { openOrg } from './access.js';
import type { RequestContext } from './context.js';

export type MyAccessView = Static<typeof MyAccess>;

/** How many admins to name: enough to reach someone, few enough to read. */
const ADMINS_SHOWN = 10;

/** Whether an assignment of `role` reaches every store (org scope, or the single billing and payouts rule of seed 001). */
function everyStore(org: OrgContext, role: RoleDefinition): boolean {
  return role.scope === 'org' || reachesEveryStore(org, role);
}

/** What one role lets its holder do, at this org's billing and settlement levels. */
function rolePermissions(org: OrgContext, role: RoleDefinition): Permission[] {
  return [...role.permissions, ...activeConditionalPermissions(org, role), ...(role.orgWidePermissions ?? [])];
}

function storeWords(ids: readonly string[], names: ReadonlyMap<string, string>): string {
  const known = ids.map((id) => names.get(id)).filter((n): n is string => n !== undefined);
  return known.length === 0 ? 'in no active store' : `in ${listInWords(known)}`;
}

export async function myAccess(deps: Deps, ctx: RequestContext, orgId: string): Promise<MyAccessView> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  if (org.actor.kind !== 'member') {
    throw new AppError('not_found', 'Support staff have no access of their own in a merchant’s organization; open it from the support pages.');
  }
  const subject = org.actor.subject;
  const assignments: readonly RoleAssignment[] = subject.assignments;
  const roles = assignments.map((a) => ({ a, def: org.ctx.roles.get(a.role) })).filter((x): x is { a: RoleAssignment; def: RoleDefinition } => x.def !== undefined);
  const active = new Set(org.ctx.storeIds);
  const assigned = roles.flatMap((r) => r.a.storeIds ?? []);
  const overrideStores = subject.overrides.flatMap((o) => (o.storeId ? [o.storeId] : []));
  const allowedByOverride = subject.overrides.flatMap((o) => (o.effect === 'allow' && o.storeId ? [o.storeId] : []));
  // My stores: every active store for an org-wide role, else the active stores named by my roles
  // and by permissions given to me in a store.
  const mine = new Set(roles.some((r) => everyStore(org.ctx, r.def)) ? active : [...assigned, ...allowedByOverride].filter((s) => active.has(s)));
  const [storeRows, admins, customers] = await Promise.all([
    findStoresByIds(deps.db, orgId, [...new Set([...mine, ...assigned, ...overrideStores])].filter((s) => active.has(s))),
    activeTopAdmins(deps.db, orgId, ADMINS_SHOWN),
    findCustomers(deps.db, orgId, subject.customerIds ?? []),
  ]);
  const names = new Map(storeRows.map((s: StoreRow) => [s.id, s.name]));
  return {
    org: { id: org.row.id, name: org.row.name, preset: org.row.preset },
    isOwner: org.row.owner_id === subject.userId,
    stores: storeRows.filter((s) => mine.has(s.id)).map((s) => ({ id: s.id, name: s.name, code: s.code, address: s.address })),
    roles: roles.map(({ a, def }) => ({
      key: def.key,
      name: def.name,
      where: everyStore(org.ctx, def) ? 'in every store' : storeWords(a.storeIds ?? [], names),
      canDo: describePermissions(rolePermissions(org.ctx, def)),
    })),
    exceptions: subject.overrides.map(
      (o) => `${o.effect === 'allow' ? 'Also allowed' : 'Not allowed'}: ${permissionInWords(o.permission)} ${o.storeId ? storeWords([o.storeId], names) : 'everywhere'}.`,
    ),
    audience: audienceOf(subject),
    profile: subject.profile ? { id: subject.profile.id, name: subject.profile.name, canDo: describePermissions(subject.profile.permissions) } : null,
    customers: customers.map((c) => ({ id: c.id, name: c.name, number: c.number })),
    admins: admins.map((u) => ({ userId: u.id, name: `${u.first_name} ${u.last_name}`, email: u.email, isOwner: org.row.owner_id === u.id })),
    orgWidePermissions: [...heldPermissions(org.ctx, subject)],
  };
}
