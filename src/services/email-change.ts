/**
 * Changing a person's sign-in email, by the person (with their current password) or by an admin
 * who may manage them. Either way the NEW address confirms the change with an emailed,
 * single-use link before anything changes, and the OLD address is told. The answer is the same
 * whether or not the new address already has an account (no enumeration): then the new address
 * is told so instead, and nothing changes.
 */
import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { type EmailCheck, normalizeEmail } from '../domain/email.js';
import { maskEmail } from '../domain/email-mask.js';
import { canEditPersonalDetails } from '../domain/personal-details.js';
import { newId } from '../lib/ids.js';
import { hashToken, newToken } from '../lib/tokens.js';
import { enqueueMail } from '../mail/outbox.js';
import { emailChangeConfirmMail, emailChangedMail, emailChangeNoticeMail, emailChangeTakenMail } from '../mail/templates/email-change.js';
import type { Executor } from '../store/database.js';
import { consumeEmailChange, type EmailChangeRow, insertEmailChange, supersedeOpenPasswordResets } from '../store/queries/email-change.queries.js';
import { loadSubject, setMemberSearchKeys } from '../store/queries/member.queries.js';
import { orgIdsOfUser } from '../store/queries/org.queries.js';
import { endPendingSignIns } from '../store/queries/second-factor.queries.js';
import { revokeUserSessions } from '../store/queries/session.queries.js';
import { findUserByEmailKey, findUserById, type UserRow, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { mapUniqueViolation } from '../store/unique.js';
import { actorId, openOrg, requireAuthorityOver, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { verifyCurrentPassword } from './current-password.js';
import { enforce } from './decision-error.js';
import { requireOwnAccountChange } from './personal-details.js';

/** How long the confirmation link works: a day, time to reach a mailbox one rarely opens. */
const CONFIRM_HOURS = 24;

const invalidLink = () => new AppError('invalid_token', 'This confirmation link is not valid any more; ask for the email change again.');
const takenNow = () => new AppError('already_exists', 'Another account now uses this address, so your sign-in email was not changed.');

function newAddress(input: string, current: UserRow): Extract<EmailCheck, { ok: true }> {
  const email = normalizeEmail(input);
  if (!email.ok) throw new AppError('validation_failed', email.reason, { field: 'newEmail' });
  if (email.key === current.email_key) throw new AppError('validation_failed', 'That is already the sign-in email; enter the new address.', { field: 'newEmail' });
  return email;
}

interface Start {
  user: UserRow;
  email: Extract<EmailCheck, { ok: true }>;
  requestedBy: string;
  sessionId: string | null;
  orgId: string | null;
  reason?: string | undefined;
}

/**
 * Queues the messages after the reply, in one transaction, so the answer costs the same whether
 * or not the new address is taken (as "forgot password" does): a taken address gets a notice
 * and no token. The old address is told either way, and the request is audited without saying
 * which it was (an org's history must not tell its admins which addresses have accounts).
 */
function startEmailChange(deps: Deps, ctx: RequestContext, s: Start): void {
  deps.afterReply.run('email change request', async () => {
    const now = deps.clock();
    const byAdmin = s.requestedBy !== s.user.id;
    await inTransaction(deps.db, async (trx) => {
      const taken = await findUserByEmailKey(trx, s.email.key);
      if (taken) {
        await enqueueMail(trx, now, { to: s.email.email, template: 'email_change_taken', ...emailChangeTakenMail({ publicUrl: deps.config.publicUrl }) });
      } else {
        const token = newToken();
        await insertEmailChange(trx, {
          id: newId(),
          token_hash: hashToken(token),
          user_id: s.user.id,
          new_email: s.email.email,
          new_email_key: s.email.key,
          requested_by: s.requestedBy,
          requested_session_id: s.sessionId,
          org_id: s.orgId,
          password_changed_at: s.user.password_changed_at,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000).toISOString(),
          used_at: null,
          superseded_at: null,
        });
        const mail = emailChangeConfirmMail({ publicUrl: deps.config.publicUrl, token, firstName: s.user.first_name, hours: CONFIRM_HOURS, byAdmin });
        await enqueueMail(trx, now, { to: s.email.email, template: 'email_change_confirm', ...mail });
      }
      const notice = emailChangeNoticeMail({ publicUrl: deps.config.publicUrl, firstName: s.user.first_name, maskedNewEmail: maskEmail(s.email.email), byAdmin });
      await enqueueMail(trx, now, { to: s.user.email, template: 'email_change_notice', ...notice });
      await audit(trx, ctx, now, { orgId: s.orgId, action: 'user.email_change_requested', targetType: 'user', targetId: s.user.id, after: { newEmail: s.email.email }, reason: s.reason });
    });
  });
}

/**
 * `POST /me/email`: the signed-in person asks to change their sign-in email. Needs their current
 * password (a stolen session alone cannot move the account) and, for partner and customer users,
 * a profile that lets them change their account details.
 */
export async function requestMyEmailChange(deps: Deps, ctx: RequestContext, input: { newEmail: string; currentPassword: string }): Promise<void> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const user = await findUserById(deps.db, p.userId);
  assertThat(user?.status === 'active', 'unauthenticated');
  const email = newAddress(input.newEmail, user);
  await requireOwnAccountChange(deps.db, user.id);
  await verifyCurrentPassword(deps, ctx, user, input.currentPassword, 'auth.email_change_failed');
  startEmailChange(deps, ctx, { user, email, requestedBy: user.id, sessionId: p.sessionId, orgId: null });
}

