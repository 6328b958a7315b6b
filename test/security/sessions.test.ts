import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.js';
import { createMerchant, type Merchant, PASSWORD, platformStaff, tokenFor } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { resetTokenFor } from '../http/auth/auth-helpers.js';
import { login } from './security-helpers.js';

describe.each(dialects())('Sessions (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp(dialect, { sessionIdleMinutes: 60, sessionTtlMinutes: 12 * 60 });
    m = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
  });
  afterAll(() => t.close());

  /** A user in no org: the single-session policy does not apply, so several sessions coexist. */
  async function loner() {
    const email = `sess-${dialect}-${++n}@shop.test`;
    const user = await createUser(t.deps.db, t.deps, t.deps.clock(), { email, password: PASSWORD, firstName: 'Ses', lastName: 'Sion' });
    return { email, userId: user.id };
  }
  const me = (token: string) => call(t, 'GET', '/api/v1/me', { token });
  const meCookie = (cookie: string) => call(t, 'GET', '/api/v1/me', { headers: { cookie } });

  it('[7.2.3] [7.2.4] tokens are ≥ 128-bit, new at every sign-in, and stored only hashed', async () => {
    const p = await loner();
    const a = await tokenFor(t, p.email);
    const b = await tokenFor(t, p.email);
    expect(a).not.toBe(b);
    for (const token of [a, b]) expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const rows = JSON.stringify(await t.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', p.userId).execute());
    expect(rows).not.toContain(a);
    expect(rows).not.toContain(b);
  });

  it('[7.3.1] a session unused for the idle timeout ends; [7.3.2] a session in constant use still ends at the absolute timeout', async () => {
    const p = await loner();
    const idle = await tokenFor(t, p.email);
    t.clock.advance(59 * 60_000);
    expect((await me(idle)).status).toBe(200);
    t.clock.advance(60 * 60_000 + 1);
    expect((await me(idle)).status).toBe(401);
    const busy = await tokenFor(t, p.email);
    for (let h = 0; h < 24; h++) {
      t.clock.advance(30 * 60_000);
      if ((await me(busy)).status !== 200) {
        // Ends between 11.5 and 12 hours of constant use.
        expect(h + 1).toBe(24);
        return;
      }
    }
    expect.unreachable('the busy session outlived the absolute timeout');
  });

  it('[7.4.1] logout ends the session on the server, not only the cookie', async () => {
    const p = await loner();
    const s = await login(t, p.email, PASSWORD);
    expect((await call(t, 'POST', '/api/v1/auth/logout', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })).status).toBe(204);
    // A stolen copy of the cookie is dead too.
    expect((await meCookie(s.cookie)).status).toBe(401);
  });

  it('[7.4.2] [7.4.3] [Zitadel CVE-2023-22492] deactivation, password change and reset end every session (cookie and bearer); reactivation revives none', async () => {
    const staff = await platformStaff(t);
    // Deactivation, then reactivation.
    const d = await loner();
    const [c1, b1] = [await login(t, d.email, PASSWORD), await tokenFor(t, d.email)];
    expect((await call(t, 'POST', `/api/v1/users/${d.userId}/deactivate`, { token: staff.token, body: { reason: 'security case 1' } })).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/users/${d.userId}/reactivate`, { token: staff.token, body: { reason: 'security case 1 closed' } })).status).toBe(200);
    expect((await meCookie(c1.cookie)).status).toBe(401);
    expect((await me(b1)).status).toBe(401);
    // Password change ends the others (the one that made the change stays).
    const c = await loner();
    const [c2, b2, keep] = [await login(t, c.email, PASSWORD), await tokenFor(t, c.email), await tokenFor(t, c.email)];
    expect((await call(t, 'POST', '/api/v1/me/password', { token: keep, body: { currentPassword: PASSWORD, newPassword: 'a changed phrase for the till drawer' } })).status).toBe(200);
    expect((await meCookie(c2.cookie)).status).toBe(401);
    expect((await me(b2)).status).toBe(401);
    // Reset ends all of them.
    const r = await loner();
    const [c3, b3] = [await login(t, r.email, PASSWORD), await tokenFor(t, r.email)];
    await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: r.email } });
    expect((await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token: await resetTokenFor(t, r.email), password: 'a reset phrase for the back office' } })).status).toBe(200);
    expect((await meCookie(c3.cookie)).status).toBe(401);
    expect((await me(b3)).status).toBe(401);
  });

  it('[7.4.2] suspension removes access to the org on the very next request; reactivating the member does not revive ended sessions', async () => {
    const shop = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
    const token = await tokenFor(t, shop.people.cashier!.email);
    const url = `/api/v1/orgs/${shop.orgId}/members/${shop.people.cashier!.userId}`;
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}`, { token })).status).toBe(200);
    expect((await call(t, 'POST', `${url}/suspend`, { token: shop.people.owner!.token, body: {} })).status).toBe(200);
    // The cashier belongs to this org only, so the session reaches nothing else: it ends outright
    // (someone shared with another org keeps that org: test/security/shared-person.test.ts).
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}`, { token })).status).toBe(401);
    expect((await call(t, 'POST', `/api/v1/orgs/${shop.orgId}/check`, { token, body: { userId: shop.people.cashier!.userId, permission: 'sales:read' } })).status).toBe(401);
    expect((await call(t, 'POST', `${url}/reactivate`, { token: shop.people.owner!.token, body: {} })).status).toBe(200);
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}`, { token })).status).toBe(401);
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}`, { token: await tokenFor(t, shop.people.cashier!.email) })).status).toBe(200);
  });

  it('[7.1.2] single session by default: a second sign-in ends the first; [7.4.5] an admin ends a member’s session', async () => {
    const first = await tokenFor(t, m.people.cashier!.email);
    const second = await tokenFor(t, m.people.cashier!.email);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
    const owner = await tokenFor(t, m.people.owner!.email);
    const list = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/sessions`, { token: owner });
    const mine = list.body.items.find((s: { userId: string }) => s.userId === m.people.cashier!.userId);
    expect((await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/sessions/${mine.id}`, { token: owner, body: {} })).status).toBeLessThan(300);
    expect((await me(second)).status).toBe(401);
  });
});
