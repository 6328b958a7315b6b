/**
 * Customer self sign-up: only where the org offers it; the same answer for a new and a known
 * email (the mail says which); the emailed link completes it in one go and signs the customer in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { updateOrg } from '../../../src/store/queries/org.queries.js';
import { createMerchant, type Merchant, PASSWORD } from '../../fixtures/merchant.js';
import { startSmtp, type Smtp } from '../../fixtures/smtp.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { flushMail, linkToken, offerSignup, profileWith, received } from './audience-helpers.js';
import { auditRows } from './auth-helpers.js';

const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined, instance: undefined });
const CHOSEN = 'my own long customer passphrase';

describe.each(dialects())('customer sign-up (%s)', (dialect) => {
  let t: TestApp;
  let smtp: Smtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { smtpUrl: smtp.url, mailFrom: 'Rolecall <no-reply@rolecall.test>' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const shop = () => createMerchant(t, { preset: 'commerce', storeCount: 1, team: { admin: () => [{ role: 'global_admin' }] } });
  const offering = async (): Promise<Merchant & { profileId: string; slug: string }> => {
    const m = await shop();
    const profileId = await profileWith(t, m.orgId, 'edit');
    await offerSignup(t, m.orgId, profileId);
    const org = await call(t, 'GET', `/api/v1/orgs/${m.orgId}`, { token: m.people.admin!.token });
    return { ...m, profileId, slug: org.body.slug };
  };
  const signUp = (org: string, body: Record<string, unknown>) => call(t, 'POST', `/api/v1/orgs/${org}/signup`, { body });
  const complete = (token: string, password = CHOSEN) => call(t, 'POST', `/api/v1/signups/${token}/complete`, { body: { password } });
  const fresh = () => `new-${newId().slice(-8)}@customer.test`;

  it('is off by default: a plain refusal, the same as for a business that does not exist, and no mail', async () => {
    const m = await shop();
    const email = fresh();
    const off = await signUp(m.orgId, { email, firstName: 'Ann', lastName: 'Buyer' });
    const none = await signUp('no-such-business', { email, firstName: 'Ann', lastName: 'Buyer' });
    expect(off.status).toBe(404);
    expect(off.body.detail).toBe('This business does not offer sign-up; ask them for an invitation.');
    expect(strip(none.body)).toEqual(strip(off.body));
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/signup`)).status).toBe(404);
    await flushMail(t);
    expect(received(smtp, email)).toHaveLength(0);
  });

  it('on: the mailed link completes it, signs the customer in, on the default profile with one new customer account', async () => {
    const m = await offering();
    const email = fresh();
    expect((await call(t, 'GET', `/api/v1/orgs/${m.slug}/signup`)).body).toEqual({ orgName: expect.any(String) });
    const res = await signUp(m.slug, { email, firstName: 'Ann', lastName: 'Buyer', companyName: 'Buyer Supplies' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'sent' });
    await flushMail(t);
    const token = linkToken(smtp, email, '/signup/complete');
    expect(token).toBeDefined();
    expect((await call(t, 'GET', `/api/v1/signups/${token}`)).body).toMatchObject({ email, firstName: 'Ann', lastName: 'Buyer' });

    const done = await complete(token!);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ orgId: m.orgId, email, signedIn: true });
    const cookie = done.headers.getSetCookie().find((c) => c.startsWith('rc_session='))!.split(';')[0]!;
    const me = await call(t, 'GET', '/api/v1/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email, firstName: 'Ann', lastName: 'Buyer' });
    expect(me.body.memberships.map((x: { org: { id: string } }) => x.org.id)).toEqual([m.orgId]);

    const membership = await t.deps.db.selectFrom('memberships').selectAll().where('org_id', '=', m.orgId).where('user_id', '=', done.body.userId).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ audience: 'customer', profile_id: m.profileId, status: 'active' });
    const accounts = await t.deps.db.selectFrom('member_customers as mc').innerJoin('customers as c', 'c.id', 'mc.customer_id').select(['c.id', 'c.name']).where('mc.user_id', '=', done.body.userId).execute();
    expect(accounts).toEqual([{ id: done.body.customerId, name: 'Buyer Supplies' }]);
    const [audited] = await auditRows(t, 'member.signed_up', done.body.userId);
    expect(audited).toMatchObject({ org_id: m.orgId, actor_id: done.body.userId });

    // The link works once.
    const again = await complete(token!);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_token');
  });

  it('without a company the account is named after the person', async () => {
    const m = await offering();
    const email = fresh();
    await signUp(m.orgId, { email, firstName: 'Ben', lastName: 'Solo' });
    await flushMail(t);
    const done = await complete(linkToken(smtp, email, '/signup/complete')!);
    const [account] = await t.deps.db.selectFrom('customers').select('name').where('id', '=', done.body.customerId).execute();
    expect(account!.name).toBe('Ben Solo');
  });

  it('a known email gets the same answer and a "you already have an account" mail; nothing is created', async () => {
    const m = await offering();
    const known = m.people.admin!.email;
    const a = await signUp(m.orgId, { email: known, firstName: 'Ann', lastName: 'Admin' });
    const b = await signUp(m.orgId, { email: fresh(), firstName: 'Ann', lastName: 'Admin' });
    expect(a.status).toBe(b.status);
    expect(strip(a.body)).toEqual(strip(b.body));
    await flushMail(t);
    const mail = received(smtp, known).at(-1)!;
    expect(mail.text).toContain('you already have an account');
    expect(linkToken(smtp, known, '/signup/complete')).toBeUndefined();
    const signups = await t.deps.db.selectFrom('signups').select('id').where('org_id', '=', m.orgId).where('email', '=', known).execute();
    expect(signups).toHaveLength(0);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: known, password: PASSWORD } })).status).toBe(200);
  });

  it('a weak password is refused and the link still works; an expired link does not', async () => {
    const m = await offering();
    const email = fresh();
    await signUp(m.orgId, { email, firstName: 'Cleo', lastName: 'Weak' });
    await flushMail(t);
    const token = linkToken(smtp, email, '/signup/complete')!;
    const weak = await complete(token, 'short');
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('weak_password');
    const later = fresh();
    await signUp(m.orgId, { email: later, firstName: 'Dora', lastName: 'Late' });
    await flushMail(t);
    const expiring = linkToken(smtp, later, '/signup/complete')!;
    expect((await complete(token)).status).toBe(200);
    t.clock.advance(24 * 3_600_000 + 1000);
    expect((await complete(expiring)).body.code).toBe('invalid_token');
  });

  it('another site cannot post the forms (the completion signs the browser in)', async () => {
    const m = await offering();
    const email = fresh();
    const crossSite = { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' };
    const asked = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/signup`, { body: { email, firstName: 'Mal', lastName: 'Lory' }, headers: crossSite });
    expect(asked.body.code).toBe('csrf_failed');
    await signUp(m.orgId, { email, firstName: 'Mal', lastName: 'Lory' });
    await flushMail(t);
    const token = linkToken(smtp, email, '/signup/complete')!;
    const forged = await call(t, 'POST', `/api/v1/signups/${token}/complete`, { body: { password: CHOSEN }, headers: crossSite });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('csrf_failed');
    expect((await complete(token)).status).toBe(200);
  });

  it('turning sign-up off stops links already sent', async () => {
    const m = await offering();
    const email = fresh();
    await signUp(m.orgId, { email, firstName: 'Eve', lastName: 'Off' });
    await flushMail(t);
    const token = linkToken(smtp, email, '/signup/complete')!;
    await updateOrg(t.deps.db, m.orgId, { customer_signup: 0 });
    expect((await complete(token)).status).toBe(404);
  });
});

describe.each(dialects())('customer sign-up rate limit (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { authRateAccountPerMinute: 2 });
  });
  afterAll(() => t.close());

  it('one email cannot be signed up over and over', async () => {
    const m = await createMerchant(t, { preset: 'commerce', storeCount: 1, team: { admin: () => [{ role: 'global_admin' }] } });
    await offerSignup(t, m.orgId, await profileWith(t, m.orgId, 'edit'));
    const email = `flood-${newId().slice(-6)}@customer.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(t, 'POST', `/api/v1/orgs/${m.orgId}/signup`, { body: { email, firstName: 'F', lastName: 'L' } })).status);
    expect(statuses).toEqual([202, 202, 429]);
  });
});
