/**
 * POST /invitations/{token}/accept (SPEC rule 8). Only the invited email accepts: a new user sets
 * name and password; an existing user must be signed in as that email. The inviter's authority
 * is re-checked now (SECURITY.md "Access control": delegation re-checked at accept), and the
 * pending → accepted move is a conditional UPDATE under the org lock, so two concurrent accepts
 * make exactly one membership.
 */
import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { canInviteGrant, validateGrant } from '../../domain/audiences.js';
import type { Actor } from '../../domain/delegation.js';
import { cleanText } from '../../domain/names.js';
import { checkPassword } from '../../domain/password-policy.js';
import type { OrgContext, RoleAssignment } from '../../domain/types.js';
import { hashToken } from '../../lib/tokens.js';
import type { Executor } from '../../store/database.js';
import { findInvitationByTokenHash, type InvitationRow, transitionInvitation } from '../../store/queries/invitation.queries.js';
import { listFactors } from '../../store/queries/second-factor.queries.js';
import { findMembership, loadSubject, setMemberSearchKeys } from '../../store/queries/member.queries.js';
import { inOrgTransaction } from '../../store/queries/org.queries.js';
import { findUserByEmailKey, findUserById, updateUser, type UserRow } from '../../store/queries/user.queries.js';
import { mapUniqueViolation } from '../../store/unique.js';
import { loadOrg } from '../access.js';
import { type CheckedGrant, checkInviteGrant, grantForAudit } from '../audience-grant.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import type { IssuedSession } from '../sessions.js';
import { completeSignIn } from '../sign-in.js';
import { addMembership, createUser } from '../users.js';
import { customerIdsOf, effectiveStatus, grantOf, rolesOf } from './invitation-view.js';

export interface AcceptInput {
  firstName?: string | undefined;
  lastName?: string | undefined;
  password?: string | undefined;
}

export interface AcceptResultView {
  orgId: string;
  userId: string;
  email: string;
  newUser: boolean;
  roles: RoleAssignment[];
  /**
   * The browser session started for a person who just set their password here (as sign-in
   * would start it: single session applies). Absent when they were signed in already, or must
   * use a second factor: then they sign in with it.
   */
  session?: IssuedSession & { userId: string };
}

/** Asks `acceptInvitation` to sign in a person who sets their password (a cookie session). */
export interface AcceptSignIn {
  userAgent?: string | undefined;
}

/** The inviter as an actor today: platform staff, or their current membership (if any). */
async function inviterNow(ex: Executor, orgId: string, inviterId: string): Promise<Actor | null> {
  const user = await findUserById(ex, inviterId);
  if (user?.status !== 'active') return null;
  if (user.platform_role) return { kind: 'platform', userId: user.id, role: user.platform_role };
  const subject = await loadSubject(ex, orgId, inviterId);
  return subject?.membershipStatus === 'active' ? { kind: 'member', subject } : null;
}

const VALIDATION = new Set(['unknown_role', 'unknown_store', 'invalid_assignment', 'invalid_audience']);

/**
 * Refuses when the inviter could not send this invitation today (lost the role, left, was
 * suspended, no longer holds the customer accounts), or when its roles, profile or accounts no
 * longer exist. Returns the grant to give.
 */
async function recheckInviter(ex: Executor, org: { id: string; ctx: OrgContext }, row: InvitationRow): Promise<CheckedGrant> {
  const stale = (detail: string) => `${detail.replace(/[.;]\s*$/, '')}; the invitation no longer matches the organization, ask for a new one.`;
  const shape = validateGrant(org.ctx, grantOf(row));
  if (!shape.ok) throw new AppError(VALIDATION.has(shape.code) ? (shape.code as 'unknown_role') : 'invalid_assignment', stale(shape.detail));
  const actor = await inviterNow(ex, org.id, row.invited_by);
  if (!actor) throw new AppError('role_not_assignable', 'The person who invited you can no longer grant this access; ask for a new invitation.');
  const v = canInviteGrant(org.ctx, actor, grantOf(row));
  if (!v.ok) {
    throw new AppError('role_not_assignable', 'The person who invited you can no longer grant this access; ask for a new invitation.', { reasons: [v.detail] });
  }
  try {
    return await checkInviteGrant(ex, org, actor, { audience: row.audience, roles: rolesOf(row), profileId: row.profile_id, customerIds: customerIdsOf(row) });
  } catch (err) {
    if (err instanceof AppError && (err.code === 'unknown_profile' || err.code === 'unknown_customer_account')) throw new AppError(err.code, stale(err.message));
    if (err instanceof AppError && err.code === 'permission_not_held') {
      throw new AppError('role_not_assignable', 'The person who invited you can no longer grant this access; ask for a new invitation.');
    }
    throw err;
  }
}

