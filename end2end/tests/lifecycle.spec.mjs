// The catalogue grows and takes in what members and suppliers know, with and
// without JavaScript: a curator adds a technology as a draft (errors first)
// and publishes it once it meets the inclusion rule; a member's correction is
// accepted; a supplier's proposal is accepted. axe on every new page, errors
// shown. scripts/test passes the admin (a curator too) in E2E_ADMIN_EMAIL /
// E2E_ADMIN_PASSWORD; members and the supplier account sign up here.
import { test, expect } from '@playwright/test';
import { appPage, axeViolations, jsOn, leaveAdmin, open, signIn, signInAdmin, signOut, waitForHydration, watchConsole } from './helpers.mjs';

const ADMIN = process.env.E2E_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD;
if (!ADMIN || !ADMIN_PASSWORD) throw new Error('Set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (scripts/test does)');
const PASSWORD = 'lantern orchard velvet compass';

// Clicks a form's button and waits for the page the POST answers with.
async function submit(page, button, testInfo) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  if (jsOn(testInfo)) await waitForHydration(page);
}

// Signs up `email`, then the admin approves it with `role` (and `supplier`).
async function approvedAccount(page, email, testInfo, role = 'member', supplier = null) {
  await open(page, '/sign-up', testInfo);
  await page.getByLabel('Your name').fill(`Person ${email.split('@')[0]}`);
  await page.getByLabel('Organisation').fill('NHS Example ICB');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await signOut(page);
  await signInAdmin(page, testInfo);
  await open(page, '/admin/accounts', testInfo);
  const row = page.locator(`tr[data-account="${email}"]`);
  await row.getByLabel('Status').selectOption('approved');
  await row.getByLabel('Role').selectOption(role);
  if (supplier) await row.getByLabel('Supplier (supplier accounts only)').selectOption({ label: supplier });
  await submit(page, row.getByRole('button', { name: /Save/ }), testInfo);
  await expect(page).toHaveURL(/\/admin\/accounts$/);
  await expect(page.locator(`tr[data-account="${email}"]`).getByLabel('Role')).toHaveValue(role);
  await leaveAdmin(page);
}

