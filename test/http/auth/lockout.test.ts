import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, PASSWORD } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { auditRows, mailTo, resetTokenFor } from './auth-helpers.js';

const NEW_PASSWORD = 'a brand new passphrase for the till';

describe.each(dialects())('lockout (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { lockoutThreshold: 5, lockoutMinutes: 15 });
  });
  afterAll(() => t.close());

  const person = async () => (await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } })).people.cashier!;
  const signIn = (email: string, password: string) => call(t, 'POST', '/api/v1/auth/token', { body: { email, password } });

  it('locks after N failures with the same generic answer, and unlocks when the lock runs out', async () => {
    const p = await person();
    for (let i = 0; i < 5; i++) {
      const res = await signIn(p.email, 'wrong password number one');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('invalid_credentials');
    }
    const locked = await signIn(p.email, PASSWORD);
    const unknown = await signIn('nobody-at-all@shop.test', PASSWORD);
    // Locked answers exactly like an unknown account (no enumeration), apart from per-request ids.
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(locked.status).toBe(401);
    expect(strip(locked.body)).toEqual(strip(unknown.body));
    expect(await auditRows(t, 'auth.locked', p.userId)).toHaveLength(1);
    expect((await mailTo(t, p.email)).map((m) => m.template)).toContain('account_locked');

    t.clock.advance(14 * 60_000);
    expect((await signIn(p.email, PASSWORD)).status).toBe(401);
    t.clock.advance(60_000 + 1);
    expect((await signIn(p.email, PASSWORD)).status).toBe(200);
    const row = await t.deps.db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_sign_ins: 0, locked_until: null });
  });

  it('a successful sign-in resets the counter', async () => {
    const p = await person();
    for (let i = 0; i < 4; i++) await signIn(p.email, 'wrong password number two');
    expect((await signIn(p.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) await signIn(p.email, 'wrong password number two');
    expect((await signIn(p.email, PASSWORD)).status).toBe(200);
  });

  it('counts per canonical email: case and surrounding spaces do not get a fresh budget', async () => {
    const p = await person();
    for (const variant of [p.email.toUpperCase(), ` ${p.email} `, p.email, p.email.toUpperCase(), p.email]) await signIn(variant, 'wrong password number three');
    expect((await signIn(p.email, PASSWORD)).status).toBe(401);
  });

  it('parallel wrong passwords never get more than N guesses evaluated (CVE-2024-4629)', async () => {
    const p = await person();
    const results = await Promise.all(Array.from({ length: 20 }, () => signIn(p.email, 'parallel wrong password guess')));
    expect(results.every((r) => r.status === 401 && r.body.code === 'invalid_credentials')).toBe(true);
    const failures = await auditRows(t, 'auth.sign_in_failed', p.userId);
    const evaluated = failures.filter((f) => JSON.parse(f.after ?? '{}').reason === 'wrong_password');
    expect(evaluated).toHaveLength(5);
    expect(failures).toHaveLength(20);
    expect(await auditRows(t, 'auth.locked', p.userId)).toHaveLength(1);
    expect((await signIn(p.email, PASSWORD)).status).toBe(401);
  });

  it('a completed password reset clears the lock at once', async () => {
    const p = await person();
    for (let i = 0; i < 5; i++) await signIn(p.email, 'wrong password number four');
    expect((await signIn(p.email, PASSWORD)).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: p.email } })).status).toBe(202);
    const token = await resetTokenFor(t, p.email);
    expect((await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password: NEW_PASSWORD } })).status).toBe(200);
    expect((await signIn(p.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('admins see the lock through the platform lookup', async () => {
    const p = await person();
    for (let i = 0; i < 5; i++) await signIn(p.email, 'wrong password number five');
    const { platformStaff } = await import('../../fixtures/merchant.js');
    const staff = await platformStaff(t);
    const res = await call(t, 'GET', `/api/v1/users?email=${encodeURIComponent(p.email.toUpperCase())}`, { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ id: p.userId, locked: true, failedSignIns: 5 });
    expect(res.body.items[0].lastSignInAt).not.toBeNull();
  });
});
