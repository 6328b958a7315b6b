/**
 * Changing the sign-in email: the new address confirms with a single-use, expiring link; the
 * old one is told; the answer is the same whether or not the new address is taken; a wrong
 * password keeps the session; an admin may change it only for someone in their org alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, PASSWORD, platformStaff, tokenFor } from '../../fixtures/merchant.js';
import { startSmtp, type Smtp } from '../../fixtures/smtp.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { audienceMember, flushMail, linkToken, profileWith, received } from './audience-helpers.js';
import { newId } from '../../../src/lib/ids.js';
import { auditRows, login, mailTo } from './auth-helpers.js';

const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });

describe.each(dialects())('sign-in email change (%s)', (dialect) => {
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

  const team = (): Promise<Merchant> =>
    createMerchant(t, { storeCount: 2, team: { owner: () => [{ role: 'org_admin' }], manager1: (s) => [{ role: 'store_manager', storeIds: [s[0]!] }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
  const fresh = (label: string) => `${label}-${newId().slice(-8)}@new.test`;
  const ask = (token: string | undefined, newEmail: string, currentPassword = PASSWORD, headers: Record<string, string> = {}) =>
    call(t, 'POST', '/api/v1/me/email', { token, body: { newEmail, currentPassword }, headers });
  const confirm = (token: string, headers: Record<string, string> = {}) => call(t, 'POST', `/api/v1/email-changes/${token}/confirm`, { headers });
  const me = (token: string) => call(t, 'GET', '/api/v1/me', { token });

  it('the new address confirms; the asking session stays, other sessions end, the old address is told, and it is audited', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const other = await tokenFor(t, p.email);
    const asking = await tokenFor(t, p.email);
    const to = fresh('nora');
    const res = await ask(asking, to);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'sent' });
    await flushMail(t);
    const token = linkToken(smtp, to, '/email-change');
    expect(token).toBeDefined();
    const notice = received(smtp, p.email).at(-1)!;
    expect(notice.subject).toBe('Your Rolecall sign-in email is being changed');
    expect(notice.text).toContain(`${to[0]}***@new.test`);
    expect(notice.text).not.toContain(to);
    // Nothing changes before the link is used.
    expect((await me(asking)).body.user.email).toBe(p.email);

    const done = await confirm(token!);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ email: to });
    expect((await me(asking)).body.user.email).toBe(to);
    expect((await me(other)).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD } })).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: to, password: PASSWORD } })).status).toBe(200);
    await flushMail(t);
    expect(received(smtp, p.email).at(-1)!.subject).toBe('Your Rolecall sign-in email was changed');
    const [changed] = await auditRows(t, 'user.email_changed', p.userId);
    expect(changed).toMatchObject({ org_id: m.orgId, actor_id: p.userId });
    expect(JSON.parse(changed!.before!)).toEqual({ email: p.email });
    expect(await auditRows(t, 'user.email_change_requested', p.userId)).toHaveLength(1);
    // The org's history tells it in words.
    const history = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit`, { token: m.people.owner!.token });
    const told = history.body.items.find((e: { action: string }) => e.action === 'user.email_changed');
    expect(told.summary).toBe('cashier Tester confirmed a new sign-in email.');
    expect(told.changes).toEqual([{ field: 'Email', before: p.email, after: to }]);
    // The team list finds the person by the new address.
    const list = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members?search=${encodeURIComponent(to)}`, { token: m.people.owner!.token });
    expect(list.body.items.map((x: { userId: string }) => x.userId)).toEqual([p.userId]);
  });

  it('a taken address gets the same answer, its owner is told, and nothing changes', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const taken = m.people.owner!.email;
    const free = fresh('free');
    const a = await ask(p.token, taken);
    const b = await ask(p.token, free);
    expect(a.status).toBe(202);
    expect(strip(a.body)).toEqual(strip(b.body));
    await flushMail(t);
    expect(linkToken(smtp, taken, '/email-change')).toBeUndefined();
    expect(received(smtp, taken).at(-1)!.subject).toBe('Someone tried to use this email for a Rolecall account');
    expect((await me(p.token)).body.user.email).toBe(p.email);
    expect((await me(m.people.owner!.token)).body.user.email).toBe(taken);
  });

  it('a link works once, and not after it expires', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const first = fresh('once');
    await ask(p.token, first);
    await flushMail(t);
    const token = linkToken(smtp, first, '/email-change')!;
    expect((await confirm(token)).status).toBe(200);
    const again = await confirm(token);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_token');
    expect(again.body.detail).toBe('This confirmation link is not valid any more; ask for the email change again.');

    const signedIn = await tokenFor(t, first);
    const later = fresh('late');
    await ask(signedIn, later);
    await flushMail(t);
    const expiring = linkToken(smtp, later, '/email-change')!;
    t.clock.advance(24 * 3_600_000 + 1000);
    expect((await confirm(expiring)).body.code).toBe('invalid_token');
    // Nothing changed: the address the first change set still signs in.
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: first, password: PASSWORD } })).status).toBe(200);
  });

  it('a wrong current password is refused, the session stays, and no mail goes out', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const browser = await login(t, p.email, PASSWORD);
    const to = fresh('wrong');
    const res = await ask(undefined, to, 'not my password at all', { cookie: browser.cookie, 'x-csrf-token': browser.csrf });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_current_password');
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: browser.cookie } })).status).toBe(200);
    await flushMail(t);
    expect(received(smtp, to)).toHaveLength(0);
    expect(await auditRows(t, 'auth.email_change_failed', p.userId)).toHaveLength(1);
  });

  it('a password reset after the request cancels it (what the notice to the old address advises)', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const to = fresh('thief');
    await ask(p.token, to);
    await flushMail(t);
    const token = linkToken(smtp, to, '/email-change')!;
    t.clock.advance(1000);
    const changed = await call(t, 'POST', '/api/v1/me/password', { token: await tokenFor(t, p.email), body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase for me' } });
    expect(changed.status).toBe(200);
    expect((await confirm(token)).body.code).toBe('invalid_token');
  });

  it('an admin changes the email of someone in their org only; the new address confirms', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const to = fresh('byadmin');
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${p.userId}/email`, { token: m.people.owner!.token, body: { newEmail: to } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'sent' });
    await flushMail(t);
    expect(received(smtp, to).at(-1)!.text).toContain('An administrator of your organization asked');
    expect((await confirm(linkToken(smtp, to, '/email-change')!)).status).toBe(200);
    expect((await me(p.token)).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: to, password: PASSWORD } })).status).toBe(200);
    const [requested] = await auditRows(t, 'user.email_change_requested', p.userId);
    expect(requested).toMatchObject({ org_id: m.orgId, actor_id: m.people.owner!.userId });
  });

  it('an admin cannot change the email of someone who also belongs to another business; platform support can', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const other = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const invite = await call(t, 'POST', `/api/v1/orgs/${other.orgId}/invitations`, { token: other.people.boss!.token, body: { email: p.email, roles: [{ role: 'org_manager' }] } });
    expect(invite.status).toBe(201);
    const [mail] = (await mailTo(t, p.email)).filter((x) => x.template === 'invitation');
    const inviteToken = /accept-invite#token=([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!;
    expect((await call(t, 'POST', `/api/v1/invitations/${inviteToken}/accept`, { token: p.token, body: {} })).status).toBe(200);

    const to = fresh('shared');
    const refused = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${p.userId}/email`, { token: m.people.owner!.token, body: { newEmail: to } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('shared_profile');
    await flushMail(t);
    expect(received(smtp, to)).toHaveLength(0);

    const staff = await platformStaff(t);
    const bySupport = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${p.userId}/email`, { token: staff.token, body: { newEmail: to, reason: 'ticket 88, identity checked' } });
    expect(bySupport.status).toBe(202);
    // The person themself can always change it.
    expect((await ask(p.token, fresh('self'))).status).toBe(202);
  });

  it('store managers need authority over the member, and nobody uses the admin path for their own email', async () => {
    const m = await team();
    const own = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.owner!.userId}/email`, { token: m.people.owner!.token, body: { newEmail: fresh('own') } });
    expect(own.status).toBe(403);
    const up = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.owner!.userId}/email`, { token: m.people.manager1!.token, body: { newEmail: fresh('up') } });
    expect(up.status).toBe(403);
    const foreign = await team();
    const elsewhere = await call(t, 'POST', `/api/v1/orgs/${foreign.orgId}/members/${foreign.people.cashier!.userId}/email`, { token: m.people.owner!.token, body: { newEmail: fresh('x') } });
    expect(elsewhere.status).toBe(404);
  });

  it('a signed-in browser confirms with its CSRF token; without it nothing changes', async () => {
    const m = await team();
    const p = m.people.cashier!;
    const browser = await login(t, p.email, PASSWORD);
    const to = fresh('browser');
    expect((await ask(undefined, to, PASSWORD, { cookie: browser.cookie, 'x-csrf-token': browser.csrf })).status).toBe(202);
    await flushMail(t);
    const token = linkToken(smtp, to, '/email-change')!;
    const forged = await confirm(token, { cookie: browser.cookie });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('csrf_failed');
    const done = await confirm(token, { cookie: browser.cookie, 'x-csrf-token': browser.csrf });
    expect(done.status).toBe(200);
    // The browser that asked and confirmed stays signed in, now with the new email.
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: browser.cookie } })).body.user.email).toBe(to);
  });

  it('a customer whose profile does not let them change their account details cannot change their email', async () => {
    const m = await createMerchant(t, { preset: 'commerce', storeCount: 1, team: { admin: () => [{ role: 'global_admin' }] } });
    const c = await audienceMember(t, m.orgId, await profileWith(t, m.orgId, 'view'));
    const res = await ask(c.token, fresh('cust'));
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('does not let you change your account details');
  });
});

describe.each(dialects())('sign-in email change rate limit (%s)', (dialect) => {
  let t: TestApp;
  let smtp: Smtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { smtpUrl: smtp.url, authRateAccountPerMinute: 3 });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('asks beyond the per-account budget answer 429 and send nothing', async () => {
    const m = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }] } });
    const token = m.people.owner!.token;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await call(t, 'POST', '/api/v1/me/email', { token, body: { newEmail: `r${i}-${newId().slice(-6)}@new.test`, currentPassword: PASSWORD } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});
