import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { api, invite, NEW_PASSWORD } from './helpers.js';

/**
 * Issue 16 items 6 and 7: the invite dialog takes first and last name and the accept
 * page starts from them; role pickers learn each role's rank and "use for" sentence.
 */
describe.each(dialects())('invitation names and role "use for" (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  const owner = () => m.people.owner!.token;

  it('stores the names given at invite, shows them in the list and the preview, and accepts with them', async () => {
    const { invitation, token } = await invite(t, m.orgId, owner(), {
      email: 'named@example.com',
      firstName: ' Nadia ',
      lastName: 'Okafor',
      roles: [{ role: 'cashier', storeIds: [m.stores[0]] }],
    });
    expect(invitation).toMatchObject({ firstName: 'Nadia', lastName: 'Okafor', status: 'pending' });
    const list = await call(t, 'GET', `${api(m.orgId)}?status=pending`, { token: owner() });
    expect(list.body.items.find((i: { email: string }) => i.email === 'named@example.com')).toMatchObject({ firstName: 'Nadia', lastName: 'Okafor' });
    const preview = await call(t, 'GET', `/api/v1/invitations/${token}`);
    expect(preview.body).toMatchObject({ email: 'named@example.com', firstName: 'Nadia', lastName: 'Okafor', userExists: false });
    // The invitee sends only a password: the names the inviter gave are used.
    const accepted = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { password: NEW_PASSWORD } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const member = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${accepted.body.userId}`, { token: owner() });
    expect(member.body).toMatchObject({ firstName: 'Nadia', lastName: 'Okafor' });
  });

  it('lets the invitee correct the names, and leaves them null when none were given', async () => {
    const { token } = await invite(t, m.orgId, owner(), { email: 'fix@example.com', firstName: 'Jon', lastName: 'Smyth', roles: [{ role: 'org_manager' }] });
    const accepted = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { firstName: 'John', lastName: 'Smith', password: NEW_PASSWORD } });
    expect(accepted.status).toBe(200);
    const member = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${accepted.body.userId}`, { token: owner() });
    expect(member.body).toMatchObject({ firstName: 'John', lastName: 'Smith' });
    const plain = await invite(t, m.orgId, owner(), { email: 'plain@example.com', roles: [{ role: 'org_manager' }] });
    expect(plain.invitation).toMatchObject({ firstName: null, lastName: null });
    expect((await call(t, 'GET', `/api/v1/invitations/${plain.token}`)).body).toMatchObject({ firstName: null, lastName: null });
  });

  it('refuses a blank or control-character name and changes nothing', async () => {
    for (const firstName of ['   ', 'A\u0007']) {
      const res = await call(t, 'POST', api(m.orgId), { token: owner(), body: { email: 'bad-name@example.com', firstName, roles: [{ role: 'org_manager' }] } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const list = await call(t, 'GET', `${api(m.orgId)}?search=bad-name`, { token: owner() });
    expect(list.body.items).toEqual([]);
  });

  it('gives every built-in role its "use for" sentence and rank, in the roles list and the invite options', async () => {
    const roles = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/roles`, { token: owner() });
    const cashier = roles.body.items.find((r: { key: string }) => r.key === 'cashier');
    expect(cashier.useFor).toMatch(/^Checkout only/);
    for (const r of roles.body.items) expect(typeof r.useFor, r.key).toBe('string');
    const one = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/roles/org_admin`, { token: owner() });
    expect(one.body.useFor).toMatch(/owner/);
    const options = await call(t, 'GET', `${api(m.orgId)}/options`, { token: m.people.manager1!.token });
    expect(options.body.roles.map((r: { role: string }) => r.role).sort()).toEqual(['cashier', 'stocker']);
    for (const r of options.body.roles) expect(r).toMatchObject({ rank: 10, useFor: expect.any(String) });
  });

  it('has no "use for" for a custom role', async () => {
    const created = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/roles`, {
      token: owner(),
      body: { key: 'greeter', name: 'Greeter', scope: 'store', rank: 5, permissions: ['checkout:read'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.useFor).toBeNull();
  });
});
