/**
 * PATCH /me for partner and customer users: their profile's "My Account" level decides whether
 * they may change their own details; the strictest of their profiles applies; staff are not
 * limited by it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, PASSWORD } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { audienceMember, profileWith } from './audience-helpers.js';
import { mailTo } from './auth-helpers.js';

describe.each(dialects())('my own details and my profile (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, { preset: 'commerce', storeCount: 1, team: { admin: () => [{ role: 'global_admin' }], staff: () => [{ role: 'system_admin' }] } });
  });
  afterAll(() => t.close());

  const patchMe = (token: string, body: unknown) => call(t, 'PATCH', '/api/v1/me', { token, body });

  it.each(['none', 'view'] as const)('a customer whose profile gives My Account %s is refused with a plain 403, and nothing changes', async (level) => {
    const c = await audienceMember(t, m.orgId, await profileWith(t, m.orgId, level));
    const res = await patchMe(c.token, { firstName: 'Changed', phone: '+1 555 0100' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect(res.body.detail).toMatch(/^Your profile at .+ does not let you change your account details; ask your administrator\.$/);
    const me = await call(t, 'GET', '/api/v1/me', { token: c.token });
    expect(me.body.user).toMatchObject({ firstName: 'Cora', phone: null });
  });

  it.each(['edit', 'full'] as const)('a customer with My Account %s changes their name and phone', async (level) => {
    const c = await audienceMember(t, m.orgId, await profileWith(t, m.orgId, level));
    const res = await patchMe(c.token, { firstName: 'Corinne', phone: '+1 555 0101' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ firstName: 'Corinne', phone: '+1 555 0101' });
  });

  it('partner users are held to their profile too', async () => {
    const p = await audienceMember(t, m.orgId, await profileWith(t, m.orgId, 'view', 'partner'), { audience: 'partner' });
    expect((await patchMe(p.token, { lastName: 'Partner' })).status).toBe(403);
  });

  it('staff are not limited by profiles', async () => {
    const res = await patchMe(m.people.staff!.token, { firstName: 'Stella' });
    expect(res.status).toBe(200);
    expect(res.body.user.firstName).toBe('Stella');
  });

  it('someone who is staff in one business and a view-only customer in another is refused (the strictest applies)', async () => {
    const other = await createMerchant(t, { preset: 'commerce', storeCount: 1, team: { boss: () => [{ role: 'global_admin' }] } });
    const email = `dual-${other.orgId.slice(-6)}@shop.test`;
    // A customer of `other`, then also staff of `m`.
    const c = await audienceMember(t, other.orgId, await profileWith(t, other.orgId, 'view'), { email });
    const added = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, { token: m.people.admin!.token, body: { email, roles: [{ role: 'system_admin' }] } });
    expect(added.status).toBe(201);
    const [mail] = (await mailTo(t, email)).filter((x) => x.template === 'invitation');
    const token = /accept-invite#token=([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!;
    expect((await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { token: c.token, body: {} })).status).toBe(200);
    const res = await patchMe(c.token, { firstName: 'Dual' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('does not let you change your account details');
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email, password: PASSWORD } })).status).toBe(200);
  });

  it('sending unchanged details is no change, so nothing is refused', async () => {
    const c = await audienceMember(t, m.orgId, await profileWith(t, m.orgId, 'view'));
    expect((await patchMe(c.token, { firstName: 'Cora' })).status).toBe(200);
  });
});
