import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, type Person, platformStaff, posTeam, tokenFor } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

/** The lists behind the support dashboard's tiles: each lists exactly what its tile counts. */
describe.each(dialects())('support dashboard lists (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let staff: Person;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
    staff = await platformStaff(t, 'support_agent');
  });
  afterAll(() => t.close());

  const get = (path: string) => call(t, 'GET', `/api/v1${path}`, { token: staff.token });

  it('answers 404 to merchants and 401 to anonymous callers', async () => {
    for (const path of ['/api/v1/support/people', '/api/v1/support/invitations']) {
      expect((await call(t, 'GET', path, { token: m.people.owner!.token })).status).toBe(404);
      expect((await call(t, 'GET', path)).status).toBe(401);
    }
  });

  it('lists members with their orgs, locked accounts and deactivated accounts, as the dashboard counts them', async () => {
    const members = await get('/support/people?state=member&limit=200');
    expect(members.status).toBe(200);
    expect(members.body.items).toHaveLength(9);
    expect(members.body.items.find((p: { userId: string }) => p.userId === m.people.cashier1!.userId).orgs).toEqual([expect.objectContaining({ id: m.orgId })]);
    // Staff belong to no org: they are people, not members.
    expect(members.body.items.map((p: { userId: string }) => p.userId)).not.toContain(staff.userId);

    expect((await get('/support/people?state=locked')).body.items).toEqual([]);
    await t.deps.db.updateTable('users').set({ locked_until: new Date(t.clock.now().getTime() + 60_000).toISOString() }).where('id', '=', m.people.cashier1!.userId).execute();
    const locked = await get('/support/people?state=locked');
    expect(locked.body.items.map((p: { userId: string }) => p.userId)).toEqual([m.people.cashier1!.userId]);
    expect(locked.body.items[0].lockedUntil).not.toBeNull();
    expect((await get('/support/dashboard')).body.lockedAccounts).toBe(locked.body.items.length);
    await t.deps.db.updateTable('users').set({ locked_until: null }).where('id', '=', m.people.cashier1!.userId).execute();

    await t.deps.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', m.people.stocker2!.userId).execute();
    const gone = await get('/support/people?state=deactivated');
    expect(gone.body.items.map((p: { userId: string }) => p.userId)).toEqual([m.people.stocker2!.userId]);
    await t.deps.db.updateTable('users').set({ status: 'active' }).where('id', '=', m.people.stocker2!.userId).execute();

    const byName = await get('/support/people?search=cashier12');
    expect(byName.body.items.map((p: { userId: string }) => p.userId)).toEqual([m.people.cashier12!.userId]);
  });

  it('lists pending invitations, and the same one as expired once its date passes', async () => {
    const sent = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, {
      token: m.people.owner!.token,
      body: { email: 'lister@shop.test', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] },
    });
    expect(sent.status).toBe(201);
    const pending = await get('/support/invitations?state=pending&search=lister');
    expect(pending.body.items).toEqual([expect.objectContaining({ id: sent.body.id, email: 'lister@shop.test', org: expect.objectContaining({ id: m.orgId }) })]);
    expect((await get('/support/invitations?state=expired&search=lister')).body.items).toEqual([]);

    t.clock.advance(91 * 24 * 3600_000);
    staff = { ...staff, token: await tokenFor(t, staff.email) };
    expect((await get('/support/invitations?state=pending&search=lister')).body.items).toEqual([]);
    const expired = await get('/support/invitations?state=expired&search=lister');
    expect(expired.body.items.map((i: { id: string }) => i.id)).toEqual([sent.body.id]);
    const dash = (await get('/support/dashboard')).body;
    expect((await get('/support/invitations?state=expired&limit=200')).body.items).toHaveLength(dash.expiredInvitations);
  });

  it('refuses an unknown state with a 400 and changes nothing', async () => {
    expect((await get('/support/people?state=frozen')).status).toBe(400);
  });
});
