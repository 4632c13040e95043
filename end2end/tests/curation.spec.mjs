// A curator keeps the catalogue true, with and without JavaScript: add a claim
// (errors first), edit it, read the public history, re-check it from the queue,
// and find it in the change feed; axe on every page, errors shown.
// scripts/test passes the admin (a curator too) in E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD.
import { test, expect } from '@playwright/test';
import { appPage, axeViolations, jsOn, open, signInAdmin, waitForHydration, watchConsole } from './helpers.mjs';

const ADMIN = process.env.E2E_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD;
if (!ADMIN || !ADMIN_PASSWORD) throw new Error('Set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (scripts/test does)');
// A technology no other browser test reads in detail.
const SLUG = 'kaia-back';

async function settle(page, testInfo) {
  await page.waitForLoadState('load');
  if (jsOn(testInfo)) await waitForHydration(page);
}

// Clicks a form's button and waits for the page the POST answers with (the
// same address when the form comes back with errors), hydrated.
async function submit(page, button, testInfo) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  if (jsOn(testInfo)) await waitForHydration(page);
}

test('a curator adds, edits and re-checks a claim; the history and the feed show it', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  const console = watchConsole(page);
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const statement = `E2E benefit ${stamp}`;

  await signInAdmin(page, testInfo);

  // From the public page to the workspace.
  await open(page, `/technologies/${SLUG}`, testInfo);
  await page.getByRole('link', { name: 'Edit this technology (curators)' }).click();
  await expect(page).toHaveURL(new RegExp(`/curator/technologies/${SLUG}$`));
  await settle(page, testInfo);
  await expect(page.getByRole('link', { name: 'Add to benefits' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Add a benefit: first with mistakes, shown beside the fields with what was typed.
  await page.getByRole('link', { name: 'Add to benefits' }).click();
  await settle(page, testInfo);
  await page.getByLabel('Kind of benefit (e.g. workforce_time)').fill('Not A Key');
  await page.getByLabel('Source', { exact: true }).fill('javascript:alert(1)');
  await submit(page, page.getByRole('button', { name: 'Add this claim' }), testInfo);
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText('Enter kind of benefit');
  await expect(summary).toContainText('Enter statement');
  await expect(summary).toContainText('is not a web address');
  await expect(summary).toContainText('Enter the reason for this change');
  await expect(page.getByLabel('Kind of benefit (e.g. workforce_time)')).toHaveValue('Not A Key');
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Kind of benefit (e.g. workforce_time)').fill('workforce_time');
  await page.getByLabel('Statement', { exact: true }).fill(statement);
  await page.getByLabel('Source', { exact: true }).fill('https://www.england.nhs.uk/example-audit');
  await page.getByLabel('I have checked this against its source today').uncheck();
  await page.getByLabel('Reason for this change (shown in the public history)').fill('Found in a 2026 audit');
  await submit(page, page.getByRole('button', { name: 'Add this claim' }), testInfo);
  await expect(page).toHaveURL(new RegExp(`/curator/technologies/${SLUG}#block-benefit$`));

  // Edit it.
  await page.getByRole('link', { name: statement }).click();
  await settle(page, testInfo);
  await expect(page.getByTestId('claim-state')).toHaveText('Not independently verified');
  await page.getByLabel('Statement', { exact: true }).fill(`${statement} (corrected)`);
  await page.getByLabel('Reason for this change (shown in the public history)').fill('Wording matched to the source');
  await submit(page, page.getByRole('button', { name: 'Save changes' }), testInfo);
  await expect(page).toHaveURL(new RegExp(`/curator/technologies/${SLUG}#block-benefit$`));

  // The public history says what changed and why, without a name.
  await open(page, `/technologies/${SLUG}/history`, testInfo);
  const history = page.getByTestId('revisions');
  await expect(history).toContainText('Benefit updated');
  await expect(history).toContainText(`${statement} (corrected)`);
  await expect(history).toContainText('Reason: Wording matched to the source');
  await expect(history).toContainText('Benefit added');
  expect(await axeViolations(page)).toEqual([]);

  // Re-check it from the queue: "Still true".
  await open(page, `/curator/recheck?technology=${SLUG}&block=benefit`, testInfo);
  await expect(page.getByTestId('freshness')).toContainText('All claims');
  expect(await axeViolations(page)).toEqual([]);
  await submit(page, page.getByRole('button', { name: `Still true: ${statement} (corrected)` }), testInfo);
  await expect(page).toHaveURL(new RegExp(`/curator/recheck\\?technology=${SLUG}&block=benefit$`));
  await expect(page.getByRole('button', { name: `Still true: ${statement} (corrected)` })).toHaveCount(0);

  // The feed, filtered by block, shows the re-check; its Atom form is linked.
  await open(page, `/changes?technology=${SLUG}&block=benefit`, testInfo);
  await expect(page.getByTestId('revisions')).toContainText('Benefit re-checked: still true');
  await expect(page.getByRole('link', { name: 'Follow these changes (Atom feed)' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // The public page shows the corrected claim.
  await open(page, `/technologies/${SLUG}`, testInfo);
  await expect(page.locator('main')).toContainText(`${statement} (corrected)`);
  if (jsOn(testInfo)) expect(console.filter((m) => /hydrat/i.test(m))).toEqual([]);
});

test('the claim editor and the withdraw form show their errors and pass axe', async ({ browser, page: given }, testInfo) => {
  const page = await appPage(browser, given, testInfo);
  await signInAdmin(page, testInfo);
  await open(page, `/curator/technologies/${SLUG}`, testInfo);
  await page.getByTestId('claims-benefit').getByRole('link').first().click();
  await settle(page, testInfo);
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Statement', { exact: true }).fill('');
  await submit(page, page.getByRole('button', { name: 'Save changes' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('Enter statement');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Withdraw this claim' }).click();
  await settle(page, testInfo);
  await expect(page.getByTestId('withdraw-claim')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await submit(page, page.getByRole('button', { name: 'Withdraw this claim' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('Enter the reason');
  expect(await axeViolations(page)).toEqual([]);

  // The technology's own details, with an error shown.
  await open(page, `/curator/technologies/${SLUG}/details`, testInfo);
  await page.getByLabel('Name', { exact: true }).fill('');
  await submit(page, page.getByRole('button', { name: 'Save changes' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('Enter name');
  expect(await axeViolations(page)).toEqual([]);

  // The re-check queue with nothing ticked: the error beside the list.
  // (The real data has claims never verified, so the queue is never empty.)
  await open(page, '/curator/recheck', testInfo);
  await submit(page, page.getByRole('button', { name: 'Still true: every selected claim' }), testInfo);
  await expect(page.getByTestId('error-summary')).toContainText('Select at least one claim');
  expect(await axeViolations(page)).toEqual([]);
});
