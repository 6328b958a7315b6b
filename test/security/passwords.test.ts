import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.js';
import { createMerchant, type Merchant, PASSWORD, tokenFor } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { auditRows, mailTo, resetTokenFor } from '../http/auth/auth-helpers.js';
import { invite, mailFor } from '../http/invitations/helpers.js';
import { comparable, login, snapshot } from './security-helpers.js';

describe.each(dialects())('Passwords and sign-in (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp(dialect, { lockoutThreshold: 5, lockoutMinutes: 15 });
    m = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
  });
  afterAll(() => t.close());

  /** A fresh user of org-less kind, created directly (cheap). */
  async function person(password = PASSWORD) {
    const email = `pw-${dialect}-${++n}@shop.test`;
    const user = await createUser(t.deps.db, t.deps, t.deps.clock(), { email, password, firstName: 'Pat', lastName: 'Word' });
    return { email, userId: user.id };
  }
  const signIn = (email: string, password: string) => call(t, 'POST', '/api/v1/auth/token', { body: { email, password } });
  /** forgot → emailed token → reset to `password`; the reset's answer. */
  async function resetTo(email: string, password: string) {
    await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email } });
    return call(t, 'POST', '/api/v1/auth/password/reset', { body: { token: await resetTokenFor(t, email), password } });
  }

  it('[6.2.1] fewer than 15 characters is refused; 15 is enough; [6.2.8] no composition rules', async () => {
    const p = await person();
    const short = await resetTo(p.email, 'fourteen chars');
    expect(`${short.status} ${short.body.code}`).toBe('400 weak_password');
    // Lower-case words only, no digits or symbols: accepted.
    expect((await resetTo(p.email, 'fifteen letters')).status).toBe(200);
    expect((await signIn(p.email, 'fifteen letters')).status).toBe(200);
  });

  it('[6.2.9] 64+ characters accepted, [6.2.12] no truncation, no case folding', async () => {
    const p = await person();
    const long = 'a very long passphrase about tills, stores and staff rotas '.repeat(4); // 236 chars
    expect((await resetTo(p.email, long)).status).toBe(200);
    expect((await signIn(p.email, long)).status).toBe(200);
    // bcrypt-style truncation at 72 bytes would accept the prefix; case folding would accept upper case.
    expect((await signIn(p.email, long.slice(0, 72))).status).toBe(401);
    expect((await signIn(p.email, long.toUpperCase())).status).toBe(401);
  });

  it('[6.2.5] Unicode allowed and NFKC-normalised before hashing', async () => {
    const p = await person();
    const fullwidth = 'ｃａｆé ｄｅｓ ｃａｉｓｓｅｓ ｅｎｒｅｇｉｓｔｒｅｕｓｅｓ'; // full-width forms, NFKC → ASCII + é
    expect((await resetTo(p.email, fullwidth)).status).toBe(200);
    expect((await signIn(p.email, fullwidth.normalize('NFKC'))).status).toBe(200);
    // é as e + combining accent (NFD) is the same password after normalisation.
    expect((await signIn(p.email, fullwidth.normalize('NFKD'))).status).toBe(200);
  });

  it('[6.2.4] a password on the common/breached list is refused', async () => {
    const p = await person();
    for (const weak of ['passwordpassword', 'iloveyouiloveyou', 'aaaaaaaaaaaaaaaa']) {
      const res = await resetTo(p.email, weak);
      expect(`${res.status} ${res.body.code}`, weak).toBe('400 weak_password');
    }
  });

  it('[6.2.4] sequences, keyboard patterns and context words are refused on reset and on invitation accept', async () => {
    const p = await person();
    const { token } = await invite(t, m.orgId, m.people.owner!.token, { email: `weak-${dialect}@elsewhere.test`, roles: [{ role: 'org_manager' }] });
    const orgName = (await t.deps.db.selectFrom('orgs').select('name').where('id', '=', m.orgId).executeTakeFirstOrThrow()).name;
    for (const weak of ['1234567890123456', 'qwertyuiopasdfghjkl', '1q2w3e4r5t6y7u8i9o0p', 'my rolecall password', `${orgName} 123456789`]) {
      // The org's name is context for its members: the cashier's reset, not the org-less person's.
      const reset = await resetTo(weak.startsWith(orgName) ? m.people.cashier!.email : p.email, weak);
      expect(`${reset.status} ${reset.body.code}`, `reset ${weak}`).toBe('400 weak_password');
      const accept = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { firstName: 'Wendy', lastName: 'Eakins', password: weak } });
      expect(`${accept.status} ${accept.body.code}`, `accept ${weak}`).toBe('400 weak_password');
    }
    // A phrase of unrelated words is fine on both.
    expect((await resetTo(p.email, 'purple walrus juggles seven lanterns')).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { firstName: 'Wendy', lastName: 'Eakins', password: 'purple walrus juggles seven lanterns' } })).status).toBe(200);
  });

  it('bodies over a sane size are refused before hashing: a 1 MB password → 413, a 5,000-char one → 400, neither evaluated', async () => {
    const p = await person();
    const huge = await signIn(p.email, 'x'.repeat(1024 * 1024));
    expect(`${huge.status} ${huge.body.code}`).toBe('413 payload_too_large');
    const big = await signIn(p.email, 'x'.repeat(5000));
    expect(`${big.status} ${big.body.code}`).toBe('400 validation_failed');
    const reset = await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token: 'a'.repeat(43), password: 'y'.repeat(1024 * 1024) } });
    expect(reset.status).toBe(413);
    // Neither reached the sign-in logic: no failure was counted or audited.
    expect(await auditRows(t, 'auth.sign_in_failed', p.userId)).toHaveLength(0);
  });

  it('[6.2.3] changing a password needs the current one; [6.3.7] the user is told by email after a change and after a reset', async () => {
    const p = await person();
    const token = await tokenFor(t, p.email);
    const wrong = await call(t, 'POST', '/api/v1/me/password', { token: await tokenFor(t, p.email), body: { currentPassword: 'not the current password', newPassword: 'another long passphrase here' } });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect((await signIn(p.email, PASSWORD)).status).toBe(200);
    expect(token).toBeTruthy();
    const fresh = await tokenFor(t, p.email);
    const ok = await call(t, 'POST', '/api/v1/me/password', { token: fresh, body: { currentPassword: PASSWORD, newPassword: 'another long passphrase here' } });
    expect(ok.status).toBe(200);
    expect((await resetTo(p.email, 'and a third long passphrase')).status).toBe(200);
    const notices = (await mailTo(t, p.email)).filter((mail) => mail.template === 'password_changed');
    expect(notices).toHaveLength(2);
  });

  it('[6.4.6] an admin can start a reset but never sees or sets the password', async () => {
    const url = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier!.userId}/password-reset`;
    const owner = await tokenFor(t, m.people.owner!.email);
    const res = await call(t, 'POST', url, { token: owner, body: {} });
    expect(res.status).toBe(202);
    const token = await resetTokenFor(t, m.people.cashier!.email);
    expect(JSON.stringify(res.body)).not.toContain(token);
    const set = await call(t, 'POST', url, { token: owner, body: { password: 'admin chosen passphrase' } });
    expect(`${set.status} ${set.body.code}`).toBe('400 validation_failed');
  });

  it('[6.3.1] [6.1.1] lockout counts per account across every credential path (token, cookie login) and answers the same generic error while locked', async () => {
    const p = await person();
    for (let i = 0; i < 3; i++) await signIn(p.email, 'wrong guess on the token path');
    for (let i = 0; i < 2; i++) await login(t, ` ${p.email.toUpperCase()} `, 'wrong guess on the login path');
    const locked = await login(t, p.email, PASSWORD);
    const unknown = await login(t, `nobody-${n}@shop.test`, PASSWORD);
    expect(locked.status).toBe(401);
    expect(comparable(locked.body)).toBe(comparable(unknown.body));
    expect((await signIn(p.email, PASSWORD)).status).toBe(401);
    // The reset path still works while locked (limits malicious lockout) and clears the lock.
    expect((await resetTo(p.email, 'unlocked by a reset passphrase')).status).toBe(200);
    expect((await signIn(p.email, 'unlocked by a reset passphrase')).status).toBe(200);
  });

  it('[6.3.1] the current-password check of a password change counts toward the same lockout (a stolen session cannot guess the password)', async () => {
    const p = await person();
    const token = await tokenFor(t, p.email);
    for (let i = 0; i < 5; i++) {
      const res = await call(t, 'POST', '/api/v1/me/password', { token, body: { currentPassword: `guess number ${i} at the password`, newPassword: 'the attacker wants this one' } });
      expect(`${res.status} ${res.body.code}`).toBe('400 invalid_current_password');
    }
    // Locked now: even the right current password is refused, and so is sign-in.
    const right = await call(t, 'POST', '/api/v1/me/password', { token, body: { currentPassword: PASSWORD, newPassword: 'the attacker wants this one' } });
    expect(`${right.status} ${right.body.code}`).toBe('423 account_locked');
    expect((await signIn(p.email, PASSWORD)).status).toBe(401);
    expect(await auditRows(t, 'auth.locked', p.userId)).toHaveLength(1);
  });

  it('[6.3.8] sign-in and forgot-password answers are identical for known and unknown accounts (status and body)', async () => {
    const p = await person();
    const ghost = `ghost-${n}@shop.test`;
    for (const path of ['/api/v1/auth/token', '/api/v1/auth/login']) {
      const known = await call(t, 'POST', path, { body: { email: p.email, password: 'wrong password for a real account' } });
      const unknown = await call(t, 'POST', path, { body: { email: ghost, password: 'wrong password for a real account' } });
      expect(known.status).toBe(401);
      expect(comparable(known.body), path).toBe(comparable(unknown.body));
      expect(known.headers.get('set-cookie')).toBe(unknown.headers.get('set-cookie'));
    }
    const fk = await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: p.email } });
    const fu = await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: ghost } });
    expect(fk.status).toBe(202);
    expect(comparable(fk.body)).toBe(comparable(fu.body));
  });

  it('[6.4.1] reset and invitation tokens: ≥ 128 bits, stored only hashed, single-use', async () => {
    const p = await person();
    await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: p.email } });
    const token = await resetTokenFor(t, p.email);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const owner = await tokenFor(t, m.people.owner!.email);
    const inv = await invite(t, m.orgId, owner, { email: `token-${n}@invitee.test`, roles: [{ role: 'cashier' }] });
    expect(Buffer.from(inv.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const stored = JSON.stringify([await t.deps.db.selectFrom('password_resets').selectAll().execute(), await t.deps.db.selectFrom('invitations').selectAll().execute()]);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(inv.token);
    expect((await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password: 'first use of the reset token' } })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password: 'second use of the reset token' } })).status).toBe(400);
  });

  it('[6.4.1] [Zitadel CVE-2023-49097] reset and invite links come from PUBLIC_URL, never Host / X-Forwarded-Host; the reset page sends Referrer-Policy: no-referrer', async () => {
    const spoof = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example' };
    const p = await person();
    await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: p.email }, headers: spoof });
    const owner = await tokenFor(t, m.people.owner!.email);
    const email = `spoof-${n}@invitee.test`;
    expect((await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token: owner, body: { email, roles: [{ role: 'cashier' }] }, headers: spoof })).status).toBe(201);
    const mails = [...(await mailTo(t, p.email)), (await mailFor(t, email)).mail];
    for (const mail of mails) {
      expect(`${mail.text_body}${mail.html_body}`).not.toContain('evil.example');
      expect(mail.text_body).toContain('http://rolecall.test/');
    }
    const page = await fetch(`${t.baseUrl}/reset-password`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('[6.3.1] email variants are one identity: case and spaces sign in, zero-width and look-alikes never create a second account or invitation', async () => {
    const p = await person();
    // Surrounding whitespace (a leading BOM counts, as String.trim says) and case: the same account.
    for (const same of [`  ${p.email.toUpperCase()}\t`, `\ufeff${p.email}`]) expect((await signIn(same, PASSWORD)).status).toBe(200);
    const [local, domain] = p.email.split('@') as [string, string];
    const variants = [`${local}\u200b@${domain}`, `${local}\u00ad@${domain}`, `${local.replace('p', '\u0440')}@${domain}`, `${local}@${domain.replace('o', '\u043e')}`];
    const owner = await tokenFor(t, m.people.owner!.email);
    const before = await snapshot(t);
    for (const v of variants) {
      expect((await signIn(v, PASSWORD)).status, JSON.stringify(v)).toBe(401);
      expect((await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: v } })).status).toBe(202);
      const inv = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token: owner, body: { email: v, roles: [{ role: 'cashier' }] } });
      expect(inv.status, JSON.stringify(v)).toBe(400);
    }
    expect(await snapshot(t)).toBe(before);
    expect((await mailTo(t, p.email)).filter((mail) => mail.template === 'password_reset')).toHaveLength(0);
    // Invite the same person twice with a different spelling: one invitation.
    const first = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token: owner, body: { email: `Twin-${n}@Invitee.test`, roles: [{ role: 'cashier' }] } });
    const second = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token: owner, body: { email: `  twin-${n}@invitee.TEST `, roles: [{ role: 'cashier' }] } });
    expect(first.status).toBe(201);
    expect(`${second.status} ${second.body.code}`).toBe('409 invitation_pending');
  });
});
