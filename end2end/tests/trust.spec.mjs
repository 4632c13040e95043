// Accounts people can trust, with and without JavaScript: deleting your own
// account (errors first), withdrawing consent to be contacted, and the
// statements pages, each checked with axe.
import { test, expect } from '@playwright/test';
import { appPage, auditPaths, axeViolations, jsOn, mailTo, open, PASSWORD, publishedContact, signIn, signOut, signUp, waitForHydration, watchConsole } from './helpers.mjs';

const ADMIN = process.env.E2E_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD;
if (!ADMIN || !ADMIN_PASSWORD) throw new Error('Set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (scripts/test does)');
// A refused form is answered 422, which the browser logs; anything else is a fault.
const faults = (messages) => messages.filter((m) => !m.includes('status of 422'));

auditPaths(test, expect, ['/accessibility', '/privacy', '/cookies', '/account/deleted', '/reset-password', '/reset-password/sent']);

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
  await publishedContact(page, `Contact ${stamp}`, email, site, testInfo);

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

test('change your password: the wrong current one first, then the notice by email', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `changer-${stamp}@example.org`;
  const fresh = 'saffron kettle orbit pebble';
  await signUp(page, `Changer ${stamp}`, email, testInfo);
  await page.getByRole('link', { name: 'Change your password' }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Confirm new password').fill('something else entirely');
  await page.getByRole('button', { name: 'Change password' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page).toHaveTitle(/^Error: Change your password/);
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText('The current password is not right');
  await expect(summary).toContainText('Passwords do not match');
  await expect(page.locator('#field-current-error')).toContainText('The current password is not right');
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Confirm new password').fill(fresh);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/account\?changed=password$/);
  await expect(page.getByTestId('password-changed')).toBeVisible();
  const notice = await mailTo(email, 'Your password was changed');
  expect(notice).toContain('every other session was signed out');
  await signOut(page);
  await signIn(page, email, fresh, testInfo);
  if (jsOn(testInfo)) expect(faults(console)).toEqual([]);
});

test('reset a forgotten password from the emailed link', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `forgetful-${stamp}@example.org`;
  const fresh = 'walnut ferry cobalt tundra';
  await signUp(page, `Forgetful ${stamp}`, email, testInfo);
  await signOut(page);

  await open(page, '/sign-in', testInfo);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page).toHaveURL(/\/reset-password$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByLabel('Email address').fill('not-an-address');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByTestId('error-summary')).toContainText('Enter an email address in the correct format');
  await expect(page.getByLabel('Email address')).toHaveValue('not-an-address');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page).toHaveURL(/\/reset-password\/sent$/);
  await expect(page.getByTestId('reset-sent')).toHaveText('Check your email');

  const body = await mailTo(email, 'Reset your password');
  const link = body.match(/https?:\/\/\S+\/reset-password\/new\?token=[0-9a-f]{64}/)[0];
  await open(page, new URL(link).pathname + new URL(link).search, testInfo);
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Confirm new password').fill('not the same at all');
  await page.getByRole('button', { name: 'Set new password' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByTestId('error-summary')).toContainText('Passwords do not match');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Confirm new password').fill(fresh);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=done$/);
  await expect(page.getByTestId('reset-done')).toBeVisible();
  await signIn(page, email, fresh, testInfo);

  // The link works once.
  await signOut(page);
  await open(page, new URL(link).pathname + new URL(link).search, testInfo);
  await page.getByLabel('New password', { exact: true }).fill('another quite long phrase');
  await page.getByLabel('Confirm new password').fill('another quite long phrase');
  await page.getByRole('button', { name: 'Set new password' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByTestId('error-summary')).toContainText('expired or has already been used');
  expect(await axeViolations(page)).toEqual([]);
  if (jsOn(testInfo)) expect(faults(console)).toEqual([]);
});
