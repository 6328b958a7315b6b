import { AppError } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { explainStoreAccess } from '../../domain/access.js';
import { normalizeEmail } from '../../domain/email.js';
import type { Subject } from '../../domain/types.js';
import { loadGrants, loadSubject } from '../../store/queries/member.queries.js';
import { findOrg } from '../../store/queries/org.queries.js';
import { findStoresByIds } from '../../store/queries/store.queries.js';
import { findStoreWithOrg, membershipOrgsOfUser, openSessionsOfUser } from '../../store/queries/support.queries.js';
import { findUserByEmailKey, type UserRow } from '../../store/queries/user.queries.js';
import { loadOrg } from '../access.js';
import type { RequestContext } from '../context.js';
import { userSummary } from '../user-status.js';
import { invitationsForEmail } from './invitation-facts.js';
import { requirePlatformStaff } from './platform-only.js';

export interface TroubleshootInput {
  email: string;
  storeId?: string | undefined;
}

type OrgRef = { id: string; name: string; slug: string };

function userView(u: UserRow, now: string) {
  return { ...userSummary(u, now), hasPassword: u.password_hash !== null };
}

async function membershipsOf(deps: Deps, userId: string) {
  const rows = await membershipOrgsOfUser(deps.db, userId);
  const out = [];
  for (const r of rows) {
    const grants = (await loadGrants(deps.db, r.id, [userId])).get(userId);
    const roles = grants?.assignments ?? [];
    const storeIds = [...new Set(roles.flatMap((a) => a.storeIds ?? []))];
    const stores = (await findStoresByIds(deps.db, r.id, storeIds)).map((s) => ({ id: s.id, name: s.name, code: s.code }));
    out.push({ org: { id: r.id, name: r.name, slug: r.slug }, status: r.status, isOwner: r.owner_id === userId, roles: roles.map((a) => ({ ...a, storeIds: a.storeIds ? [...a.storeIds] : undefined })), stores });
  }
  return out;
}

/** "Why can't this user reach store X?" for one store, with the store's id replaced by its name. */
async function storeAnswer(deps: Deps, user: UserRow | undefined, storeId: string) {
  const store = await findStoreWithOrg(deps.db, storeId);
  if (!store) throw new AppError('not_found', 'No store has this ID; copy it from the Stores page.');
  const org = await loadOrg(deps.db, store.org_id);
  if (!org) throw new AppError('not_found', 'No such organization.');
  const subject: Subject = (user && (await loadSubject(deps.db, store.org_id, user.id))) ?? {
    userId: user?.id ?? '',
    userStatus: 'active',
    membershipStatus: null,
    assignments: [],
    overrides: [],
  };
  const label = `"${store.name}" (${store.code})`;
  const explanation = explainStoreAccess(org.ctx, subject, storeId).map((line) => line.replaceAll(storeId, label));
  return { id: store.id, name: store.name, code: store.code, org: { id: store.org_id, name: store.org_name, slug: store.slug } satisfies OrgRef, explanation };
}

/**
 * Seed 000's checklist done by the product: by the exact sign-in email, the user's orgs,
 * invitation status, roles, store assignments, lock state, last sign-in and sessions, and
 * for a store the plain-language reason they can or cannot reach it, with the fix.
 */
export async function troubleshoot(deps: Deps, ctx: RequestContext, input: TroubleshootInput) {
  requirePlatformStaff(ctx);
  const checked = normalizeEmail(input.email);
  if (!checked.ok) throw new AppError('validation_failed', checked.reason, { field: 'email' });
  const now = deps.clock().toISOString();
  const user = await findUserByEmailKey(deps.db, checked.key);
  const invitationRows = await invitationsForEmail(deps.db, checked.key, now);
  const orgNames = new Map<string, OrgRef>();
  for (const id of new Set(invitationRows.map((i) => i.orgId))) {
    const o = await findOrg(deps.db, id);
    if (o) orgNames.set(id, { id: o.id, name: o.name, slug: o.slug });
  }
  const invitations = invitationRows.map((i) => ({ id: i.id, org: orgNames.get(i.orgId) ?? { id: i.orgId, name: i.orgId, slug: '' }, status: i.status, expiresAt: i.expiresAt, roles: i.roles }));
  const memberships = user ? await membershipsOf(deps, user.id) : [];
  const sessions = user
    ? (
        await openSessionsOfUser(deps.db, user.id, now, 20)
      ).map((s) => ({ id: s.id, kind: s.kind, createdAt: s.created_at, lastSeenAt: s.last_seen_at, ip: s.ip, userAgent: s.user_agent }))
    : [];
  const view = user ? userView(user, now) : null;
  const store = input.storeId ? await storeAnswer(deps, user, input.storeId) : null;

  const findings: string[] = [];
  if (!view) {
    findings.push(
      `No account signs in with ${checked.email}. Ask for the exact sign-in email and check the spelling (no trailing spaces, no look-alike characters).`,
    );
  } else {
    if (view.status === 'deactivated') findings.push('The user is deactivated, which blocks every org; reactivate the user if the deactivation was a mistake.');
    if (view.locked) findings.push(`The account is locked after too many failed sign-ins until ${view.lockedUntil}; send a password reset to clear the lock now.`);
    if (!view.hasPassword) findings.push('The user has not set a password yet; they must accept their invitation first.');
    if (memberships.length === 0 && !view.platformRole) findings.push('The user is not a member of any organization; invite them from the org\'s Access/IAM tab.');
    for (const m of memberships) {
      if (m.status === 'suspended') findings.push(`The membership in ${m.org.name} is suspended; reactivate it there to restore access.`);
    }
  }
  for (const i of invitations) {
    if (i.status === 'pending') findings.push(`An invitation to ${i.org.name} is pending until ${i.expiresAt}; ask them to check spam, or resend it.`);
    else if (i.status === 'expired' && !memberships.some((m) => m.org.id === i.org.id)) {
      findings.push(`The invitation to ${i.org.name} expired on ${i.expiresAt}; re-send it from the org's Access/IAM tab (a fresh invitation).`);
    }
  }
  if (findings.length === 0) {
    findings.push(
      store
        ? 'Nothing blocks the account itself (active, unlocked, a member); the store answer below says what decides access there.'
        : 'Nothing blocks this account: it is active, unlocked and a member. Give a store ID to see why it can or cannot reach that store.',
    );
  }
  return { email: checked.email, user: view, memberships, sessions, invitations, store, findings };
}
