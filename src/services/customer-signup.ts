/**
 * A customer creates their own account in an org that offers it: the org's `customer_signup`
 * setting is on and names a default customer profile. The form answers the same whether or not
 * the email already has an account (no enumeration); the mail says which: a link to choose a
 * password, or "you already have an account". Completing makes, in one transaction, the user,
 * a customer account of their own, and a customer membership on the org's default profile, and
 * signs them in as accepting an invitation does.
 */
import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { cleanText } from '../domain/names.js';
import { checkPassword } from '../domain/password-policy.js';
import { newId } from '../lib/ids.js';
import { hashToken, newToken } from '../lib/tokens.js';
import { enqueueMail } from '../mail/outbox.js';
import { signupExistingMail, signupMail } from '../mail/templates/signup.js';
import type { Executor } from '../store/database.js';
import { insertMembership, memberSearchKey } from '../store/queries/member.queries.js';
import { inOrgTransaction } from '../store/queries/org.queries.js';
import { addMemberCustomers, customerSearchKey, insertCustomer } from '../store/queries/customer.queries.js';
import { findProfile } from '../store/queries/profile.queries.js';
import { consumeSignup, findOpenSignup, findSignupOrg, insertSignup } from '../store/queries/signup.queries.js';
import { findUserByEmailKey, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { mapUniqueViolation } from '../store/unique.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import type { IssuedSession } from './sessions.js';
import { completeSignIn } from './sign-in.js';
import { createUser } from './users.js';

/** How long the emailed link works. */
const SIGNUP_HOURS = 24;

// An org that does not exist and one that does not offer sign-up answer alike.
const notOffered = () => new AppError('not_found', 'This business does not offer sign-up; ask them for an invitation.');
const invalidLink = () => new AppError('invalid_token', 'This sign-up link is not valid any more; sign up again to get a new one.');
const raced = () => new AppError('already_exists', 'An account with this email already exists; sign in with it, or reset your password.');

interface SignupOrg {
  id: string;
  name: string;
  profileId: string;
}

/** The org by id or slug, if it offers sign-up now (active, setting on, default profile still there). */
async function signupOrg(ex: Executor, idOrSlug: string): Promise<SignupOrg> {
  const org = await findSignupOrg(ex, idOrSlug);
  const profileId = org?.default_customer_profile_id;
  if (org?.status !== 'active' || org.customer_signup !== 1 || !profileId) throw notOffered();
  if ((await findProfile(ex, org.id, profileId))?.audience !== 'customer') throw notOffered();
  return { id: org.id, name: org.name, profileId };
}

/** `GET /orgs/{org}/signup`: the business's name for the sign-up page, or the plain refusal. */
export async function signupOffer(deps: Pick<Deps, 'db'>, idOrSlug: string): Promise<{ orgName: string }> {
  return { orgName: (await signupOrg(deps.db, idOrSlug)).name };
}

function required(value: string, field: string, label: string): string {
  const v = cleanText(value);
  if (v === null || v === '') throw new AppError('validation_failed', `Enter your ${label}.`, { field });
  return v;
}

export interface SignupInput {
  email: string;
  firstName: string;
  lastName: string;
  companyName?: string | undefined;
}

/**
 * `POST /orgs/{org}/signup`. Input is checked first (bad input changes nothing); then the answer
 * goes out and the token, mail and audit event are written after it in one transaction, so the
 * answer costs the same for a known and an unknown email (as "forgot password" does). The
 * history records the request without saying which it was.
 */
export async function requestSignup(deps: Deps, ctx: RequestContext, idOrSlug: string, input: SignupInput): Promise<void> {
  const org = await signupOrg(deps.db, idOrSlug);
  const email = normalizeEmail(input.email);
  if (!email.ok) throw new AppError('validation_failed', email.reason, { field: 'email' });
  const firstName = required(input.firstName, 'firstName', 'first name');
  const lastName = required(input.lastName, 'lastName', 'last name');
  const company = input.companyName === undefined ? null : required(input.companyName, 'companyName', 'company name');
  deps.afterReply.run('customer sign-up request', async () => {
    const now = deps.clock();
    await inTransaction(deps.db, async (trx) => {
      const existing = await findUserByEmailKey(trx, email.key);
      if (existing) {
        const mail = signupExistingMail({ publicUrl: deps.config.publicUrl, orgName: org.name, firstName: existing.first_name });
        await enqueueMail(trx, now, { to: existing.email, template: 'signup_existing', orgId: org.id, ...mail });
      } else {
        const token = newToken();
        await insertSignup(trx, {
          id: newId(),
          token_hash: hashToken(token),
          org_id: org.id,
          email: email.email,
          email_key: email.key,
          first_name: firstName,
          last_name: lastName,
          company_name: company,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + SIGNUP_HOURS * 3_600_000).toISOString(),
          used_at: null,
          superseded_at: null,
        });
        const mail = signupMail({ publicUrl: deps.config.publicUrl, token, orgName: org.name, firstName, hours: SIGNUP_HOURS });
        await enqueueMail(trx, now, { to: email.email, template: 'signup', orgId: org.id, ...mail });
      }
      await audit(trx, { ...ctx, principal: null }, now, { orgId: org.id, action: 'signup.requested', after: { email: email.email } });
    });
  });
}

