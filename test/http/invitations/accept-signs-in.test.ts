import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { createUser } from '../../../src/services/users.js';
import { type Merchant, posTeam, tokenFor } from '../../fixtures/merchant.js';
import { giveTotpFactor } from '../../fixtures/second-factor.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { auditRows } from '../auth/auth-helpers.js';
import { invite, NEW_PASSWORD, snapshot } from './helpers.js';

/** The browser's accept: same-origin, as the console sends it. */
const accept = (t: TestApp, token: string, body: unknown, headers: Record<string, string> = {}) =>
  call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body, headers: { origin: t.baseUrl, 'sec-fetch-site': 'same-origin', ...headers } });

const sessionCookie = (res: { headers: Headers }) => res.headers.getSetCookie().find((c) => c.startsWith('rc_session='))?.split(';')[0];

describe.each(dialects())('accepting an invitation signs the new person in (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  const owner = () => m.people.owner!.token;
  const email = (label: string) => `${label}-${newId().slice(-6)}@example.com`;

  it('a new user who sets a password gets a cookie session, like sign-in, and single session still applies', async () => {
    const to = email('fresh');
    const { token } = await invite(t, m.orgId, owner(), { email: to, roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    const res = await accept(t, token, { firstName: 'Fresh', lastName: 'Person', password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('session');
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);
    const cookie = sessionCookie(res);
    expect(cookie).toBeTruthy();
    expect(res.headers.getSetCookie().find((c) => c.startsWith('rc_session='))).toMatch(/HttpOnly/i);
    const me = await call(t, 'GET', '/api/v1/me', { headers: { cookie: cookie! } });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(to);
    expect(me.body.memberships.map((x: { org: { id: string } }) => x.org.id)).toEqual([m.orgId]);
    expect(me.body.csrfToken).toBeTruthy();
    expect(await auditRows(t, 'auth.signed_in')).toEqual(expect.arrayContaining([expect.objectContaining({ actor_id: res.body.userId })]));
    // The org asks for one session per person: signing in elsewhere ends this one.
    await tokenFor(t, to, NEW_PASSWORD);
    expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: cookie! } })).status).toBe(401);
  });

  it('a person who must use a second factor joins but is not signed in: they sign in with it', async () => {
    const to = email('guarded');
    // An account made without a password (e.g. imported) that already has an authenticator app.
    const user = await createUser(t.deps.db, t.deps, t.deps.clock(), { email: to, firstName: 'Gia', lastName: 'Guarded' });
    await giveTotpFactor(t, user.id);
    const { token } = await invite(t, m.orgId, owner(), { email: to, roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    const res = await accept(t, token, { firstName: 'Gia', lastName: 'Guarded', password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orgId: m.orgId, userId: user.id });
    expect(sessionCookie(res)).toBeUndefined();
    const signIn = await call(t, 'POST', '/api/v1/auth/login', { body: { email: to, password: NEW_PASSWORD } });
    expect(signIn.status).toBe(202);
  });

  it('an existing user who joins while signed in keeps their session; no new one is made', async () => {
    const other = await posTeam(t);
    const helper = other.people.cashier1!;
    const { token } = await invite(t, m.orgId, owner(), { email: helper.email, roles: [{ role: 'stocker', storeIds: [m.stores[1]] }] });
    const res = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: {}, token: helper.token });
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toBeUndefined();
    expect((await call(t, 'GET', '/api/v1/me', { token: helper.token })).status).toBe(200);
  });

  it('another site cannot sign a browser in through an invitation (login CSRF): refused, nothing changes', async () => {
    const to = email('forged');
    const { token } = await invite(t, m.orgId, owner(), { email: to, roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    const before = await snapshot(t, m.orgId);
    const res = await accept(t, token, { firstName: 'Forged', lastName: 'Person', password: NEW_PASSWORD }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(`${res.status} ${res.body.code}`).toBe('403 csrf_failed');
    expect(sessionCookie(res)).toBeUndefined();
    expect(await snapshot(t, m.orgId)).toEqual(before);
    expect((await call(t, 'GET', `/api/v1/invitations/${token}`)).body.status).toBe('pending');
  });
});
