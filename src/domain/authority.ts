/**
 * What an actor may delegate: their team:manage reach, their rank and what they hold.
 * Computed once per request and shared by every delegation check (memoized `holds`), so
 * listing assignable roles over many stores stays cheap.
 */
import { assignmentGrant, evaluate, reachesEveryStore } from './grants.js';
import type { Permission } from './permissions.js';
import type { Decision, OrgContext, PlatformRole, RoleAssignment, RoleDefinition, Subject } from './types.js';

/** Who acts: a member of the org, or platform support staff acting inside it. */
export type Actor =
  | { readonly kind: 'member'; readonly subject: Subject }
  | { readonly kind: 'platform'; readonly userId: string; readonly role: PlatformRole };

export interface Authority {
  readonly userId: string;
  readonly platform: boolean;
  /** Holds the org's top admin role (or is platform staff acting with top-admin authority). */
  readonly topAdmin: boolean;
  /** Highest rank held; platform staff outrank every org role. */
  readonly rank: number;
  /** team:manage org-wide: may assign org-scoped roles and touch members of every store. */
  readonly orgLevel: boolean;
  /** Stores where the actor holds team:manage (seed 001: "the stores the manager has permissions for"). */
  readonly manageStores: ReadonlySet<string>;
  /** Why the actor cannot manage the team at all, or null. */
  readonly refusal: Decision | null;
  /** Whether the actor holds `permission` in `storeId` (absent: org-wide), ignoring the signing gate. */
  holds(permission: Permission, storeId: string | undefined): boolean;
  /** Whether the actor holds `permission` org-wide and in every store (no store-level deny). */
  holdsEverywhere(permission: Permission): boolean;
}

// Delegation asks what roles confer, not who may sign: a non-owner administrator may grant
// the administrator role even though only the owner signs (SPEC rule 5 is enforced by `can`).
const DELEGATE = { ownerGate: false, allReasons: false } as const;

/** The highest rank among an assignment list (-Infinity when none resolves). */
export function highestRank(org: OrgContext, assignments: readonly RoleAssignment[]): number {
  let rank = Number.NEGATIVE_INFINITY;
  for (const a of assignments) rank = Math.max(rank, org.roles.get(a.role)?.rank ?? Number.NEGATIVE_INFINITY);
  return rank;
}

/** True when any assignment is of the org's top admin role. */
export function holdsTopAdmin(org: OrgContext, assignments: readonly RoleAssignment[]): boolean {
  return assignments.some((a) => org.roles.get(a.role)?.topAdmin === true);
}

/** Builds the actor's authority in `org`. */
export function authorityOf(org: OrgContext, actor: Actor): Authority {
  if (actor.kind === 'platform') {
    // Platform staff act with top-admin authority inside any org; invariants still apply.
    return {
      userId: actor.userId,
      platform: true,
      topAdmin: true,
      rank: Number.POSITIVE_INFINITY,
      orgLevel: true,
      manageStores: new Set(org.storeIds),
      refusal: null,
      holds: () => true,
      holdsEverywhere: () => true,
    };
  }
  const subject = actor.subject;
  const memo = new Map<string, boolean>();
  const holds = (permission: Permission, storeId: string | undefined): boolean => {
    const key = storeId === undefined ? permission : `${permission}@${storeId}`;
    let v = memo.get(key);
    if (v === undefined) {
      v = evaluate(org, subject, permission, storeId, DELEGATE).allowed;
      memo.set(key, v);
    }
    return v;
  };
  // Whatever is held org-wide is held in every store, except where a store-level override denies
  // it: everything that grants org-wide (org roles, org-wide reach, store-less overrides) applies
  // whatever the store. So large orgs need no store-by-store walk for such permissions.
  const deniedInSomeStore = new Set(subject.overrides.filter((o) => o.effect === 'deny' && o.storeId !== undefined).map((o) => o.permission));
  const holdsEverywhere = (permission: Permission): boolean => !deniedInSomeStore.has(permission) && holds(permission, undefined);
  const status = evaluate(org, subject, 'team:manage', undefined, DELEGATE);
  const statusRefusal =
    !status.allowed && status.code !== 'forbidden' ? { allowed: false as const, reasons: status.reasons, code: status.code } : null;
  const manageStores = new Set(statusRefusal ? [] : org.storeIds.filter((s) => holds('team:manage', s)));
  const orgLevel = status.allowed;
  const refusal: Decision | null =
    statusRefusal ??
    (orgLevel || manageStores.size > 0
      ? null
      : {
          allowed: false,
          code: 'forbidden',
          reasons: ['team:manage is required to invite, edit or remove members (seed 001: accountants and team members cannot invite)'],
        });
  return {
    userId: subject.userId,
    platform: false,
    topAdmin: holdsTopAdmin(org, subject.assignments),
    rank: highestRank(org, subject.assignments),
    orgLevel,
    manageStores,
    refusal,
    holds,
    holdsEverywhere,
  };
}

/**
 * SPEC rule 2: only roles ranked below the actor's own, except that a holder of the top admin
 * role may grant (or take away) the top admin role.
 */
export function outranksRole(auth: Authority, role: RoleDefinition): boolean {
  return role.rank < auth.rank || (role.topAdmin && auth.topAdmin);
}

/**
 * The first permission an assignment would confer somewhere the actor does not hold it, or null.
 * "Nobody grants more than they hold" — checked per store, because a store manager holds
 * permissions only in their stores.
 */
export function firstUnheldGrant(
  org: OrgContext,
  auth: Authority,
  role: RoleDefinition,
  assignment: RoleAssignment,
): { permission: Permission; storeId: string | undefined } | null {
  if (auth.platform) return null;
  const candidates = new Set<Permission>([
    ...role.permissions,
    ...(role.orgWidePermissions ?? []),
    ...(role.conditionalPermissions ?? []).flatMap((c) => c.permissions),
  ]);
  // Store roles without org-wide reach grant only in their own stores; anything else may grant
  // in every store and org-wide, so every context is checked.
  const everywhere =
    role.scope === 'org' || reachesEveryStore(org, role) || (role.orgWidePermissions?.length ?? 0) > 0;
  const contexts: (string | undefined)[] = [undefined, ...(everywhere ? org.storeIds : (assignment.storeIds ?? []))];
  // What the actor holds everywhere can never be the answer (the same answer, far fewer checks
  // at hundreds of stores).
  const unsure = [...candidates].filter((p) => !auth.holdsEverywhere(p));
  if (unsure.length === 0) return null;
  for (const storeId of contexts) {
    for (const permission of unsure) {
      if (assignmentGrant(org, assignment, permission, storeId, true) !== null && !auth.holds(permission, storeId)) {
        return { permission, storeId };
      }
    }
  }
  return null;
}
