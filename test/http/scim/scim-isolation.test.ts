/**
 * One org's provisioning token reaches that org only: every other org's users and groups answer
 * 404 as if they did not exist, and a list filtered by another org's member's email is empty.
 * A revoked token, or one whose creator lost their access, answers 401. Token and mapping
 * management takes the right to manage the whole team.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { createScimToken, expectScimError, fixture, scim } from './scim-helpers.js';

describe.each(dialects())('SCIM isolation and tokens (%s)', (dialect) => {
  let t: TestApp;
  let a: Merchant;
  let b: Merchant;
  let tokenA: string;
  let tokenB: string;
  let groupB: string;

  const team = {
    owner: () => [{ role: 'org_admin' }],
    admin: () => [{ role: 'org_admin' }],
    manager: (s: string[]) => [{ role: 'store_manager', storeIds: [s[0]!] }],
    cashier: (s: string[]) => [{ role: 'cashier', storeIds: [s[0]!] }],
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    a = await createMerchant(t, { team });
    b = await createMerchant(t, { team });
    tokenA = (await createScimToken(t, a.orgId, a.people.owner!.token)).token;
    tokenB = (await createScimToken(t, b.orgId, b.people.owner!.token)).token;
    const g = await scim(t, tokenB, 'POST', '/Groups', fixture('entra-create-group', { group: 'Staff' }));
    expect(g.status).toBe(201);
    groupB = g.body.id;
  });
  afterAll(() => t.close());

  it("answers 404 for every other org's users and groups, whatever the method", async () => {
    const userB = b.people.cashier!.userId;
    for (const [method, path, body] of [
      ['GET', `/Users/${userB}`, undefined],
      ['PUT', `/Users/${userB}`, { userName: b.people.cashier!.email, active: false }],
      ['PATCH', `/Users/${userB}`, fixture('okta-deactivate-user')],
      ['DELETE', `/Users/${userB}`, undefined],
      ['GET', `/Groups/${groupB}`, undefined],
      ['PUT', `/Groups/${groupB}`, { displayName: 'Mine now', members: [] }],
      ['PATCH', `/Groups/${groupB}`, fixture('okta-group-add-member', { userId: a.people.cashier!.userId, email: 'x@y.test' })],
      ['DELETE', `/Groups/${groupB}`, undefined],
    ] as const) {
      expectScimError(await scim(t, tokenA, method, path, body), 404);
    }
    const byEmail = await scim(t, tokenA, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${b.people.cashier!.email}"`)}`);
    expect(byEmail.body.totalResults).toBe(0);
    const byId = await scim(t, tokenA, 'GET', `/Users?filter=${encodeURIComponent(`id eq "${userB}"`)}`);
    expect(byId.body.totalResults).toBe(0);
    expect((await scim(t, tokenA, 'GET', '/Groups')).body.totalResults).toBe(0);
    // Org B's member is untouched and still in their group's org.
    expect((await scim(t, tokenB, 'GET', `/Users/${userB}`)).body.active).toBe(true);
    expect((await scim(t, tokenB, 'GET', `/Groups/${groupB}`)).body.displayName).toBe('Staff');
  });

  it("cannot put another org's member into its own groups", async () => {
    const g = await scim(t, tokenA, 'POST', '/Groups', { displayName: 'Raid', members: [{ value: b.people.cashier!.userId }] });
    expectScimError(g, 400, 'invalidValue');
  });

  it('refuses a missing, a wrong and a revoked token with 401', async () => {
    expectScimError(await call(t, 'GET', '/scim/v2/Users'), 401);
    expectScimError(await scim(t, 'scim_not-a-real-token', 'GET', '/Users'), 401);
    const { id, token } = await createScimToken(t, a.orgId, a.people.owner!.token, 'Short-lived');
    expect((await scim(t, token, 'GET', '/Users')).status).toBe(200);
    const revoked = await call(t, 'POST', `/api/v1/orgs/${a.orgId}/scim-tokens/${id}/revoke`, { token: a.people.owner!.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expectScimError(await scim(t, token, 'GET', '/Users'), 401);
    // The list shows it revoked, never a value or hash.
    const list = await call(t, 'GET', `/api/v1/orgs/${a.orgId}/scim-tokens`, { token: a.people.owner!.token });
    const row = list.body.items.find((x: { id: string }) => x.id === id);
    expect(row.revokedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(list.body)).not.toMatch(/hash/i);
  });

  it('stops a token whose creator was suspended', async () => {
    const { token } = await createScimToken(t, a.orgId, a.people.admin!.token, 'Admin token');
    expect((await scim(t, token, 'GET', '/Users')).status).toBe(200);
    const member = `/api/v1/orgs/${a.orgId}/members/${a.people.admin!.userId}`;
    expect((await call(t, 'POST', `${member}/suspend`, { token: a.people.owner!.token, body: {} })).status).toBe(200);
    expectScimError(await scim(t, token, 'GET', '/Users'), 401);
    expect((await call(t, 'POST', `${member}/reactivate`, { token: a.people.owner!.token, body: {} })).status).toBe(200);
  });

  it('token and mapping management takes the right to manage the whole team; other orgs answer 404', async () => {
    const cashier = a.people.cashier!.token;
    const manager = a.people.manager!.token;
    for (const tk of [cashier, manager]) {
      expect((await call(t, 'POST', `/api/v1/orgs/${a.orgId}/scim-tokens`, { token: tk, body: { name: 'mine' } })).status).toBe(403);
      expect((await call(t, 'GET', `/api/v1/orgs/${a.orgId}/scim-groups`, { token: tk })).status).toBe(403);
    }
    const owner = a.people.owner!.token;
    expect((await call(t, 'GET', `/api/v1/orgs/${b.orgId}/scim-tokens`, { token: owner })).status).toBe(404);
    const tokensB = await call(t, 'GET', `/api/v1/orgs/${b.orgId}/scim-tokens`, { token: b.people.owner!.token });
    const idB = tokensB.body.items[0].id;
    expect((await call(t, 'POST', `/api/v1/orgs/${a.orgId}/scim-tokens/${idB}/revoke`, { token: owner })).status).toBe(404);
    expect((await scim(t, tokenB, 'GET', '/Users')).status).toBe(200);
  });

  it('a mapping to a role the business does not have is refused', async () => {
    const res = await call(t, 'PUT', `/api/v1/orgs/${a.orgId}/scim-groups/Admins`, { token: a.people.owner!.token, body: { role: 'no_such_role' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('unknown_role');
  });
});
