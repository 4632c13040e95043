// Accounts people can trust, with and without JavaScript: deleting your own
// account (errors first), withdrawing consent to be contacted, and the
// statements pages, each checked with axe.
import { test, expect } from '@playwright/test';
import { auditPaths, axeViolations, waitForHydration, watchConsole, withoutAppScripts } from './helpers.mjs';

const ADMIN = process.env.E2E_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD;
if (!ADMIN || !ADMIN_PASSWORD) throw new Error('Set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (scripts/test does)');
const PASSWORD = 'harbour meadow tinsel quartz';
const jsOn = (testInfo) => testInfo.project.name === 'js';
// A refused form is answered 422, which the browser logs; anything else is a fault.
const faults = (messages) => messages.filter((m) => !m.includes('status of 422'));

async function appPage(browser, page, testInfo) {
  return jsOn(testInfo) ? page : withoutAppScripts(browser);
}

async function open(page, path, testInfo) {
  await page.goto(path);
  if (jsOn(testInfo)) await waitForHydration(page);
}

async function signIn(page, email, password, testInfo) {
  await open(page, '/sign-in', testInfo);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
}

async function signUp(page, name, email, testInfo) {
  await open(page, '/sign-up', testInfo);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Organisation').fill('NHS Example ICB');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

auditPaths(test, expect, ['/accessibility', '/privacy', '/cookies', '/account/deleted']);

test('the footer links to the statements', async ({ page }) => {
  await page.goto('/');
  const footer = page.getByRole('contentinfo');
  for (const [name, path] of [['Accessibility statement', '/accessibility'], ['Privacy', '/privacy'], ['Cookies', '/cookies']]) {
    await expect(footer.getByRole('link', { name, exact: true })).toHaveAttribute('href', path);
  }
  await footer.getByRole('link', { name: 'Cookies', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cookies');
  await expect(page.getByTestId('cookie-name')).toHaveCount(2);
});

test('delete your account: the wrong password first, then gone', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `leaver-${stamp}@example.org`;
  await signUp(page, `Leaver ${stamp}`, email, testInfo);
  await page.getByRole('link', { name: 'Delete your account' }).click();
  await expect(page).toHaveURL(/\/account\/delete$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByText(`This deletes the account for ${email} at once`)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Your password').fill('not my password');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page).toHaveTitle(/^Error: Delete your account/);
  await expect(page.getByTestId('error-summary')).toContainText('The password is not right');
  await expect(page.locator('#field-password-error')).toContainText('The password is not right');
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/account\/deleted$/);
  await expect(page.getByTestId('account-deleted')).toHaveText('Your account has been deleted');
  await open(page, '/account', testInfo);
  await expect(page.getByText('You are not signed in.')).toBeVisible();

  // The address no longer opens anything.
  await open(page, '/sign-in', testInfo);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('The email address or password is not right');
  if (jsOn(testInfo)) expect(faults(console)).toEqual([]);
});

test('withdraw consent: the member removes themselves as a contact', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `contact-${stamp}@example.org`;
  const site = `Withdrawal Trust ${stamp}`;
  await signUp(page, `Contact ${stamp}`, email, testInfo);
  await signOut(page);

  await signIn(page, ADMIN, ADMIN_PASSWORD, testInfo);
  await open(page, '/admin/accounts', testInfo);
  const row = page.locator(`tr[data-account="${email}"]`);
  await row.getByLabel('Status').selectOption('approved');
  await row.getByRole('button', { name: /Save/ }).click();
  await expect(page).toHaveURL(/\/admin\/accounts$/);
  await signOut(page);

  await signIn(page, email, PASSWORD, testInfo);
  await open(page, '/technologies/qbtest/submit', testInfo);
  await page.getByLabel('Organisation or site').fill(site);
  await page.getByRole('group', { name: 'Stage' }).getByLabel('Pilot').check();
  await page.getByRole('group', { name: 'Status' }).getByLabel('Live').check();
  await page.getByLabel(/I agree that signed-in/).check();
  await page.getByLabel('Job title', { exact: true }).fill('Digital lead');
  await page.getByRole('group', { name: 'How do you prefer to be contacted?' }).getByLabel('Email').check();
  await page.getByRole('button', { name: 'Send for review' }).click();
  await expect(page).toHaveURL(/\/account#submissions$/);
  await signOut(page);

  await signIn(page, ADMIN, ADMIN_PASSWORD, testInfo);
  await open(page, '/curator/submissions', testInfo);
  await page.getByRole('link', { name: new RegExp(site) }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect(page).toHaveURL(/\/curator\/submissions$/);
  await signOut(page);

  await signIn(page, email, PASSWORD, testInfo);
  const mine = page.getByTestId('my-contacts');
  await expect(mine).toContainText(site);
  await mine.getByRole('link', { name: /Withdraw your consent/ }).first().click();
  await expect(page).toHaveURL(/\/contacts\/\d+\/withdraw$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Withdraw consent to be contacted');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Withdraw my consent' }).click();
  await expect(page).toHaveURL(/\/account#contacts$/);
  await expect(page.getByTestId('my-contacts')).toHaveCount(0);
  await expect(page.getByText('You are not listed as a contact for any deployment.')).toBeVisible();
  await open(page, '/technologies/qbtest', testInfo);
  await expect(page.locator('main')).not.toContainText(email);
  if (jsOn(testInfo)) expect(console).toEqual([]);
});
