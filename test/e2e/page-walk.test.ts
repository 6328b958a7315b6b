import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { createMerchant, type Merchant, type Person, platformStaff, posTeam } from '../fixtures/merchant.js';
import { startTestApp, type TestApp } from '../fixtures/test-app.js';
import { signInAs } from './console-session.js';
import { type AxeFinding, axe, browserAvailable, launch, SCREENSHOTS } from './browser.js';

/** Visible text that is for machines, not people (issue 16 acceptance). */
const NOT_PLAIN = [
  { what: 'an id', re: /\b[0-9a-hjkmnp-tv-z]{26}\b/i },
  { what: 'a permission key', re: /\b[a-z_]+:[a-z_]+\b/ },
  { what: 'a JSON fragment', re: /\{"/ },
];

const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

interface Problem {
  page: string;
  problem: string;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Issue 16's page walk: each persona visits every page their menu offers, at desktop and phone
 * width. A page fails on visible text that looks like an id, a permission key or JSON, on an
 * error banner, and on serious or critical axe findings; every page is photographed to
 * test-results/screenshots/<persona>-<page>-<width>.png.
 */
describe.runIf(browserAvailable())('page walk: every menu page, every persona, both widths', { timeout: 240_000 }, () => {
  let t: TestApp;
  let m: Merchant;
  let portal: Merchant;
  let staff: Person;
  let b: { browser: Browser; close: () => Promise<void> };
  const contexts: BrowserContext[] = [];

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: WIDTHS.desktop });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  const signIn = (page: Page, email: string) => signInAs(t, page, email);

  async function settle(page: Page): Promise<void> {
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.getByText('Loading…').count(), { message: `${page.url()} still loading` }).toBe(0);
  }

  /** The main menu's pages as [name, path], read at desktop width where the menu is open. */
  async function menu(page: Page): Promise<[string, string][]> {
    await settle(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My account', exact: true }).waitFor();
    const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => [a.textContent?.trim() ?? '', new URL((a as HTMLAnchorElement).href).pathname] as [string, string]));
    return links;
  }

  /** Visits each page at both widths; returns what is wrong, page by page. */
  async function walk(page: Page, persona: string): Promise<{ pages: string[]; problems: Problem[]; findings: AxeFinding[] }> {
    const pages = await menu(page);
    const problems: Problem[] = [];
    const findings: AxeFinding[] = [];
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [label, size] of Object.entries(WIDTHS)) {
      await page.setViewportSize(size);
      for (const [name, path] of pages) {
        const where = `${persona} → ${name} (${label})`;
        await page.goto(path);
        await settle(page);
        const alerts = (await page.locator('[role="alert"]').allTextContents()).filter((a) => a.trim() !== '');
        for (const a of alerts) problems.push({ page: where, problem: `error banner: ${a}` });
        if ((await page.getByRole('heading', { name: 'Page not found' }).count()) > 0) problems.push({ page: where, problem: 'the menu leads to "Page not found"' });
        // biome-ignore lint/performance/useDomNodeTextContent: -- the acceptance is about text a person sees, which innerText gives
        const text = await page.locator('body').innerText();
        for (const { what, re } of NOT_PLAIN) {
          const hit = text.match(re);
          if (hit) problems.push({ page: where, problem: `shows ${what}: "${text.slice(Math.max(0, (hit.index ?? 0) - 40), (hit.index ?? 0) + hit[0].length + 40).replace(/\s+/g, ' ')}"` });
        }
        await page.screenshot({ path: join(SCREENSHOTS, `${persona}-${slug(name)}-${label}.png`), fullPage: true });
        findings.push(...(await axe(page, where)));
      }
    }
    return { pages: pages.map(([n]) => n), problems, findings };
  }

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    m = await posTeam(t);
    // The accountant lives in a merchant-portal org, the preset that has one.
    portal = await createMerchant(t, {
      preset: 'merchant-portal',
      team: { administrator: () => [{ role: 'administrator' }], accountant: (s) => [{ role: 'accountant', storeIds: [s[0]!, s[1]!] }] },
    });
    staff = await platformStaff(t, 'support_agent');
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
  });

  const personas: { persona: string; who: () => string; expects: string[] }[] = [
    { persona: 'support', who: () => staff.email, expects: ['Dashboard', 'Organizations', 'Troubleshoot', 'My account'] },
    { persona: 'owner', who: () => m.people.owner!.email, expects: ['Team', 'Roles', 'Sessions', 'My access', 'My account'] },
    { persona: 'org-manager', who: () => m.people.orgManager!.email, expects: ['Team', 'My access', 'My account'] },
    { persona: 'store-manager', who: () => m.people.manager1!.email, expects: ['Team', 'My access', 'My account'] },
    { persona: 'accountant', who: () => portal.people.accountant!.email, expects: ['My access', 'My account'] },
    { persona: 'cashier', who: () => m.people.cashier1!.email, expects: ['My access', 'My account'] },
  ];

  for (const { persona, who, expects } of personas) {
    it(`${persona}: every menu page reads as plain language and passes axe, at desktop and phone width`, async () => {
      const page = await open();
      await signIn(page, who());
      const { pages, problems, findings } = await walk(page, persona);
      expect(pages).toEqual(expect.arrayContaining(expects));
      expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
      expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
    });
  }

  it('an unknown address, an unknown organization and an unknown person each say so in words, with a way back', async () => {
    const page = await open();
    await signIn(page, m.people.owner!.email);
    await page.waitForURL(`**/orgs/${m.orgId}/**`);

    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Go to your home page' }).click();
    await page.waitForURL(`**/orgs/${m.orgId}/team`);

    await page.goto(`/orgs/${m.orgId}/nonsense`);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();

    await page.goto(`/orgs/${newId()}/team`);
    await page.getByRole('heading', { name: 'We could not find that organization', level: 1 }).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: -- text a person sees
    expect(await page.locator('main').innerText()).not.toMatch(NOT_PLAIN[0]!.re);

    await page.goto(`/orgs/${m.orgId}/team/${newId()}`);
    await page.getByRole('heading', { name: 'We could not find that person', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Back to the team list' }).click();
    await page.waitForURL(`**/orgs/${m.orgId}/team`);
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
  });

  it('support staff: an unknown organization in the support pages says so and links back to the search', async () => {
    const page = await open();
    await signIn(page, staff.email);
    await page.goto(`/support/orgs/${newId()}/team`);
    await page.getByRole('heading', { name: 'We could not find that organization', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Search the organizations' }).click();
    await page.waitForURL('**/support/orgs');
  });

  it('support staff: each dashboard tile opens the list it counts, in plain words', async () => {
    const page = await open();
    await signIn(page, staff.email);
    await page.goto('/support');
    await settle(page);
    const tiles = await page
      .getByRole('main')
      .locator('.tiles a')
      .evaluateAll((as) => as.map((a) => [a.textContent?.replace(/^[\d—]+\s*/, '').trim() ?? '', new URL((a as HTMLAnchorElement).href).pathname + new URL((a as HTMLAnchorElement).href).search]));
    expect(tiles.map(([label]) => label)).toEqual(['Organizations', 'Members', 'Pending invitations', 'Expired invitations', 'Locked accounts', 'Deactivated users']);
    const headings: Record<string, string> = {
      Organizations: 'Organizations',
      Members: 'Members of an organization',
      'Pending invitations': 'Pending invitations',
      'Expired invitations': 'Expired invitations',
      'Locked accounts': 'Sign-in locked now',
      'Deactivated users': 'Deactivated accounts',
    };
    const problems: Problem[] = [];
    for (const [label, path] of tiles as [string, string][]) {
      await page.goto('/support');
      await page.getByRole('main').getByRole('link', { name: new RegExp(label) }).click();
      await page.waitForURL((u) => u.pathname + u.search === path);
      await page.getByRole('heading', { name: headings[label], level: 1 }).waitFor();
      await settle(page);
      // biome-ignore lint/performance/useDomNodeTextContent: -- text a person sees
      const text = await page.locator('body').innerText();
      for (const { what, re } of NOT_PLAIN) if (re.test(text)) problems.push({ page: label, problem: `shows ${what}` });
      if ((await page.locator('[role="alert"]').allTextContents()).some((a) => a.trim() !== '')) problems.push({ page: label, problem: 'error banner' });
      await page.screenshot({ path: join(SCREENSHOTS, `support-tile-${slug(label)}-desktop.png`), fullPage: true });
    }
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
    // The members list holds the team the dashboard counts.
    await page.goto('/support/people?state=member');
    await page.getByRole('link', { name: 'owner Tester' }).waitFor();
    expect(await axe(page, 'support people list')).toEqual([]);
  });

  it('support staff: only one menu item is highlighted at a time', async () => {
    const page = await open();
    await signIn(page, staff.email);
    await page.goto('/support/orgs');
    await settle(page);
    const current = page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
    expect(await current.allTextContents()).toEqual(['Organizations']);
  });
});