function requiredName(value: string | undefined, fallback: string | null, field: string): string {
  const raw = value ?? fallback ?? '';
  const v = cleanText(raw);
  if (v === null || v === '') throw new AppError('validation_failed', `Enter your ${field}.`, { field });
  return v;
}

export async function acceptInvitation(deps: Deps, ctx: RequestContext, token: string, input: AcceptInput, signIn?: AcceptSignIn): Promise<AcceptResultView> {
  const now = deps.clock();
  const iso = now.toISOString();
  const first = await findInvitationByTokenHash(deps.db, hashToken(token));
  assertThat(first, 'not_found', 'This invitation link is not valid; ask for a new invitation.');
  // Invitations to two orgs for one new person, accepted at once, both create the user: the
  // loser fails on the unique email index (outside this org's lock) and answers 409.
  const raced = () => new AppError('already_exists', 'An account for this email was just created; sign in with it, then open the invitation link again.');
  return mapUniqueViolation(() => inOrgTransaction(deps.db, first.org_id, async (trx) => {
    // Re-read under the lock: a resend may have replaced the token, a racing accept taken it.
    const row = await findInvitationByTokenHash(trx, hashToken(token));
    assertThat(row, 'not_found', 'This invitation link is not valid; ask for a new invitation.');
    const status = effectiveStatus(row, now);
    if (status !== 'pending') throw new AppError('invitation_not_pending', `This invitation is ${status}; ask for a new invitation.`);
    const org = await loadOrg(trx, row.org_id);
    assertThat(org, 'not_found');
    let user = await findUserByEmailKey(trx, row.email_key);
    const principal = ctx.principal;
    if (principal && principal.userId !== user?.id) {
      throw new AppError('email_mismatch', `You are signed in with a different email than ${row.email}; sign out, then open the link again.`);
    }
    const grant = await recheckInviter(trx, { id: org.row.id, ctx: org.ctx }, row);
    const roles = grant.assignments;
    const existing = user !== undefined && user.password_hash !== null;
    if (user && existing) {
      if (!principal) {
        throw new AppError('unauthenticated', `An account exists for ${row.email}: sign in first, then accept the invitation.`);
      }
      if (await findMembership(trx, org.row.id, user.id)) throw new AppError('already_member', 'You are already a member of this organization.');
    } else {
      const firstName = requiredName(input.firstName, row.first_name, 'first name');
      const lastName = requiredName(input.lastName, row.last_name, 'last name');
      if (input.password === undefined) throw new AppError('validation_failed', 'Choose a password.', { field: 'password' });
      const shape = checkPassword(input.password, [row.email_key.split('@')[0] ?? '', firstName, lastName, org.row.name]);
      if (!shape.ok) throw new AppError('weak_password', shape.reason, { field: 'password' });
      if (user) {
        // An account created without a password (e.g. by import) is set up by whoever holds the emailed token.
        const hash = await deps.passwords.hash(input.password);
        await updateUser(trx, user.id, { first_name: firstName, last_name: lastName, password_hash: hash, password_changed_at: iso, updated_at: iso });
        user = { ...user, first_name: firstName, last_name: lastName };
        await setMemberSearchKeys(trx, user);
      } else {
        user = await createUser(trx, deps, now, { email: row.email, firstName, lastName, password: input.password });
      }
    }
    const u = user as UserRow;
    const moved = await transitionInvitation(trx, row.id, 'pending', { status: 'accepted', accepted_at: iso, accepted_user_id: u.id, updated_at: iso });
    if (!moved) throw new AppError('invitation_not_pending', 'This invitation was just accepted or changed.');
    // The history shows the invitee as the actor of their own acceptance, signed in or not.
    const asInvitee: RequestContext = { ...ctx, principal: ctx.principal ?? { userId: u.id, sessionId: '', platformRole: null } };
    await addMembership(trx, asInvitee, now, org.row.id, u, roles, grant);
    await audit(trx, asInvitee, now, {
      orgId: org.row.id,
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: row.id,
      before: { status: 'pending' },
      after: { status: 'accepted', userId: u.id, roles, ...grantForAudit(grant), newUser: !existing },
    });
    const view: AcceptResultView = { orgId: org.row.id, userId: u.id, email: u.email, newUser: !existing, roles };
    // The password was just set here: sign the person in, by the rules sign-in applies (a
    // second factor is asked for on the sign-in page instead; single session ends others).
    if (signIn && !principal && !existing && u.status === 'active' && (await listFactors(trx, u.id)).length === 0) {
      view.session = await completeSignIn(trx, deps, ctx, u, { kind: 'cookie', userAgent: signIn.userAgent, now });
    }
    return view;
  }), raced);
}
