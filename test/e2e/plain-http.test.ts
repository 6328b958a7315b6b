import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../fixtures/test-app.js';
import { browserAvailable, browserPath } from './browser.js';

/** A name that resolves to this machine but, unlike 127.0.0.1, is not "potentially trustworthy". */
const LAN_HOST = 'rolecall.lan';

/**
 * A newcomer's first look with HOST=0.0.0.0: the console and the API reference opened as
 * http://<machine address>:port in a real chromium. Chromium never upgrades loopback
 * addresses, so the page is opened under a network name mapped to 127.0.0.1; over it, an
 * `upgrade-insecure-requests` would send every asset to an HTTPS that does not exist.
 */
describe.runIf(browserAvailable())('plain HTTP on a network address', { timeout: 60_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let baseURL: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    baseURL = t.baseUrl.replace('127.0.0.1', LAN_HOST);
    browser = await chromium.launch({ executablePath: browserPath()!, headless: true, args: ['--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Opens `path` and returns what went wrong: console errors, page errors and CSP violations.
   * `expected` names a resource whose failed load is part of the page (the console asks `/me`
   * whether anyone is signed in, and a 401 is the answer when nobody is).
   */
  async function visit(path: string, ready: (page: Page) => Promise<unknown>, expected?: string): Promise<string[]> {
    const ctx = await browser.newContext({ baseURL });
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !(expected && msg.location().url.endsWith(expected))) problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // A violation is also a console error, but the event names the directive that blocked it.
    await page.exposeFunction('reportViolation', (v: string) => problems.push(`csp: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    try {
      await page.goto(path);
      await ready(page);
      await page.waitForLoadState('networkidle');
    } catch (err) {
      problems.push(`did not render: ${String(err).split('\n')[0]}`);
    } finally {
      await ctx.close();
    }
    return problems;
  }

  it('the console renders its sign-in page', async () => {
    const problems = await visit('/sign-in', (page) => page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 10_000 }), '/api/v1/me');
    expect(problems).toEqual([]);
  });

  it('the API reference renders its operations with no CSP violation and no console error', async () => {
    const problems = await visit('/api/docs', async (page) => {
      await page.getByText('Rolecall API').first().waitFor({ timeout: 10_000 });
      // An operation from the document, so the spec itself was fetched and rendered.
      await page.locator('.opblock').first().waitFor({ timeout: 10_000 });
    });
    expect(problems).toEqual([]);
  });
});
