import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../fixtures/merchant.js';
import { startTestApp, type TestApp } from '../fixtures/test-app.js';
import { type AxeFinding, axe, browserAvailable, launch, shoot } from './browser.js';
import { expectPlainPage, signInAs } from './console-session.js';

const NOT_PLAIN = [
  { what: 'a permission key', re: /\b[a-z_]+:[a-z_]+\b/ },
  { what: 'a JSON fragment', re: /[{[]"/ },
];

/** Issue 18: the console's import page checks a file (dry run) before anything changes, then imports. */
describe.runIf(browserAvailable())('import people from a CSV file in the console', { timeout: 120_000 }, () => {
  let t: TestApp;
  let m: Merchant;
  let b: { browser: Browser; close: () => Promise<void> };
  let ctx: BrowserContext;
  const findings: AxeFinding[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    m = await posTeam(t);
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    await ctx?.close().catch(() => {});
    await b?.close();
    await t?.close();
  });

  it('an owner checks a file, sees each row’s result, imports the good rows and downloads the report', async () => {
    ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(15_000);
    const page: Page = await ctx.newPage();
    await signInAs(t, page, m.people.owner!.email);
    await page.goto(`/orgs/${m.orgId}/team`);
    await page.getByRole('link', { name: 'Import from a file' }).click();
    await page.getByRole('heading', { name: 'Import people', level: 1 }).waitFor();
    const csv = ['E-mail,First Name,Last Name,Phone,Role,Stores', 'lena@shop.test,Lena,Fox,,Cashier,S1;S2', 'omar@shop.test,Omar,Reid,,Cashier,NOPE', ''].join('\r\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'What the import would do' }).waitFor();
    const rows = page.getByRole('table');
    await rows.getByRole('row').filter({ hasText: 'lena@shop.test' }).getByText('Will be added').waitFor();
    await rows.getByRole('row').filter({ hasText: 'omar@shop.test' }).getByText('Not imported').waitFor();
    await expectPlainPage(page, 'import check', NOT_PLAIN);
    await shoot(page, 'import-check');
    findings.push(...(await axe(page, 'import-check')));
    // The check changed nothing.
    const before = await page.evaluate(async (orgId) => (await (await fetch(`/api/v1/orgs/${orgId}/invitations`)).json()).items.length, m.orgId);
    expect(before).toBe(0);

    await page.getByRole('button', { name: 'Import 1 person' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    await page.getByText('1 added, 0 updated, 0 already up to date, 1 row not imported.').waitFor();
    const invited = await page.evaluate(async (orgId) => (await (await fetch(`/api/v1/orgs/${orgId}/invitations`)).json()).items.map((i: { email: string }) => i.email), m.orgId);
    expect(invited).toEqual(['lena@shop.test']);
    const report = await page.getByRole('link', { name: 'Download the report' }).getAttribute('href');
    const text = await page.evaluate(async (href) => (await fetch(href!)).text(), report);
    expect(text).toContain('omar@shop.test');
    expect(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')).toEqual([]);
  });
});
