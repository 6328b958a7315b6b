import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from '../fixtures/merchant.js';
import { mintRecoveryCode, userOfEmail } from '../fixtures/second-factor.js';
import type { TestApp } from '../fixtures/test-app.js';

/**
 * Signs in through the console's own form. Platform staff have a second factor: the fixture
 * mints a recovery code for this sign-in and the second step is completed with it.
 */
export async function signInAs(t: TestApp, page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const step = page.getByRole('heading', { name: 'Confirm it is you' });
  await Promise.race([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')).catch(() => {}), step.waitFor().catch(() => {})]);
  if (await step.isVisible()) {
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(await mintRecoveryCode(t, await userOfEmail(t, email)));
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/** What visible text must not look like; each test file names the kinds it asserts. */
export type NotPlain = readonly { what: string; re: RegExp }[];

/** The page has settled, shows no error banner, and its visible text matches none of `notPlain`. */
export async function expectPlainPage(page: Page, label: string, notPlain: NotPlain): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.getByText('Loading…').count(), { message: `${label} still loading` }).toBe(0);
  const alerts = await page.locator('[role="alert"]').allTextContents();
  expect(alerts.filter((a) => a.trim() !== ''), `${label} shows an error`).toEqual([]);
  // biome-ignore lint/performance/useDomNodeTextContent: -- the acceptance is about text a person sees, which innerText gives
  const text = await page.locator('body').innerText();
  for (const { what, re } of notPlain) expect(text.match(re)?.[0], `${label} shows ${what}`).toBeUndefined();
}
