import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, platformStaff, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { login } from './auth-helpers.js';
import { PASSWORD } from '../../fixtures/merchant.js';

/** The development outbox holds live reset and invitation links: platform staff only. */
describe.each(dialects())('development mailbox access (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  it('needs a session: 401 without one', async () => {
    const res = await call(t, 'GET', '/api/v1/dev/mail');
    expect(`${res.status} ${res.body.code}`).toBe('401 unauthenticated');
    expect(JSON.stringify(res.body)).not.toContain('accept-invite');
  });

  it('members, the org owner included, get the same 404 as the other staff-only reads', async () => {
    for (const who of ['owner', 'admin', 'cashier1'] as const) {
      const res = await call(t, 'GET', '/api/v1/dev/mail', { token: m.people[who]!.token });
      expect(`${res.status} ${res.body.code}`, who).toBe('404 not_found');
      expect(res.body.items).toBeUndefined();
    }
    const support = await call(t, 'GET', '/api/v1/support/dashboard', { token: m.people.owner!.token });
    expect(support.status).toBe(404);
    // A browser session of a member: the same.
    const browser = await login(t, m.people.manager1!.email, PASSWORD);
    expect((await call(t, 'GET', '/api/v1/dev/mail', { headers: { cookie: browser.cookie } })).status).toBe(404);
  });

  it('platform staff read it, support agents and admins alike', async () => {
    for (const role of ['support_agent', 'support_admin'] as const) {
      const staff = await platformStaff(t, role);
      const res = await call(t, 'GET', '/api/v1/dev/mail', { token: staff.token });
      expect(res.status, role).toBe(200);
      expect(Array.isArray(res.body.items)).toBe(true);
    }
  });
});
