import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, platformStaff, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { advanceAndResign, api, invite, mailFor, snapshot } from './helpers.js';

describe.each(dialects())('POST /orgs/{orgId}/invitations (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  const owner = () => m.people.owner!.token;

  it('creates a pending invitation with the org expiry and queues one mail with the public link', async () => {
    const { invitation, token } = await invite(t, m.orgId, owner(), { email: '  New.Person@Example.com ', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    expect(invitation).toMatchObject({
      email: 'New.Person@Example.com',
      roles: [{ role: 'cashier', storeIds: [m.stores[0]] }],
      status: 'pending',
      sendCount: 1,
      invitedBy: { userId: m.people.owner!.userId, name: 'owner Tester' },
      actions: { canResend: true, canCancel: true },
    });
    expect(Date.parse(invitation.expiresAt) - t.clock.now().getTime()).toBe(7 * 24 * 3600 * 1000);
    const { mail } = await mailFor(t, 'New.Person@Example.com');
    expect(mail.text_body).toContain(`http://rolecall.test/accept-invite#token=${token}`);
    expect(mail.html_body).toContain(`http://rolecall.test/accept-invite#token=${token}`);
    // Only the hash is stored.
    const row = await t.deps.db.selectFrom('invitations').selectAll().where('id', '=', invitation.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    const audit = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?action=invitation.created&targetId=${invitation.id}`, { token: owner() });
    expect(audit.body.items[0].after).toMatchObject({ email: 'New.Person@Example.com', status: 'pending' });
  });

  it('builds the link from the configured public URL, never the Host header', async () => {
    await call(t, 'POST', api(m.orgId), { token: owner(), body: { email: 'host@example.com', roles: [{ role: 'org_manager' }] }, headers: { host: 'evil.example' } });
    const { mail } = await mailFor(t, 'host@example.com');
    expect(mail.text_body).toContain('http://rolecall.test/accept-invite#token=');
    expect(mail.text_body).not.toContain('evil.example');
  });

  it('escapes the org and inviter names in the HTML mail', async () => {
    const evil = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    await t.deps.db.updateTable('orgs').set({ name: '<script>alert(1)</script> & Co' }).where('id', '=', evil.orgId).execute();
    await invite(t, evil.orgId, evil.people.boss!.token, { email: 'xss@example.com', roles: [{ role: 'cashier' }] });
    const { mail } = await mailFor(t, 'xss@example.com');
    expect(mail.html_body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(mail.html_body).not.toContain('<script>');
  });

  it('defaults a store role to the only store in a single-store org', async () => {
    const one = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const { invitation } = await invite(t, one.orgId, one.people.boss!.token, { email: 'solo@example.com', roles: [{ role: 'cashier' }] });
    expect(invitation.roles).toEqual([{ role: 'cashier', storeIds: [one.stores[0]] }]);
    const multi = await call(t, 'POST', api(m.orgId), { token: owner(), body: { email: 'multi@example.com', roles: [{ role: 'cashier' }] } });
    expect(multi.status).toBe(400);
    expect(multi.body.code).toBe('invalid_assignment');
  });

  it('refuses an active member with already_member, and a suspended one too; nothing changes', async () => {
    await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.stocker2!.userId}/suspend`, { token: owner(), body: {} });
    for (const who of ['cashier1', 'stocker2'] as const) {
      const before = await snapshot(t, m.orgId);
      const res = await call(t, 'POST', api(m.orgId), { token: owner(), body: { email: m.people[who]!.email.toUpperCase(), roles: [{ role: 'org_manager' }] } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('already_member');
      expect(await snapshot(t, m.orgId)).toEqual(before);
    }
    await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${m.people.stocker2!.userId}/reactivate`, { token: owner(), body: {} });
  });

  it('refuses a second pending invitation with invitation_pending and the id to resend', async () => {
    const { invitation } = await invite(t, m.orgId, owner(), { email: 'twice@example.com', roles: [{ role: 'org_manager' }] });
    const before = await snapshot(t, m.orgId);
    const res = await call(t, 'POST', api(m.orgId), { token: m.people.admin!.token, body: { email: 'TWICE@example.com', roles: [{ role: 'cashier', storeIds: [m.stores[1]] }] } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'invitation_pending', invitationId: invitation.id });
    expect(await snapshot(t, m.orgId)).toEqual(before);
  });

  it('allows a new invitation once the pending one has expired (expiry computed at read time)', async () => {
    const one = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const boss = one.people.boss!.token;
    const { invitation } = await invite(t, one.orgId, boss, { email: 'late@example.com', roles: [{ role: 'cashier' }] });
    await advanceAndResign(t, 8 * 24 * 3600 * 1000, m, one);
    const list = await call(t, 'GET', `${api(one.orgId)}?status=expired`, { token: one.people.boss!.token });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([invitation.id]);
    expect(list.body.items[0].actions).toEqual({ canResend: true, canCancel: false });
    const again = await invite(t, one.orgId, one.people.boss!.token, { email: 'late@example.com', roles: [{ role: 'cashier' }] });
    expect(again.invitation.status).toBe('pending');
    const old = await call(t, 'GET', `${api(one.orgId)}/${invitation.id}`, { token: one.people.boss!.token });
    expect(old.body.status).toBe('expired');
  });

  it('rejects bad input with a code and changes nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ email: 'not-an-email', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] }, 400, 'validation_failed'],
      [{ email: 'a\u200b@example.com', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] }, 400, 'validation_failed'],
      [{ email: 'x@example.com', roles: [] }, 400, 'validation_failed'],
      [{ email: 'x@example.com', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }], isAdmin: true }, 400, 'validation_failed'],
      [{ email: 'x@example.com', roles: [{ role: 'wizard' }] }, 400, 'unknown_role'],
      [{ email: 'x@example.com', roles: [{ role: 'cashier', storeIds: ['nope'] }] }, 400, 'unknown_store'],
      [{ email: 'x@example.com', roles: [{ role: 'org_manager', storeIds: [m.stores[0]] }] }, 400, 'invalid_assignment'],
      [{ email: 'x@example.com', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }], firstName: 'Bad\nName' }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const before = await snapshot(t, m.orgId);
      const res = await call(t, 'POST', api(m.orgId), { token: owner(), body });
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(await snapshot(t, m.orgId)).toEqual(before);
    }
  });

  it('answers 404 for another org and 401 without a session', async () => {
    const other = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const res = await call(t, 'POST', api(other.orgId), { token: owner(), body: { email: 'p@example.com', roles: [{ role: 'cashier' }] } });
    expect(res.status).toBe(404);
    expect((await call(t, 'GET', api(other.orgId), { token: owner() })).status).toBe(404);
    expect((await call(t, 'POST', api(m.orgId), { body: { email: 'p@example.com', roles: [{ role: 'org_manager' }] } })).status).toBe(401);
  });

  it('support staff must give a reason, which is audited', async () => {
    const staff = await platformStaff(t);
    const body = { email: 'via-support@example.com', roles: [{ role: 'org_admin' }] };
    const before = await snapshot(t, m.orgId);
    const refused = await call(t, 'POST', api(m.orgId), { token: staff.token, body });
    expect(refused.body.code).toBe('reason_required');
    expect(await snapshot(t, m.orgId)).toEqual(before);
    const res = await call(t, 'POST', api(m.orgId), { token: staff.token, body: { ...body, reason: 'Ticket 42: owner asked by phone' } });
    expect(res.status).toBe(201);
    const audit = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?targetId=${res.body.id}`, { token: owner() });
    expect(audit.body.items[0]).toMatchObject({ action: 'invitation.created', actorKind: 'platform', reason: 'Ticket 42: owner asked by phone' });
  });

  it('lists with search, status filter and cursor pages', async () => {
    const one = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const boss = one.people.boss!.token;
    for (let i = 0; i < 5; i++) await invite(t, one.orgId, boss, { email: `page${i}@list.test`, roles: [{ role: 'cashier' }] });
    await invite(t, one.orgId, boss, { email: 'other@elsewhere.test', roles: [{ role: 'cashier' }] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `?search=list.test&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call(t, 'GET', `${api(one.orgId)}${q}`, { token: boss });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { email: string }) => i.email));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['page0@list.test', 'page1@list.test', 'page2@list.test', 'page3@list.test', 'page4@list.test']);
    const cancelled = await call(t, 'GET', `${api(one.orgId)}?status=cancelled`, { token: boss });
    expect(cancelled.body.items).toEqual([]);
    const bad = await call(t, 'GET', `${api(one.orgId)}?status=lost`, { token: boss });
    expect(bad.body.code).toBe('validation_failed');
  });
});
