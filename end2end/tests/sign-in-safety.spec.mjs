// Two-factor sign-in, changing your email address, and a contact removing
// their details with the link emailed to them: with and without JavaScript,
// errors first, axe on every page.
import { test, expect } from '@playwright/test';
import {
  appPage, axeViolations, freshCode, jsOn, linkIn, mailTo, open, PASSWORD, rememberKey,
  publishedContact, signIn, signOut, signUp, totpCode, waitForHydration, watchConsole,
} from './helpers.mjs';

// A refused form is answered 422, which the browser logs; anything else is a fault.
const faults = (messages) => messages.filter((m) => !m.includes('status of 422'));
const stampOf = (testInfo) => `${testInfo.project.name}-${Date.now()}`;

/** Six digits that are not a code near now for `key`. */
function wrongCode(key) {
  const now = Math.floor(Date.now() / 30_000);
  const valid = [-2, -1, 0, 1, 2].map((d) => totpCode(key, now + d));
  return ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => !valid.includes(c));
}

test('two-factor sign-in: set up with the key, a wrong code, recovery codes, then sign in with a code', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = stampOf(testInfo);
  const email = `two-factor-${stamp}@example.org`;
  await signUp(page, `Two Factor ${stamp}`, email, testInfo);
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByRole('link', { name: 'Two-factor sign-in (off)' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const key = (await page.getByTestId('two-factor-key').textContent()).trim();
  expect(key).toMatch(/^[A-Z2-7 ]{32,}$/);
  expect(await axeViolations(page)).toEqual([]);

  // A wrong code: the error beside the field, and in the summary.
  await page.getByLabel('Code from your authenticator app').fill(wrongCode(key));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page).toHaveTitle(/^Error: Two-factor sign-in/);
  await expect(page.getByTestId('error-summary')).toContainText('The code is not right');
  await expect(page.locator('#field-code-error')).toContainText('The code is not right');
  expect(await axeViolations(page)).toEqual([]);

  // The right code: on, and the recovery codes shown once.
  const step = Math.floor(Date.now() / 30_000);
  await page.getByLabel('Code from your authenticator app').fill(totpCode(key, step));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByTestId('two-factor-on')).toBeVisible();
  const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
  expect(codes).toHaveLength(10);
  expect(await axeViolations(page)).toEqual([]);
  rememberKey(email, key, step);
  expect(await mailTo(email, 'Two-factor sign-in is on')).toContain('Two-factor sign-in was turned on');

  // Signing in asks for the code: a wrong one first, then a right one.
  await signOut(page);
  await open(page, '/sign-in', testInfo);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your security code');
  if (jsOn(testInfo)) await waitForHydration(page);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Security code').fill(wrongCode(key));
  await page.getByRole('button', { name: 'Continue' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page).toHaveTitle(/^Error: Enter your security code/);
  await expect(page.locator('#field-code-error')).toContainText('The code is not right');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Security code').fill(await freshCode(email));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('link', { name: 'Two-factor sign-in (on)' })).toBeVisible();

  // A recovery code works instead of a code.
  await signOut(page);
  await open(page, '/sign-in', testInfo);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Security code').fill(codes[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  expect(await mailTo(email, 'A recovery code was used to sign in')).toContain('You have 9 left');
  if (jsOn(testInfo)) expect(faults(console)).toEqual([]);
});

test('change your email address: refused first, then confirmed from the link, the old address told', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = stampOf(testInfo);
  const email = `mover-${stamp}@example.org`;
  const moved = `moved-${stamp}@example.org`;
  await signUp(page, `Mover ${stamp}`, email, testInfo);
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByRole('link', { name: 'Change your email address' }).click();
  await expect(page).toHaveURL(/\/account\/email$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByLabel('New email address').fill('not an address');
  await page.getByLabel('Your password').fill('not my password');
  await page.getByRole('button', { name: 'Send the link' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page).toHaveTitle(/^Error: Change your email address/);
  await expect(page.locator('#field-new_email-error')).toContainText('Enter an email address in the correct format');
  await expect(page.getByLabel('New email address')).toHaveValue('not an address');
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('New email address').fill(moved);
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page).toHaveURL(/\/account\?changed=email-sent$/);
  await expect(page.getByTestId('email-sent')).toBeVisible();

  const path = linkIn(await mailTo(moved, 'Confirm your new email address'), /https?:\/\/\S+\/account\/email\/confirm\?token=[0-9a-f]{64}/);
  await open(page, path, testInfo);
  await expect(page.getByTestId('new-email')).toHaveText(moved);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Use this email address' }).click();
  await expect(page).toHaveURL(/\/sign-in\?email=changed$/);
  await expect(page.getByTestId('email-changed')).toBeVisible();
  expect(await mailTo(email, 'Your email address was changed')).toContain(moved);
  await signOut(page);
  await signIn(page, moved, PASSWORD, testInfo);

  // The link works once.
  await open(page, path, testInfo);
  await expect(page.getByTestId('email-link-dead')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  if (jsOn(testInfo)) expect(faults(console)).toEqual([]);
});

test('a published contact removes their details with the link emailed to them', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = stampOf(testInfo);
  const email = `linked-${stamp}@example.org`;
  const name = `Linked ${stamp}`;
  const site = `Link Removal Trust ${stamp}`;
  await publishedContact(page, name, email, site, testInfo);

  // Not signed in: the link from the email is enough.
  const path = linkIn(await mailTo(email, 'Your contact details are published'), /https?:\/\/\S+\/contacts\/remove\?token=[0-9a-f]{64}/);
  await open(page, path, testInfo);
  await expect(page.getByTestId('linked-contact')).toContainText(name);
  await expect(page.getByTestId('linked-contact')).toContainText(site);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Remove my details' }).click();
  await expect(page).toHaveURL(/\/contacts\/removed$/);
  await expect(page.getByTestId('contact-removed')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await open(page, path, testInfo);
  await expect(page.getByTestId('contact-link-dead')).toBeVisible();
  // The member's account no longer lists them as a contact.
  await signIn(page, email, PASSWORD, testInfo);
  await expect(page.getByText('You are not listed as a contact for any deployment.')).toBeVisible();
  if (jsOn(testInfo)) expect(faults(console)).toEqual([]);
});
