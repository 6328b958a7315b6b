import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import type { Permission } from '../domain/permissions.js';
import { highestRank } from '../domain/authority.js';
import { isActiveTopAdmin } from '../domain/invariants.js';
import { listInWords, permissionInWords } from '../domain/permission-words.js';
import { heldPermissions } from '../domain/policy.js';
import { resolveRole, roleUseFor } from '../domain/presets/index.js';
import { addedPermissions, isCustomized, lostEssentials, presetRole, resetToPreset, topAdminCeiling } from '../domain/role-edits.js';
import type { Transaction } from 'kysely';
import type { Database } from '../store/database.js';
import type { Audience, RoleDefinition, RoleScope } from '../domain/types.js';
import { countRoleHolders, deleteRole, insertRoles, listRoles, updateRole } from '../store/queries/role.queries.js';
import { inOrgTransaction } from '../store/queries/org.queries.js';
import { openOrg, type OrgAccess, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';

/** A role as the service returns it: the definition, plus whether a built-in role differs from its preset. */
export type OrgRole = RoleDefinition & { customized: boolean };

export async function listOrgRoles(deps: Deps, ctx: RequestContext, orgId: string): Promise<OrgRole[]> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:read');
  return org.roles.map((r) => withPreset(org.row.preset, r));
}

/** The role with its preset's "use for" sentence (built-in roles only; see `roleUseFor`) and whether it was edited. */
function withPreset(preset: string, r: RoleDefinition): OrgRole {
  const useFor = roleUseFor(preset, r);
  return { ...r, ...(useFor ? { useFor } : {}), customized: isCustomized(preset, r) };
}

/** Roles resolve by key, display name or a legacy name, so links made before a rename keep working (seed 001). */
export async function getOrgRole(deps: Deps, ctx: RequestContext, orgId: string, keyOrName: string): Promise<OrgRole> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:read');
  return withPreset(org.row.preset, findRole(org, keyOrName));
}

export interface RoleInput {
  key: string;
  name: string;
  scope: RoleScope;
  rank: number;
  audience?: Audience | undefined;
  permissions: Permission[];
  orgWidePermissions?: Permission[] | undefined;
  reason?: string | undefined;
}

/**
 * Custom roles sit strictly below the top admin role, and never hold the owner-only signing
 * right, so a custom role can't become a second way to full control.
 */
function assertCustomRoleShape(org: OrgAccess, input: { rank: number; permissions: readonly Permission[]; orgWidePermissions?: readonly Permission[] | undefined }) {
  const top = Math.max(...org.roles.filter((r) => r.topAdmin).map((r) => r.rank));
  if (input.rank >= top) throw new AppError('validation_failed', `Custom roles must rank below the top admin role (${top}).`);
  if (org.actor.kind !== 'member') return;
  // Nobody defines a role with more than they hold, or ranked at or above their own: otherwise
  // editing a role you hold (or can assign) would be a way around the delegation rules.
  const mine = highestRank(org.ctx, org.actor.subject.assignments);
  if (input.rank >= mine) throw new AppError('role_not_assignable', `Custom roles you define must rank below your own (${mine}).`);
  assertHeld(org, [...input.permissions, ...(input.orgWidePermissions ?? [])]);
}

/**
 * Nobody puts into a role what they do not hold across the whole org (the delegation rule of
 * custom roles); top admins may also put back what their preset's top admin role holds.
 */
function assertHeld(org: OrgAccess, permissions: readonly Permission[]) {
  if (org.actor.kind !== 'member') return;
  const held = heldPermissions(org.ctx, org.actor.subject);
  const ceiling = new Set(isActiveTopAdmin(org.ctx, org.actor.subject) ? topAdminCeiling(org.row.preset) : []);
  const missing = permissions.filter((p) => !held.has(p) && !ceiling.has(p));
  if (missing.length > 0) {
    throw new AppError('permission_not_held', `You cannot let a role ${listInWords(missing.map(permissionInWords))}: you cannot do that yourself across the whole business. Ask a top admin to make this change.`, { permissions: missing });
  }
}

