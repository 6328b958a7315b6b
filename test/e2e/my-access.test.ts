import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, posTeam } from '../fixtures/merchant.js';
import { startTestApp, type TestApp } from '../fixtures/test-app.js';
import { expectPlainPage, signInAs } from './console-session.js';
import { type AxeFinding, axe, browserAvailable, launch, shoot } from './browser.js';

/** Visible text a person reads must hold no ids, permission keys or seed references (issue 16). */
const NOT_PLAIN = [
  { what: 'an id', re: /\b[0-9a-hjkmnp-tv-z]{26}\b/ },
  { what: 'a permission key', re: /\b[a-z_]+:[a-z_]+\b/ },
  { what: 'a seed reference', re: /\bseed\b/i },
];

/**
 * Issue 16 item 2: people without team access (a cashier, an accountant) land on My access, a
 * home in plain words, and every menu item they are shown works for them.
 */
describe.runIf(browserAvailable())('my access: a home for people without team access', { timeout: 90_000 }, () => {
  let t: TestApp;
  let pos: Merchant;
  let portal: Merchant;
  let b: { browser: Browser; close: () => Promise<void> };
  const contexts: BrowserContext[] = [];
  const findings: AxeFinding[] = [];

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  const signIn = (page: Page, email: string) => signInAs(t, page, email);

  const expectPlain = (page: Page, label: string) => expectPlainPage(page, label, NOT_PLAIN);

  /** Visits every item of the main menu and checks each page. */
  async function walkMenu(page: Page, who: string): Promise<string[]> {
    const nav = page.getByRole('navigation', { name: 'Main' });
    const names = (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
    for (const name of names) {
      await nav.getByRole('link', { name, exact: true }).click();
      await expectPlain(page, `${who} → ${name}`);
      expect(await page.getByRole('heading', { level: 1 }).count(), `${who} → ${name} has a heading`).toBe(1);
      expect(await page.getByText('There is no page here.').count(), `${who} → ${name} exists`).toBe(0);
    }
    return names;
  }

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    pos = await posTeam(t);
    portal = await createMerchant(t, {
      preset: 'merchant-portal',
      billingLevel: 'org',
      team: { boss: () => [{ role: 'administrator' }], accountant: (s) => [{ role: 'accountant', storeIds: [s[0]!] }] },
    });
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
  });

  it('a cashier lands on My access: their store, what the role lets them do, and whom to ask', async () => {
    const page = await open();
    await signIn(page, pos.people.cashier1!.email);
    await page.waitForURL(`**/orgs/${pos.orgId}/my-access`);
    await page.getByRole('heading', { name: 'My access', level: 1 }).waitFor();
    await expectPlain(page, 'cashier home');
    expect(await page.getByRole('list', { name: 'My stores' }).textContent()).toContain('Store 1');
    expect(await page.getByRole('list', { name: 'My stores' }).textContent()).not.toContain('Store 2');
    await page.getByRole('heading', { name: 'Cashier in Store 1' }).waitFor();
    const canDo = await page.getByRole('list', { name: 'What Cashier lets you do' }).textContent();
    expect(canDo).toContain('Take payments at the checkout.');
    const admins = await page.getByRole('list', { name: 'My admins' }).textContent();
    expect(admins).toContain('owner Tester (account owner)');
    expect(admins).toContain('admin Tester');
    expect(admins).toContain(pos.people.owner!.email);
    // How to ask for more: a sentence naming the admins, each a mail link.
    const ask = page.getByText(/To work in another store or do more than your roles allow, ask/);
    expect(await ask.textContent()).toMatch(/ask (admin Tester or owner Tester|owner Tester or admin Tester), your admins\./);
    expect(await ask.getByRole('link', { name: 'owner Tester' }).getAttribute('href')).toMatch(/^mailto:/);
    await shoot(page, 'my-access-cashier');
    findings.push(...(await axe(page, 'my-access-cashier')));

    const menu = await walkMenu(page, 'cashier');
    expect(menu).toContain('My access');
    expect(menu).toContain('My account');
    for (const hidden of ['Team', 'Invitations', 'Roles', 'Sessions', 'User history']) expect(menu).not.toContain(hidden);
  });

  it('an accountant (merchant portal, billed at org level) lands on My access covering every store', async () => {
    const page = await open();
    await signIn(page, portal.people.accountant!.email);
    await page.waitForURL(`**/orgs/${portal.orgId}/my-access`);
    await expectPlain(page, 'accountant home');
    await page.getByRole('heading', { name: 'Accountant in every store' }).waitFor();
    const stores = await page.getByRole('list', { name: 'My stores' }).textContent();
    for (const s of ['Store 1', 'Store 2', 'Store 3']) expect(stores).toContain(s);
    expect(await page.getByRole('list', { name: 'What Accountant lets you do' }).textContent()).toContain('View and download payouts.');
    await page.getByText(/ask boss Tester, your admin\./).waitFor();
    await shoot(page, 'my-access-accountant');
    findings.push(...(await axe(page, 'my-access-accountant')));

    const menu = await walkMenu(page, 'accountant');
    expect(menu).toEqual(expect.arrayContaining(['My access', 'My account']));
    expect(menu).not.toContain('Team');
  });

  it('a typed address to the team list explains itself instead of showing the refusal', async () => {
    const page = await open();
    await signIn(page, pos.people.stocker2!.email);
    await page.waitForURL(`**/orgs/${pos.orgId}/my-access`);
    await page.goto(`/orgs/${pos.orgId}/team`);
    await page.getByText('The team list is for the people who manage the team.').waitFor();
    await expectPlain(page, 'stocker → team');
    await page.getByRole('main').getByRole('link', { name: 'My access' }).click();
    await page.getByRole('heading', { name: 'Stocker in Store 2' }).waitFor();
  });

  it('people with team access keep the Team home and see My access in the menu', async () => {
    const page = await open();
    await signIn(page, pos.people.manager1!.email);
    await page.waitForURL(`**/orgs/${pos.orgId}/team`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Team', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'My access', exact: true }).click();
    await page.getByRole('heading', { name: 'Store manager in Store 1' }).waitFor();
    await expectPlain(page, 'manager → my access');
  });

  it('My access has no serious or critical accessibility violations', () => {
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });
});
