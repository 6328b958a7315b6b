import { AppError, assertThat } from '../contracts/errors.js';
import { checkOwnerTransfer, isActiveTopAdmin } from '../domain/invariants.js';
import { PRESETS } from '../domain/presets/index.js';
import type { BillingLevel, PresetKey } from '../domain/types.js';
import type { Deps } from '../container.js';
import { newId } from '../lib/ids.js';
import { loadSubject } from '../store/queries/member.queries.js';
import { findOrg, findOrgBySlug, inOrgTransaction, insertOrg, listOrgs, type OrgRow, updateOrg } from '../store/queries/org.queries.js';
import { findProfile } from '../store/queries/profile.queries.js';
import { insertRoles } from '../store/queries/role.queries.js';
import { inTransaction } from '../store/transaction.js';
import { mapUniqueViolation } from '../store/unique.js';
import { openOrg, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { enforce } from './decision-error.js';
import { decodeCursor, encodeCursor, type Page } from './paging.js';

export interface OrgView {
  id: string;
  name: string;
  slug: string;
  preset: string;
  status: string;
  settings: {
    billingLevel: BillingLevel;
    settlementLevel: BillingLevel;
    singleSession: boolean;
    inviteTtlDays: number;
    requireAdminSecondFactor: boolean;
    customerSignup: boolean;
    defaultCustomerProfileId: string | null;
  };
  ownerId: string | null;
  createdAt: string;
}

export function orgView(r: OrgRow): OrgView {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    preset: r.preset,
    status: r.status,
    settings: {
      billingLevel: r.billing_level,
      settlementLevel: r.settlement_level,
      singleSession: r.single_session === 1,
      inviteTtlDays: r.invite_ttl_days,
      requireAdminSecondFactor: r.require_admin_second_factor === 1,
      customerSignup: r.customer_signup === 1,
      defaultCustomerProfileId: r.default_customer_profile_id,
    },
    ownerId: r.owner_id,
    createdAt: r.created_at,
  };
}

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 40);
  return base || 'org';
}

export interface CreateOrgInput {
  name: string;
  preset?: PresetKey | undefined;
  slug?: string | undefined;
  billingLevel?: BillingLevel | undefined;
  /** Absent: settled where billed. */
  settlementLevel?: BillingLevel | undefined;
  /** The onboarding ticket or contract, for the audit log. */
  reason?: string | undefined;
}

/** Platform staff create merchant orgs; the org gets its preset's roles as editable rows. */
export async function createOrg(deps: Deps, ctx: RequestContext, input: CreateOrgInput): Promise<OrgView> {
  assertThat(ctx.principal === null || ctx.principal.platformRole, 'forbidden', 'Only platform staff create organizations.');
  const presetKey = input.preset ?? 'pos';
  const preset = PRESETS[presetKey];
  const now = deps.clock();
  const iso = now.toISOString();
  const id = newId();
  const slug = input.slug ?? `${slugify(input.name)}-${id.slice(-6)}`;
  const row: OrgRow = {
    id,
    name: input.name,
    slug,
    preset: presetKey,
    status: 'active',
    billing_level: input.billingLevel ?? 'store',
    settlement_level: input.settlementLevel ?? input.billingLevel ?? 'store',
    customer_signup: 0,
    default_customer_profile_id: null,
    single_session: 1,
    invite_ttl_days: 7,
    require_admin_second_factor: 0,
    owner_id: null,
    version: 0,
    created_at: iso,
    updated_at: iso,
  };
  const taken = () => new AppError('already_exists', `The slug "${slug}" is taken; choose another.`);
  // The check answers the common case; the unique index answers a race (two creations at once).
  await mapUniqueViolation(
    () =>
      inTransaction(deps.db, async (trx) => {
        if (await findOrgBySlug(trx, slug)) throw taken();
        await insertOrg(trx, row);
        await insertRoles(trx, id, preset.roles, iso);
        await audit(trx, ctx, now, { orgId: id, action: 'org.created', targetType: 'org', targetId: id, after: orgView(row), reason: input.reason });
      }),
    taken,
  );
  return orgView(row);
}

export async function listOrgsFor(deps: Deps, ctx: RequestContext, q: { search?: string; cursor?: string; limit: number }): Promise<Page<OrgView>> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const after = decodeCursor(q.cursor)?.[0];
  const rows = await listOrgs(deps.db, { search: q.search, memberUserId: p.platformRole ? undefined : p.userId, after, limit: q.limit + 1 });
  const items = rows.slice(0, q.limit).map(orgView);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

