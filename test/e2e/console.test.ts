import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { createMerchant, type Merchant, type Person, platformStaff, posTeam } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { signInAs } from './console-session.js';
import { type AxeFinding, axe, browserAvailable, launch, shoot } from './browser.js';

/**
 * Issue 6's acceptance scenarios, in a real chromium against a real server on SQLite: the
 * console is driven only through its pages, and the API it calls is the public one.
 */
describe.runIf(browserAvailable())('web console end to end', { timeout: 90_000 }, () => {
  let t: TestApp;
  let m: Merchant;
  let staff: Person;
  let b: { browser: Browser; close: () => Promise<void> };
  const contexts: BrowserContext[] = [];
  const findings: AxeFinding[] = [];
  const expiredEmail = `late-${newId().slice(-5)}@shop.test`;
  const newManager = `newmgr-${newId().slice(-5)}@shop.test`;

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: { width: 1280, height: 800 } });
    // Fail a step after 10 s with the locator that did not appear, not at the test's timeout.
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  const signIn = (page: Page, email: string, password?: string) => signInAs(t, page, email, password);

  /** Screenshots at both widths plus the accessibility check, for one of the main pages. */
  async function review(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await shoot(page, name);
    findings.push(...(await axe(page, name)));
  }

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    m = await posTeam(t);
    staff = await platformStaff(t, 'support_agent');
    // An invitation that has run out: created through the API, then aged in the database
    // (the browsers' sessions would idle out if the clock moved a month instead).
    const inv = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, {
      token: m.people.owner!.token,
      body: { email: expiredEmail, roles: [{ role: 'cashier', storeIds: [m.stores[1]] }] },
    });
    expect(inv.status).toBe(201);
    await t.deps.db.updateTable('invitations').set({ created_at: '2025-12-20T00:00:00.000Z', last_sent_at: '2025-12-20T00:00:00.000Z', expires_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', inv.body.id).execute();
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
  });

  it('admin invites a store manager for one store; the invitee accepts from the dev mailbox (platform staff read it) and sees only that store', async () => {
    const anon = await open();
    await anon.goto('/sign-in');
    await review(anon, 'sign-in');

    const admin = await open();
    await signIn(admin, m.people.owner!.email);
    await expect.poll(() => admin.url()).toContain(`/orgs/${m.orgId}/team`);
    await admin.getByRole('link', { name: 'manager2 Tester' }).waitFor();
    await review(admin, 'team');

    await admin.getByRole('button', { name: 'Invite user' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'Invite user' });
    await dialog.getByLabel('Email (this will be their sign-in)').fill(newManager);
    await dialog.getByLabel('Role').selectOption('store_manager');
    await dialog.getByLabel('Store 1 (S1)').check();
    await review(admin, 'invite-dialog');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await dialog.getByText(`Invitation sent to ${newManager}`).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The development mailbox is for platform staff only (it holds everyone's links).
    const support = await open();
    await signIn(support, staff.email);
    await support.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    const link = support.getByRole('link', { name: `Open accept invite link from the mail to ${newManager}` });
    await link.waitFor();
    await review(support, 'mailbox');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/accept-invite#token=/);

    const invitee = await open();
    await invitee.goto(href!);
    await invitee.getByText('invited').first().waitFor();
    await review(invitee, 'accept-invite');
    await invitee.getByLabel('First name').fill('Nora');
    await invitee.getByLabel('Last name').fill('Newman');
    // The rule is stated before the first try, not learned from a refusal.
    await invitee.getByText('At least 15 characters').waitFor();
    await invitee.getByLabel('Choose a password').fill('a long enough passphrase 42');
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    // Accepting signs the new person in and takes them home.
    await invitee.waitForURL((u) => !u.pathname.startsWith('/accept-invite'));
    await invitee.getByText('Store: Store 1').waitFor();
    await invitee.goto('/account');
    const access = invitee.getByRole('list', { name: 'Where I have access' });
    await expect.poll(() => access.textContent()).toContain('Store 1');
    expect(await access.textContent()).not.toMatch(/Store 2|Store 3/);
    await review(invitee, 'account');
  });

  it('a store manager is not offered edits to a member of another store, and a forged request is refused', async () => {
    const page = await open();
    await signIn(page, m.people.manager1!.email);
    await page.getByRole('link', { name: 'manager2 Tester' }).click();
    await page.getByRole('heading', { name: 'manager2 Tester' }).waitFor();
    await page.getByRole('note').waitFor();
    await review(page, 'member-not-allowed');
    expect(await page.getByRole('button', { name: 'Edit roles and stores' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Remove from organization' }).count()).toBe(0);
    expect((await page.getByRole('note').textContent())?.length).toBeGreaterThan(10);

    const forged = await page.evaluate(
      async ({ orgId, userId, store }) => {
        const me = await (await fetch('/api/v1/me')).json();
        const res = await fetch(`/api/v1/orgs/${orgId}/members/${userId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ roles: [{ role: 'cashier', storeIds: [store] }] }),
        });
        return { status: res.status, body: await res.json() };
      },
      { orgId: m.orgId, userId: m.people.manager2!.userId, store: m.stores[1]! },
    );
    expect(forged.status).toBe(403);
    expect(forged.body.code).toMatch(/forbidden|store_not_assignable|role_not_assignable/);
  });

  it('support staff find the org by owner email, resend an expired invite with a reason, and the audit shows it', async () => {
    const page = await open();
    await signIn(page, staff.email);
    await page.getByRole('heading', { name: 'Support dashboard' }).waitFor();
    await review(page, 'support-dashboard');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Owners' }).click();
    await page.getByLabel('Owner name or email').fill(m.people.owner!.email);
    const orgLink = page.getByRole('listitem').getByRole('link').first();
    await expect.poll(async () => (await orgLink.getAttribute('href')) ?? '').toContain(m.orgId);
    await review(page, 'support-owners');
    await orgLink.click();
    await page.getByRole('heading', { name: 'Access / IAM' }).waitFor();
    await page.getByRole('link', { name: 'owner Tester' }).waitFor();
    await review(page, 'support-access-iam');

    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Invitations' }).click();
    await page.getByLabel('Show').selectOption('expired');
    await page.getByRole('button', { name: `Resend invitation to ${expiredEmail}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('button', { name: 'Resend' }).isDisabled()).toBe(true);
    await dialog.getByLabel('I confirmed the requester is authorized for this organization').check();
    await dialog.getByLabel('Reason or ticket (goes into the audit log)').fill('Ticket 4711: owner asked by phone');
    await dialog.getByRole('button', { name: 'Resend' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('cell', { name: 'Ticket 4711: owner asked by phone' }).waitFor();
    await review(page, 'support-audit');
  });

  it('troubleshoot-by-email explains a missing store assignment and the fix', async () => {
    const page = await open();
    await signIn(page, staff.email);
    await page.goto('/support/stores');
    await page.getByLabel('Store name, code, address or ID').fill('2 High Street');
    await page.getByRole('cell', { name: 'S2', exact: true }).waitFor();
    await review(page, 'support-stores');

    await page.goto('/support/troubleshoot');
    await page.getByLabel('Exact sign-in email').fill(m.people.cashier1!.email);
    await page.getByLabel('Store ID (optional)').fill(m.stores[1]!);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Has no role assignment for store "Store 2" (S2)').waitFor();
    expect(await page.getByText('move them to an org-level role').count()).toBeGreaterThan(0);
    await review(page, 'support-troubleshoot');
  });

  it('the sessions viewer ends a session and that browser is signed out', async () => {
    const cashier = await open();
    await signIn(cashier, m.people.cashier12!.email);
    await cashier.getByRole('link', { name: 'My account' }).first().waitFor();

    const admin = await open();
    await signIn(admin, m.people.admin!.email);
    await admin.goto(`/orgs/${m.orgId}/sessions`);
    const end = admin.getByRole('button', { name: new RegExp(`End session of ${m.people.cashier12!.email.replace(/[.+]/g, '\\$&')}`) });
    await end.first().waitFor();
    await review(admin, 'sessions');
    await end.first().click();
    await admin.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
    await admin.getByRole('dialog').waitFor({ state: 'detached' });

    await cashier.getByRole('link', { name: 'My account' }).first().click();
    await cashier.waitForURL(/\/sign-in/);
    await cashier.getByText('Your session has ended').waitFor();
  });

  it('an admin signs a member out everywhere from the member page, and that browser is signed out', async () => {
    const cashier = await open();
    await signIn(cashier, m.people.cashier1!.email);
    await cashier.getByRole('link', { name: 'My account' }).first().waitFor();

    const admin = await open();
    await signIn(admin, m.people.admin!.email);
    await admin.goto(`/orgs/${m.orgId}/team/${m.people.cashier1!.userId}`);
    await admin.getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.getByText(/Signed out of \d+ session/).waitFor();

    await cashier.getByRole('link', { name: 'My account' }).first().click();
    await cashier.waitForURL(/\/sign-in/);
  });

  it('an admin creates a custom role on the Roles page, gives it to a cashier on the member page, and the check endpoint reflects it', async () => {
    const admin = await open();
    await signIn(admin, m.people.owner!.email);
    const cashier = m.people.cashier1!;
    /** POST /check from inside the signed-in page, as any API client of the console would. */
    const check = (storeId: string) =>
      admin.evaluate(
        async ({ orgId, userId, storeId }) => {
          const me = await (await fetch('/api/v1/me')).json();
          const res = await fetch(`/api/v1/orgs/${orgId}/check`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
            body: JSON.stringify({ userId, permission: 'payments:refund', storeId }),
          });
          return (await res.json()) as { allowed: boolean; reasons: string[] };
        },
        { orgId: m.orgId, userId: cashier.userId, storeId },
      );
    expect((await check(m.stores[0]!)).allowed).toBe(false);

    // The development mailbox is for platform staff: the merchant menu never offers it.
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles' }).click();
    expect(await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /mailbox/i }).count()).toBe(0);
    await admin.getByRole('button', { name: 'Create custom role' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Create a custom role' });
    await dialog.getByLabel('Role name').fill('Refund desk');
    expect(await dialog.getByLabel('Role key').inputValue()).toBe('refund_desk');
    await dialog.getByLabel('Where it applies').selectOption('store');
    await dialog.getByLabel('Rank').fill('20');
    await dialog.getByRole('button', { name: 'Payments: Full access', exact: true }).click();
    await dialog.getByRole('button', { name: 'Sales: View access', exact: true }).click();
    expect(await dialog.getByLabel('refund (Payments)').isChecked()).toBe(true);
    expect(await dialog.getByLabel('update (Sales)').isChecked()).toBe(false);
    // A store role may also see the whole team, like the store manager preset (seed 001).
    await dialog.getByText(/Also in every store/).click();
    await dialog.getByRole('button', { name: 'All stores — Team: View access' }).click();
    await review(admin, 'role-editor');
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByText('Role “Refund desk” created').waitFor();
    const created = await admin.evaluate(async (orgId) => (await fetch(`/api/v1/orgs/${orgId}/roles/refund_desk`)).json(), m.orgId);
    expect(created).toMatchObject({ scope: 'store', orgWidePermissions: expect.arrayContaining(['team:read']) });
    expect(created.permissions).toContain('payments:refund');

    // A built-in role is edited for this org (seed 004: change the group once); its old name
    // stays visible, and a reset brings the preset back.
    await admin.getByRole('button', { name: 'Edit role Stocker' }).click();
    const rename = admin.getByRole('dialog', { name: 'Edit “Stocker”' });
    await rename.getByLabel('Role name').fill('Stock clerk');
    await rename.getByRole('button', { name: 'Save role' }).click();
    await rename.waitFor({ state: 'detached' });
    const clerk = admin.getByRole('listitem').filter({ hasText: 'Stock clerk' });
    await clerk.getByText('Formerly: Stocker').waitFor();
    await clerk.getByText('preset, edited here').waitFor();
    await review(admin, 'roles-admin');
    await clerk.getByRole('button', { name: 'Reset to preset: Stock clerk' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Reset role' }).click();
    await admin.getByText('Role “Stock clerk” reset to the preset.').waitFor();
    const stocker = await admin.evaluate(async (orgId) => (await fetch(`/api/v1/orgs/${orgId}/roles/stocker`)).json(), m.orgId);
    expect(stocker).toMatchObject({ name: 'Stocker', customized: false });

    await admin.goto(`/orgs/${m.orgId}/team/${cashier.userId}`);
    await admin.getByRole('button', { name: 'Edit roles and stores' }).click();
    await admin.getByRole('button', { name: 'Add a role' }).click();
    await admin.getByLabel('Role 2', { exact: true }).selectOption('refund_desk');
    await admin.getByRole('group', { name: 'Stores for role 2' }).getByLabel('Store 1 (S1)').check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Changes saved.').waitFor();
    await admin.getByRole('listitem').filter({ hasText: 'Refund desk in Store 1' }).waitFor();
    const granted = await check(m.stores[0]!);
    expect(granted.allowed, JSON.stringify(granted)).toBe(true);
    expect((await check(m.stores[1]!)).allowed).toBe(false);

    // Personal details: the phone is the person's, edited here.
    await admin.getByRole('button', { name: 'Edit personal details' }).click();
    const details = admin.getByRole('dialog', { name: 'Edit personal details' });
    await details.getByLabel('Phone').fill('+44 20 7946 0000');
    await review(admin, 'member-details-editor');
    await details.getByRole('button', { name: 'Save details' }).click();
    await details.waitFor({ state: 'detached' });
    await admin.getByText('+44 20 7946 0000').waitFor();
    await review(admin, 'member-edited');

    // The role is held now, so deleting it is refused with the API's explanation.
    await admin.goto(`/orgs/${m.orgId}/roles`);
    await admin.getByRole('button', { name: 'Delete role Refund desk' }).click();
    const del = admin.getByRole('dialog', { name: 'Delete the role “Refund desk”?' });
    await del.getByRole('button', { name: 'Delete role' }).click();
    await del.getByRole('alert').filter({ hasText: 'still hold' }).waitFor();
    expect(await del.getByRole('alert').textContent()).toContain('move them to another role first');
    await del.getByRole('link', { name: 'See who holds “Refund desk”' }).click();
    await admin.getByRole('link', { name: 'cashier1 Tester' }).waitFor();
    await expect.poll(() => admin.getByRole('table').getByRole('row').count()).toBe(2);

    // A custom role's rank and permissions stay editable (a keyboard user can do it all).
    await admin.goto(`/orgs/${m.orgId}/roles`);
    await admin.getByRole('button', { name: 'Edit role Refund desk' }).click();
    const editor = admin.getByRole('dialog', { name: 'Edit “Refund desk”' });
    await editor.getByLabel('Rank').fill('25');
    await editor.getByRole('button', { name: 'Sales: None access', exact: true }).focus();
    await admin.keyboard.press('Enter');
    expect(await editor.getByLabel('read (Sales)').isChecked()).toBe(false);
    await editor.getByRole('button', { name: 'Save role' }).click();
    await editor.waitFor({ state: 'detached' });
    await admin.getByRole('listitem').filter({ hasText: 'Refund desk' }).getByText('rank 25').waitFor();
    expect((await check(m.stores[0]!)).allowed).toBe(true);

    // The history names people instead of showing their ids.
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'User history' }).click();
    const row = admin.getByRole('row').filter({ hasText: "owner Tester changed cashier1 Tester's roles." }).first();
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toContain('Roles: Cashier in Store 1 → Cashier in Store 1; Refund desk in Store 1');
    await review(admin, 'history-named');
  });

  it('a store manager is not offered role administration', async () => {
    const page = await open();
    await signIn(page, m.people.manager1!.email);
    await page.goto(`/orgs/${m.orgId}/roles`);
    await page.getByText('ask an organization admin').waitFor();
    expect(await page.getByRole('button', { name: 'Create custom role' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Rename|Edit|Delete) role/ }).count()).toBe(0);
  });

  it('support staff create an organization, add a store and invite its owner', async () => {
    const page = await open();
    await signIn(page, staff.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('link', { name: 'Create organization' }).click();
    const orgName = `Corner Deli ${newId().slice(-4)}`;
    await page.getByLabel('Organization name').fill(orgName);
    await page.getByLabel('Product (role preset)').selectOption('retail');
    await page.getByLabel('Billing level').selectOption('org');
    await page.getByLabel('Ticket or contract reference').fill('Contract 2231: new merchant');
    await review(page, 'support-create-org');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText(`Organization “${orgName}” created`).waitFor();
    await page.getByLabel('Store name').fill('Main Street');
    await page.getByLabel('Store code').fill('MAIN');
    await page.getByLabel('Address (optional)').fill('1 Main Street');
    await page.getByRole('button', { name: 'Add store' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Main Street (MAIN)' }).first().waitFor();
    const ownerEmail = `deli-${newId().slice(-5)}@shop.test`;
    await page.getByRole('button', { name: 'Invite the owner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite user' });
    await dialog.getByLabel('Email (this will be their sign-in)').fill(ownerEmail);
    await dialog.getByLabel('I confirmed the requester is authorized for this organization').check();
    await dialog.getByLabel('Reason or ticket (goes into the audit log)').fill('Ticket 5150: onboarding call');
    await review(page, 'support-invite-owner');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await dialog.getByText(`Invitation sent to ${ownerEmail}`).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    const list = await call(t, 'GET', '/api/v1/orgs?search=Corner', { token: staff.token });
    const created = list.body.items.find((o: { name: string }) => o.name === orgName);
    expect(created).toMatchObject({ preset: 'retail', settings: { billingLevel: 'org' } });
    const invs = await call(t, 'GET', `/api/v1/orgs/${created.id}/invitations`, { token: staff.token });
    const roles = await call(t, 'GET', `/api/v1/orgs/${created.id}/roles`, { token: staff.token });
    const top = roles.body.items.find((r: { topAdmin: boolean }) => r.topAdmin).key;
    expect(invs.body.items).toEqual([expect.objectContaining({ email: ownerEmail, roles: [expect.objectContaining({ role: top })] })]);
  });

  it('support staff suspending the last active admin must approve leaving no admin, with a reason', async () => {
    const shop = await createMerchant(t, { storeCount: 1, team: { solo: () => [{ role: 'org_admin' }], helper: () => [{ role: 'org_manager' }] } });
    // An org whose owner record was cleared (legacy import): only the last-admin rule protects it.
    await t.deps.db.updateTable('orgs').set({ owner_id: null }).where('id', '=', shop.orgId).execute();
    const page = await open();
    await signIn(page, staff.email);
    await page.goto(`/support/orgs/${shop.orgId}/team/${shop.people.solo!.userId}`);
    await page.getByRole('button', { name: 'Suspend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend this member?' });
    await dialog.getByLabel('I confirmed the requester is authorized for this organization').check();
    await dialog.getByLabel('Reason or ticket (goes into the audit log)').fill('Ticket 77: compliance hold');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    const approve = dialog.getByLabel('Approve leaving no active admin (recorded with the reason)');
    await approve.waitFor();
    await review(page, 'support-last-admin');
    await approve.check();
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Member suspended.').waitFor();
    const res = await call(t, 'GET', `/api/v1/orgs/${shop.orgId}/members/${shop.people.solo!.userId}`, { token: staff.token });
    expect(res.body.status).toBe('suspended');
  });

  it('the main pages have no serious or critical accessibility violations', async () => {
    const admin = await open();
    await signIn(admin, m.people.owner!.email);
    for (const [path, name] of [
      [`/orgs/${m.orgId}/invitations`, 'invitations'],
      [`/orgs/${m.orgId}/roles`, 'roles'],
      [`/orgs/${m.orgId}/history`, 'history'],
      [`/orgs/${m.orgId}/team/${m.people.manager1!.userId}`, 'member'],
    ] as const) {
      await admin.goto(path);
      await admin.getByRole('heading', { level: 1 }).first().waitFor();
      await review(admin, name);
    }
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });
});
