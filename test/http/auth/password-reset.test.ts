import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, PASSWORD, platformStaff, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { auditRows, login, mailTo, resetTokenFor } from './auth-helpers.js';

const NEW_PASSWORD = 'four random words make a phrase';
const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });

describe.each(dialects())('password reset (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  const person = async () => (await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } })).people.cashier!;
  const forgot = (email: string) => call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email } });
  const reset = (token: string, password = NEW_PASSWORD) => call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password } });

  it('forgot answers identically for known and unknown emails; only the known one gets mail', async () => {
    const p = await person();
    const known = await forgot(p.email);
    const unknown = await forgot('no-such-person@shop.test');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(known.body).toEqual({ status: 'sent' });
    expect((await mailTo(t, p.email)).filter((x) => x.template === 'password_reset')).toHaveLength(1);
    expect(await mailTo(t, 'no-such-person@shop.test')).toHaveLength(0);
    const link = (await mailTo(t, p.email))[0]!.text_body;
    expect(link).toContain('http://rolecall.test/reset-password#token=');
  });

  it('the link is built from the configured public URL, never from Host / X-Forwarded-Host', async () => {
    const p = await person();
    await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: p.email }, headers: { 'x-forwarded-host': 'evil.example', host: 'evil.example' } });
    const [mail] = await mailTo(t, p.email);
    expect(mail!.text_body).not.toContain('evil.example');
    expect(mail!.html_body).not.toContain('evil.example');
  });

  it('reset answers identically for an unknown and a spent token', async () => {
    const p = await person();
    await forgot(p.email);
    const token = await resetTokenFor(t, p.email);
    expect((await reset(token)).status).toBe(200);
    const spent = await reset(token, 'yet another long passphrase here');
    const unknown = await reset('A'.repeat(43), 'yet another long passphrase here');
    expect(spent.status).toBe(400);
    expect(spent.body.code).toBe('invalid_token');
    expect(strip(spent.body)).toEqual(strip(unknown.body));
  });

  it('the token is single-use, ends every session, clears nothing else, and the user is told', async () => {
    const p = await person();
    const browser = await login(t, p.email, PASSWORD);
    await forgot(p.email);
    const token = await resetTokenFor(t, p.email);
    expect((await reset(token)).status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: browser.cookie } })).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD } })).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: NEW_PASSWORD } })).status).toBe(200);
    expect((await mailTo(t, p.email)).map((m) => m.template)).toContain('password_changed');
    expect(await auditRows(t, 'auth.password_reset', p.userId)).toHaveLength(1);
  });

  it('the token expires after 30 minutes and is superseded by a newer request', async () => {
    const p = await person();
    await forgot(p.email);
    const first = await resetTokenFor(t, p.email);
    t.clock.advance(1000);
    await forgot(p.email);
    const second = await resetTokenFor(t, p.email);
    expect(second).not.toBe(first);
    expect((await reset(first)).body.code).toBe('invalid_token');
    t.clock.advance(30 * 60_000);
    expect((await reset(second)).body.code).toBe('invalid_token');
    await forgot(p.email);
    t.clock.advance(29 * 60_000);
    expect((await reset(await resetTokenFor(t, p.email))).status).toBe(200);
  });

  it('a weak new password is refused and does not burn the token', async () => {
    const p = await person();
    await forgot(p.email);
    const token = await resetTokenFor(t, p.email);
    expect((await reset(token, 'short')).body.code).toBe('weak_password');
    expect((await reset(token, 'passwordpassword')).body.code).toBe('weak_password');
    expect((await reset(token)).status).toBe(200);
  });

  it('an admin starts a reset within the delegation rules and never sees the token', async () => {
    const m = await posTeam(t);
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}/password-reset`, { token: m.people.manager1!.token, body: {} });
    expect(res.status).toBe(202);
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
    const token = await resetTokenFor(t, m.people.cashier1!.email);
    expect((await reset(token)).status).toBe(200);
    // manager1 has no authority over a store-2 member, a cashier none at all, another org sees 404.
    expect((await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.stocker2!.userId}/password-reset`, { token: m.people.manager1!.token, body: {} })).status).toBe(403);
    expect((await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.stocker2!.userId}/password-reset`, { token: m.people.cashier12!.token, body: {} })).status).toBe(403);
    const other = await posTeam(t);
    expect((await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.stocker2!.userId}/password-reset`, { token: other.people.owner!.token, body: {} })).status).toBe(404);
    expect(await auditRows(t, 'member.password_reset_started', m.people.cashier1!.userId)).toHaveLength(1);
  });

  it('the development outbox lists messages newest first to platform staff, and is off with SMTP or in production', async () => {
    const p = await person();
    await forgot(p.email);
    // Staff only (test/http/auth/dev-mailbox.test.ts has the refusals).
    const res = await call(t, 'GET', '/api/v1/dev/mail', { token: (await platformStaff(t)).token });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ to: p.email, subject: 'Reset your Rolecall password', status: 'pending' });
    for (const overrides of [{ smtpUrl: 'smtp://127.0.0.1:1' }, { production: true }]) {
      const other = await startTestApp(dialect, overrides);
      try {
        expect((await call(other, 'GET', '/api/v1/dev/mail')).status).toBe(404);
      } finally {
        await other.close();
      }
    }
  });
});

describe.each(dialects())('credential rate limits (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { authRateIpPerMinute: 6, authRateAccountPerMinute: 3, lockoutThreshold: 100 });
  });
  afterAll(() => t.close());

  it('limits per account (canonical email) and per IP on sign-in and forgot', async () => {
    const statuses: number[] = [];
    for (const email of ['Rate@Shop.test', ' rate@shop.test', 'rate@shop.test', 'RATE@shop.test']) {
      statuses.push((await call(t, 'POST', '/api/v1/auth/token', { body: { email, password: 'whatever it is here' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const ip: number[] = [];
    for (let i = 0; i < 7; i++) ip.push((await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: `someone${i}@shop.test` } })).status);
    expect(ip.slice(0, 6).every((s) => s === 202)).toBe(true);
    const last = await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: 'someone-else@shop.test' } });
    expect(last.status).toBe(429);
    expect(last.body.code).toBe('rate_limited');
  });
});
