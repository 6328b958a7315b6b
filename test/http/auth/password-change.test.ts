import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, PASSWORD } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { auditRows, login } from './auth-helpers.js';

const NEW_PASSWORD = 'a fresh passphrase for the till';

/** A wrong current password is a mistake to fix, not a signed-out session (issue 16, item 3). */
describe.each(dialects())('changing the password with a wrong current one (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  const person = async () => (await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } })).people.cashier!;

  it('answers 400 invalid_current_password in plain words, and the browser session stays signed in', async () => {
    const p = await person();
    const browser = await login(t, p.email, PASSWORD);
    const headers = { cookie: browser.cookie, 'x-csrf-token': browser.csrf, origin: t.baseUrl, 'sec-fetch-site': 'same-origin' };
    const wrong = await call(t, 'POST', '/api/v1/me/password', { headers, body: { currentPassword: 'not my current password', newPassword: NEW_PASSWORD } });
    expect(`${wrong.status} ${wrong.body.code}`).toBe('400 invalid_current_password');
    expect(wrong.body.detail).toBe('The current password you entered is not correct. Check it and try again.');
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('rc_session='))).toBe(false);
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: browser.cookie } })).status).toBe(200);
    expect(await auditRows(t, 'auth.password_change_failed', p.userId)).toHaveLength(1);
    // The right one still works from the same session.
    const ok = await call(t, 'POST', '/api/v1/me/password', { headers, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(ok.status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: browser.cookie } })).status).toBe(200);
  });

  it('wrong guesses still count toward the lockout; while locked the answer says so, and the session stays', async () => {
    const p = await person();
    for (let i = 0; i < t.deps.config.lockoutThreshold; i++) {
      const res = await call(t, 'POST', '/api/v1/me/password', { token: p.token, body: { currentPassword: `wrong guess ${i} at it`, newPassword: NEW_PASSWORD } });
      expect(`${res.status} ${res.body.code}`).toBe('400 invalid_current_password');
    }
    const locked = await call(t, 'POST', '/api/v1/me/password', { token: p.token, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(`${locked.status} ${locked.body.code}`).toBe('423 account_locked');
    expect(locked.body.detail).toMatch(/paused for \d+ minutes/);
    expect(await auditRows(t, 'auth.locked', p.userId)).toHaveLength(1);
    expect((await call(t, 'GET', '/api/v1/me', { token: p.token })).status).toBe(200);
    // Sign-in answers the same generic refusal as before while locked.
    const signIn = await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD } });
    expect(`${signIn.status} ${signIn.body.code}`).toBe('401 invalid_credentials');
  });
});
