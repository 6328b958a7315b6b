/**
 * Partner and customer members for tests, written through the store functions: a profile with
 * a given "My Account" level, a member of that audience holding it (with one customer account),
 * and an org that offers customer sign-up. Real mail through a real SMTP server.
 */
import type { ProfileLevel } from '../../../src/domain/profiles.js';
import { createMailSender, deliverPending } from '../../../src/mail/deliver.js';
import { newId } from '../../../src/lib/ids.js';
import { createUser } from '../../../src/services/users.js';
import { addMemberCustomers, customerSearchKey, insertCustomer } from '../../../src/store/queries/customer.queries.js';
import { insertMembership, memberSearchKey } from '../../../src/store/queries/member.queries.js';
import { updateOrg } from '../../../src/store/queries/org.queries.js';
import { insertProfile } from '../../../src/store/queries/profile.queries.js';
import { PASSWORD, type Person, tokenFor } from '../../fixtures/merchant.js';
import type { Received, Smtp } from '../../fixtures/smtp.js';
import type { TestApp } from '../../fixtures/test-app.js';

/** A profile of the org for `audience` whose My Account level is `myAccount`; returns its id. */
export async function profileWith(t: TestApp, orgId: string, myAccount: ProfileLevel, audience: 'partner' | 'customer' = 'customer'): Promise<string> {
  const id = newId();
  const at = t.deps.clock().toISOString();
  await insertProfile(t.deps.db, {
    id,
    org_id: orgId,
    name: `${audience} ${myAccount} ${id.slice(-6)}`,
    audience,
    levels: JSON.stringify({ my_account: myAccount }),
    payment_methods: '[]',
    home_template: null,
    configuration: '{}',
    created_at: at,
    updated_at: at,
  });
  return id;
}

/** A partner or customer member on `profileId` with a customer account of their own; signed in (bearer). */
export async function audienceMember(t: TestApp, orgId: string, profileId: string, opts: { audience?: 'partner' | 'customer'; email?: string } = {}): Promise<Person> {
  const now = t.deps.clock();
  const at = now.toISOString();
  const email = opts.email ?? `cust-${newId().slice(-8)}@customer.test`;
  const user = await createUser(t.deps.db, t.deps, now, { email, password: PASSWORD, firstName: 'Cora', lastName: 'Customer' });
  await insertMembership(t.deps.db, { org_id: orgId, user_id: user.id, status: 'active', created_at: at, updated_at: at, search_key: memberSearchKey(user), audience: opts.audience ?? 'customer', profile_id: profileId });
  const customerId = newId();
  await insertCustomer(t.deps.db, { id: customerId, org_id: orgId, name: 'Cora Co', number: null, search_key: customerSearchKey({ name: 'Cora Co', number: null }), created_at: at, updated_at: at });
  await addMemberCustomers(t.deps.db, orgId, user.id, [customerId]);
  return { userId: user.id, email, token: await tokenFor(t, email) };
}

/** Turns customer sign-up on, landing new customers on `profileId`. */
export async function offerSignup(t: TestApp, orgId: string, profileId: string): Promise<void> {
  await updateOrg(t.deps.db, orgId, { customer_signup: 1, default_customer_profile_id: profileId, updated_at: t.deps.clock().toISOString() });
}

/** Sends every queued message through the real SMTP server. */
export async function flushMail(t: TestApp): Promise<void> {
  const sender = createMailSender(t.deps.config.smtpUrl);
  if (!sender) throw new Error('the test app has no SMTP_URL');
  try {
    while ((await deliverPending(t.deps, sender)) > 0);
  } finally {
    sender.close();
  }
}

/** Messages the SMTP server received for `to`, oldest first. */
export function received(smtp: Smtp, to: string): Received[] {
  return smtp.inbox.filter((m) => m.to.includes(to.toLowerCase()));
}

/** The token of the newest link to `path` (`/email-change`, `/signup/complete`) in mail to `to`. */
export function linkToken(smtp: Smtp, to: string, path: string): string | undefined {
  const escaped = path.replace(/[/-]/g, (c) => `\\${c}`);
  const pattern = new RegExp(`http://rolecall\\.test${escaped}#token=([A-Za-z0-9_%-]+)`);
  const found = received(smtp, to)
    .map((m) => pattern.exec(m.text)?.[1])
    .filter((x): x is string => x !== undefined);
  const last = found.at(-1);
  return last === undefined ? undefined : decodeURIComponent(last);
}
