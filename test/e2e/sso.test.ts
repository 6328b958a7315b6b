/**
 * Sign-in through the business's identity provider in the browser, against a real OpenID
 * provider on 127.0.0.1: the email-first sign-in page sends a provisioned person there, its
 * login form signs them in, and they land on their home in the console. An unknown person is
 * sent back to the sign-in page with a plain reason. The console's public address must be
 * known before the server starts (it is registered with the provider), so the browser reaches
 * the test server through a loopback TCP relay on a port taken first.
 */
import { createConnection, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { createScimToken, fixture, scim } from '../http/scim/scim-helpers.js';
import { startTestProvider, type TestProvider } from '../http/sso/oidc-test-provider.js';
import { browserAvailable, launch } from './browser.js';


describe.runIf(browserAvailable())('sign-in through the identity provider in the browser', { timeout: 90_000 }, () => {
  let t: TestApp;
  let idp: TestProvider;
  let m: Merchant;
  let b: { browser: Browser; close: () => Promise<void> };
  let domain: string;
  let relay: Server;
  let PUBLIC: string;
  const contexts: BrowserContext[] = [];

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: PUBLIC, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  beforeAll(async () => {
    let target = 0;
    relay = createServer((socket) => socket.pipe(createConnection(target, '127.0.0.1')).pipe(socket));
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    PUBLIC = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    t = await startTestApp('sqlite', { publicUrl: PUBLIC });
    target = Number(new URL(t.baseUrl).port);
    idp = await startTestProvider(PUBLIC);
    m = await createMerchant(t, { team: { owner: () => [{ role: 'org_admin' }] } });
    domain = `${m.orgId.slice(-8)}.example`;
    const owner = m.people.owner!.token;
    const set = await call(t, 'PUT', `/api/v1/orgs/${m.orgId}/identity-provider`, { token: owner, body: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, domains: [domain] } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await call(t, 'PUT', `/api/v1/orgs/${m.orgId}/scim-default-role`, { token: owner, body: { role: 'cashier', storeIds: [m.stores[0]] } })).status).toBe(200);
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
    await idp?.close();
    relay?.close();
  });

  async function throughProvider(page: Page, email: string, login: string) {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').first().click();
    // The development provider asks for consent once.
    await page.waitForURL((u) => u.origin !== idp.issuer || u.pathname.startsWith('/interaction/'));
    if (new URL(page.url()).origin === idp.issuer) await page.locator('button[type="submit"]').first().click();
    await page.waitForURL((u) => u.origin === PUBLIC);
  }

  it('a provisioned person signs in at the provider, lands on their home, and signs out at both', async () => {
    const email = `ines@${domain}`;
    const { token } = await createScimToken(t, m.orgId, m.people.owner!.token);
    expect((await scim(t, token, 'POST', '/Users', fixture('okta-create-user', { email }))).status).toBe(201);
    idp.accounts.set('ines', { email, email_verified: true });
    const page = await open();
    await throughProvider(page, email, 'ines');
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await expect.poll(async () => (await page.request.get('/api/v1/me')).status()).toBe(200);
    const me = await (await page.request.get('/api/v1/me')).json();
    expect(me.user.email).toBe(email);

    // Signing out ends the session here, then at the provider, and comes back to sign-in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((u) => u.origin === PUBLIC && u.pathname === '/sign-in');
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  });

  it('an unknown person is back on the sign-in page with a plain reason', async () => {
    idp.accounts.set('stranger', { email: `stranger@${domain}`, email_verified: true });
    const page = await open();
    await throughProvider(page, `stranger@${domain}`, 'stranger');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await expect.poll(() => page.getByText('There is no Rolecall account for you yet').count()).toBe(1);
  });
});
