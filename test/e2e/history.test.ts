import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, PASSWORD, type Person, platformStaff } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { type AxeFinding, axe, browserAvailable, launch, shoot } from './browser.js';

/** Visible text a person reads must hold no ids, permission keys, action codes or JSON (issue 16). */
const NOT_PLAIN = [
  { what: 'an id', re: /\b[0-9a-hjkmnp-tv-z]{26}\b/i },
  { what: 'a permission key', re: /\b[a-z_]+:[a-z_]+\b/ },
  { what: 'an action code', re: /\b(member|role|store|org|invitation|session|auth)\.[a-z_]+\b/ },
  { what: 'JSON', re: /[{}]|"[a-zA-Z]+":/ },
];

/** Issue 16 item 5: the user history reads as sentences, with changes before → after and filters from lists. */
describe.runIf(browserAvailable())('user history in words', { timeout: 90_000 }, () => {
  let t: TestApp;
  let m: Merchant;
  let hana: Person;
  let b: { browser: Browser; close: () => Promise<void> };
  const ticket = 'Ticket 4411 owner confirmed by phone';

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    m = await createMerchant(t, {
      team: {
        hana: () => [{ role: 'org_admin' }],
        ben: (s) => [{ role: 'cashier', storeIds: [s[0]!] }],
      },
    });
    hana = m.people.hana!;
    const ben = m.people.ben!;
    const staff = await platformStaff(t);
    const db = t.deps.db;
    await db.updateTable('users').set({ first_name: 'Hana', last_name: 'Okafor' }).where('id', '=', hana.userId).execute();
    await db.updateTable('users').set({ first_name: 'Ben', last_name: 'Carter' }).where('id', '=', ben.userId).execute();
    await db.updateTable('stores').set({ name: 'Old Town' }).where('id', '=', m.stores[0]!).execute();
    await db.updateTable('stores').set({ name: 'Harbour' }).where('id', '=', m.stores[1]!).execute();
    const member = `/api/v1/orgs/${m.orgId}/members/${ben.userId}`;
    expect((await call(t, 'POST', `${member}/suspend`, { token: hana.token, body: {} })).status).toBe(200);
    expect((await call(t, 'POST', `${member}/reactivate`, { token: hana.token, body: {} })).status).toBe(200);
    const roles = { roles: [{ role: 'store_manager', storeIds: [m.stores[0]!, m.stores[1]!] }], reason: ticket };
    expect((await call(t, 'PATCH', member, { token: staff.token, body: roles })).status).toBe(200);
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  async function expectPlain(page: Page, label: string) {
    // biome-ignore lint/performance/useDomNodeTextContent: -- the acceptance is about text a person sees, which innerText gives
    const text = await page.locator('main').innerText();
    for (const { what, re } of NOT_PLAIN) expect(text.match(re)?.[0], `${label} shows ${what}`).toBeUndefined();
  }

  it('shows sentences with names, before → after in words, and filters by person and action from lists', async () => {
    const ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(10_000);
    const page = await ctx.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(hana.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.goto(`/orgs/${m.orgId}/history`);
    await page.getByRole('heading', { name: 'User history', level: 1 }).waitFor();

    const rows = page.getByRole('table').getByRole('row');
    await rows.filter({ hasText: 'Hana Okafor suspended Ben Carter in Old Town.' }).waitFor();
    const support = rows.filter({ hasText: `Sam Support (platform support, ticket: ${ticket}) changed Ben Carter's roles.` });
    await support.waitFor();
    expect(await support.getByRole('cell').nth(2).textContent()).toBe('Roles: Cashier in Old Town → Store manager in Old Town and Harbour');
    expect(await rows.filter({ hasText: 'suspended Ben Carter' }).getByRole('cell').nth(2).textContent()).toBe('Status: Active → Suspended');
    await page.waitForLoadState('networkidle');
    await expectPlain(page, 'history');
    await shoot(page, 'history-sentences');
    const findings: AxeFinding[] = await axe(page, 'history');
    expect(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')).toEqual([]);

    // Filters are lists in words, not typed codes.
    const person = page.getByLabel('Person');
    expect(await person.evaluate((el) => el.tagName)).toBe('SELECT');
    await expect.poll(() => person.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Everyone', expect.stringContaining('Sam Support')]));
    await person.selectOption({ label: (await person.locator('option', { hasText: 'Sam Support' }).textContent()) ?? '' });
    await expect.poll(() => rows.count()).toBe(2); // the header and the one change support made
    expect(await rows.nth(1).textContent()).toContain('Sam Support (platform support');

    await person.selectOption({ label: 'Everyone' });
    const action = page.getByLabel('What happened');
    const labels = await action.locator('option').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Any change', 'Member suspended', 'Member reactivated', 'Member access changed']));
    for (const l of labels) expect(l).not.toMatch(/[._:]/);
    await action.selectOption({ label: 'Member suspended' });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('Hana Okafor suspended Ben Carter in Old Town.');

    const store = page.getByRole('main').getByLabel('Store', { exact: true });
    await action.selectOption({ label: 'Any change' });
    await store.selectOption({ label: 'Harbour' });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain("changed Ben Carter's roles");
    await expectPlain(page, 'history filtered');
    await ctx.close();
  });
});
