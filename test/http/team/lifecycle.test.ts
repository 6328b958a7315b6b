/**
 * The membership lifecycle over HTTP (issue 5 items 4–5; SPEC rules 4–7): personal details,
 * role and override changes on the next request, suspend/reactivate, remove, owner protection,
 * owner transfer, the last top admin and its support-staff override.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, platformStaff, posTeam, tokenFor } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { addTarget, teamState } from './helpers.js';

describe.each(dialects())('membership lifecycle (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  const owner = () => m.people.owner!.token;
  const member = (orgId: string, userId: string) => `/api/v1/orgs/${orgId}/members/${userId}`;

  it('edits personal details; every org the user belongs to finds the new name; audited before/after', async () => {
    const other = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const userId = await addTarget(t, m.orgId, [{ role: 'cashier', storeIds: [m.stores[0]!] }], 'rename');
    const email = (await t.deps.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email;
    // An org edits the details only while the person belongs to it alone (test/security/shared-person.test.ts).
    const res = await call(t, 'PATCH', member(m.orgId, userId), { token: m.people.manager1!.token, body: { firstName: '  Zelda ', lastName: 'Quartermain', phone: '+44 20 7946 0000' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ firstName: 'Zelda', lastName: 'Quartermain', phone: '+44 20 7946 0000', email });
    const audit = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?targetId=${userId}&action=member.updated`, { token: owner() });
    expect(audit.body.items[0]).toMatchObject({ before: { firstName: 'rename', lastName: 'Target', phone: null }, after: { firstName: 'Zelda', lastName: 'Quartermain' } });
    const cleared = await call(t, 'PATCH', member(m.orgId, userId), { token: owner(), body: { phone: null } });
    expect(cleared.body.phone).toBeNull();
    const { addMembership } = await import('../../../src/services/users.js');
    const user = await t.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    await addMembership(t.deps.db, { principal: null, ip: undefined, requestId: 'x' }, t.deps.clock(), other.orgId, user, [{ role: 'cashier' }]);
    for (const [orgId, token] of [
      [m.orgId, owner()],
      [other.orgId, other.people.boss!.token],
    ] as const) {
      const found = await call(t, 'GET', `/api/v1/orgs/${orgId}/members?search=quartermain`, { token });
      expect(found.body.items.map((i: { userId: string }) => i.userId)).toEqual([userId]);
    }
  });

  it('refuses control characters and bad phones in personal details, and edits without authority; nothing changes', async () => {
    const userId = await addTarget(t, m.orgId, [{ role: 'stocker', storeIds: [m.stores[1]!] }], 'strict');
    const cases: [string, unknown, number, string][] = [
      ['owner', { firstName: 'Evil\r\nBcc: x' }, 400, 'validation_failed'],
      ['owner', { lastName: 'Bidi\u202eevil' }, 400, 'validation_failed'],
      ['owner', { firstName: '   ' }, 400, 'validation_failed'],
      ['owner', { phone: 'call me maybe' }, 400, 'validation_failed'],
      ['owner', { nickname: 'x' }, 400, 'validation_failed'],
      ['manager1', { firstName: 'NotMyStore' }, 403, 'store_not_assignable'],
      ['cashier1', { firstName: 'Nope' }, 403, 'forbidden'],
    ];
    for (const [actor, body, status, code] of cases) {
      const before = await teamState(t, m.orgId);
      const user = await t.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      const res = await call(t, 'PATCH', member(m.orgId, userId), { token: m.people[actor]!.token, body });
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(await teamState(t, m.orgId)).toEqual(before);
      expect(await t.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()).toEqual(user);
    }
  });

  it('a role permission change applies to every holder on their next request', async () => {
    const created = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/roles`, {
      token: owner(),
      body: { key: 'auditor', name: 'Auditor', scope: 'org', rank: 20, permissions: ['reports:read'] },
    });
    expect(created.status).toBe(201);
    const shop = m;
    const a = await addTarget(t, shop.orgId, [{ role: 'auditor' }], 'aud1');
    const b = await addTarget(t, shop.orgId, [{ role: 'auditor' }], 'aud2');
    const { updateUser } = await import('../../../src/store/queries/user.queries.js');
    const { testPasswords } = await import('../../fixtures/test-app.js');
    const hash = await testPasswords.hash('auditor passphrase long enough');
    const tokens: string[] = [];
    for (const id of [a, b]) {
      await updateUser(t.deps.db, id, { password_hash: hash });
      const email = (await t.deps.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;
      tokens.push(await tokenFor(t, email, 'auditor passphrase long enough'));
    }
    for (const tok of tokens) expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/audit`, { token: tok })).status).toBe(403);
    const patched = await call(t, 'PATCH', `/api/v1/orgs/${shop.orgId}/roles/auditor`, { token: owner(), body: { permissions: ['reports:read', 'audit:read'] } });
    expect(patched.status).toBe(200);
    for (const tok of tokens) expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/audit`, { token: tok })).status).toBe(200);
    // An individual deny beats the group, and is listed apart from the roles.
    const deny = await call(t, 'PATCH', member(shop.orgId, b), { token: owner(), body: { overrides: [{ permission: 'audit:read', effect: 'deny' }] } });
    expect(deny.body).toMatchObject({ roles: [{ role: 'auditor' }], overrides: [{ permission: 'audit:read', effect: 'deny' }] });
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/audit`, { token: tokens[1] })).status).toBe(403);
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/audit`, { token: tokens[0] })).status).toBe(200);
  });

  it('suspend keeps the member listed without access; reactivate restores it; both audited', async () => {
    const shop = await posTeam(t);
    const who = shop.people.cashier1!;
    const s = await call(t, 'POST', `${member(shop.orgId, who.userId)}/suspend`, { token: shop.people.owner!.token, body: {} });
    expect(s.body.status).toBe('suspended');
    const listed = await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/members?status=suspended`, { token: shop.people.owner!.token });
    expect(listed.body.items.map((i: { userId: string }) => i.userId)).toEqual([who.userId]);
    const fresh = await tokenFor(t, who.email);
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}`, { token: fresh })).status).toBe(404);
    const r = await call(t, 'POST', `${member(shop.orgId, who.userId)}/reactivate`, { token: shop.people.owner!.token, body: {} });
    expect(r.body.status).toBe('active');
    expect((await call(t, 'GET', `/api/v1/orgs/${shop.orgId}`, { token: fresh })).status).toBe(200);
    const audit = await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/audit?targetId=${who.userId}`, { token: shop.people.owner!.token });
    expect(audit.body.items.slice(0, 2).map((e: { action: string; before: unknown; after: unknown }) => [e.action, e.before, e.after])).toEqual([
      ['member.reactivated', { status: 'suspended' }, { status: 'active' }],
      ['member.suspended', { status: 'active' }, { status: 'suspended' }],
    ]);
  });

  it('the account owner cannot be removed, suspended or demoted; nothing changes', async () => {
    const shop = await posTeam(t);
    const ownerId = shop.people.owner!.userId;
    const admin = shop.people.admin!.token;
    const attempts: [string, string, unknown][] = [
      ['DELETE', member(shop.orgId, ownerId), {}],
      ['POST', `${member(shop.orgId, ownerId)}/suspend`, {}],
      ['PATCH', member(shop.orgId, ownerId), { roles: [{ role: 'org_manager' }] }],
    ];
    for (const [method, path, body] of attempts) {
      const before = await teamState(t, shop.orgId);
      const res = await call(t, method, path, { token: admin, body });
      expect([res.status, res.body.code]).toEqual([409, 'owner_protected']);
      expect(await teamState(t, shop.orgId)).toEqual(before);
    }
  });

  it('owner transfer: only the owner, only to an active top admin; then the old owner is an ordinary admin', async () => {
    const shop = await posTeam(t);
    const path = `/api/v1/orgs/${shop.orgId}/owner-transfer`;
    const refusals: [string, string, number, string][] = [
      ['admin', shop.people.admin!.userId, 403, 'forbidden'],
      ['owner', shop.people.orgManager!.userId, 403, 'forbidden'],
    ];
    for (const [actor, userId, status, code] of refusals) {
      const before = await teamState(t, shop.orgId);
      const res = await call(t, 'POST', path, { token: shop.people[actor]!.token, body: { userId } });
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(await teamState(t, shop.orgId)).toEqual(before);
    }
    const ok = await call(t, 'POST', path, { token: shop.people.owner!.token, body: { userId: shop.people.admin!.userId } });
    expect(ok.body.ownerId).toBe(shop.people.admin!.userId);
    const demote = await call(t, 'PATCH', member(shop.orgId, shop.people.owner!.userId), { token: shop.people.admin!.token, body: { roles: [{ role: 'org_manager' }] } });
    expect(demote.status).toBe(200);
    const audit = await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/audit?action=org.owner_transferred`, { token: shop.people.admin!.token });
    expect(audit.body.items[0]).toMatchObject({ before: { ownerId: shop.people.owner!.userId }, after: { ownerId: shop.people.admin!.userId } });
  });

  it('the last active top admin stays unless support staff override with a reason (audited)', async () => {
    const shop = await createMerchant(t, { storeCount: 1, team: { solo: () => [{ role: 'org_admin' }, { role: 'org_manager' }], helper: () => [{ role: 'org_manager' }] } });
    // Dropping one's own top admin role (keeping org_manager) is a demotion, not a grant.
    // An org whose owner record was cleared (legacy import): only the last-admin rule protects it.
    await t.deps.db.updateTable('orgs').set({ owner_id: null }).where('id', '=', shop.orgId).execute();
    const solo = shop.people.solo!.userId;
    const staff = await platformStaff(t);
    const attempts: [string, string, string, unknown, number, string][] = [
      ['member', 'PATCH', member(shop.orgId, solo), { roles: [{ role: 'org_manager' }] }, 409, 'last_org_admin'],
      ['member', 'POST', `${member(shop.orgId, solo)}/suspend`, {}, 409, 'last_org_admin'],
      ['member', 'DELETE', member(shop.orgId, solo), {}, 409, 'last_org_admin'],
      ['staff', 'DELETE', member(shop.orgId, solo), {}, 400, 'reason_required'],
      ['staff', 'DELETE', member(shop.orgId, solo), { reason: 'Ticket 9' }, 409, 'last_org_admin'],
      ['staff', 'DELETE', member(shop.orgId, solo), { overrideLastAdmin: true }, 400, 'reason_required'],
    ];
    for (const [who, method, path, body, status, code] of attempts) {
      const before = await teamState(t, shop.orgId);
      const res = await call(t, method, path, { token: who === 'staff' ? staff.token : shop.people.solo!.token, body });
      expect([res.status, res.body.code], `${who} ${method} ${path}`).toEqual([status, code]);
      expect(await teamState(t, shop.orgId)).toEqual(before);
    }
    const ok = await call(t, 'DELETE', member(shop.orgId, solo), { token: staff.token, body: { overrideLastAdmin: true, reason: 'Ticket 9: merchant closing, approved by compliance' } });
    expect(ok.status).toBe(204);
    const audit = await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/audit?action=member.removed&targetId=${solo}`, { token: staff.token });
    expect(audit.body.items[0]).toMatchObject({ actorKind: 'platform', reason: 'Ticket 9: merchant closing, approved by compliance' });
    expect(JSON.stringify(audit.body.items[0].after)).toContain('overridden by platform staff');
  });

  it('remove ends the membership in this org only', async () => {
    const a = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }], both: () => [{ role: 'cashier' }] } });
    const b = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const both = a.people.both!;
    const user = await t.deps.db.selectFrom('users').selectAll().where('id', '=', both.userId).executeTakeFirstOrThrow();
    const { addMembership } = await import('../../../src/services/users.js');
    await addMembership(t.deps.db, { principal: null, ip: undefined, requestId: 'x' }, t.deps.clock(), b.orgId, user, [{ role: 'cashier' }]);
    expect((await call(t, 'DELETE', member(a.orgId, both.userId), { token: a.people.boss!.token, body: {} })).status).toBe(204);
    expect((await call(t, 'GET', member(a.orgId, both.userId), { token: a.people.boss!.token })).status).toBe(404);
    expect((await call(t, 'GET', member(b.orgId, both.userId), { token: b.people.boss!.token })).body.status).toBe('active');
    const audit = await call(t, 'GET', `/api/v1/orgs/${a.orgId}/audit?action=member.removed&targetId=${both.userId}`, { token: a.people.boss!.token });
    expect(audit.body.items[0].before).toMatchObject({ email: both.email, roles: [{ role: 'cashier', storeIds: [a.stores[0]] }] });
  });
});
