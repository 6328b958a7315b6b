import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../fixtures/merchant.js';
import { startTestApp, type TestApp } from '../fixtures/test-app.js';
import { signInAs } from './console-session.js';
import { type AxeFinding, axe, browserAvailable, launch, shoot } from './browser.js';

/**
 * Issue 16 item 9: one searchable store picker (a combobox searched on the server) in the invite
 * dialog, the member's role editor and the top bar's store switcher, usable at 500 stores with
 * the keyboard alone.
 */
describe.runIf(browserAvailable())('the searchable store picker at 500 stores', { timeout: 180_000 }, () => {
  let t: TestApp;
  let m: Merchant;
  let b: { browser: Browser; close: () => Promise<void> };
  const contexts: BrowserContext[] = [];
  const findings: AxeFinding[] = [];

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  /** What the API says, asked with this browser's own session (an org may allow one session per person). */
  const getJson = <T>(page: Page, path: string) => page.evaluate((p) => fetch(p).then((r) => r.json()), path) as Promise<T>;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    m = await createMerchant(t, {
      storeCount: 500,
      team: { owner: () => [{ role: 'org_admin' }], manager: (s) => [{ role: 'store_manager', storeIds: [s[0]!] }] },
    });
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
  });

  it('the invite dialog finds a store by typing and picks it with the keyboard; Escape closes only the list', async () => {
    const page = await open();
    await signInAs(t, page, m.people.owner!.email);
    await page.goto(`/orgs/${m.orgId}/team`);
    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite user' });
    await dialog.getByLabel('Email (this will be their sign-in)').fill('picked@shop.test');
    await dialog.getByLabel('Role').selectOption('store_manager');

    const picker = dialog.getByRole('combobox', { name: 'Add a store to stores' });
    await picker.fill('Store 499');
    const list = dialog.getByRole('listbox', { name: 'Add a store to stores' });
    await list.getByRole('option', { name: 'Store 499 (S499)' }).waitFor();
    expect(await list.getByRole('option').allTextContents()).toEqual(['Store 499 (S499)']);
    findings.push(...(await axe(page, 'invite dialog, store list open')));
    await shoot(page, 'store-picker-invite-desktop');

    await picker.press('ArrowDown');
    await expect.poll(() => picker.getAttribute('aria-activedescendant')).toBeTruthy();
    await picker.press('Enter');
    const chosen = dialog.getByRole('list', { name: 'Chosen: stores' });
    await chosen.getByText('Store 499 (S499)').waitFor();
    await expect.poll(() => picker.inputValue()).toBe('');

    // Escape with the list open closes the list; the dialog stays.
    await picker.fill('Store 12');
    await list.getByRole('option', { name: 'Store 12 (S12)' }).waitFor();
    await picker.press('Escape');
    await expect.poll(() => picker.getAttribute('aria-expanded')).toBe('false');
    expect(await dialog.isVisible()).toBe(true);

    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await dialog.getByText('Invitation sent to picked@shop.test').waitFor();
    const invitations = await getJson<{ items: { roles: unknown }[] }>(page, `/api/v1/orgs/${m.orgId}/invitations?search=picked`);
    expect(invitations.items[0]?.roles).toEqual([{ role: 'store_manager', storeIds: [m.stores[498]] }]);
  });

  it('the member editor adds a store found by its code and removes one', async () => {
    const page = await open();
    await signInAs(t, page, m.people.owner!.email);
    await page.goto(`/orgs/${m.orgId}/team/${m.people.manager!.userId}`);
    await page.getByRole('heading', { name: 'manager Tester', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit roles and stores' }).click();
    const picker = page.getByRole('combobox', { name: 'Add a store to stores for role 1' });
    await picker.fill('S250');
    await page.getByRole('option', { name: 'Store 250 (S250)' }).click();
    const chosen = page.getByRole('list', { name: 'Chosen: stores for role 1' });
    await chosen.getByText('Store 250 (S250)').waitFor();
    await chosen.getByRole('button', { name: 'Remove Store 1 (S1)' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('dialog', { name: 'Save changes?' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.getByText('Store manager in Store 250').waitFor();
    const member = await getJson<{ roles: unknown }>(page, `/api/v1/orgs/${m.orgId}/members/${m.people.manager!.userId}`);
    expect(member.roles).toEqual([{ role: 'store_manager', storeIds: [m.stores[249]] }]);
  });

  it('the store switcher finds one of 500 stores by typing and switches to it with the keyboard', async () => {
    const page = await open();
    await signInAs(t, page, m.people.owner!.email);
    const switcher = page.getByRole('banner').getByRole('combobox', { name: 'Store' });
    await switcher.click();
    await switcher.fill('Store 437');
    await page.getByRole('banner').getByRole('option', { name: 'Store 437 (S437)' }).waitFor();
    await switcher.press('ArrowDown');
    await switcher.press('Enter');
    // The choice is this browser session's: its own /me says so.
    await expect.poll(async () => (await getJson<{ currentStoreId: string | null }>(page, '/api/v1/me')).currentStoreId).toBe(m.stores[436]);
    await switcher.blur();
    await expect.poll(() => switcher.inputValue()).toBe('Store 437 (S437)');
    findings.push(...(await axe(page, 'store switcher')));
  });

  it('axe finds nothing serious or critical around the picker', () => {
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });
});
