// The comparison matrix: built from the list, shared by URL, trimmed, printed.
import { test, expect } from '@playwright/test';
import { auditPaths, waitForHydration } from './helpers.mjs';

const jsOn = (testInfo) => testInfo.project.name === 'js';
const columns = (page) => page.locator('[data-testid=matrix] thead th[scope=col] > a');

test('build a comparison from the list, then open its URL cold with and without JavaScript', async ({ page, browser }, testInfo) => {
  await page.goto('/technologies?ai=no');
  if (jsOn(testInfo)) await waitForHydration(page);
  const first = page.locator('.app-technology-list > li').nth(0);
  const second = page.locator('.app-technology-list > li').nth(1);
  const names = [await first.locator('.nhsuk-card__link').textContent(), await second.locator('.nhsuk-card__link').textContent()];
  await first.getByRole('link', { name: /^Add to comparison/ }).click();
  await expect(page.getByTestId('compare-tray')).toContainText('Comparison (1 of 4 chosen)');
  await second.getByRole('link', { name: /^Add to comparison/ }).click();
  await expect(page.getByTestId('compare-tray')).toContainText('Comparison (2 of 4 chosen)');
  await page.getByRole('link', { name: 'Compare now' }).click();
  await expect(page).toHaveURL(/\/compare\?tech=[a-z0-9-]+&tech=[a-z0-9-]+$/);
  await expect(columns(page)).toHaveText(names);

  // The link to share is on the page as text; it reopens the same matrix cold.
  const shared = await page.locator('#share-url').inputValue();
  expect(shared).toBe(page.url());
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const cold = await context.newPage();
    await cold.goto(shared);
    await expect(columns(cold)).toHaveText(names);
    await context.close();
  }
});

test('only differences, remove a column, reorder', async ({ page }, testInfo) => {
  await page.goto('/compare?tech=derm&tech=sleepio&tech=tortus');
  if (jsOn(testInfo)) await waitForHydration(page);
  const rows = page.locator('[data-testid=matrix] tbody th[scope=row]');
  const all = await rows.count();
  await page.getByTestId('toggle-differences').click();
  await expect(page).toHaveURL(/&diff=1$/);
  await expect(page.locator('caption')).toContainText('showing only the rows that differ');
  const differing = await rows.count();
  expect(differing).toBeLessThan(all);
  expect(await page.locator('[data-testid=matrix] tbody tr.app-matrix__row--differs').count()).toBe(differing);

  await page.getByRole('link', { name: 'Remove Sleepio' }).click();
  await expect(page).toHaveURL(/\/compare\?tech=derm&tech=tortus&diff=1$/);
  await expect(columns(page)).toHaveCount(2);
  await page.getByRole('link', { name: /^Move left.*TORTUS/ }).click();
  await expect(page).toHaveURL(/\/compare\?tech=tortus&tech=derm&diff=1$/);
});

test('copy link puts the URL on the clipboard @js-only', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/compare?tech=derm&tech=sleepio');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test('without JavaScript there is no dead Copy button @no-js-only', async ({ page }) => {
  await page.goto('/compare?tech=derm&tech=sleepio');
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();
  await expect(page.locator('#share-url')).toHaveValue(/\/compare\?tech=derm&tech=sleepio$/);
});

test('print gives the board pack: no site chrome, date, URL and source footnotes', async ({ page }) => {
  await page.goto('/compare?tech=derm&tech=sleepio');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.nhsuk-header')).toBeHidden();
  await expect(page.locator('.nhsuk-footer')).toBeHidden();
  await expect(page.getByTestId('toggle-differences')).toBeHidden();
  await expect(page.getByText(/^Prepared on \d+ \w+ \d{4}/)).toBeVisible();
  await expect(page.getByText('From: /compare?tech=derm&tech=sleepio')).toBeVisible();
  await expect(page.locator('.app-footnotes li').first()).toBeVisible();
  await expect(page.locator('[data-testid=matrix] sup').first()).toHaveText(/^\[\d+(, \d+)*\]$/);
});

test('one technology explains how to build a comparison, with suggestions', async ({ page }) => {
  await page.goto('/compare?tech=derm&tech=nope');
  await expect(page.getByTestId('compare-notices')).toContainText('Not found, so left out of the comparison: nope.');
  await expect(page.getByTestId('compare-guide')).toContainText('Choose 2 to 4 technologies');
  await page.getByTestId('compare-suggestions').getByRole('link', { name: /^Add to comparison/ }).first().click();
  await expect(page).toHaveURL(/\/compare\?tech=derm&tech=[a-z0-9-]+$/);
  await expect(columns(page)).toHaveCount(2);
});

auditPaths(test, expect, ['/compare?tech=derm&tech=sleepio&tech=tortus', '/compare?tech=derm&tech=sleepio&diff=1', '/compare?tech=derm']);