test('a curator adds a draft, which is nowhere public until it meets the rule and is published', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const name = `E2E Draft Tool ${stamp}`;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

  await signInAdmin(page, testInfo);
  await open(page, '/curator/recheck', testInfo);
  await page.getByRole('link', { name: 'Add a technology' }).click();
  await expect(page).toHaveURL(/\/curator\/new-technology$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  expect(await axeViolations(page)).toEqual([]);

  // Mistakes first: shown beside the fields, with what was typed.
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Address (optional)').fill('Not A Slug');
  await submit(page, page.getByRole('button', { name: 'Add as a draft' }), testInfo);
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText('Enter an address of lower-case letters');
  await expect(summary).toContainText('Select the type of technology');
  await expect(summary).toContainText('Enter the reason for this change');
  await expect(page.getByLabel('Name')).toHaveValue(name);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Address (optional)').fill('');
  await page.getByLabel('Type of technology').selectOption({ index: 1 });
  await page.getByLabel('Why it is being added (shown in the history once published)').fill('Proposed by a network');
  await submit(page, page.getByRole('button', { name: 'Add as a draft' }), testInfo);
  await expect(page).toHaveURL(new RegExp(`/curator/technologies/${slug}$`));
  await expect(page.getByTestId('listing')).toContainText('Draft (not published)');

  // Not public: its page is not found and the search does not know it.
  const hidden = await page.request.get(`/technologies/${slug}`);
  expect(hidden.status()).toBe(404);
  const search = await (await page.request.get('/api/technologies?q=E2E+Draft+Tool')).text();
  expect(search).not.toContain(slug);

  // Publishing without a basis is refused, and says why.
  await open(page, `/curator/technologies/${slug}`, testInfo);
  await page.getByRole('link', { name: 'Publish it in the catalogue' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByTestId('no-basis')).toBeVisible();
  await page.getByLabel('Why it is being published (shown in the history)').fill('Ready');
  await submit(page, page.getByRole('button', { name: 'Publish' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('It cannot be published');
  expect(await axeViolations(page)).toEqual([]);

  // A documented NHS deployment gives it a basis.
  await open(page, `/curator/technologies/${slug}/add/deployment`, testInfo);
  await page.getByLabel('Organisation or site').fill(`E2E Community Service ${stamp}`);
  await page.getByLabel('What the record is').selectOption('nhs_deployment');
  await page.getByLabel('Source', { exact: true }).fill('https://www.england.nhs.uk/example-deployment');
  await page.getByLabel('Reason for this change (shown in the public history)').fill('Reported by the service');
  await submit(page, page.getByRole('button', { name: 'Add this claim' }), testInfo);
  await open(page, `/curator/technologies/${slug}/publish`, testInfo);
  await expect(page.getByTestId('basis')).toContainText('At least one documented NHS deployment');
  await page.getByLabel('Why it is being published (shown in the history)').fill('Meets the inclusion rule');
  await submit(page, page.getByRole('button', { name: 'Publish' }), testInfo);
  await expect(page.getByTestId('listing')).toContainText('Listed');

  await open(page, `/technologies/${slug}`, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const found = await (await page.request.get('/api/technologies?q=E2E+Draft+Tool')).text();
  expect(found).toContain(slug);
  await open(page, `/changes?technology=${slug}`, testInfo);
  await expect(page.getByTestId('revisions')).toContainText('Technology published in the catalogue');

  // Withdrawn again, with a reason (errors first): its page stays and says why.
  await open(page, `/curator/technologies/${slug}`, testInfo);
  await page.getByRole('link', { name: 'Withdraw it from the catalogue' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await submit(page, page.getByRole('button', { name: 'Withdraw from the catalogue' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('Enter the reason for this change');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Why it is no longer listed (shown on its page and in the history)').fill(`Test over ${stamp}`);
  await submit(page, page.getByRole('button', { name: 'Withdraw from the catalogue' }), testInfo);
  await expect(page.getByTestId('listing')).toContainText('No longer listed');
  await open(page, `/technologies/${slug}`, testInfo);
  await expect(page.getByTestId('no-longer-listed')).toContainText(`Test over ${stamp}`);
  expect(await axeViolations(page)).toEqual([]);
  if (jsOn(testInfo)) expect(console.filter((m) => /hydrat|panicked/i.test(m))).toEqual([]);
});

test("a member's correction is accepted and shown with its credit", async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `suggester-${stamp}@example.org`;
  const slug = 'mycopd';
  const text = `Corrected benefit ${stamp}`;
  await approvedAccount(page, email, testInfo);

  await signIn(page, email, PASSWORD, testInfo);
  await open(page, `/technologies/${slug}`, testInfo);
  await page.locator('section[aria-labelledby="benefits-heading"]').getByRole('link', { name: /Suggest a correction/ }).first().click();
  await expect(page).toHaveURL(/\/suggest\?block=benefit&claim=\d+$/);
  if (jsOn(testInfo)) await waitForHydration(page);
  await submit(page, page.getByRole('button', { name: 'Send the suggestion' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('Say what is wrong or missing');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('What is wrong or missing').fill('The figure was updated in 2026');
  await page.getByLabel('The text you propose').fill(text);
  await page.getByLabel('Source address').fill('https://www.nice.org.uk/guidance/example');
  await submit(page, page.getByRole('button', { name: 'Send the suggestion' }), testInfo);
  await expect(page).toHaveURL(/\/account#suggestions$/);
  await expect(page.getByTestId('my-suggestions')).toContainText('Waiting for review');
  await signOut(page);

  await signInAdmin(page, testInfo);
  await open(page, '/curator/suggestions', testInfo);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: new RegExp(text) }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await submit(page, page.getByRole('button', { name: 'Do not accept' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('Enter why it is not accepted');
  await expect(page).toHaveTitle(/^Error: Review a suggestion/);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Open the editor with this suggestion' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByTestId('suggestion')).toContainText('The figure was updated in 2026');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Statement', { exact: true }).fill(text);
  await page.getByLabel('Reason for this change (shown in the public history)').fill("A member's correction, checked");
  await submit(page, page.getByRole('button', { name: 'Save changes' }), testInfo);
  await expect(page).toHaveURL(new RegExp(`/curator/technologies/${slug}#block-benefit$`));
  await open(page, `/technologies/${slug}/history`, testInfo);
  await expect(page.getByTestId('revisions').first()).toContainText('Benefit updated (suggested by a member)');
  await leaveAdmin(page);

  await signIn(page, email, PASSWORD, testInfo);
  await expect(page.getByTestId('my-suggestions')).toContainText('Accepted');
});

test("a supplier's proposal is accepted as its checked statement", async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const email = `supplier-${stamp}@example.org`;
  const slug = 'dlcexpert';
  const statement = `£${Date.now() % 1000} per site a year (${stamp})`;
  await approvedAccount(page, email, testInfo, 'supplier', 'Mirada Medical');

  await signIn(page, email, PASSWORD, testInfo);
  await open(page, '/supplier', testInfo);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: /Propose costs for DLCExpert/i }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByLabel('Statement', { exact: true }).fill(statement);
  await page.getByLabel('Amount in pounds (or the lower end of a range)').fill('lots');
  await submit(page, page.getByRole('button', { name: 'Send for review' }), testInfo);
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await expect(page.getByLabel('Statement', { exact: true })).toHaveValue(statement);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Amount in pounds (or the lower end of a range)').fill('900');
  await page.getByLabel('Source address').fill('https://mirada-medical.example/prices');
  await page.getByLabel('What this is, for the catalogue team').fill('Our 2026 list price');
  await submit(page, page.getByRole('button', { name: 'Send for review' }), testInfo);
  await expect(page).toHaveURL(/\/supplier$/);
  await expect(page.getByTestId('my-suggestions')).toContainText('Waiting for review');
  // Not a member: no contacts, no "we have deployed this".
  await open(page, `/technologies/${slug}`, testInfo);
  await expect(page.getByRole('link', { name: 'We have deployed this: tell us about it' })).toHaveCount(0);
  await signOut(page);

  await signInAdmin(page, testInfo);
  await open(page, '/curator/suggestions', testInfo);
  await page.getByRole('link', { name: /Our 2026 list price/ }).last().click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByRole('link', { name: 'Open the editor with this suggestion' }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByLabel('Statement', { exact: true })).toHaveValue(statement);
  await page.getByLabel('I have checked this against its source today').check();
  await page.getByLabel('Reason for this change (shown in the public history)').fill("Checked against the supplier's price list");
  await submit(page, page.getByRole('button', { name: 'Add this claim' }), testInfo);
  await open(page, `/technologies/${slug}`, testInfo);
  const claim = page.locator('.app-claim', { hasText: statement });
  await expect(claim).toContainText("Supplier's statement, checked by the catalogue team on");
  await leaveAdmin(page);
});