/**
 * Who may edit a built-in role: the org's top admins any role (the top admin role included,
 * as they may grant it), others only roles ranked below their own, and support staff with a
 * reason. What the edit adds must be held by the editor; what it takes away need not be.
 */
function assertMayEditBuiltIn(org: OrgAccess, before: RoleDefinition, after: RoleDefinition) {
  if (org.actor.kind === 'member' && !isActiveTopAdmin(org.ctx, org.actor.subject)) {
    const mine = highestRank(org.ctx, org.actor.subject.assignments);
    if (before.rank >= mine) throw new AppError('role_not_assignable', `Only top admins can change "${before.name}": it does not rank below your own role.`);
  }
  assertHeld(org, addedPermissions(before, after));
  const lost = lostEssentials(after, after.permissions);
  if (lost.length > 0) {
    throw new AppError(
      'top_admin_role_locked',
      `"${before.name}" is the top admin role: it must still ${listInWords(lost.map(permissionInWords))}, or nobody could manage this business's access. Keep those and remove other things instead.`,
      { permissions: lost },
    );
  }
}

/** Role administration: one org-locked transaction, needing team:manage and org:update. */
function withRoleAdmin<T>(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  reason: string | undefined,
  fn: (trx: Transaction<Database>, org: OrgAccess) => Promise<T>,
): Promise<T> {
  return inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:manage');
    requirePermission(org, 'org:update');
    requireSupportReason(org, reason);
    return fn(trx, org);
  });
}

function findRole(org: OrgAccess, keyOrName: string): RoleDefinition {
  const role = resolveRole(org.ctx.roles, keyOrName);
  assertThat(role, 'not_found', `No role "${keyOrName}" in this organization.`);
  return role;
}

export async function createRole(deps: Deps, ctx: RequestContext, orgId: string, input: RoleInput): Promise<OrgRole> {
  const now = deps.clock();
  return withRoleAdmin(deps, ctx, orgId, input.reason, async (trx, org) => {
    assertCustomRoleShape(org, input);
    if (resolveRole(org.ctx.roles, input.key) || resolveRole(org.ctx.roles, input.name)) {
      throw new AppError('already_exists', `A role named "${input.name}" or keyed "${input.key}" already exists.`);
    }
    const role: RoleDefinition = {
      key: input.key,
      name: input.name,
      legacyNames: [],
      scope: input.scope,
      rank: input.rank,
      audience: input.audience ?? 'staff',
      permissions: dedupe(input.permissions),
      orgWidePermissions: dedupe(input.orgWidePermissions ?? []),
      topAdmin: false,
      builtIn: false,
    };
    await insertRoles(trx, orgId, [role], now.toISOString());
    await audit(trx, ctx, now, { orgId, action: 'role.created', targetType: 'role', targetId: role.key, after: role, reason: input.reason });
    return withPreset(org.row.preset, role);
  });
}

export interface RolePatch {
  name?: string | undefined;
  rank?: number | undefined;
  permissions?: Permission[] | undefined;
  orgWidePermissions?: Permission[] | undefined;
  reason?: string | undefined;
}

/**
 * Renames keep the old name as a legacy name (seed 001). Built-in roles (permission groups) may
 * be renamed and have their permissions changed per org (seed 004: "change the group once, not
 * 8 users"); their key, scope, rank, audience and top-admin status stay the preset's, and
 * `resetRole` brings the preset back. A change reaches every holder on their next request
 * because `can()` reads the role, not a copy, and the org version is bumped (SPEC rule 7).
 */