export async function getOrg(deps: Deps, ctx: RequestContext, orgId: string): Promise<OrgView> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  return orgView(org.row);
}

export interface UpdateOrgInput {
  name?: string | undefined;
  settings?:
    | {
        billingLevel?: BillingLevel | undefined;
        settlementLevel?: BillingLevel | undefined;
        singleSession?: boolean | undefined;
        inviteTtlDays?: number | undefined;
        requireAdminSecondFactor?: boolean | undefined;
        customerSignup?: boolean | undefined;
        defaultCustomerProfileId?: string | null | undefined;
      }
    | undefined;
  reason?: string | undefined;
}

export async function patchOrg(deps: Deps, ctx: RequestContext, orgId: string, input: UpdateOrgInput): Promise<OrgView> {
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'org:update');
    requireSupportReason(org, input.reason);
    const s = input.settings ?? {};
    // Whether the org's admins need a second factor is the top admins' call (or support's).
    if (s.requireAdminSecondFactor !== undefined) {
      const top = org.actor.kind === 'platform' || isActiveTopAdmin(org.ctx, org.actor.subject);
      assertThat(top, 'forbidden', 'Only a top admin can change whether admins need a second factor.');
    }
    // Customers who sign up themselves land on this profile, so it must be one made for customers.
    if (s.defaultCustomerProfileId) {
      const profile = await findProfile(trx, orgId, s.defaultCustomerProfileId);
      assertThat(profile, 'unknown_profile', 'No such profile in this business; pick one from its customer profiles.');
      assertThat(profile.audience === 'customer', 'unknown_profile', `"${profile.name}" is not a customer profile; pick a profile made for customers.`);
    }
    const patch: Partial<OrgRow> = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(s.billingLevel !== undefined ? { billing_level: s.billingLevel } : {}),
      ...(s.settlementLevel !== undefined ? { settlement_level: s.settlementLevel } : {}),
      ...(s.customerSignup !== undefined ? { customer_signup: s.customerSignup ? 1 : 0 } : {}),
      ...(s.defaultCustomerProfileId !== undefined ? { default_customer_profile_id: s.defaultCustomerProfileId } : {}),
      ...(s.singleSession !== undefined ? { single_session: s.singleSession ? 1 : 0 } : {}),
      ...(s.inviteTtlDays !== undefined ? { invite_ttl_days: s.inviteTtlDays } : {}),
      ...(s.requireAdminSecondFactor !== undefined ? { require_admin_second_factor: s.requireAdminSecondFactor ? 1 : 0 } : {}),
      updated_at: now.toISOString(),
    };
    await updateOrg(trx, orgId, patch);
    const after = { ...org.row, ...patch };
    await audit(trx, ctx, now, { orgId, action: 'org.updated', targetType: 'org', targetId: orgId, before: orgView(org.row), after: orgView(after), reason: input.reason });
    return orgView(after);
  });
}

/**
 * Moves the account ownership to another active top admin (SPEC rule 5). Only the current owner
 * or platform staff may do it; the org row lock serializes it against a racing demotion.
 */
export async function transferOwnership(deps: Deps, ctx: RequestContext, orgId: string, input: { userId: string; reason?: string | undefined }): Promise<OrgView> {
  const now = deps.clock();
  return inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    const isOwner = org.actor.kind === 'member' && org.actor.subject.userId === org.row.owner_id;
    assertThat(isOwner || org.actor.kind === 'platform', 'forbidden', 'Only the account owner or support staff can transfer ownership.');
    requireSupportReason(org, input.reason);
    const target = await loadSubject(trx, orgId, input.userId);
    assertThat(target && target.membershipStatus !== null, 'not_found', 'No such member.');
    const d = checkOwnerTransfer(org.ctx, target);
    enforce(d);
    await updateOrg(trx, orgId, { owner_id: input.userId, updated_at: now.toISOString() });
    const fresh = await findOrg(trx, orgId);
    assertThat(fresh, 'not_found');
    await audit(trx, ctx, now, {
      orgId,
      action: 'org.owner_transferred',
      targetType: 'user',
      targetId: input.userId,
      before: { ownerId: org.row.owner_id },
      after: { ownerId: input.userId },
      reason: input.reason,
    });
    return orgView(fresh);
  });
}
