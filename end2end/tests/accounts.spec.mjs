// Accounts, contacts and submissions, end to end, with and without JavaScript:
// sign up → an admin approves → sign in → submit a deployment with consent →
// a curator publishes it → it appears on the technology page with the contact.
// scripts/test creates the admin with `server create-admin` and passes its
// address and password in E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD.
import { test, expect } from '@playwright/test';
import { appPage, axeViolations, jsOn, leaveAdmin, open, signIn, signInAdmin, signOut, waitForHydration, watchConsole } from './helpers.mjs';

const ADMIN = process.env.E2E_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD;
if (!ADMIN || !ADMIN_PASSWORD) throw new Error('Set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (scripts/test does)');
const PASSWORD = 'lantern orchard velvet compass';

test('sign up, approval, submission with consent, publication, and the contact', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `member-${stamp}@example.org`;
  const site = `E2E Trust ${stamp}`;

  // Sign up: pending.
  await open(page, '/sign-up', testInfo);
  await page.getByLabel('Your name').fill(`Member ${stamp}`);
  await page.getByLabel('Organisation').fill('NHS Example ICB');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-status')).toHaveText('Waiting for approval');
  await open(page, '/technologies/qbtest', testInfo);
  await expect(page.getByTestId('contacts-hidden')).toBeVisible();
  await expect(page.getByTestId('contacts')).toHaveCount(0);
  await signOut(page);

  // The admin approves.
  await signInAdmin(page, testInfo);
  await open(page, '/admin/accounts', testInfo);
  const row = page.locator(`tr[data-account="${email}"]`);
  await row.getByLabel('Status').selectOption('approved');
  await row.getByRole('button', { name: /Save/ }).click();
  await expect(page).toHaveURL(/\/admin\/accounts$/);
  await expect(page.locator(`tr[data-account="${email}"]`).getByLabel('Status')).toHaveValue('approved');
  await leaveAdmin(page);

  // The member signs in and submits, consenting to be a contact.
  await signIn(page, email, PASSWORD, testInfo);
  await expect(page.getByTestId('account-status')).toHaveText('Approved');
  await open(page, '/technologies/qbtest', testInfo);
  await page.getByRole('link', { name: 'We have deployed this: tell us about it' }).click();
  await expect(page).toHaveURL(/\/technologies\/qbtest\/submit$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByLabel('Organisation or site').fill(site);
  await page.getByLabel('ICB', { exact: true }).selectOption('QE1');
  await page.getByRole('group', { name: 'Stage' }).getByLabel('Pilot').check();
  await page.getByRole('group', { name: 'Status' }).getByLabel('Live').check();
  await page.getByLabel('What it measured').fill('Urgent referrals avoided');
  await page.getByLabel('Result', { exact: true }).fill('40 of 100 referrals avoided');
  await page.getByLabel(/I agree that signed-in/).check();
  await page.getByLabel('Job title', { exact: true }).fill('Digital lead');
  await page.getByRole('group', { name: 'How do you prefer to be contacted?' }).getByLabel('Email').check();
  await page.getByRole('button', { name: 'Send for review' }).click();
  await expect(page).toHaveURL(/\/account#submissions$/);
  await expect(page.getByTestId('submissions')).toContainText(site);
  await expect(page.getByTestId('submissions')).toContainText('Waiting for a curator');
  await signOut(page);

  // The admin (also a curator) publishes it.
  await signInAdmin(page, testInfo);
  await open(page, '/curator/submissions', testInfo);
  await page.getByRole('link', { name: new RegExp(site) }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByLabel('Organisation or site')).toHaveValue(site);
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect(page).toHaveURL(/\/curator\/submissions$/);
  await leaveAdmin(page);

  // Public: the deployment with its provenance; the contact only as a count.
  await open(page, '/technologies/qbtest', testInfo);
  const adopters = page.getByTestId('adopters');
  await expect(adopters.getByRole('row', { name: new RegExp(site) })).toContainText('verified by a catalogue curator on');
  await expect(page.getByTestId('pilot-results')).toContainText('40 of 100 referrals avoided');
  await expect(page.getByTestId('contacts-hidden')).toContainText('sign in to view');
  expect(await page.content()).not.toContain(email);

  // The member sees the contact.
  await signIn(page, email, PASSWORD, testInfo);
  await open(page, '/technologies/qbtest', testInfo);
  await expect(page.getByTestId('contacts')).toContainText(email);
  await expect(page.getByTestId('contacts')).toContainText('Digital lead');
  if (jsOn(testInfo)) expect(console).toEqual([]);
});

test('forms show every error beside its field, keep what was typed, and pass axe', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  await open(page, '/sign-up', testInfo);
  await page.getByLabel('Your name').fill('Typed Name');
  await page.getByLabel('Email address').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page).toHaveTitle(/^Error: Create an account/);
  const summary = page.getByTestId('error-summary');
  // With JavaScript the summary takes focus on load (the NHS.UK pattern).
  if (jsOn(testInfo)) await expect(summary).toBeFocused();
  await expect(summary).toContainText('Enter your organisation');
  await expect(summary).toContainText('Enter an email address in the correct format');
  await expect(page.getByLabel('Your name')).toHaveValue('Typed Name');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  // Each summary link jumps to its field.
  await expect(summary.getByRole('link', { name: 'Enter your organisation' })).toHaveAttribute('href', '#field-organisation');
  await summary.getByRole('link', { name: 'Enter your organisation' }).click();
  await expect(page).toHaveURL(/#field-organisation$/);
  await expect(page.getByLabel('Your name')).toHaveValue('Typed Name');
  expect(await axeViolations(page)).toEqual([]);

  await open(page, '/sign-in', testInfo);
  await page.getByLabel('Email address').fill('nobody@example.org');
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('The email address or password is not right');
  await expect(page.getByLabel('Email address')).toHaveValue('nobody@example.org');
  expect(await axeViolations(page)).toEqual([]);
});

test('the submission and admin forms pass axe, with errors shown', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  await signInAdmin(page, testInfo);
  for (const path of ['/admin/accounts', '/admin/audit', '/curator/submissions', '/curator/contacts', '/technologies/qbtest/submit', '/account']) {
    await open(page, path, testInfo);
    expect(await axeViolations(page), path).toEqual([]);
  }
  await open(page, '/technologies/qbtest/submit', testInfo);
  await page.getByRole('group', { name: 'Status' }).getByLabel('Stopped').check();
  await page.getByLabel('Baseline').fill('12%');
  await page.getByRole('button', { name: 'Send for review' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText('Enter the organisation or site');
  await expect(summary).toContainText('Enter why the deployment stopped');
  await expect(summary).toContainText('Enter what the pilot measured');
  await expect(page.getByLabel('Baseline')).toHaveValue('12%');
  await expect(page.getByRole('group', { name: 'Status' }).getByLabel('Stopped')).toBeChecked();
  expect(await axeViolations(page)).toEqual([]);
  await leaveAdmin(page);
});

test('a form from an expired session is refused with a clear page', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const context = page.context();
  await open(page, '/sign-in', testInfo);
  await context.clearCookies();
  await page.getByLabel('Email address').fill(ADMIN);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This form has expired');
  expect(await axeViolations(page)).toEqual([]);
});