export async function patchRole(deps: Deps, ctx: RequestContext, orgId: string, keyOrName: string, input: RolePatch): Promise<OrgRole> {
  const now = deps.clock();
  return withRoleAdmin(deps, ctx, orgId, input.reason, async (trx, org) => {
    const before = findRole(org, keyOrName);
    if (before.builtIn && input.rank !== undefined && input.rank !== before.rank) {
      throw new AppError('built_in_role', `"${before.name}" keeps its place in the role order; create a custom role to rank one differently.`);
    }
    if (input.name !== undefined && input.name !== before.name) {
      const clash = resolveRole(org.ctx.roles, input.name);
      if (clash && clash.key !== before.key) throw new AppError('already_exists', `Another role is already called "${input.name}".`);
    }
    const after: RoleDefinition = {
      ...before,
      ...(input.name !== undefined && input.name !== before.name
        ? { name: input.name, legacyNames: dedupe([...before.legacyNames.filter((n) => n !== input.name), before.name]) }
        : {}),
      ...(input.rank !== undefined ? { rank: input.rank } : {}),
      ...(input.permissions ? { permissions: dedupe(input.permissions) } : {}),
      ...(input.orgWidePermissions ? { orgWidePermissions: dedupe(input.orgWidePermissions) } : {}),
    };
    if (after.builtIn) assertMayEditBuiltIn(org, before, after);
    else assertCustomRoleShape(org, after);
    await updateRole(trx, orgId, after, now.toISOString());
    await audit(trx, ctx, now, { orgId, action: 'role.updated', targetType: 'role', targetId: after.key, before, after, reason: input.reason });
    return withPreset(org.row.preset, after);
  });
}

/**
 * Puts a built-in role back to its preset's name and permissions (the names it had stay as
 * legacy names). Already as the preset: nothing changes and nothing is recorded.
 */
export async function resetRole(deps: Deps, ctx: RequestContext, orgId: string, keyOrName: string, reason?: string): Promise<OrgRole> {
  const now = deps.clock();
  return withRoleAdmin(deps, ctx, orgId, reason, async (trx, org) => {
    const before = findRole(org, keyOrName);
    const base = before.builtIn ? presetRole(org.row.preset, before.key) : undefined;
    assertThat(base, 'conflict', `"${before.name}" is a custom role, so there is no preset to go back to; edit it instead.`);
    if (!isCustomized(org.row.preset, before)) return withPreset(org.row.preset, before);
    const after = resetToPreset(before, base);
    const clash = resolveRole(org.ctx.roles, after.name);
    if (clash && clash.key !== after.key) throw new AppError('already_exists', `Another role is now called "${after.name}"; rename it first, then reset this one.`);
    assertMayEditBuiltIn(org, before, after);
    await updateRole(trx, orgId, after, now.toISOString());
    await audit(trx, ctx, now, { orgId, action: 'role.reset', targetType: 'role', targetId: after.key, before, after, reason });
    return withPreset(org.row.preset, after);
  });
}

export async function removeRole(deps: Deps, ctx: RequestContext, orgId: string, keyOrName: string, reason?: string): Promise<void> {
  const now = deps.clock();
  await withRoleAdmin(deps, ctx, orgId, reason, async (trx, org) => {
    const role = findRole(org, keyOrName);
    if (role.builtIn) throw new AppError('built_in_role', 'Built-in roles cannot be deleted.');
    const holders = await countRoleHolders(trx, orgId, role.key);
    if (holders > 0) throw new AppError('role_in_use', `${holders} member(s) still hold "${role.name}"; move them to another role first.`, { holders });
    await deleteRole(trx, orgId, role.key);
    await audit(trx, ctx, now, { orgId, action: 'role.deleted', targetType: 'role', targetId: role.key, before: role, reason });
  });
}

function dedupe<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}

export { listRoles };

/** A role as the API shows it (plain mutable arrays for the serializer). */
export function roleView(r: OrgRole) {
  return {
    ...r,
    useFor: r.useFor ?? null,
    legacyNames: [...r.legacyNames],
    permissions: [...r.permissions],
    orgWidePermissions: [...(r.orgWidePermissions ?? [])],
    conditionalPermissions: (r.conditionalPermissions ?? []).map((c) => ({ billingLevel: c.billingLevel, on: c.on ?? 'billing', permissions: [...c.permissions] })),
  };
}