/**
 * `POST /orgs/{orgId}/members/{userId}/email`: an admin changes a member's sign-in email. Needs
 * `team:update`, authority over the member (the suspend rule: a lower rank; a store manager only
 * for members all of whose stores are theirs) and the shared-details rule: someone who also
 * belongs to other businesses changes it themself, or platform support does. Your own email
 * goes through `/me/email`, which asks for your password.
 */
export async function requestMemberEmailChange(deps: Deps, ctx: RequestContext, orgId: string, userId: string, input: { newEmail: string; reason?: string | undefined }): Promise<void> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:update');
  const target = await loadSubject(deps.db, orgId, userId);
  assertThat(target?.membershipStatus, 'not_found', 'No such member in this organization.');
  requireSupportReason(org, input.reason);
  const by = actorId(org.actor);
  if (by === userId) throw new AppError('forbidden', 'To change your own sign-in email, use your account page; it asks for your password.');
  requireAuthorityOver(org, target);
  const user = await findUserById(deps.db, userId);
  assertThat(user?.status === 'active', 'not_found', 'No such member in this organization.');
  await requireSharedRule(deps, user, orgId, org.actor.kind === 'platform');
  const email = newAddress(input.newEmail, user);
  startEmailChange(deps, ctx, { user, email, requestedBy: by, sessionId: null, orgId, reason: input.reason });
}

/** The sign-in email shows in every org of the person: the shared-details rule decides who may change it. */
async function requireSharedRule(deps: Pick<Deps, 'db'>, user: UserRow, orgId: string, byPlatform: boolean): Promise<void> {
  const orgIds = await orgIdsOfUser(deps.db, user.id);
  enforce(
    canEditPersonalDetails({
      byPlatform,
      bySelf: false,
      otherOrgs: orgIds.filter((o) => o !== orgId).length,
      targetIsPlatformStaff: Boolean(user.platform_role),
      name: `${user.first_name} ${user.last_name}`.trim() || user.email,
    }),
  );
}

/** Whether an admin's change still stands at confirmation: the person still in that org alone (or support asked). */
async function adminChangeStillAllowed(ex: Executor, row: EmailChangeRow, user: UserRow): Promise<boolean> {
  if (row.org_id === null) return true;
  const requester = await findUserById(ex, row.requested_by);
  if (requester?.status !== 'active') return false;
  if (requester.platform_role) return true;
  const orgIds = await orgIdsOfUser(ex, user.id);
  return orgIds.length === 1 && orgIds[0] === row.org_id && !user.platform_role;
}

/**
 * `POST /email-changes/{token}/confirm`, from the link mailed to the new address (no sign-in
 * needed: holding the link proves the mailbox). The token is consumed first (single use); a
 * password change or reset since the request cancels it (that is what the notice to the old
 * address tells its owner to do), and so does the new address being taken in the meantime.
 *
 * Sessions: the sign-in identity changed, so every session of the person ends except one — the
 * one confirming (if it is theirs), else the one that asked for the change. That session proved
 * the password moments ago, and throwing its owner out mid-task helps nobody; any other session
 * may belong to whoever the change is meant to lock out (a shared or stolen device), and
 * sign-in with the new email starts fresh ones. Reset links sent to the old address end too.
 */
export async function confirmEmailChange(deps: Deps, ctx: RequestContext, token: string): Promise<{ email: string }> {
  const now = deps.clock();
  const iso = now.toISOString();
  return mapUniqueViolation(
    () =>
      inTransaction(deps.db, async (trx) => {
        const row = await consumeEmailChange(trx, hashToken(token), iso);
        if (!row) throw invalidLink();
        const user = await findUserById(trx, row.user_id);
        if (user?.status !== 'active' || user.password_changed_at !== row.password_changed_at) throw invalidLink();
        if (!(await adminChangeStillAllowed(trx, row, user))) throw invalidLink();
        const holder = await findUserByEmailKey(trx, row.new_email_key);
        if (holder && holder.id !== user.id) throw takenNow();
        await updateUser(trx, user.id, { email: row.new_email, email_key: row.new_email_key, updated_at: iso });
        await setMemberSearchKeys(trx, { ...user, email: row.new_email });
        const keep = ctx.principal?.userId === user.id ? ctx.principal.sessionId : (row.requested_session_id ?? undefined);
        const ended = await revokeUserSessions(trx, user.id, iso, 'email_changed', keep);
        await endPendingSignIns(trx, user.id, iso);
        await supersedeOpenPasswordResets(trx, user.id, iso);
        // The person confirmed it from their mailbox: they are the actor, signed in or not.
        const asPerson: RequestContext = { ...ctx, principal: ctx.principal?.userId === user.id ? ctx.principal : { userId: user.id, sessionId: '', platformRole: user.platform_role } };
        // The email shows in every org of the person: each one's history records the change.
        const orgIds = await orgIdsOfUser(trx, user.id);
        for (const orgId of orgIds.length ? orgIds : [null]) {
          await audit(trx, asPerson, now, { orgId, action: 'user.email_changed', targetType: 'user', targetId: user.id, before: { email: user.email }, after: { email: row.new_email, sessionsEnded: ended } });
        }
        const changed = emailChangedMail({ publicUrl: deps.config.publicUrl, firstName: user.first_name, maskedNewEmail: maskEmail(row.new_email), at: now });
        await enqueueMail(trx, now, { to: user.email, template: 'email_changed', ...changed });
        return { email: row.new_email };
      }),
    takenNow,
  );
}
