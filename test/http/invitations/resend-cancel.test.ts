import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { advanceAndResign, api, invite, mailFor, NEW_PASSWORD, snapshot } from './helpers.js';

const MINUTE = 60_000;

describe.each(dialects())('resend and cancel (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  const owner = () => m.people.owner!.token;

  it('resend: fresh token, the old link stops working, send count + 1, audited', async () => {
    const { invitation, token: first } = await invite(t, m.orgId, owner(), { email: 'resend@example.com', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    t.clock.advance(2 * MINUTE);
    const res = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/resend`, { token: owner(), body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending', sendCount: 2 });
    const { token: second, count } = await mailFor(t, 'resend@example.com');
    expect(count).toBe(2);
    expect(second).not.toBe(first);
    expect((await call(t, 'GET', `/api/v1/invitations/${first}`)).status).toBe(404);
    expect((await call(t, 'POST', `/api/v1/invitations/${first}/accept`, { body: { firstName: 'A', lastName: 'B', password: NEW_PASSWORD } })).status).toBe(404);
    expect((await call(t, 'GET', `/api/v1/invitations/${second}`)).body.status).toBe('pending');
    const audit = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?action=invitation.resent&targetId=${invitation.id}`, { token: owner() });
    expect(audit.body.items[0]).toMatchObject({ before: { sendCount: 1 }, after: { sendCount: 2, status: 'pending' } });
  });

  it('resend within the minimum interval answers rate_limited and changes nothing', async () => {
    const { invitation } = await invite(t, m.orgId, owner(), { email: 'toosoon@example.com', roles: [{ role: 'org_manager' }] });
    t.clock.advance(MINUTE / 2);
    const before = await snapshot(t, m.orgId);
    const res = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/resend`, { token: owner(), body: {} });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('rate_limited');
    expect(await snapshot(t, m.orgId)).toEqual(before);
    t.clock.advance(MINUTE);
    expect((await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/resend`, { token: owner(), body: {} })).status).toBe(200);
  });

  it('the route allows at most 3 resends per invitation per hour, whoever presses the button', async () => {
    const { invitation } = await invite(t, m.orgId, owner(), { email: 'flood@example.com', roles: [{ role: 'org_manager' }] });
    const statuses: number[] = [];
    for (const who of ['owner', 'admin', 'owner', 'admin']) {
      t.clock.advance(2 * MINUTE);
      const res = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/resend`, { token: m.people[who]!.token, body: {} });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('rate_limited');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await mailFor(t, 'flood@example.com')).count).toBe(4);
  });

  it('cancel: only while pending; the link stops working; a second cancel is invitation_not_pending', async () => {
    const { invitation, token } = await invite(t, m.orgId, owner(), { email: 'cancel@example.com', roles: [{ role: 'stocker', storeIds: [m.stores[1]] }] });
    const res = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/cancel`, { token: owner(), body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', actions: { canResend: false, canCancel: false } });
    const before = await snapshot(t, m.orgId);
    for (const path of ['cancel', 'resend']) {
      t.clock.advance(2 * MINUTE);
      const again = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/${path}`, { token: owner(), body: {} });
      expect([again.status, again.body.code]).toEqual([409, 'invitation_not_pending']);
    }
    expect(await snapshot(t, m.orgId)).toEqual(before);
    const accept = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { firstName: 'C', lastName: 'D', password: NEW_PASSWORD } });
    expect([accept.status, accept.body.code]).toEqual([409, 'invitation_not_pending']);
    expect((await call(t, 'GET', `/api/v1/invitations/${token}`)).body.status).toBe('cancelled');
    // Cancelling freed the email: a new invitation may be sent.
    await invite(t, m.orgId, owner(), { email: 'cancel@example.com', roles: [{ role: 'stocker', storeIds: [m.stores[1]] }] });
  });

  it('a store manager cannot resend or cancel an invitation to roles they could not give', async () => {
    const { invitation } = await invite(t, m.orgId, owner(), { email: 'above@example.com', roles: [{ role: 'org_manager' }] });
    const list = await call(t, 'GET', `${api(m.orgId)}?search=above@`, { token: m.people.manager1!.token });
    expect(list.body.items[0].actions).toEqual({ canResend: false, canCancel: false });
    const before = await snapshot(t, m.orgId);
    t.clock.advance(2 * MINUTE);
    for (const path of ['cancel', 'resend']) {
      const res = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/${path}`, { token: m.people.manager1!.token, body: {} });
      expect([res.status, res.body.code]).toEqual([403, 'role_not_assignable']);
    }
    const cashier = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/cancel`, { token: m.people.cashier1!.token, body: {} });
    expect([cashier.status, cashier.body.code]).toEqual([403, 'forbidden']);
    expect(await snapshot(t, m.orgId)).toEqual(before);
  });

  it('an expired invitation re-sent becomes pending again with a new expiry (re-invite after expiry)', async () => {
    const { invitation, token: old } = await invite(t, m.orgId, owner(), { email: 'expired@example.com', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    await advanceAndResign(t, 8 * 24 * 3600 * 1000, m);
    expect((await call(t, 'GET', `/api/v1/invitations/${old}`)).body.status).toBe('expired');
    const cancel = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/cancel`, { token: owner(), body: {} });
    expect(cancel.body.code).toBe('invitation_not_pending');
    const accept = await call(t, 'POST', `/api/v1/invitations/${old}/accept`, { body: { firstName: 'E', lastName: 'F', password: NEW_PASSWORD } });
    expect(accept.body.code).toBe('invitation_not_pending');
    const res = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/resend`, { token: owner(), body: {} });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('pending');
    expect(Date.parse(res.body.expiresAt)).toBe(t.clock.now().getTime() + 7 * 24 * 3600 * 1000);
    const { token } = await mailFor(t, 'expired@example.com');
    const ok = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { firstName: 'E', lastName: 'F', password: NEW_PASSWORD } });
    expect(ok.status).toBe(200);
  });

  it('another org id answers 404 on resend and cancel', async () => {
    const other = await posTeam(t);
    const { invitation } = await invite(t, other.orgId, other.people.owner!.token, { email: 'theirs@example.com', roles: [{ role: 'org_manager' }] });
    for (const path of ['cancel', 'resend']) {
      const cross = await call(t, 'POST', `${api(m.orgId)}/${invitation.id}/${path}`, { token: owner(), body: {} });
      expect(cross.status).toBe(404);
      const foreign = await call(t, 'POST', `${api(other.orgId)}/${invitation.id}/${path}`, { token: owner(), body: {} });
      expect(foreign.status).toBe(404);
    }
  });
});
