import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, type Person, platformStaff, posTeam, tokenFor } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

describe.each(dialects())('support portal API (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let staff: Person;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
    staff = await platformStaff(t, 'support_agent');
  });
  afterAll(() => t.close());

  it('answers 404 to merchants and 401 to anonymous callers, for every support path', async () => {
    for (const path of ['/api/v1/support/dashboard', '/api/v1/support/owners', '/api/v1/support/stores', `/api/v1/support/troubleshoot?email=${m.people.owner!.email}`]) {
      expect((await call(t, 'GET', path, { token: m.people.owner!.token })).status).toBe(404);
      expect((await call(t, 'GET', path)).status).toBe(401);
    }
  });

  it('counts orgs, members and locked accounts on the dashboard', async () => {
    const res = await call(t, 'GET', '/api/v1/support/dashboard', { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orgs: 1, members: 9, lockedAccounts: 0, deactivatedUsers: 0 });
    await t.deps.db.updateTable('users').set({ locked_until: new Date(t.clock.now().getTime() + 60_000).toISOString() }).where('id', '=', m.people.cashier1!.userId).execute();
    expect((await call(t, 'GET', '/api/v1/support/dashboard', { token: staff.token })).body.lockedAccounts).toBe(1);
    await t.deps.db.updateTable('users').set({ locked_until: null }).where('id', '=', m.people.cashier1!.userId).execute();
  });

  it('finds the org by its owner email, case-insensitively, and by owner name', async () => {
    const byEmail = await call(t, 'GET', `/api/v1/support/owners?search=${encodeURIComponent(m.people.owner!.email.toUpperCase())}`, { token: staff.token });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.items).toHaveLength(1);
    expect(byEmail.body.items[0].orgs.map((o: { id: string }) => o.id)).toEqual([m.orgId]);
    const byName = await call(t, 'GET', '/api/v1/support/owners?search=owner%20tester', { token: staff.token });
    expect(byName.body.items.map((o: { userId: string }) => o.userId)).toEqual([m.people.owner!.userId]);
    const nobody = await call(t, 'GET', '/api/v1/support/owners?search=nobody-here', { token: staff.token });
    expect(nobody.body.items).toEqual([]);
  });

  it('finds stores across orgs by code or address, with their org', async () => {
    const res = await call(t, 'GET', '/api/v1/support/stores?search=2%20high', { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ id: m.stores[1], code: 'S2', org: expect.objectContaining({ id: m.orgId }) })]);
  });

  it('explains a missing store assignment with the fix, by exact sign-in email', async () => {
    const cashier = m.people.cashier1!;
    const res = await call(t, 'GET', `/api/v1/support/troubleshoot?email=${encodeURIComponent(` ${cashier.email.toUpperCase()} `)}&storeId=${m.stores[1]}`, { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: cashier.userId, status: 'active', locked: false, hasPassword: true });
    expect(res.body.memberships).toEqual([
      expect.objectContaining({ org: expect.objectContaining({ id: m.orgId }), status: 'active', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }], stores: [expect.objectContaining({ code: 'S1' })] }),
    ]);
    expect(res.body.sessions.length).toBeGreaterThan(0);
    expect(res.body.store).toMatchObject({ id: m.stores[1], code: 'S2' });
    const text = res.body.store.explanation.join('\n');
    expect(text).toContain('Has no role assignment for store "Store 2" (S2)');
    expect(text).toContain('org-level role');
    expect(text).not.toContain(m.stores[1]);
  });

  it('says when the store is reached and when no account has the email', async () => {
    const ok = await call(t, 'GET', `/api/v1/support/troubleshoot?email=${m.people.cashier1!.email}&storeId=${m.stores[0]}`, { token: staff.token });
    expect(ok.body.store.explanation.join('\n')).toContain('Has role "cashier" in store "Store 1" (S1)');
    const none = await call(t, 'GET', '/api/v1/support/troubleshoot?email=ghost@shop.test', { token: staff.token });
    expect(none.status).toBe(200);
    expect(none.body.user).toBeNull();
    expect(none.body.findings[0]).toContain('No account signs in with ghost@shop.test');
  });

  it('refuses a malformed email or an unknown store with a coded error and no data', async () => {
    const bad = await call(t, 'GET', '/api/v1/support/troubleshoot?email=not-an-email', { token: staff.token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const unknown = await call(t, 'GET', `/api/v1/support/troubleshoot?email=${m.people.owner!.email}&storeId=nope`, { token: staff.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
  });

  it('counts pending and expired invitations and tells support to re-send an expired one', async () => {
    const owner = m.people.owner!;
    const sent = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token: owner.token, body: { email: 'newbie@shop.test', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] } });
    expect(sent.status).toBe(201);
    const before = (await call(t, 'GET', '/api/v1/support/dashboard', { token: staff.token })).body;
    expect(before).toMatchObject({ pendingInvitations: 1, expiredInvitations: 0 });
    const pending = await call(t, 'GET', '/api/v1/support/troubleshoot?email=newbie@shop.test', { token: staff.token });
    expect(pending.body.invitations).toEqual([expect.objectContaining({ status: 'pending', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] })]);
    expect(pending.body.findings.join('\n')).toContain('is pending');
    t.clock.advance(31 * 24 * 3600_000);
    // Sessions idle out over a month; sign in again.
    staff = { ...staff, token: await tokenFor(t, staff.email) };
    const after = (await call(t, 'GET', '/api/v1/support/dashboard', { token: staff.token })).body;
    expect(after).toMatchObject({ pendingInvitations: 0, expiredInvitations: 1 });
    const expired = await call(t, 'GET', '/api/v1/support/troubleshoot?email=newbie@shop.test', { token: staff.token });
    expect(expired.body.invitations[0].status).toBe('expired');
    expect(expired.body.findings.join('\n')).toContain('re-send it');
  });
  it('every change support staff make inside an org needs the requester check and reason, and the reason lands in its audit event', async () => {
    const admin = await platformStaff(t, 'support_admin');
    const org = `/api/v1/orgs/${m.orgId}`;
    // A fresh session of the second admin, for "end a session".
    await tokenFor(t, m.people.admin!.email);
    const sessions = await call(t, 'GET', `${org}/sessions?limit=200`, { token: admin.token });
    const sessionId = sessions.body.items.find((x: { userId: string }) => x.userId === m.people.admin!.userId)?.id;
    expect(sessionId).toBeTruthy();
    const changes: [string, string, Record<string, unknown>, string, string][] = [
      ['POST', `${org}/stores`, { name: 'Harbour', code: 'HRB' }, 'store.created', 'create a store'],
      ['PATCH', `${org}/stores/${m.stores[0]}`, { name: 'Main street' }, 'store.updated', 'rename a store'],
      ['PATCH', org, { settings: { inviteTtlDays: 10 } }, 'org.updated', 'change a setting'],
      ['POST', `${org}/roles`, { key: 'shift_lead', name: 'Shift lead', scope: 'store', rank: 15, permissions: ['team:read'] }, 'role.created', 'create a role'],
      ['PATCH', `${org}/roles/shift_lead`, { name: 'Shift leader' }, 'role.updated', 'rename a role'],
      ['DELETE', `${org}/roles/shift_lead`, {}, 'role.deleted', 'delete a role'],
      ['DELETE', `${org}/sessions/${sessionId}`, {}, 'session.ended', 'end a session'],
    ];
    for (const [method, path, body, action, what] of changes) {
      const refused = await call(t, method, path, { token: admin.token, body });
      expect(`${refused.status} ${refused.body.code}`, `${what} without a reason`).toBe('400 reason_required');
      const reason = `Ticket 4711: owner asked to ${what}`;
      const done = await call(t, method, path, { token: admin.token, body: { ...body, reason } });
      expect(done.status, `${what} with a reason: ${JSON.stringify(done.body)}`).toBeLessThan(300);
      const events = await call(t, 'GET', `${org}/audit?action=${action}`, { token: admin.token });
      expect(events.body.items[0]?.reason, what).toBe(reason);
    }
    // Merchants give no reason: the org's own admins are not support staff.
    const own = await call(t, 'POST', `${org}/stores`, { token: await tokenFor(t, m.people.owner!.email), body: { name: 'Quay', code: 'QUAY' } });
    expect(own.status).toBe(201);
  });
});
