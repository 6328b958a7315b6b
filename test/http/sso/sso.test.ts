/**
 * Sign-in through a business's identity provider, against a real OpenID provider on 127.0.0.1:
 * email first, the provider's login, and back with a session made as a password sign-in makes
 * it. Refused with a plain reason: an unverified email, an unknown person, a suspended member,
 * a tampered state and a replayed callback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, PASSWORD } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { addMembership, createUser } from '../../../src/services/users.js';
import { createScimToken, fixture, scim } from '../scim/scim-helpers.js';
import { CookieJar, signInAtProvider, startTestProvider, type TestProvider } from './oidc-test-provider.js';

const PUBLIC = 'http://rolecall.test';

describe.each(dialects())('sign-in through the identity provider (%s)', (dialect) => {
  let t: TestApp;
  let idp: TestProvider;
  let m: Merchant;
  let domain: string;
  let owner: string;

  /** Rolecall's own URL for a public one: the test server listens on a loopback port. */
  const local = (url: string) => url.replace(PUBLIC, t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp(dialect, { publicUrl: PUBLIC });
    idp = await startTestProvider(PUBLIC);
    m = await createMerchant(t, { team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
    owner = m.people.owner!.token;
    domain = `${m.orgId.slice(-8)}.example`;
    const set = await call(t, 'PUT', `/api/v1/orgs/${m.orgId}/identity-provider`, {
      token: owner,
      body: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, domains: [domain] },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ issuer: idp.issuer, hasClientSecret: true, domains: [domain] });
    expect(JSON.stringify(set.body)).not.toContain(idp.clientSecret);
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** Email first, then the provider as `login`; returns the jar and where the provider sends the browser back. */
  async function toProvider(email: string, login: string) {
    const jar = new CookieJar();
    const start = await fetch(`${t.baseUrl}/api/v1/auth/sso/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    jar.store(t.baseUrl, start);
    const body = await start.json();
    expect(body.redirectUrl, JSON.stringify(body)).toMatch(new RegExp(`^${idp.issuer}/`));
    const back = await signInAtProvider(body.redirectUrl, login, jar, `${PUBLIC}/api/v1/auth/sso/callback`);
    return { jar, back: local(back) };
  }

  /** The callback as the browser calls it; returns where Rolecall sends it and the session cookie. */
  async function callback(url: string, jar: CookieJar) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.store(url, res);
    return { status: res.status, location: res.headers.get('location'), session: jar.get(url, 'rc_session') };
  }

  async function signIn(email: string, login: string) {
    const { jar, back } = await toProvider(email, login);
    return callback(back, jar);
  }

  it('answers { password: true } for an email no provider covers, known or not', async () => {
    for (const email of [m.people.cashier!.email, 'nobody@nowhere.example']) {
      const res = await call(t, 'POST', '/api/v1/auth/sso/start', { body: { email } });
      expect(res.body).toEqual({ password: true });
    }
  });

  it('signs a provisioned member in: session as for a password, then their home', async () => {
    const email = `ines@${domain}`;
    const { token } = await createScimToken(t, m.orgId, owner);
    expect((await call(t, 'PUT', `/api/v1/orgs/${m.orgId}/scim-default-role`, { token: owner, body: { role: 'cashier', storeIds: [m.stores[0]] } })).status).toBe(200);
    const created = await scim(t, token, 'POST', '/Users', fixture('okta-create-user', { email }));
    expect(created.status).toBe(201);
    idp.accounts.set('ines', { email, email_verified: true });
    const r = await signIn(email, 'ines');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/');
    expect(r.session).toBeTruthy();
    const me = await call(t, 'GET', '/api/v1/me', { token: r.session });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);
    // Signing out here then sends them to the provider's own sign-out.
    const out = await call(t, 'GET', '/api/v1/auth/sso/logout-url', { token: r.session });
    expect(out.body.redirectUrl).toMatch(new RegExp(`^${idp.issuer}/`));
    expect(new URL(out.body.redirectUrl).searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC}/sign-in`);
    expect((await call(t, 'GET', '/api/v1/auth/sso/logout-url', { token: m.people.cashier!.token })).body.redirectUrl).toBeNull();
    const signedIn = await t.deps.db.selectFrom('audit_events').select('action').where('actor_id', '=', created.body.id).where('action', '=', 'auth.signed_in').execute();
    expect(signedIn).toHaveLength(1);
    // A second sign-in finds them by their link.
    const again = await signIn(email, 'ines');
    expect(again.location).toBe('/');
    // Suspended through provisioning: refused with a plain reason.
    expect((await scim(t, token, 'PATCH', `/Users/${created.body.id}`, fixture('entra-disable-user'))).status).toBe(200);
    const refused = await signIn(email, 'ines');
    expect(refused.location).toBe('/sign-in?sso_error=suspended');
    expect(refused.session).toBeUndefined();
  });

  it('links an existing member on first sign-in; their password stops working; members of other businesses keep theirs', async () => {
    const system = { principal: null, ip: undefined, requestId: 'test' };
    const now = t.deps.clock();
    const cara = await createUser(t.deps.db, t.deps, now, { email: `cara@${domain}`, password: PASSWORD, firstName: 'Cara', lastName: 'Lane' });
    await addMembership(t.deps.db, system, now, m.orgId, cara, [{ role: 'cashier', storeIds: [m.stores[0]!] }]);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: cara.email, password: PASSWORD } })).status).toBe(200);
    idp.accounts.set('cara', { email: cara.email, email_verified: true });
    const r = await signIn(cara.email, 'cara');
    expect(r.location).toBe('/');
    const refused = await call(t, 'POST', '/api/v1/auth/token', { body: { email: cara.email, password: PASSWORD } });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/identity provider/);
    // Nor can a reset give them a password back: "forgot" answers as always but starts nothing,
    // and an admin is told to change it at the provider.
    const forgot = await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: cara.email } });
    expect(forgot.status).toBe(202);
    await t.deps.afterReply.settled();
    expect(await t.deps.db.selectFrom('password_resets').select('id').where('user_id', '=', cara.id).execute()).toHaveLength(0);
    const byAdmin = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${cara.id}/password-reset`, { token: owner, body: {} });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(409);
    expect(byAdmin.body.detail).toMatch(/identity provider/);

    // Someone who also works for another business is not the provider's to sign in.
    const other = await createMerchant(t, { team: {} });
    const dan = await createUser(t.deps.db, t.deps, now, { email: `dan@${domain}`, password: PASSWORD, firstName: 'Dan', lastName: 'Moss' });
    await addMembership(t.deps.db, system, now, m.orgId, dan, [{ role: 'cashier', storeIds: [m.stores[0]!] }]);
    await addMembership(t.deps.db, system, now, other.orgId, dan, [{ role: 'org_admin' }]);
    idp.accounts.set('dan', { email: dan.email, email_verified: true });
    expect((await signIn(dan.email, 'dan')).location).toBe('/sign-in?sso_error=other_orgs');
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: dan.email, password: PASSWORD } })).status).toBe(200);
  });

  it('refuses an unverified email and an unknown person', async () => {
    idp.accounts.set('unverified', { email: `ines@${domain}`, email_verified: false });
    expect((await signIn(`ines@${domain}`, 'unverified')).location).toBe('/sign-in?sso_error=unverified_email');
    idp.accounts.set('stranger', { email: `stranger@${domain}`, email_verified: true });
    const r = await signIn(`stranger@${domain}`, 'stranger');
    expect(r.location).toBe('/sign-in?sso_error=unknown_user');
    expect(r.session).toBeUndefined();
  });

  it('refuses a tampered state, a replayed callback and another browser', async () => {
    idp.accounts.set('cash', { email: `cash@${domain}`, email_verified: true });
    const tampered = await toProvider(`cash@${domain}`, 'cash');
    const bad = new URL(tampered.back);
    bad.searchParams.set('state', `${bad.searchParams.get('state')}x`);
    expect((await callback(bad.href, tampered.jar)).location).toBe('/sign-in?sso_error=expired');

    const other = await toProvider(`cash@${domain}`, 'cash');
    expect((await callback(other.back, new CookieJar())).location).toBe('/sign-in?sso_error=expired');

    const replay = await toProvider(`cash@${domain}`, 'cash');
    const first = await callback(replay.back, replay.jar);
    expect(first.location).toBe('/sign-in?sso_error=unknown_user');
    const jar2 = new CookieJar();
    jar2.store(t.baseUrl, new Response(null, { headers: { 'set-cookie': `rc_sso=${replay.jar.get(t.baseUrl, 'rc_sso') ?? 'gone'}` } }));
    expect((await callback(replay.back, jar2)).location).toBe('/sign-in?sso_error=expired');
  });
});