/** `GET /signups/{token}`: what the completion page shows (whose sign-up, to which business). */
export async function previewSignup(deps: Deps, token: string): Promise<{ orgName: string; email: string; firstName: string; lastName: string }> {
  const row = await findOpenSignup(deps.db, hashToken(token), deps.clock().toISOString());
  if (!row) throw invalidLink();
  const org = await signupOrg(deps.db, row.org_id);
  return { orgName: org.name, email: row.email, firstName: row.first_name, lastName: row.last_name };
}

export interface SignupResult {
  orgId: string;
  userId: string;
  email: string;
  customerId: string;
  /** The browser session started for the new customer (absent when someone was already signed in here). */
  session?: IssuedSession & { userId: string };
}

/**
 * `POST /signups/{token}/complete {password}`. The password is checked and hashed before the
 * org's lock is taken (argon2id work never holds it); under the lock the token is consumed
 * (single use, also under concurrent completes), the offer re-checked (the org may have turned
 * sign-up off since), and the user, their customer account and membership made together.
 */
export async function completeSignup(deps: Deps, ctx: RequestContext, token: string, input: { password: string }, signIn?: { userAgent?: string | undefined }): Promise<SignupResult> {
  const now = deps.clock();
  const iso = now.toISOString();
  const hash = hashToken(token);
  const pending = await findOpenSignup(deps.db, hash, iso);
  if (!pending) throw invalidLink();
  const check = checkPassword(input.password, [pending.email_key.split('@')[0] ?? '', pending.first_name, pending.last_name, pending.company_name ?? '']);
  if (!check.ok) throw new AppError('weak_password', check.reason, { field: 'password' });
  const passwordHash = await deps.passwords.hash(input.password);
  return mapUniqueViolation(
    () =>
      inOrgTransaction(deps.db, pending.org_id, async (trx) => {
        const row = await consumeSignup(trx, hash, iso);
        if (!row) throw invalidLink();
        const org = await signupOrg(trx, row.org_id);
        if (await findUserByEmailKey(trx, row.email_key)) throw raced();
        const made = await createUser(trx, deps, now, { email: row.email, firstName: row.first_name, lastName: row.last_name });
        await updateUser(trx, made.id, { password_hash: passwordHash, password_changed_at: iso, updated_at: iso });
        const user = { ...made, password_hash: passwordHash, password_changed_at: iso };
        const customerId = newId();
        const customerName = row.company_name ?? `${row.first_name} ${row.last_name}`;
        await insertMembership(trx, {
          org_id: org.id,
          user_id: user.id,
          status: 'active',
          created_at: iso,
          updated_at: iso,
          search_key: memberSearchKey(user),
          audience: 'customer',
          profile_id: org.profileId,
        });
        await insertCustomer(trx, { id: customerId, org_id: org.id, name: customerName, number: null, search_key: customerSearchKey({ name: customerName, number: null }), created_at: iso, updated_at: iso });
        await addMemberCustomers(trx, org.id, user.id, [customerId]);
        // The history shows the new customer as the actor of their own sign-up.
        const asCustomer: RequestContext = { ...ctx, principal: { userId: user.id, sessionId: '', platformRole: null } };
        await audit(trx, asCustomer, now, {
          orgId: org.id,
          action: 'member.signed_up',
          targetType: 'user',
          targetId: user.id,
          after: { email: user.email, audience: 'customer', profileId: org.profileId, customerIds: [customerId], customerName },
        });
        const result: SignupResult = { orgId: org.id, userId: user.id, email: user.email, customerId };
        // Signed in as accepting an invitation does (the password was just set here), by the
        // sign-in rules, and only when nobody is signed in in this browser already.
        if (signIn && !ctx.principal) {
          result.session = await completeSignIn(trx, deps, ctx, user, { kind: 'cookie', userAgent: signIn.userAgent, now });
        }
        return result;
      }),
    raced,
  );
}
