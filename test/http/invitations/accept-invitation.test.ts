import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, PASSWORD, platformStaff, posTeam, tokenFor } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { invite, NEW_PASSWORD, snapshot } from './helpers.js';

const accept = (t: TestApp, token: string, body: unknown = {}, auth?: string) => call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body, token: auth });

describe.each(dialects())('accepting an invitation (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  const owner = () => m.people.owner!.token;

  it('previews org, inviter, roles with names and stores; unknown tokens answer 404', async () => {
    const { token } = await invite(t, m.orgId, owner(), { email: 'preview@example.com', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }, { role: 'stocker', storeIds: [m.stores[1]] }] });
    const res = await call(t, 'GET', `/api/v1/invitations/${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      inviterName: 'owner Tester',
      email: 'preview@example.com',
      status: 'pending',
      userExists: false,
      roles: [
        { role: 'cashier', roleName: 'Cashier', storeIds: [m.stores[0]], storeNames: ['Store 1'] },
        { role: 'stocker', roleName: 'Stocker', storeIds: [m.stores[1]], storeNames: ['Store 2'] },
      ],
    });
    expect(res.body.orgName).toMatch(/^Shop /);
    expect(res.body).not.toHaveProperty('token_hash');
    expect((await call(t, 'GET', `/api/v1/invitations/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await call(t, 'GET', '/api/v1/invitations/short')).status).toBe(400);
  });

  it('a new user sets name and password, becomes a member and can sign in', async () => {
    const { token, invitation } = await invite(t, m.orgId, owner(), { email: 'Fresh@Example.com', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    const res = await accept(t, token, { firstName: 'Fresh', lastName: 'Person', password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orgId: m.orgId, email: 'Fresh@Example.com', newUser: true, roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    const session = await tokenFor(t, 'fresh@example.com', NEW_PASSWORD);
    const me = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${res.body.userId}`, { token: owner() });
    expect(me.body).toMatchObject({ firstName: 'Fresh', lastName: 'Person', status: 'active', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    expect(session).toBeTruthy();
    const inv = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/invitations/${invitation.id}`, { token: owner() });
    expect(inv.body.status).toBe('accepted');
    const audit = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?targetId=${invitation.id}&action=invitation.accepted`, { token: owner() });
    expect(audit.body.items[0]).toMatchObject({ actorId: res.body.userId, before: { status: 'pending' }, after: { status: 'accepted' } });
    // Accepting twice: the invitation is no longer pending.
    const again = await accept(t, token, { firstName: 'Fresh', lastName: 'Person', password: NEW_PASSWORD });
    expect([again.status, again.body.code]).toEqual([409, 'invitation_not_pending']);
  });

  it('a new user: weak password, missing or control-character names are refused and nothing changes', async () => {
    const { token } = await invite(t, m.orgId, owner(), { email: 'careful@example.com', roles: [{ role: 'org_manager' }] });
    const cases: [unknown, number, string][] = [
      [{ firstName: 'A', lastName: 'B', password: 'short' }, 400, 'weak_password'],
      [{ firstName: 'A', lastName: 'B' }, 400, 'validation_failed'],
      [{ lastName: 'B', password: NEW_PASSWORD }, 400, 'validation_failed'],
      [{ firstName: 'A\u0007', lastName: 'B', password: NEW_PASSWORD }, 400, 'validation_failed'],
      [{ firstName: 'A', lastName: 'B', password: NEW_PASSWORD, roles: [{ role: 'org_admin' }] }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const before = await snapshot(t, m.orgId);
      const res = await accept(t, token, body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(await snapshot(t, m.orgId)).toEqual(before);
    }
    expect((await call(t, 'GET', `/api/v1/invitations/${token}`)).body.status).toBe('pending');
  });

  it('an existing user (member elsewhere) must sign in first; then the membership is added', async () => {
    const elsewhere = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }], helper: () => [{ role: 'cashier' }] } });
    const helper = elsewhere.people.helper!;
    const { token } = await invite(t, m.orgId, owner(), { email: helper.email, roles: [{ role: 'stocker', storeIds: [m.stores[1]] }] });
    expect((await call(t, 'GET', `/api/v1/invitations/${token}`)).body.userExists).toBe(true);
    const before = await snapshot(t, m.orgId);
    const anonymous = await accept(t, token, { firstName: 'Take', lastName: 'Over', password: NEW_PASSWORD });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthenticated']);
    expect(anonymous.body.detail).toMatch(/sign in first/);
    expect(await snapshot(t, m.orgId)).toEqual(before);
    // The password was not changed by the refused attempt (signing in again ends the older session).
    const session = await tokenFor(t, helper.email, PASSWORD);
    const res = await accept(t, token, {}, session);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: helper.userId, newUser: false });
    const mine = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${helper.userId}`, { token: owner() });
    expect(mine.body.roles).toEqual([{ role: 'stocker', storeIds: [m.stores[1]] }]);
    // Their other org is untouched.
    const theirs = await call(t, 'GET', `/api/v1/orgs/${elsewhere.orgId}/members/${helper.userId}`, { token: elsewhere.people.boss!.token });
    expect(theirs.body.roles).toEqual([{ role: 'cashier', storeIds: [elsewhere.stores[0]] }]);
  });

  it('signed in with a different email: email_mismatch, nothing changes', async () => {
    const { token } = await invite(t, m.orgId, owner(), { email: 'someone-else@example.com', roles: [{ role: 'org_manager' }] });
    const other = await createMerchant(t, { storeCount: 1, team: { intruder: () => [{ role: 'org_admin' }] } });
    const before = await snapshot(t, m.orgId);
    const res = await accept(t, token, { firstName: 'I', lastName: 'X', password: NEW_PASSWORD }, other.people.intruder!.token);
    expect([res.status, res.body.code]).toEqual([403, 'email_mismatch']);
    expect(await snapshot(t, m.orgId)).toEqual(before);
    // Also when the invited email already has an account.
    const { token: t2 } = await invite(t, m.orgId, owner(), { email: other.people.intruder!.email, roles: [{ role: 'org_manager' }] });
    const res2 = await accept(t, t2, {}, m.people.cashier1!.token);
    expect([res2.status, res2.body.code]).toEqual([403, 'email_mismatch']);
  });

  it("re-checks the inviter's rights at accept time: an inviter who lost the role cannot grant", async () => {
    const shop = await createMerchant(t, {
      storeCount: 2,
      team: { boss: () => [{ role: 'org_admin' }], mgr: (s) => [{ role: 'store_manager', storeIds: [s[0]!] }] },
    });
    const { token } = await invite(t, shop.orgId, shop.people.mgr!.token, { email: 'via-mgr@example.com', roles: [{ role: 'cashier', storeIds: [shop.stores[0]] }] });
    // The manager is moved to the other store: they no longer manage store 1.
    const patch = await call(t, 'PATCH', `/api/v1/orgs/${shop.orgId}/members/${shop.people.mgr!.userId}`, {
      token: shop.people.boss!.token,
      body: { roles: [{ role: 'store_manager', storeIds: [shop.stores[1]] }] },
    });
    expect(patch.status).toBe(200);
    const before = await snapshot(t, shop.orgId);
    const res = await accept(t, token, { firstName: 'V', lastName: 'M', password: NEW_PASSWORD });
    expect([res.status, res.body.code]).toEqual([403, 'role_not_assignable']);
    expect(await snapshot(t, shop.orgId)).toEqual(before);
    // Removed inviter: same refusal.
    const { token: t2 } = await invite(t, shop.orgId, shop.people.mgr!.token, { email: 'via-mgr2@example.com', roles: [{ role: 'cashier', storeIds: [shop.stores[1]] }] });
    expect((await call(t, 'DELETE', `/api/v1/orgs/${shop.orgId}/members/${shop.people.mgr!.userId}`, { token: shop.people.boss!.token, body: {} })).status).toBe(204);
    const res2 = await accept(t, t2, { firstName: 'V', lastName: 'M', password: NEW_PASSWORD });
    expect([res2.status, res2.body.code]).toEqual([403, 'role_not_assignable']);
  });

  it('an invitation sent by support staff stays valid while they are staff', async () => {
    const staff = await platformStaff(t);
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token: staff.token, body: { email: 'new-admin@example.com', roles: [{ role: 'org_admin' }], reason: 'Ticket 7' } });
    expect(res.status).toBe(201);
    const { token } = await import('./helpers.js').then((h) => h.mailFor(t, 'new-admin@example.com'));
    const ok = await accept(t, token, { firstName: 'New', lastName: 'Admin', password: NEW_PASSWORD });
    expect(ok.status).toBe(200);
  });

  it('an org without an owner gets its first top admin as owner through an invitation', async () => {
    const staff = await platformStaff(t);
    const org = await call(t, 'POST', '/api/v1/orgs', { token: staff.token, body: { name: 'Brand New Shop' } });
    expect(org.status).toBe(201);
    await call(t, 'POST', `/api/v1/orgs/${org.body.id}/invitations`, { token: staff.token, body: { email: 'founder@example.com', roles: [{ role: 'org_admin' }], reason: 'Onboarding ticket 9' } });
    const { token } = await import('./helpers.js').then((h) => h.mailFor(t, 'founder@example.com'));
    const ok = await accept(t, token, { firstName: 'Fay', lastName: 'Founder', password: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    const after = await call(t, 'GET', `/api/v1/orgs/${org.body.id}`, { token: staff.token });
    expect(after.body.ownerId).toBe(ok.body.userId);
  });
});
