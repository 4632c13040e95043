// The filterable catalogue: the URL is the state, with and without JavaScript.
import { test, expect } from '@playwright/test';
import { auditPaths, catalogueSize, waitForHydration, watchConsole } from './helpers.mjs';

const summary = (page) => page.getByTestId('result-summary');
const card = (page) => page.locator('.app-technology-list > li');

test('filter → URL → reload → Back, updating in place @js-only', async ({ page }) => {
  const consoleMessages = watchConsole(page);
  await page.goto('/technologies');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });

  const primary = page.locator('#f-setting-primary_care');
  await primary.check();
  await expect(page).toHaveURL(/\/technologies\?setting=primary_care$/);
  await expect(summary(page)).toHaveText(/^\d+ technologies match: Care setting Primary care\.$/);
  const primaryOnly = await summary(page).textContent();
  // The new count is announced, and focus stays on the box the user ticked.
  await expect(page.getByTestId('announcer')).toHaveText(primaryOnly);
  await expect(primary).toBeFocused();
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

  await page.locator('#f-ai-no').check();
  await expect(page).toHaveURL(/\?setting=primary_care&ai=no$/);
  await expect(summary(page)).toHaveText(/Care setting Primary care; AI-enabled No\./);
  const both = await summary(page).textContent();
  const cards = await card(page).count();

  await page.reload();
  await waitForHydration(page);
  await expect(summary(page)).toHaveText(both);
  await expect(card(page)).toHaveCount(cards);
  await expect(page.locator('#f-ai-no')).toBeChecked();
  await expect(primary).toBeChecked();

  await page.goBack();
  await expect(page).toHaveURL(/\?setting=primary_care$/);
  await expect(summary(page)).toHaveText(primaryOnly);
  await expect(page.locator('#f-ai-no')).not.toBeChecked();
  await page.goForward();
  await expect(page).toHaveURL(/ai=no$/);
  await expect(page.locator('#f-ai-no')).toBeChecked();
  expect(consoleMessages).toEqual([]);
});

test('the same journey with JavaScript off: GET form, chips and pages @no-js-only', async ({ page, request }) => {
  const { total, pages } = await catalogueSize(request);
  await page.goto('/technologies');
  await page.locator('#f-setting-primary_care').check();
  await page.locator('#f-ai-no').check();
  await page.getByTestId('apply-filters').click();
  // The server redirects the form's URL to the canonical one.
  await expect(page).toHaveURL(/\/technologies\?setting=primary_care&ai=no$/);
  await expect(summary(page)).toHaveText(/Care setting Primary care; AI-enabled No\./);
  await expect(page.locator('#f-ai-no')).toBeChecked();
  // A chip removes one filter and keeps the other.
  await page.getByRole('link', { name: 'Remove filter AI-enabled: No' }).click();
  await expect(page).toHaveURL(/\/technologies\?setting=primary_care$/);
  await page.getByRole('link', { name: 'Clear all' }).click();
  await expect(page).toHaveURL(/\/technologies$/);
  // Paging by links.
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\/technologies\?page=2$/);
  await expect(summary(page)).toHaveText(`All ${total} technologies in the catalogue. Page 2 of ${pages}.`);
  await expect(card(page)).toHaveCount(20);
  // Sort with the form's Sort button.
  await page.locator('#sort').selectOption('deployments');
  await page.getByRole('button', { name: 'Sort', exact: true }).click();
  await expect(page).toHaveURL(/\/technologies\?sort=deployments$/);
});

test('a shared URL opened cold is already filtered, with the right boxes ticked', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto('/technologies?q=derm&setting=secondary_care_planned&sort=name');
  expect(response.status()).toBe(200);
  await expect(summary(page)).toHaveText(/^1 technology matches “derm”: Care setting Secondary care - planned\/elective\./);
  await expect(page.locator('#f-setting-secondary_care_planned')).toBeChecked();
  await expect(page.locator('#f-setting-primary_care')).not.toBeChecked();
  await expect(page.locator('#q')).toHaveValue('derm');
  await expect(page.locator('#sort')).toHaveValue('name');
  await expect(card(page).first().locator('mark').first()).toHaveText('DERM');
  await context.close();
});

test('keyboard only: search, then tick a filter with Space @js-only', async ({ page }) => {
  await page.goto('/technologies');
  await waitForHydration(page);
  await page.locator('#q').focus();
  await page.keyboard.type('virtual ward');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?q=virtual\+ward$/);
  await expect(summary(page)).toHaveText(/technologies match “virtual ward”/);
  // Tab from the search box reaches the Search button, the way to the
  // readiness filter, then the first filter.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Tell us about your organisation' })).toBeFocused();
  await page.keyboard.press('Tab');
  const first = page.locator('.app-facet input[type=checkbox]').first();
  await expect(first).toBeFocused();
  const id = await first.getAttribute('id');
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/&type=/);
  await expect(page.locator(`#${id}`)).toBeChecked();
  await expect(page.locator(`#${id}`)).toBeFocused();
});

test('bad links get plain notices and still show results', async ({ page }) => {
  const response = await page.goto('/technologies?type=retired_type&page=abc&sort=price');
  expect(response.status()).toBe(200);
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('1 filter in your link is no longer available');
  await expect(notices).toContainText('The page number in your link was not valid');
  await expect(notices).toContainText('The sort order in your link was not recognised');
  await expect(card(page)).toHaveCount(20);
});

test('an empty result suggests which filter to remove', async ({ page }) => {
  await page.goto('/technologies?q=psychosis&type=ai_imaging_diagnostics');
  await expect(page.getByTestId('empty-state')).toContainText('No technologies match all of these filters');
  await page.getByRole('link', { name: 'Remove the “Technology type” filter' }).click();
  await expect(page).toHaveURL(/\/technologies\?q=psychosis$/);
  await expect(card(page).first()).toBeVisible();
});

test('a misspelt word and an abbreviation still find, and the page says what else it searched for', async ({ page }) => {
  await page.goto('/technologies');
  await page.locator('#q').fill('dermatolgy');
  await page.locator('#q').press('Enter');
  await expect(page).toHaveURL(/\/technologies\?q=dermatolgy$/);
  await expect(page.getByTestId('also-searched')).toHaveText('Also searched for “dermatology” (close to “dermatolgy”).');
  await expect(card(page).filter({ hasText: 'DERM' }).first()).toBeVisible();

  await page.goto('/technologies?q=AF');
  await expect(page.getByTestId('also-searched')).toContainText('“atrial fibrillation” (what “AF” stands for)');
  await expect(card(page).first()).toBeVisible();

  // A word far from every word: the empty state, not noise.
  await page.goto('/technologies?q=qxzvkwj');
  await expect(page.getByTestId('also-searched')).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Remove your search words' })).toBeVisible();
});

test('on a small screen the filters collapse', async ({ browser, request }) => {
  const { total } = await catalogueSize(request);
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto('/technologies');
  const toggle = page.locator('.app-filters__toggle');
  await expect(toggle).toBeVisible();
  await expect(page.locator('#f-ai-yes')).toBeVisible();
  await toggle.click();
  await expect(page.locator('#f-ai-yes')).toBeHidden();
  // A link jumps past the filters to the results.
  await toggle.click();
  await page.getByRole('link', { name: `Skip to the ${total} results` }).click();
  await expect(page).toHaveURL(/#results$/);
  await expect(page.getByTestId('result-summary')).toBeInViewport();
  await context.close();
});

auditPaths(test, expect, ['/technologies?setting=primary_care&icb=QRV&q=ai', '/technologies?q=psychosis&type=ai_imaging_diagnostics', '/technologies?type=gone&page=x']);
