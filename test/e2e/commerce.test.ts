import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Merchant } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { addOutsider, commerceOrg, newCustomer, newProfile } from '../http/core/commerce-fixtures.js';
import { type AxeFinding, axe, browserAvailable, launch, shoot } from './browser.js';
import { expectPlainPage, signInAs } from './console-session.js';

/** Visible text a person reads must hold no ids, permission keys or level keys. */
const NOT_PLAIN = [
  { what: 'an id', re: /\b[0-9a-hjkmnp-tv-z]{26}\b/ },
  { what: 'a permission key', re: /\b[a-z_]+:[a-z_]+\b/ },
  { what: 'a permission set key', re: /\b(my_account|my_subscriptions|pay_invoices|my_customers|customer_search|partner_admin|partner_account_executive)\b/ },
];

/**
 * Issue 17 item 7 (seed 002): the console pages for customer accounts, profiles with their
 * level grid and the audience filter, as a global administrator, a partner administrator and a
 * customer user.
 */
describe.runIf(browserAvailable())('commerce console pages', { timeout: 120_000 }, () => {
  let t: TestApp;
  let b: { browser: Browser; close: () => Promise<void> };
  const contexts: BrowserContext[] = [];
  const findings: AxeFinding[] = [];

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  const expectPlain = (page: Page, label: string) => expectPlainPage(page, label, NOT_PLAIN);
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  async function check(page: Page, name: string): Promise<void> {
    await expectPlain(page, name);
    await shoot(page, name);
    findings.push(...(await axe(page, name)));
  }

  /** A commerce org with accounts, a partner and a customer profile, a partner admin and a customer user. */
  async function world(): Promise<{ org: Merchant; accounts: Record<'acme' | 'birch' | 'cedar', string>; partnerProfile: string; partnerAdmin: { email: string }; customer: { email: string } }> {
    const org = await commerceOrg(t);
    const accounts = {
      acme: await newCustomer(t, org, 'Acme Farms', 'C-1001'),
      birch: await newCustomer(t, org, 'Birch Dental', 'C-1002'),
      cedar: await newCustomer(t, org, 'Cedar Books', 'C-1003'),
    };
    const partnerProfile = await newProfile(t, org, 'Reseller standard', 'partner', { my_customers: 'edit', my_subscriptions: 'view', customer_search: 'view' });
    const customerProfile = await newProfile(t, org, 'Customer self-service', 'customer', { my_account: 'view', my_subscriptions: 'view', pay_invoices: 'edit' });
    const partnerAdmin = await addOutsider(t, org.orgId, 'Petra', {
      audience: 'partner',
      roles: [{ role: 'partner_admin' }],
      profileId: partnerProfile,
      customerIds: [accounts.acme, accounts.birch],
    });
    // Another partner's user, with an account that is not Petra's.
    await addOutsider(t, org.orgId, 'Otto', { audience: 'partner', roles: [{ role: 'partner_account_executive' }], profileId: partnerProfile, customerIds: [accounts.cedar] });
    const customer = await addOutsider(t, org.orgId, 'Carla', { audience: 'customer', profileId: customerProfile, customerIds: [accounts.acme] });
    return { org, accounts, partnerProfile, partnerAdmin, customer };
  }

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
  });

  it('a global administrator adds a customer account and a profile with the level grid', async () => {
    const { org } = await world();
    const page = await open();
    await signInAs(t, page, org.people.globalAdmin!.email);

    await nav(page).getByRole('link', { name: 'Customer accounts', exact: true }).click();
    await page.getByRole('heading', { name: 'Customer accounts', level: 1 }).waitFor();
    const accounts = page.getByRole('region', { name: 'Customer accounts' });
    await accounts.getByRole('cell', { name: 'Cedar Books', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add customer account' }).click();
    const add = page.getByRole('dialog', { name: 'Add a customer account' });
    await add.getByLabel('Account name').fill('Dune Outfitters');
    await add.getByLabel('Account number (optional)').fill('C-2001');
    await add.getByRole('button', { name: 'Add account' }).click();
    await add.waitFor({ state: 'detached' });
    await accounts.getByRole('cell', { name: 'Dune Outfitters', exact: true }).waitFor();
    await page.getByLabel('Find a customer account').fill('dune');
    await expect.poll(() => accounts.getByRole('row').count()).toBe(2);
    await check(page, 'customers-global-admin');

    await nav(page).getByRole('link', { name: 'Profiles', exact: true }).click();
    await page.getByRole('heading', { name: 'Profiles', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'New profile' });
    await dialog.getByLabel('Profile name').fill('Customer payer');
    await dialog.getByLabel('For', { exact: true }).selectOption({ label: 'Customer users' });
    await dialog.getByText('View: sees it. Edit: sees and changes it. Full: also adds and deletes.').waitFor();
    await dialog.getByRole('radio', { name: 'My Account: View' }).check();
    // Payment methods appear only once Pay Invoices reaches Edit.
    await expect(dialog.getByRole('checkbox', { name: 'Credit card' }).count()).resolves.toBe(0);
    await dialog.getByRole('radio', { name: 'Pay Invoices: Edit' }).check();
    await dialog.getByRole('checkbox', { name: 'Credit card' }).check();
    // Keyboard: the arrow keys move along a row.
    await dialog.getByRole('radio', { name: 'Auto-Pay: None' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(dialog.getByRole('radio', { name: 'Auto-Pay: View' }).isChecked()).resolves.toBe(true);
    await dialog.getByLabel('Subscription home template (optional)').fill('Self-service');
    await check(page, 'profile-dialog-global-admin');
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('region', { name: 'Profiles' }).getByRole('row', { name: /Customer payer/ });
    expect(await row.textContent()).toContain('My Account: View, Pay Invoices: Edit, Auto-Pay: View');
    await check(page, 'profiles-global-admin');

    // A profile people still use is not deleted, and the refusal says so plainly.
    await page.getByRole('button', { name: 'Delete Customer self-service' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Customer self-service?' });
    await confirm.getByRole('button', { name: 'Delete profile' }).click();
    await confirm.getByRole('alert').getByText('1 person still uses this profile; move them to another profile first.').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    // The team in one list, told apart by audience; a customer user is created directly.
    await nav(page).getByRole('link', { name: 'Team', exact: true }).click();
    const team = page.getByRole('region', { name: 'Team members' });
    await team.getByRole('cell', { name: 'Otto Tester' }).waitFor();
    await page.getByLabel('Audience', { exact: true }).selectOption({ label: 'Customers' });
    await expect.poll(async () => new Set(await team.locator('td[data-label="Audience"]').allTextContents())).toEqual(new Set(['Customer']));
    await check(page, 'team-customers-global-admin');
    await page.getByRole('button', { name: 'Create user' }).click();
    const create = page.getByRole('dialog', { name: 'Create user' });
    await create.getByLabel('They are').selectOption({ label: 'Customer user' });
    await create.getByLabel('Email (this will be their sign-in)').fill('dana@dune.test');
    await create.getByLabel('First name').fill('Dana');
    await create.getByLabel('Last name').fill('Dune');
    await create.getByLabel('Profile').selectOption({ label: 'Customer payer' });
    await create.getByRole('radio', { name: 'Dune Outfitters (C-2001)' }).check();
    await create.getByRole('button', { name: 'Create user' }).click();
    await create.getByText('Account created for dana@dune.test').waitFor();
    await create.getByRole('button', { name: 'Done' }).click();
    await team.getByRole('link', { name: 'Dana Dune' }).click();

    // Their page names the profile and the account, and both can be changed there.
    await page.getByRole('heading', { name: 'Profile and customer accounts' }).waitFor();
    await page.getByText('Dune Outfitters (C-2001)').waitFor();
    await page.getByRole('button', { name: 'Edit profile and accounts' }).click();
    const grant = page.getByRole('dialog', { name: 'Profile and accounts of Dana' });
    await grant.getByLabel('Find a customer account').fill('birch');
    await grant.getByRole('radio', { name: 'Birch Dental (C-1002)' }).check();
    await grant.getByRole('button', { name: 'Save changes' }).click();
    await grant.waitFor({ state: 'detached' });
    await page.getByText('Birch Dental (C-1002)').waitFor();
    await check(page, 'member-customer-global-admin');
  });

  it('a partner administrator sees only partner users and their accounts, and invites an account executive', async () => {
    const w = await world();
    const page = await open();
    await signInAs(t, page, w.partnerAdmin.email);
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    const team = page.getByRole('region', { name: 'Team members' });
    await team.getByRole('cell', { name: 'Otto Tester' }).waitFor();
    expect(await team.textContent()).not.toContain(w.org.people.globalAdmin!.email);
    expect(await team.textContent()).not.toContain('Carla');
    const audiences = await team.locator('td[data-label="Audience"]').allTextContents();
    expect(new Set(audiences)).toEqual(new Set(['Partner']));
    await check(page, 'team-partner-admin');

    await nav(page).getByRole('link', { name: 'Customer accounts', exact: true }).click();
    const accounts = page.getByRole('region', { name: 'Customer accounts' });
    await accounts.getByRole('cell', { name: 'Acme Farms', exact: true }).waitFor();
    const names = await accounts.locator('td[data-label="Account"]').allTextContents();
    expect(names.sort()).toEqual(['Acme Farms', 'Birch Dental']);
    await check(page, 'customers-partner-admin');

    await nav(page).getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite user' });
    await dialog.getByText('They join as a partner user.').waitFor();
    const roles = (await dialog.getByLabel('Role').locator('option').allTextContents()).join('|');
    expect(roles).toContain('Partner Account Executive');
    expect(roles).not.toMatch(/Global Administrator|System Administrator/);
    expect(await dialog.getByLabel('Profile').locator('option').allTextContents()).toEqual(['Reseller standard']);
    await dialog.getByRole('checkbox', { name: 'Acme Farms (C-1001)' }).waitFor();
    const offered = await dialog.getByRole('checkbox').evaluateAll((els) => els.map((e) => e.parentElement?.textContent?.trim()));
    expect(offered.sort()).toEqual(['Acme Farms (C-1001)', 'Birch Dental (C-1002)']);
    await dialog.getByLabel('Email (this will be their sign-in)').fill('new.exec@commerce.test');
    await dialog.getByLabel('Role').selectOption({ label: 'Partner Account Executive (all stores)' });
    await dialog.getByRole('checkbox', { name: 'Birch Dental (C-1002)' }).check();
    await check(page, 'invite-partner-admin');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await dialog.getByText('Invitation sent to new.exec@commerce.test').waitFor();

    const list = await call(t, 'GET', `/api/v1/orgs/${w.org.orgId}/invitations?status=pending`, { token: w.org.people.globalAdmin!.token });
    const inv = list.body.items.find((i: { email: string }) => i.email === 'new.exec@commerce.test');
    expect(inv).toMatchObject({ audience: 'partner', profileId: w.partnerProfile, customerIds: [w.accounts.birch], roles: [{ role: 'partner_account_executive' }] });
  });

  it('a customer user lands on a home with their account and what they can do, and every menu item works', async () => {
    const w = await world();
    const page = await open();
    await signInAs(t, page, w.customer.email);
    await page.waitForURL(/\/my-access$/);
    await page.getByRole('heading', { name: 'My access', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'My customer account' }).getByText('Acme Farms').waitFor();
    const can = await page.getByRole('list', { name: 'What your profile lets you do' }).getByRole('listitem').allTextContents();
    expect(can.length).toBeGreaterThan(0);
    expect(can.join(' ')).toMatch(/pay invoices/i);
    expect(await page.getByRole('heading', { name: 'My stores' }).count()).toBe(0);
    await check(page, 'home-customer-user');

    const links = (await nav(page).getByRole('link').allTextContents()).map((s) => s.trim());
    expect(links).not.toContain('Team');
    for (const name of links) {
      await nav(page).getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await expectPlain(page, `customer user: ${name}`);
      expect(await page.getByRole('heading', { name: 'Page not found' }).count(), name).toBe(0);
    }
  });

  it('the new pages have no serious or critical accessibility violations', () => {
    expect(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')).toEqual([]);
  });
});
