import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/users.js';
import { createMerchant, type Merchant, PASSWORD } from '../fixtures/merchant.js';
import { totpCode } from '../fixtures/second-factor.js';
import { startTestApp, type TestApp } from '../fixtures/test-app.js';
import { type AxeFinding, axe, browserAvailable, launch, shoot } from './browser.js';

/**
 * The second factor in a real chromium: an authenticator app set up from the account page and
 * used at sign-in, a platform staff member without a factor sent to set one up, and a passkey
 * through Chromium's virtual authenticator (DevTools WebAuthn domain).
 */
describe.runIf(browserAvailable())('second factor in the console', { timeout: 90_000 }, () => {
  let t: TestApp;
  let m: Merchant;
  let origin: string;
  let b: { browser: Browser; close: () => Promise<void> };
  const contexts: BrowserContext[] = [];
  const findings: AxeFinding[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    // WebAuthn binds a passkey to a domain name (an IP address cannot be an RP ID) and allows
    // plain http only on localhost: the browser opens the console as http://localhost:PORT, and
    // the public URL (the relying party) says the same.
    origin = t.baseUrl.replace('127.0.0.1', 'localhost');
    (t.deps.config as { publicUrl: string }).publicUrl = origin;
    m = await createMerchant(t, {
      storeCount: 1,
      team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }], stocker: (s) => [{ role: 'stocker', storeIds: [s[0]!] }] },
    });
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  async function password(page: Page, email: string): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/sign-in'));
  }

  it('a member sets up an authenticator app (QR code, key, confirming code), saves the recovery codes, and then signs in with a code', async () => {
    const page = await open();
    const cashier = m.people.cashier!;
    await password(page, cashier.email);
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.goto('/account');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await shoot(page, 'second-factor-setup');
    findings.push(...(await axe(page, 'second-factor-setup')));
    await page.getByLabel('Code from the app').fill(totpCode(t, secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByRole('status', { name: 'Recovery codes' }).locator('code');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    const recovery = (await codes.nth(3).textContent())!;
    await shoot(page, 'second-factor-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('list', { name: 'My second factors' }).getByText('Authenticator app').waitFor();
    await signOut(page);

    // The next 30-second step: the code enrolment used is spent.
    t.clock.advance(30_000);
    await password(page, cashier.email);
    await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await shoot(page, 'second-factor-sign-in');
    findings.push(...(await axe(page, 'second-factor-sign-in')));
    await page.getByLabel('Code from your authenticator app').fill('000000' === totpCode(t, secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').getByText('not accepted').waitFor();
    await page.getByLabel('Code from your authenticator app').fill(totpCode(t, secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await signOut(page);

    // A recovery code instead.
    await password(page, cashier.email);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recovery);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  });

  it('platform staff without a factor land on the account page and can do nothing else until they set one up', async () => {
    const email = `nofactor-${Date.now()}@platform.test`;
    await createUser(t.deps.db, t.deps, t.clock.now(), { email, password: PASSWORD, platformRole: 'support_agent', firstName: 'Nia', lastName: 'New' });
    const page = await open();
    await password(page, email);
    await page.waitForURL((u) => u.pathname === '/account');
    await page.getByText('Platform staff must use a second factor').waitFor();
    await shoot(page, 'second-factor-required');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Code from the app').fill(totpCode(t, secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => page.getByText('Platform staff must use a second factor').count()).toBe(0);
    await page.goto('/support');
    await page.waitForLoadState('networkidle');
    expect(page.url()).not.toContain('/account');
  });

  it('a member adds a passkey (virtual authenticator) and signs in with it', async () => {
    const page = await open();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    const stocker = m.people.stocker!;
    await password(page, stocker.email);
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.goto('/account');
    await page.getByLabel('Passkey name').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('status', { name: 'Recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('list', { name: 'My second factors' }).getByText('Test laptop').waitFor();
    await signOut(page);

    await password(page, stocker.email);
    await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    const signedIn = await t.deps.db.selectFrom('audit_events').select('after').where('action', '=', 'auth.signed_in').where('actor_id', '=', stocker.userId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(signedIn.after ?? '{}')).toEqual({ kind: 'cookie', secondFactor: 'passkey' });
  });
});
