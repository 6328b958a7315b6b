import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/services/users.js';
import { createMerchant, type Merchant, PASSWORD, platformStaff } from '../../fixtures/merchant.js';
import { totpCode } from '../../fixtures/second-factor.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { auditRows, login } from './auth-helpers.js';

describe.each(dialects())('second factor (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { lockoutThreshold: 5, lockoutMinutes: 15 });
  });
  afterAll(() => t.close());

  const shop = (): Promise<Merchant> =>
    createMerchant(t, {
      storeCount: 1,
      team: { owner: () => [{ role: 'org_admin' }], manager: () => [{ role: 'org_manager' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] },
    });
  const token = (email: string, password = PASSWORD) => call(t, 'POST', '/api/v1/auth/token', { body: { email, password } });
  const second = (body: Record<string, unknown>) => call(t, 'POST', '/api/v1/auth/token/second-factor', { body });
  /** The next 30-second step, so a code is not the one enrolment just used. */
  const nextStep = () => t.clock.advance(30_000);

  /** Enrols an authenticator app for the holder of `bearer`; returns its secret and recovery codes. */
  async function enrolTotp(bearer: string): Promise<{ secret: string; codes: string[] }> {
    const start = await call(t, 'POST', '/api/v1/me/second-factor/totp', { token: bearer });
    expect(start.status).toBe(200);
    expect(start.body.uri).toMatch(/^otpauth:\/\/totp\/Rolecall:/);
    const confirm = await call(t, 'POST', '/api/v1/me/second-factor/totp/confirm', { token: bearer, body: { code: totpCode(t, start.body.secret) } });
    expect(confirm.status).toBe(200);
    return { secret: start.body.secret, codes: confirm.body.recoveryCodes };
  }

  it('enrols TOTP only with a confirming code, shows 10 recovery codes once, ends the other sessions, and the sign-in then needs the code', async () => {
    const m = await shop();
    const p = m.people.cashier!;
    const other = (await token(p.email)).body.token as string;
    // A second sign-in of the same user ended the fixture's (single session); sign in anew as the enrolling session.
    const bearer = (await token(p.email)).body.token as string;
    const start = await call(t, 'POST', '/api/v1/me/second-factor/totp', { token: bearer });
    const wrong = await call(t, 'POST', '/api/v1/me/second-factor/totp/confirm', { token: bearer, body: { code: '000000' === totpCode(t, start.body.secret) ? '111111' : '000000' } });
    expect(`${wrong.status} ${wrong.body.code}`).toBe('400 invalid_code');
    expect((await call(t, 'GET', '/api/v1/me/second-factor', { token: bearer })).body.factors).toEqual([]);
    const confirm = await call(t, 'POST', '/api/v1/me/second-factor/totp/confirm', { token: bearer, body: { code: totpCode(t, start.body.secret) } });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirm.body.recoveryCodes).size).toBe(10);
    // Stored only hashed.
    const stored = await t.deps.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', p.userId).execute();
    expect(stored.some((r) => confirm.body.recoveryCodes.some((c: string) => r.code_hash.includes(c) || r.code_hash.includes(c.replace(/-/g, ''))))).toBe(false);
    expect((await auditRows(t, 'second_factor.enrolled', p.userId)).map((r) => JSON.parse(r.after ?? '{}').kind)).toEqual(['totp']);
    expect((await call(t, 'GET', '/api/v1/me', { token: other })).status).toBe(401);
    const status = (await call(t, 'GET', '/api/v1/me/second-factor', { token: bearer })).body;
    expect(status).toMatchObject({ required: null, restricted: false, sessionVerified: true, recoveryCodesLeft: 10 });
    expect(status.factors.map((f: { kind: string }) => f.kind)).toEqual(['totp']);
    // A second confirm is refused: the TOTP is set up.
    expect((await call(t, 'POST', '/api/v1/me/second-factor/totp', { token: bearer })).body.code).toBe('conflict');

    const pending = await token(p.email);
    expect(pending.status).toBe(202);
    expect(pending.body).toMatchObject({ status: 'second_factor_required', methods: ['totp', 'recovery_code'], passkeyOptions: null });
    expect(pending.body.token).toBeUndefined();
    nextStep();
    const done = await second({ signInToken: pending.body.signInToken, totpCode: totpCode(t, start.body.secret) });
    expect(done.status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { token: done.body.token })).status).toBe(200);
    const signedIn = await auditRows(t, 'auth.signed_in');
    expect(JSON.parse(signedIn.at(-1)!.after ?? '{}')).toEqual({ kind: 'token', secondFactor: 'totp' });
    // The pending sign-in is used up.
    expect((await second({ signInToken: pending.body.signInToken, totpCode: totpCode(t, start.body.secret) })).body.code).toBe('sign_in_expired');
  });

  it('a code is refused when used again within its window, and a pending sign-in expires after five minutes', async () => {
    const m = await shop();
    const p = m.people.cashier!;
    const { secret } = await enrolTotp(p.token);
    nextStep();
    const code = totpCode(t, secret);
    const first = await token(p.email);
    expect((await second({ signInToken: first.body.signInToken, totpCode: code })).status).toBe(200);
    const again = await token(p.email);
    const reused = await second({ signInToken: again.body.signInToken, totpCode: code });
    expect(`${reused.status} ${reused.body.code}`).toBe('401 second_factor_failed');
    // An earlier step than the last one used is refused too.
    expect((await second({ signInToken: again.body.signInToken, totpCode: totpCode(t, secret, -1) })).body.code).toBe('second_factor_failed');
    const late = await token(p.email);
    t.clock.advance(5 * 60_000 + 1);
    expect((await second({ signInToken: late.body.signInToken, totpCode: totpCode(t, secret) })).body.code).toBe('sign_in_expired');
    // Parallel use of one fresh code: one session at most.
    nextStep();
    const [a, b] = [await token(p.email), await token(p.email)];
    const fresh = totpCode(t, secret);
    const raced = await Promise.all([second({ signInToken: a.body.signInToken, totpCode: fresh }), second({ signInToken: b.body.signInToken, totpCode: fresh })]);
    expect(raced.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('wrong codes count toward the lockout, typing the password again does not reset them, and the lock answers account_locked', async () => {
    const m = await shop();
    const p = m.people.cashier!;
    const { secret } = await enrolTotp(p.token);
    nextStep();
    const bad = totpCode(t, secret) === '123456' ? '654321' : '123456';
    const one = await token(p.email);
    for (let i = 0; i < 3; i++) expect((await second({ signInToken: one.body.signInToken, totpCode: bad })).body.code).toBe('second_factor_failed');
    const two = await token(p.email);
    expect(two.status).toBe(202);
    expect((await second({ signInToken: two.body.signInToken, totpCode: bad })).body.code).toBe('second_factor_failed');
    const locked = await second({ signInToken: two.body.signInToken, totpCode: bad });
    expect(`${locked.status} ${locked.body.code}`).toBe('423 account_locked');
    expect(await auditRows(t, 'auth.locked', p.userId)).toHaveLength(1);
    expect((await auditRows(t, 'auth.second_factor_failed', p.userId)).length).toBe(5);
    // Locked: the password answers the generic refusal, and the right code no longer helps.
    expect((await token(p.email)).body.code).toBe('invalid_credentials');
    expect((await second({ signInToken: two.body.signInToken, totpCode: totpCode(t, secret) })).body.code).toBe('sign_in_expired');
    t.clock.advance(15 * 60_000 + 1);
    const after = await token(p.email);
    expect((await second({ signInToken: after.body.signInToken, totpCode: totpCode(t, secret) })).status).toBe(200);
    const row = await t.deps.db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('id', '=', p.userId).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_sign_ins: 0, locked_until: null });
  });

  it('parallel wrong codes never get more than N evaluated; a password reset ends an open second step', async () => {
    const m = await shop();
    const p = m.people.cashier!;
    const { secret } = await enrolTotp(p.token);
    nextStep();
    const bad = totpCode(t, secret) === '123456' ? '654321' : '123456';
    const pending = await token(p.email);
    const answers = await Promise.all(Array.from({ length: 12 }, () => second({ signInToken: pending.body.signInToken, totpCode: bad })));
    expect(answers.every((a) => a.status === 401 || a.status === 423)).toBe(true);
    const failures = await auditRows(t, 'auth.second_factor_failed', p.userId);
    expect(failures.filter((f) => JSON.parse(f.after ?? '{}').reason === 'wrong_code')).toHaveLength(5);
    expect(await auditRows(t, 'auth.locked', p.userId)).toHaveLength(1);

    const other = await shop();
    const q = other.people.cashier!;
    const { secret: s2 } = await enrolTotp(q.token);
    nextStep();
    const open = await token(q.email);
    expect((await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: q.email } })).status).toBe(202);
    const { resetTokenFor } = await import('./auth-helpers.js');
    const reset = await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token: await resetTokenFor(t, q.email), password: 'a brand new passphrase for the till' } });
    expect(reset.status).toBe(200);
    expect((await second({ signInToken: open.body.signInToken, totpCode: totpCode(t, s2) })).body.code).toBe('sign_in_expired');
  });

  it('the second step is rate limited per pending sign-in', async () => {
    const limited = await startTestApp(dialect, { authRateAccountPerMinute: 3 });
    try {
      const m = await createMerchant(limited, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }] } });
      const p = m.people.owner!;
      const start = await call(limited, 'POST', '/api/v1/me/second-factor/totp', { token: p.token });
      await call(limited, 'POST', '/api/v1/me/second-factor/totp/confirm', { token: p.token, body: { code: totpCode(limited, start.body.secret) } });
      const pending = await call(limited, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD } });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await call(limited, 'POST', '/api/v1/auth/token/second-factor', { body: { signInToken: pending.body.signInToken, totpCode: '000001' } })).body.code);
      expect(codes.at(-1)).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('a recovery code signs in once, is audited, and the browser gets its cookie', async () => {
    const m = await shop();
    const p = m.people.cashier!;
    const { codes } = await enrolTotp(p.token);
    const pending = await login(t, p.email, PASSWORD);
    expect(pending.status).toBe(202);
    expect(pending.cookie).toBe('');
    const res = await call(t, 'POST', '/api/v1/auth/login/second-factor', { body: { signInToken: pending.body.signInToken, recoveryCode: ` ${codes[0]!.toLowerCase()} ` } });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rc_session='))!.split(';')[0]!;
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie } })).status).toBe(200);
    expect(JSON.parse((await auditRows(t, 'second_factor.recovery_code_used', p.userId))[0]!.after ?? '{}')).toEqual({ left: 9 });
    const again = await token(p.email);
    expect((await second({ signInToken: again.body.signInToken, recoveryCode: codes[0] })).body.code).toBe('second_factor_failed');
    // The cookie flow's token cannot finish a token sign-in (and the reverse).
    const cookieFlow = await login(t, p.email, PASSWORD);
    expect((await second({ signInToken: cookieFlow.body.signInToken, recoveryCode: codes[1] })).body.code).toBe('sign_in_expired');
    // New codes replace the old ones.
    const fresh = await call(t, 'POST', '/api/v1/me/second-factor/recovery-codes', { headers: { cookie, 'x-csrf-token': res.body.csrfToken } });
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const next = await token(p.email);
    expect((await second({ signInToken: next.body.signInToken, recoveryCode: codes[2] })).body.code).toBe('second_factor_failed');
    expect((await second({ signInToken: next.body.signInToken, recoveryCode: fresh.body.recoveryCodes[0] })).status).toBe(200);
  });

  it('platform staff without a factor get a session that can only enrol; confirming a code upgrades it', async () => {
    const email = `new-staff-${Date.now()}@platform.test`;
    await createUser(t.deps.db, t.deps, t.clock.now(), { email, password: PASSWORD, platformRole: 'support_agent', firstName: 'Nia', lastName: 'New' });
    const res = await token(email);
    expect(res.status).toBe(200);
    const bearer = res.body.token as string;
    for (const [method, path] of [
      ['GET', '/api/v1/support/dashboard'],
      ['GET', '/api/v1/orgs'],
      ['GET', '/api/v1/me/sessions'],
      ['POST', '/api/v1/me/second-factor/recovery-codes'],
    ] as const) {
      const r = await call(t, method, path, { token: bearer });
      expect(`${r.status} ${r.body.code}`, path).toBe('403 second_factor_required');
    }
    expect((await call(t, 'GET', '/api/v1/me', { token: bearer })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me/second-factor', { token: bearer })).body).toMatchObject({ required: 'platform_staff', restricted: true, sessionVerified: false });
    await enrolTotp(bearer);
    expect((await call(t, 'GET', '/api/v1/support/dashboard', { token: bearer })).status).toBe(200);
    // The last factor of someone who must have one stays.
    const status = (await call(t, 'GET', '/api/v1/me/second-factor', { token: bearer })).body;
    const remove = await call(t, 'DELETE', `/api/v1/me/second-factor/factors/${status.factors[0].id}`, { token: bearer });
    expect(`${remove.status} ${remove.body.code}`).toBe('409 conflict');
    // Logout works from a restricted session too.
    const another = await createUser(t.deps.db, t.deps, t.clock.now(), { email: `x${email}`, password: PASSWORD, platformRole: 'support_admin', firstName: 'Ola', lastName: 'Other' });
    const restricted = (await token(`x${email}`)).body.token as string;
    expect((await call(t, 'POST', '/api/v1/auth/logout', { token: restricted })).status).toBe(204);
    expect(another.id).toBeTruthy();
  });

  it("an org's setting requires a factor of its top admins (set by a top admin only), on their next request", async () => {
    const m = await shop();
    const owner = m.people.owner!;
    const manager = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}`, { token: m.people.manager!.token, body: { settings: { requireAdminSecondFactor: true } } });
    expect(manager.status).toBe(403);
    const set = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}`, { token: owner.token, body: { settings: { requireAdminSecondFactor: true } } });
    expect(set.status).toBe(200);
    expect(set.body.settings.requireAdminSecondFactor).toBe(true);
    const members = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: owner.token });
    expect(`${members.status} ${members.body.code}`).toBe('403 second_factor_required');
    expect((await call(t, 'GET', '/api/v1/me/second-factor', { token: owner.token })).body).toMatchObject({ required: 'org_admin', restricted: true });
    // Members who are not top admins are not affected.
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: m.people.manager!.token })).status).toBe(200);
    const { secret } = await enrolTotp(owner.token);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: owner.token })).status).toBe(200);
    // A new sign-in goes through the second step.
    nextStep();
    const pending = await token(owner.email);
    expect(pending.status).toBe(202);
    expect((await second({ signInToken: pending.body.signInToken, totpCode: totpCode(t, secret) })).status).toBe(200);
  });

  it('a top admin resets a member\'s factor (audited, sessions end); support does it with a reason; nobody else may', async () => {
    const m = await shop();
    const cashier = m.people.cashier!;
    await enrolTotp(cashier.token);
    const byManager = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${cashier.userId}/second-factor/reset`, { token: m.people.manager!.token, body: {} });
    expect(`${byManager.status} ${byManager.body.code}`).toBe('403 forbidden');
    const other = await shop();
    const foreign = await call(t, 'POST', `/api/v1/orgs/${other.orgId}/members/${cashier.userId}/second-factor/reset`, { token: other.people.owner!.token, body: {} });
    expect(foreign.status).toBe(404);
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${cashier.userId}/second-factor/reset`, { token: m.people.owner!.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ factorsRemoved: 1, sessionsEnded: 1 });
    expect((await call(t, 'GET', '/api/v1/me', { token: cashier.token })).status).toBe(401);
    const [event] = await auditRows(t, 'second_factor.reset', cashier.userId);
    expect(event).toMatchObject({ org_id: m.orgId, actor_id: m.people.owner!.userId });
    // The password alone signs in again, ready to enrol anew.
    const fresh = await token(cashier.email);
    expect(fresh.status).toBe(200);
    const { codes } = await enrolTotp(fresh.body.token);

    const staff = await platformStaff(t, 'support_agent');
    const noReason = await call(t, 'POST', `/api/v1/users/${cashier.userId}/second-factor/reset`, { token: staff.token, body: {} });
    expect(`${noReason.status} ${noReason.body.code}`).toBe('400 validation_failed');
    const byMember = await call(t, 'POST', `/api/v1/users/${cashier.userId}/second-factor/reset`, { token: m.people.owner!.token, body: { reason: 'x' } });
    expect(byMember.status).toBe(403);
    const bySupport = await call(t, 'POST', `/api/v1/users/${cashier.userId}/second-factor/reset`, { token: staff.token, body: { reason: 'Ticket 77: lost phone, identity checked' } });
    expect(bySupport.status).toBe(200);
    const events = await auditRows(t, 'second_factor.reset', cashier.userId);
    expect(events.at(-1)).toMatchObject({ org_id: null, actor_id: staff.userId, reason: 'Ticket 77: lost phone, identity checked' });
    // The recovery codes went with the factor.
    expect((await token(cashier.email)).status).toBe(200);
    expect(codes).toHaveLength(10);
    // A support agent cannot reset another staff member's factor; a member's org route refuses staff.
    const admin = await platformStaff(t, 'support_admin');
    expect((await call(t, 'POST', `/api/v1/users/${admin.userId}/second-factor/reset`, { token: staff.token, body: { reason: 'r' } })).status).toBe(403);
  });

  it('removing my own factor needs a session that completed one, and the last one takes the recovery codes with it', async () => {
    const m = await shop();
    const p = m.people.cashier!;
    await enrolTotp(p.token);
    const status = (await call(t, 'GET', '/api/v1/me/second-factor', { token: p.token })).body;
    const removed = await call(t, 'DELETE', `/api/v1/me/second-factor/factors/${status.factors[0].id}`, { token: p.token });
    expect(removed.status).toBe(204);
    expect((await call(t, 'GET', '/api/v1/me/second-factor', { token: p.token })).body).toMatchObject({ factors: [], recoveryCodesLeft: 0 });
    expect(await auditRows(t, 'second_factor.removed', p.userId)).toHaveLength(1);
    expect((await token(p.email)).status).toBe(200);
  });
});
