import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, PASSWORD, platformStaff, posTeam, tokenFor } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { SIGNED_IN_ELSEWHERE } from '../../../src/http/plugins/auth.js';
import { auditRows, login, mailTo } from './auth-helpers.js';

describe.each(dialects())('sessions (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('a second sign-in ends the first session (single session, on by default) and says so by email', async () => {
    const m = await posTeam(t);
    const first = m.people.cashier1!;
    expect((await call(t, 'GET', '/api/v1/me', { token: first.token })).status).toBe(200);
    const second = await tokenFor(t, first.email);
    const old = await call(t, 'GET', '/api/v1/me', { token: first.token });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('session_expired');
    expect(old.body.detail).toBe(SIGNED_IN_ELSEWHERE);
    expect((await call(t, 'GET', '/api/v1/me', { token: second })).status).toBe(200);
    expect((await mailTo(t, first.email)).map((x) => x.template)).toContain('signed_out_elsewhere');
  });

  it('a browser session ended by a newer sign-in says why on the next 401; other ends and unknown tokens do not', async () => {
    const m = await posTeam(t);
    const p = m.people.manager2!;
    const browser = await login(t, p.email, PASSWORD);
    await tokenFor(t, p.email);
    const res = await call(t, 'GET', '/api/v1/me', { headers: { cookie: browser.cookie } });
    expect(`${res.status} ${res.body.code}`).toBe('401 unauthenticated');
    expect(res.body.detail).toBe(SIGNED_IN_ELSEWHERE);
    // The dead cookie is still dropped, and the sign-in form still works with it present.
    expect(res.headers.getSetCookie().some((c) => c.startsWith('rc_session=;'))).toBe(true);
    expect((await call(t, 'POST', '/api/v1/auth/login', { body: { email: p.email, password: PASSWORD }, headers: { cookie: browser.cookie } })).status).toBe(200);

    // Signed out: the plain message, as for a token never issued.
    const token = await tokenFor(t, m.people.stocker2!.email);
    expect((await call(t, 'POST', '/api/v1/auth/logout', { token })).status).toBeLessThan(300);
    for (const dead of [token, 'x'.repeat(43)]) {
      const r = await call(t, 'GET', '/api/v1/me', { token: dead });
      expect(`${r.status} ${r.body.code}`).toBe('401 session_expired');
      expect(r.body.detail).toBeUndefined();
    }
  });

  it('with single session off, sessions coexist; a password change then ends every other one', async () => {
    const m = await posTeam(t);
    await t.deps.db.updateTable('orgs').set({ single_session: 0 }).where('id', '=', m.orgId).execute();
    const p = m.people.manager1!;
    const other = await tokenFor(t, p.email);
    const browser = await login(t, p.email, PASSWORD);
    expect((await call(t, 'GET', '/api/v1/me', { token: p.token })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { token: other })).status).toBe(200);
    const newPassword = 'the manager picked a long new phrase';
    const wrong = await call(t, 'POST', '/api/v1/me/password', { token: other, body: { currentPassword: 'not my current password', newPassword } });
    expect(`${wrong.status} ${wrong.body.code}`).toBe('400 invalid_current_password');
    const weak = await call(t, 'POST', '/api/v1/me/password', { token: other, body: { currentPassword: PASSWORD, newPassword: 'passwordpassword' } });
    expect(weak.body.code).toBe('weak_password');
    const res = await call(t, 'POST', '/api/v1/me/password', { token: other, body: { currentPassword: PASSWORD, newPassword } });
    expect(res.status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { token: p.token })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: browser.cookie } })).status).toBe(401);
    expect((await call(t, 'GET', '/api/v1/me', { token: other })).status).toBe(200);
    expect((await mailTo(t, p.email)).map((x) => x.template)).toContain('password_changed');
    expect(await auditRows(t, 'auth.password_changed', p.userId)).toHaveLength(1);
  });

  it('deactivation ends every session at once, reactivation does not revive them', async () => {
    const m = await posTeam(t);
    await t.deps.db.updateTable('orgs').set({ single_session: 0 }).where('id', '=', m.orgId).execute();
    const p = m.people.stocker2!;
    const other = await tokenFor(t, p.email);
    const staff = await platformStaff(t);
    const res = await call(t, 'POST', `/api/v1/users/${p.userId}/deactivate`, { token: staff.token, body: { reason: 'ticket 4411: lost device' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('deactivated');
    for (const token of [p.token, other]) expect((await call(t, 'GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD } })).body.code).toBe('invalid_credentials');
    expect((await call(t, 'POST', `/api/v1/users/${p.userId}/reactivate`, { token: staff.token, body: { reason: 'ticket 4411: found' } })).status).toBe(200);
    for (const token of [p.token, other]) expect((await call(t, 'GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD } })).status).toBe(200);
    expect(await auditRows(t, 'user.deactivated', p.userId)).toHaveLength(1);
  });

  it('deactivation refuses the owner and the last active top admin; members cannot deactivate', async () => {
    const m = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
    const staff = await platformStaff(t);
    const owner = await call(t, 'POST', `/api/v1/users/${m.people.owner!.userId}/deactivate`, { token: staff.token, body: { reason: 'r' } });
    expect(owner.body.code).toBe('owner_protected');
    const other = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], second: () => [{ role: 'org_admin' }] } });
    // `second` is the only other admin of `other`; move ownership aside by hand so only the last-admin rule applies.
    await t.deps.db.updateTable('orgs').set({ owner_id: null }).where('id', '=', other.orgId).execute();
    await t.deps.db.updateTable('memberships').set({ status: 'suspended' }).where('org_id', '=', other.orgId).where('user_id', '=', other.people.owner!.userId).execute();
    const last = await call(t, 'POST', `/api/v1/users/${other.people.second!.userId}/deactivate`, { token: staff.token, body: { reason: 'r' } });
    expect(last.body.code).toBe('last_org_admin');
    const byMember = await call(t, 'POST', `/api/v1/users/${m.people.cashier!.userId}/deactivate`, { token: m.people.owner!.token, body: { reason: 'r' } });
    expect(byMember.status).toBe(403);
  });

  it('cookie sign-in sets HttpOnly, SameSite=Lax, Path=/ (Secure behind HTTPS) and logout ends it server-side', async () => {
    const m = await posTeam(t);
    const s = await login(t, m.people.cashier12!.email, PASSWORD);
    expect(s.status).toBe(200);
    expect(s.body.user.email).toBe(m.people.cashier12!.email);
    expect(s.setCookie).toMatch(/HttpOnly/i);
    expect(s.setCookie).toMatch(/SameSite=Lax/i);
    expect(s.setCookie).toMatch(/Path=\//);
    expect(s.setCookie).not.toMatch(/Secure/i);
    const me = await call(t, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(s.csrf);
    const out = await call(t, 'POST', '/api/v1/auth/logout', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/rc_session=;/);
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } })).status).toBe(401);

    const https = await startTestApp(dialect, { publicUrl: 'https://rolecall.example' });
    try {
      const m2 = await posTeam(https);
      const secure = await login(https, m2.people.cashier1!.email, PASSWORD);
      expect(secure.setCookie).toMatch(/; Secure/i);
    } finally {
      await https.close();
    }
  });

  it('refuses a cookie-authenticated change without the CSRF token or from another origin', async () => {
    const m = await posTeam(t);
    const s = await login(t, m.people.cashier12!.email, PASSWORD);
    const body = { orgId: m.orgId, storeId: m.stores[0]! };
    const noToken = await call(t, 'PUT', '/api/v1/me/store', { body, headers: { cookie: s.cookie } });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf_failed');
    const wrongToken = await call(t, 'PUT', '/api/v1/me/store', { body, headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrongToken.body.code).toBe('csrf_failed');
    const evil = await call(t, 'PUT', '/api/v1/me/store', { body, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example' } });
    expect(evil.body.code).toBe('csrf_failed');
    const crossSite = await call(t, 'PUT', '/api/v1/me/store', { body, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.body.code).toBe('csrf_failed');
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } })).body.currentStoreId).toBeNull();
    const ok = await call(t, 'PUT', '/api/v1/me/store', { body, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'http://rolecall.test', 'sec-fetch-site': 'same-origin' } });
    expect(ok.status).toBe(200);
    // Login CSRF: the sign-in form itself refuses a cross-origin post.
    const forged = await login(t, m.people.cashier1!.email, PASSWORD, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('csrf_failed');
    // Bearer clients need no CSRF token.
    expect((await call(t, 'PUT', '/api/v1/me/store', { token: m.people.cashier1!.token, body })).status).toBe(200);
  });

  it('GET /me lists memberships and usable stores; the store picker allows only those', async () => {
    const m = await posTeam(t);
    const me = await call(t, 'GET', '/api/v1/me', { token: m.people.cashier12!.token });
    expect(me.body.csrfToken).toBeNull();
    expect(me.body.memberships).toHaveLength(1);
    expect(me.body.memberships[0].stores.map((s: { id: string }) => s.id).sort()).toEqual([m.stores[0], m.stores[1]].sort());
    const admin = await call(t, 'GET', '/api/v1/me', { token: m.people.owner!.token });
    expect(admin.body.memberships[0]).toMatchObject({ isOwner: true, status: 'active' });
    expect(admin.body.memberships[0].stores).toHaveLength(3);
    const pick = (token: string, storeId: string, orgId = m.orgId) => call(t, 'PUT', '/api/v1/me/store', { token, body: { orgId, storeId } });
    expect((await pick(m.people.cashier12!.token, m.stores[2]!)).status).toBe(403);
    expect((await pick(m.people.cashier12!.token, 'no-such-store')).status).toBe(404);
    const other = await posTeam(t);
    expect((await pick(m.people.cashier12!.token, other.stores[0]!, other.orgId)).status).toBe(404);
    expect((await pick(m.people.cashier12!.token, m.stores[1]!)).body).toEqual({ currentOrgId: m.orgId, currentStoreId: m.stores[1] });
    expect((await call(t, 'GET', '/api/v1/me', { token: m.people.cashier12!.token })).body.currentStoreId).toBe(m.stores[1]);
  });

  it('the sessions viewer lists who is signed in and ends a session, audited; others get 403/404', async () => {
    const m = await posTeam(t);
    await call(t, 'PUT', '/api/v1/me/store', { token: m.people.cashier1!.token, body: { orgId: m.orgId, storeId: m.stores[0]! } });
    const list = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/sessions?limit=4`, { token: m.people.admin!.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(4);
    expect(list.body.nextCursor).not.toBeNull();
    const all = [...list.body.items, ...(await call(t, 'GET', `/api/v1/orgs/${m.orgId}/sessions?limit=50&cursor=${list.body.nextCursor}`, { token: m.people.admin!.token })).body.items];
    expect(all).toHaveLength(9);
    const cashier = all.find((s) => s.userId === m.people.cashier1!.userId);
    expect(cashier).toMatchObject({ email: m.people.cashier1!.email, currentStoreId: m.stores[0], ip: '127.0.0.1' });
    expect(cashier.startedAt).toBeTruthy();
    expect(cashier.lastSeenAt).toBeTruthy();

    // A store manager has team:manage only in their store, not org-wide: 403. Another org: 404.
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/sessions`, { token: m.people.manager1!.token })).status).toBe(403);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/sessions`, { token: m.people.cashier1!.token })).status).toBe(403);
    const other = await posTeam(t);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/sessions`, { token: other.people.owner!.token })).status).toBe(404);
    const otherSession = (await call(t, 'GET', `/api/v1/orgs/${other.orgId}/sessions`, { token: other.people.owner!.token })).body.items[0].id;
    expect((await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/sessions/${otherSession}`, { token: m.people.admin!.token })).status).toBe(404);
    expect((await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/sessions/${cashier.id}`, { token: m.people.manager1!.token })).status).toBe(403);
    // An org manager sees everyone's sessions but may not end a top admin's (rank rule, as for suspending).
    const ownerSession = all.find((s) => s.userId === m.people.owner!.userId);
    const refused = await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/sessions/${ownerSession.id}`, { token: m.people.orgManager!.token });
    expect(refused.status).toBe(403);
    expect((await call(t, 'GET', '/api/v1/me', { token: m.people.owner!.token })).status).toBe(200);

    const end = await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/sessions/${cashier.id}`, { token: m.people.admin!.token });
    expect(end.status).toBe(204);
    expect((await call(t, 'GET', '/api/v1/me', { token: m.people.cashier1!.token })).status).toBe(401);
    const audited = await auditRows(t, 'session.ended', cashier.id);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ org_id: m.orgId, actor_id: m.people.admin!.userId });
  });

  it('a user lists and ends their own sessions; another user’s session id answers 404', async () => {
    const staff = await platformStaff(t);
    const second = await tokenFor(t, staff.email);
    const mine = await call(t, 'GET', '/api/v1/me/sessions', { token: second });
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const firstId = mine.body.items.find((s: { current: boolean }) => !s.current).id;
    const m = await posTeam(t);
    expect((await call(t, 'DELETE', `/api/v1/me/sessions/${firstId}`, { token: m.people.owner!.token })).status).toBe(404);
    expect((await call(t, 'DELETE', `/api/v1/me/sessions/${firstId}`, { token: second })).status).toBe(204);
    expect((await call(t, 'GET', '/api/v1/me', { token: staff.token })).status).toBe(401);
    expect(await auditRows(t, 'session.ended', firstId)).toHaveLength(1);
  });
  it("an admin ends every session of one member, on every device; the same authority as suspending them", async () => {
    const m = await posTeam(t);
    await t.deps.db.updateTable('orgs').set({ single_session: 0 }).where('id', '=', m.orgId).execute();
    const cashier = m.people.cashier1!;
    const phone = await tokenFor(t, cashier.email);
    const url = `/api/v1/orgs/${m.orgId}/members/${cashier.userId}/sessions`;
    const live = async () => [(await call(t, 'GET', '/api/v1/me', { token: cashier.token })).status, (await call(t, 'GET', '/api/v1/me', { token: phone })).status];

    // Refused without changing anything: no permission, another store, a higher rank, another org.
    expect((await call(t, 'DELETE', url, { token: m.people.stocker2!.token })).status).toBe(403);
    expect((await call(t, 'DELETE', url, { token: m.people.manager2!.token })).status).toBe(403);
    expect((await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/members/${m.people.owner!.userId}/sessions`, { token: m.people.orgManager!.token })).status).toBe(403);
    const other = await posTeam(t);
    expect((await call(t, 'DELETE', url, { token: other.people.owner!.token })).status).toBe(404);
    expect(await live()).toEqual([200, 200]);

    const res = await call(t, 'DELETE', url, { token: m.people.manager1!.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 2 });
    expect(await live()).toEqual([401, 401]);
    const audited = await auditRows(t, 'session.ended', cashier.userId);
    expect(audited.at(-1)).toMatchObject({ org_id: m.orgId, actor_id: m.people.manager1!.userId, target_type: 'user' });

    // "Sign me out everywhere else" keeps the session it is asked from.
    const laptop = await tokenFor(t, m.people.admin!.email);
    const mine = await call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/members/${m.people.admin!.userId}/sessions`, { token: laptop });
    expect(mine.body).toEqual({ ended: 1 });
    expect((await call(t, 'GET', '/api/v1/me', { token: laptop })).status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { token: m.people.admin!.token })).status).toBe(401);
  });

  it('a top admin signs everyone in the org out but themself; nobody else may, and other orgs are untouched', async () => {
    const m = await posTeam(t);
    const other = await posTeam(t);
    const url = `/api/v1/orgs/${m.orgId}/sessions`;
    expect((await call(t, 'DELETE', url, { token: m.people.orgManager!.token })).status).toBe(403);
    expect((await call(t, 'DELETE', url, { token: m.people.cashier1!.token })).status).toBe(403);
    expect((await call(t, 'DELETE', url, { token: other.people.owner!.token })).status).toBe(404);
    expect((await call(t, 'GET', '/api/v1/me', { token: m.people.cashier1!.token })).status).toBe(200);

    const res = await call(t, 'DELETE', url, { token: m.people.admin!.token });
    expect(res.body).toEqual({ ended: Object.keys(m.people).length - 1 });
    expect((await call(t, 'GET', '/api/v1/me', { token: m.people.admin!.token })).status).toBe(200);
    for (const [name, p] of Object.entries(m.people)) {
      if (name !== 'admin') expect((await call(t, 'GET', '/api/v1/me', { token: p.token })).status, name).toBe(401);
    }
    for (const p of Object.values(other.people)) expect((await call(t, 'GET', '/api/v1/me', { token: p.token })).status).toBe(200);
    const audited = await auditRows(t, 'session.ended_all', m.orgId);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor_id: m.people.admin!.userId });
  });
});
