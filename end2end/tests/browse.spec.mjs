// Home → list → detail, as a user browses, with and without JavaScript.
import { test, expect } from '@playwright/test';
import { auditPaths, axeViolations, catalogueSize, waitForHydration, watchConsole } from './helpers.mjs';

const jsOn = (testInfo) => testInfo.project.name === 'js';

test('home → list → detail works and shows the real data', async ({ page, request }, testInfo) => {
  const { total, pages } = await catalogueSize(request);
  const consoleMessages = watchConsole(page);
  await page.goto('/');
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find proven digital and AI health technologies');
  await expect(page.getByRole('heading', { name: 'What “proven” means here' })).toBeVisible();

  // Marks this document: it survives client-side navigation but not a full page load.
  if (jsOn(testInfo)) await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('main').getByRole('button', { name: 'Browse technologies' }).click();
  await expect(page).toHaveURL(/\/technologies$/);
  await expect(page.getByTestId('result-summary')).toHaveText(`All ${total} technologies in the catalogue. Page 1 of ${pages}.`);
  await expect(page.locator('.app-technology-list > li')).toHaveCount(20);
  // Sorted by name: the first card sorts first case-insensitively.
  const names = await page.locator('.app-technology-list .nhsuk-card__link').allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

  await page.getByRole('link', { name: 'HeartFlow FFRCT', exact: true }).click();
  await expect(page).toHaveURL(/\/technologies\/heartflow-ffrct$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('HeartFlow FFRCT');
  await expect(page.locator('#summary-heading + * + .nhsuk-summary-list, .nhsuk-summary-list').first()).toContainText('HeartFlow');
  await expect(page.getByRole('region', { name: 'Sources' }).getByRole('link', { name: 'www.nice.org.uk/guidance/MTG32', exact: true })).toHaveAttribute('href', 'https://www.nice.org.uk/guidance/MTG32');
  await expect(page).toHaveTitle('HeartFlow FFRCT – Proven health technologies catalogue');

  if (jsOn(testInfo)) {
    // The WASM router navigated in place: the same document all the way.
    expect(await page.evaluate(() => window.__sameDocument === true)).toBe(true);
    expect(consoleMessages).toEqual([]);
  }
});

test('without JavaScript the list is a full server-rendered page @no-js-only', async ({ page }) => {
  const response = await page.goto('/technologies?q=qbtest');
  expect(response.status()).toBe(200);
  await expect(page.locator('.app-technology-list > li')).toHaveCount(1);
  // A technology whose supplier the sources do not name says so instead of a blank.
  const qbtest = page.locator('.app-technology-list > li', { hasText: 'QbTest' });
  await expect(qbtest.locator('.app-facts div', { hasText: 'Supplier' })).toContainText('Not yet documented');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', /.*/);
});

test('an unknown technology gives a 404 page', async ({ page }) => {
  const response = await page.goto('/technologies/no-such-technology');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Browse all technologies' })).toBeVisible();
});

test('keyboard: the skip link is the first stop and jumps to the main content', async ({ page }) => {
  await page.goto('/technologies');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#maincontent$/);
});

// derm is a rich page (many claims); wysa-dra a sparse one (mostly "Not yet documented").
auditPaths(test, expect, ['/', '/technologies', '/technologies/heartflow-ffrct', '/technologies/derm', '/technologies/wysa-dra', '/technologies/no-such-technology']);

// Negative control: the audit can fail. A page with a deliberate violation must be flagged.
test('axe flags a deliberately broken page @js-only', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/favicon.svg';
    document.querySelector('main').appendChild(img);
  });
  const violations = await axeViolations(page);
  expect(violations.some((v) => v.startsWith('image-alt'))).toBe(true);
});

test('a technology page answers the report\'s questions in order, with sources', async ({ page }) => {
  await page.goto('/technologies/derm');
  const headings = await page.locator('main h2[id$="-heading"]').allTextContents();
  expect(headings).toEqual(['Summary', 'Is it right for us?', 'Benefits', 'Costs', 'Savings', 'Procurement and funding',
    'Regulatory essentials', 'Workforce and skills', 'IT infrastructure', 'Estates', 'Pilot results and adopters',
    'Evidence and NICE guidance', 'Sources']);
  // The contents list links to every section.
  await page.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: 'Estates' }).click();
  await expect(page).toHaveURL(/#estates$/);
  // DERM's reference data documents all eight blocks; the chart's rows add up to the count.
  await expect(page.getByTestId('completeness')).toContainText('8 of 8 blocks documented');
  const counts = await page.getByTestId('region-chart').locator('tbody td').allTextContents();
  const total = counts.reduce((n, c) => n + Number(c), 0);
  await expect(page.getByTestId('deployment-count')).toHaveText(`${total} documented NHS deployments.`);
  await expect(page.locator('#estates-heading').locator('xpath=..')).not.toContainText('Not yet documented.');
  // The regulatory checklist is a real table with a row per essential.
  const checklist = page.getByRole('table', { name: /Regulatory essentials for DERM/ });
  await expect(checklist.getByRole('row', { name: /UK medical device regulation/ })).toContainText('Met');
  await expect(checklist.getByRole('row', { name: /DTAC/ })).toContainText('Not yet documented');
  // Claims carry their verification date.
  await expect(page.locator('#benefits-heading').locator('xpath=..')).toContainText('Verified 25 November 2026');
});
