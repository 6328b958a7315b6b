/**
 * Provisioning from an identity provider (SCIM 2.0) with the request shapes Okta and Entra ID
 * send (fixtures/): create, groups mapped to roles, a group change moving the role, `active`
 * false suspending (sessions end on the next request), delete keeping the history, and the
 * member rules (owner protection) holding for the token as for a person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { createScimToken, expectScimError, fixture, scim } from './scim-helpers.js';

describe.each(dialects())('SCIM provisioning lifecycle (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let token: string;
  let owner: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, {
      team: {
        owner: () => [{ role: 'org_admin' }],
        admin: () => [{ role: 'org_admin' }],
        cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }],
      },
    });
    owner = m.people.owner!.token;
    ({ token } = await createScimToken(t, m.orgId, m.people.admin!.token, 'Okta'));
    // New people start as stockers in the third store until a mapped group says otherwise.
    const fallback = await call(t, 'PUT', `/api/v1/orgs/${m.orgId}/scim-default-role`, { token: owner, body: { role: 'stocker', storeIds: [m.stores[2]] } });
    expect(fallback.status, JSON.stringify(fallback.body)).toBe(200);
    // The admin maps two identity-provider groups to roles in different stores.
    for (const [name, storeIds] of [['Old Town cashiers', [m.stores[0]]], ['Harbour cashiers', [m.stores[1]]]] as const) {
      const res = await call(t, 'PUT', `/api/v1/orgs/${m.orgId}/scim-groups/${encodeURIComponent(name)}`, { token: owner, body: { role: 'cashier', storeIds } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });
  afterAll(() => t.close());

  const roles = async (userId: string) => (await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${userId}`, { token: owner })).body.roles;

  it('answers the discovery endpoints in application/scim+json', async () => {
    const spc = await scim(t, token, 'GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.headers.get('content-type')).toContain('application/scim+json');
    expect(spc.body.patch.supported).toBe(true);
    const types = await scim(t, token, 'GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await scim(t, token, 'GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(2);
    expect((await scim(t, token, 'GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body.name).toBe('User');
  });

  it('Okta: create, find by userName, group change moves the role, deactivate, delete keeps history', async () => {
    const email = `ines-${m.orgId.slice(-5)}@shop.test`;
    // Okta looks the user up first.
    const before = await scim(t, token, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    const created = await scim(t, token, 'POST', '/Users', fixture('okta-create-user', { email }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('content-type')).toContain('application/scim+json');
    expect(created.body).toMatchObject({ userName: email, active: true, externalId: '00u1b2c3d4E5f6G7h8i9', name: { givenName: 'Ines', familyName: 'Ortega' } });
    const userId: string = created.body.id;
    expect(created.body.meta.location).toMatch(new RegExp(`/scim/v2/Users/${userId}$`));
    expect(await roles(userId)).toEqual([{ role: 'stocker', storeIds: [m.stores[2]] }]);

    const again = await scim(t, token, 'POST', '/Users', fixture('okta-create-user', { email }));
    expectScimError(again, 409, 'uniqueness');
    const found = await scim(t, token, 'GET', `/Users?filter=${encodeURIComponent(`emails.value eq "${email.toUpperCase()}"`)}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(userId);

    const oldTown = await scim(t, token, 'POST', '/Groups', fixture('okta-create-group', { group: 'Old Town cashiers' }));
    expect(oldTown.status, JSON.stringify(oldTown.body)).toBe(201);
    const harbour = await scim(t, token, 'POST', '/Groups', fixture('okta-create-group', { group: 'Harbour cashiers' }));
    expect(harbour.status).toBe(201);

    const add = await scim(t, token, 'PATCH', `/Groups/${oldTown.body.id}`, fixture('okta-group-add-member', { userId, email }));
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    expect(add.body.members.map((x: { value: string }) => x.value)).toEqual([userId]);
    expect(await roles(userId)).toEqual([{ role: 'cashier', storeIds: [m.stores[0]] }]);

    // Moved to the other store's group: the role moves with them.
    expect((await scim(t, token, 'PATCH', `/Groups/${oldTown.body.id}`, fixture('okta-group-remove-member', { userId }))).status).toBe(200);
    expect((await scim(t, token, 'PATCH', `/Groups/${harbour.body.id}`, fixture('okta-group-add-member', { userId, email }))).status).toBe(200);
    expect(await roles(userId)).toEqual([{ role: 'cashier', storeIds: [m.stores[1]] }]);
    const user = await scim(t, token, 'GET', `/Users/${userId}`);
    expect(user.body.groups.map((g: { display: string }) => g.display)).toEqual(['Harbour cashiers']);

    const off = await scim(t, token, 'PATCH', `/Users/${userId}`, fixture('okta-deactivate-user'));
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${userId}`, { token: owner })).body.status).toBe('suspended');

    expect((await scim(t, token, 'DELETE', `/Users/${userId}`)).status).toBe(204);
    expectScimError(await scim(t, token, 'GET', `/Users/${userId}`), 404);
    expect((await scim(t, token, 'GET', `/Groups/${harbour.body.id}`)).body.members).toEqual([]);
    // The account and its history stay; the history names the identity provider as the actor.
    expect(await t.deps.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()).toBeDefined();
    const history = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?personId=${userId}&limit=50`, { token: owner });
    const actions = history.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.added', 'member.updated', 'member.suspended', 'member.removed']));
    for (const e of history.body.items.filter((x: { action: string }) => x.action.startsWith('member.'))) {
      expect(e.actorKind).toBe('scim_token');
      expect(e.summary).toMatch(/^The identity provider's provisioning /);
    }
  });

  it('Entra ID: string booleans and capitalised ops; disabling ends the sessions on the next request', async () => {
    const cashier = m.people.cashier!;
    const found = await scim(t, token, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${cashier.email}"`)}`);
    expect(found.body.totalResults).toBe(1);
    const id: string = found.body.Resources[0].id;
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores`, { token: cashier.token })).status).toBe(200);

    const off = await scim(t, token, 'PATCH', `/Users/${id}`, fixture('entra-disable-user'));
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores`, { token: cashier.token })).status).toBe(401);

    // Entra sends attribute paths it knows Rolecall may not keep: accepted, the name changes.
    const renamed = await scim(t, token, 'PATCH', `/Users/${id}`, fixture('entra-update-user', { email: cashier.email }));
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.name.givenName).toBe('Joanna');
    const on = await scim(t, token, 'PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    expect(on.body.active).toBe(true);
  });

  it('Entra ID: create with externalId, groups by Add/Remove members', async () => {
    const email = `jo-${m.orgId.slice(-5)}@shop.test`;
    const created = await scim(t, token, 'POST', '/Users', fixture('entra-create-user', { email }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const userId: string = created.body.id;
    const byExternal = await scim(t, token, 'GET', `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
    expect(byExternal.body.Resources.map((r: { id: string }) => r.id)).toEqual([userId]);
    const group = await scim(t, token, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "Old Town cashiers"')}`);
    const groupId: string = group.body.Resources[0].id;
    expect((await scim(t, token, 'PATCH', `/Groups/${groupId}`, fixture('entra-group-add-member', { userId }))).status).toBe(200);
    expect(await roles(userId)).toEqual([{ role: 'cashier', storeIds: [m.stores[0]] }]);
    expect((await scim(t, token, 'PATCH', `/Groups/${groupId}`, fixture('entra-group-remove-member', { userId }))).status).toBe(200);
    expect(await roles(userId)).toEqual([{ role: 'stocker', storeIds: [m.stores[2]] }]);
  });

  it('keeps the member rules: the account owner cannot be suspended or removed through SCIM', async () => {
    const ownerId = m.people.owner!.userId;
    expectScimError(await scim(t, token, 'PATCH', `/Users/${ownerId}`, fixture('okta-deactivate-user')), 409);
    expectScimError(await scim(t, token, 'DELETE', `/Users/${ownerId}`), 409);
    expect((await scim(t, token, 'GET', `/Users/${ownerId}`)).body.active).toBe(true);
  });

  it('refuses filters and patches it does not understand, in SCIM words', async () => {
    expectScimError(await scim(t, token, 'GET', `/Users?filter=${encodeURIComponent('name.familyName co "x"')}`), 400, 'invalidFilter');
    const id = m.people.cashier!.userId;
    expectScimError(await scim(t, token, 'PATCH', `/Users/${id}`, { Operations: [{ op: 'move', path: 'active', value: true }] }), 400, 'invalidSyntax');
    expectScimError(await scim(t, token, 'PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'active', value: 'perhaps' }] }), 400, 'invalidValue');
    expectScimError(await scim(t, token, 'PUT', `/Users/${id}`, { userName: 'someone-else@shop.test' }), 400, 'mutability');
  });
});
