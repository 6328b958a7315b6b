import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { type Merchant, type Person, platformStaff, posTeam } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { mailFor } from '../http/invitations/helpers.js';
import { browserAvailable, launch, shoot } from './browser.js';
import { signInAs } from './console-session.js';

/**
 * Issue 16 items 6 (second half) and 7, in chromium against a real server on SQLite: invited
 * people in the team list with resend and cancel, names and least-privilege defaults in the
 * invite dialog, nothing offered on the owner that the API would refuse, support deactivating a
 * user from the detail view, and a sign-in page that explains locks and sign-outs.
 */
describe.runIf(browserAvailable())('team actions that work', { timeout: 90_000 }, () => {
  let t: TestApp;
  let m: Merchant;
  let staff: Person;
  let b: { browser: Browser; close: () => Promise<void> };
  const contexts: BrowserContext[] = [];

  async function open(): Promise<Page> {
    const ctx = await b.browser.newContext({ baseURL: t.baseUrl, viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }

  const signIn = (page: Page, email: string) => signInAs(t, page, email);

  const owner = () => m.people.owner!;
  // Staff tokens: a member's own bearer session would end when they sign in in the browser (single session).
  const invitations = async () => (await call(t, 'GET', `/api/v1/orgs/${m.orgId}/invitations?status=pending`, { token: staff.token })).body.items as { id: string; email: string; sendCount: number; status: string }[];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    m = await posTeam(t);
    staff = await platformStaff(t, 'support_agent');
    b = await launch();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await b?.close();
    await t?.close();
  });

  it('invites with names; the role picker starts at the lowest role and says what it is for', async () => {
    const page = await open();
    await signIn(page, owner().email);
    await page.goto(`/orgs/${m.orgId}/team`);
    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite user' });
    const role = dialog.getByLabel('Role');
    await role.waitFor();
    // pos: stocker and cashier are the lowest (rank 10); the picker starts at one of them.
    expect(['cashier', 'stocker']).toContain(await role.inputValue());
    const first = await role.locator('option').first().getAttribute('value');
    expect(await role.inputValue()).toBe(first);
    await dialog.getByText(/^Use for: (Checkout|Stock) only/).waitFor();
    await role.selectOption('org_manager');
    await dialog.getByText('Use for: Regional operations').waitFor();
    await role.selectOption('cashier');
    const email = `named-${newId().slice(-5)}@shop.test`;
    await dialog.getByLabel('Email (this will be their sign-in)').fill(email);
    await dialog.getByLabel('First name (optional)').fill('Nadia');
    await dialog.getByLabel('Last name (optional)').fill('Okafor');
    await dialog.getByLabel('Store 1 (S1)').check();
    await shoot(page, 'team-invite-dialog-names');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await dialog.getByText(`Invitation sent to ${email}`).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The invitation carries the names, and the person shows in the team as Invited.
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByText('Invited', { exact: true }).waitFor();
    await row.getByText('Nadia Okafor').waitFor();
    const inv = (await invitations()).find((i) => i.email === email);
    expect(inv).toMatchObject({ firstName: 'Nadia', lastName: 'Okafor', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    // The invitee's page starts from the names the inviter gave.
    const invitee = await open();
    await invitee.goto(`/accept-invite#token=${(await mailFor(t, email)).token}`);
    await expect.poll(() => invitee.getByLabel('First name').inputValue()).toBe('Nadia');
    expect(await invitee.getByLabel('Last name').inputValue()).toBe('Okafor');
  });

  it('lists invited people as Invited, with resend and cancel that work', async () => {
    const resendTo = `resend-${newId().slice(-5)}@shop.test`;
    const cancelTo = `cancel-${newId().slice(-5)}@shop.test`;
    for (const email of [resendTo, cancelTo]) {
      const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, {
        token: staff.token,
        body: { email, roles: [{ role: 'stocker', storeIds: [m.stores[1]] }], reason: 'Ticket 12: the merchant asked' },
      });
      expect(res.status).toBe(201);
    }
    // Past the one-minute resend cooldown (the server's clock; sessions stay fresh).
    t.clock.advance(61_000);
    const page = await open();
    await signIn(page, m.people.admin!.email);
    await page.goto(`/orgs/${m.orgId}/team`);
    const resendRow = page.getByRole('row').filter({ hasText: resendTo });
    await resendRow.getByText('Invited', { exact: true }).waitFor();
    await resendRow.getByRole('button', { name: `Resend the invitation to ${resendTo}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resend' }).click();
    await page.getByText(`Invitation sent again to ${resendTo}.`).waitFor();
    expect((await invitations()).find((i) => i.email === resendTo)?.sendCount).toBe(2);

    const cancelRow = page.getByRole('row').filter({ hasText: cancelTo });
    await cancelRow.getByRole('button', { name: `Cancel invitation to ${cancelTo}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel invitation' }).click();
    await page.getByText(`Invitation to ${cancelTo} cancelled.`).waitFor();
    await cancelRow.waitFor({ state: 'detached' });
    expect((await invitations()).map((i) => i.email)).not.toContain(cancelTo);

    // The Invited filter shows only invitations; Active shows none of them.
    await page.getByLabel('Status').selectOption('invited');
    await resendRow.waitFor();
    expect(await page.getByRole('link', { name: 'owner Tester' }).count()).toBe(0);
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('link', { name: 'owner Tester' }).waitFor();
    expect(await resendRow.count()).toBe(0);
  });

  it('offers no suspend, remove or role removal on the account owner, in the list or on their page', async () => {
    const page = await open();
    await signIn(page, m.people.admin!.email);
    await page.goto(`/orgs/${m.orgId}/team`);
    const ownerRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'owner Tester' }) });
    await ownerRow.getByText('account owner').waitFor();
    expect(await ownerRow.getByRole('button').count()).toBe(0);
    await ownerRow.getByRole('link', { name: 'owner Tester' }).click();
    await page.getByRole('heading', { name: 'owner Tester' }).waitFor();
    await page.getByText('is the account owner').waitFor();
    for (const name of ['Suspend', 'Remove from organization']) expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    // Editing is allowed, but the owner's top admin role is locked in the editor.
    await page.getByRole('button', { name: 'Edit roles and stores' }).click();
    await page.getByText('the account owner keeps this role').waitFor();
    expect(await page.getByRole('button', { name: 'Remove role 1' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await shoot(page, 'team-owner-page');

    // Another admin's page still offers them (the API allows it).
    await page.goto(`/orgs/${m.orgId}/team/${m.people.orgManager!.userId}`);
    await page.getByRole('button', { name: 'Suspend' }).waitFor();
    await page.getByRole('button', { name: 'Remove from organization' }).waitFor();
  });

  it('support deactivates a user from the user detail view, with a reason, and reactivates them', async () => {
    const target = m.people.stocker2!;
    const page = await open();
    await signIn(page, staff.email);
    await page.goto(`/support/orgs/${m.orgId}/team/${target.userId}`);
    await page.getByRole('button', { name: 'Deactivate user (all organizations)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate stocker2 everywhere?' });
    await dialog.getByLabel('I confirmed the requester is authorized for this organization').check();
    await dialog.getByLabel('Reason or ticket (goes into the audit log)').fill('Ticket 4242: lost badge, security case');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('stocker2 is deactivated in every organization.').waitFor();
    const user = await t.deps.db.selectFrom('users').select('status').where('id', '=', target.userId).executeTakeFirstOrThrow();
    expect(user.status).toBe('deactivated');
    const audit = await t.deps.db.selectFrom('audit_events').select('reason').where('action', '=', 'user.deactivated').where('target_id', '=', target.userId).executeTakeFirstOrThrow();
    expect(audit.reason).toContain('Ticket 4242');

    await page.getByRole('button', { name: 'Reactivate user' }).click();
    const again = page.getByRole('dialog', { name: 'Reactivate stocker2?' });
    await again.getByLabel('I confirmed the requester is authorized for this organization').check();
    await again.getByLabel('Reason or ticket (goes into the audit log)').fill('Ticket 4242: badge found');
    await again.getByRole('button', { name: 'Reactivate' }).click();
    await page.getByText('stocker2 is active again.').waitFor();

    // Not offered on the owner: the API refuses to deactivate an account owner.
    await page.goto(`/support/orgs/${m.orgId}/team/${owner().userId}`);
    await page.getByText('is the account owner').waitFor();
    expect(await page.getByRole('button', { name: 'Deactivate user (all organizations)' }).count()).toBe(0);
  });

  it('troubleshoot offers the password reset it recommends next to deactivation', async () => {
    const page = await open();
    await signIn(page, staff.email);
    await page.goto(`/support/troubleshoot?email=${encodeURIComponent(m.people.cashier1!.email)}`);
    await page.getByRole('button', { name: 'Deactivate user (all orgs)' }).waitFor();
    await page.getByRole('button', { name: 'Send password reset' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('I confirmed the requester is authorized for this organization').check();
    await dialog.getByLabel('Reason or ticket (goes into the audit log)').fill('Ticket 77: cannot sign in');
    await dialog.getByRole('button', { name: 'Send reset' }).click();
    await page.getByText(`Password reset email sent to ${m.people.cashier1!.email}.`).waitFor();
    const mail = await t.deps.db.selectFrom('mail_outbox').select('template').where('to_email', '=', m.people.cashier1!.email).execute();
    expect(mail.length).toBeGreaterThan(0);
  });

  it('the sign-in page explains the lock and the reset the same way for every email', async () => {
    const page = await open();
    await page.goto('/sign-in');
    const hint = page.getByText('the account is locked for 15 minutes');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('Forgot password?');
    // A wrong password for a real account and for an unknown email get the same words.
    const said: string[] = [];
    for (const email of [m.people.cashier1!.email, `nobody-${newId().slice(-5)}@shop.test`]) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      said.push(`${await page.getByRole('alert').textContent()} | ${await hint.textContent()}`);
      await page.reload();
    }
    expect(said[0]).toBe(said[1]);
  });

  it('a session ended by a newer sign-in lands on the sign-in page saying so', async () => {
    const who = m.people.manager2!;
    const first = await open();
    await signIn(first, who.email);
    await first.goto(`/orgs/${m.orgId}/team`);
    await first.getByRole('link', { name: 'manager1 Tester' }).waitFor();
    // The same person signs in in another browser: single session ends the first one.
    const second = await open();
    await signIn(second, who.email);
    // The next click that asks the API finds the session over and goes to sign-in, saying why.
    await first.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
    await first.waitForURL((u) => u.pathname === '/sign-in');
    await first.getByText('You were signed out because this account signed in somewhere else.').waitFor();
    await shoot(first, 'sign-in-signed-in-elsewhere');
    // Once they sign in again it is old news: a later sign-in page does not repeat it.
    await signIn(first, who.email);
    await first.goto('/sign-in');
    await first.getByRole('button', { name: 'Sign in' }).waitFor();
    await first.waitForLoadState('networkidle');
    expect(await first.getByText('signed in somewhere else').count()).toBe(0);
  });

  it('the same after a reload: the page keeps the dead cookie so the console can say why', async () => {
    const who = m.people.manager2!;
    const first = await open();
    await signIn(first, who.email);
    await first.goto(`/orgs/${m.orgId}/team`);
    await first.getByRole('link', { name: 'manager1 Tester' }).waitFor();
    const second = await open();
    await signIn(second, who.email);
    await first.reload();
    await first.waitForURL((u) => u.pathname === '/sign-in');
    await first.getByText('You were signed out because this account signed in somewhere else.').waitFor();
  });
});
