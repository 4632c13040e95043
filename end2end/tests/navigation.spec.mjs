// In-page navigation (JavaScript on): pages are rendered on the server and the
// navigation script moves between them in one document, as a single-page
// application would, with focus, announcements, history and islands handled.
import { test, expect } from '@playwright/test';
import { waitForHydration, watchConsole } from './helpers.mjs';

const announcer = (page) => page.getByTestId('announcer');

test('a link opens the next page in the same document, announced, with focus at the start @js-only', async ({ page }) => {
  const console = watchConsole(page);
  await page.goto('/technologies');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('link', { name: 'HeartFlow FFRCT', exact: true }).click();
  await expect(page).toHaveURL(/\/technologies\/heartflow-ffrct$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('HeartFlow FFRCT');
  await expect(page).toHaveTitle('HeartFlow FFRCT – Proven health technologies catalogue');
  await expect(announcer(page)).toHaveText('HeartFlow FFRCT – Proven health technologies catalogue');
  // As after a page load: the next Tab reaches the skip link.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  expect(console).toEqual([]);
});

test('Back and Forward swap the pages in place and restore the scroll position @js-only', async ({ page }) => {
  await page.goto('/technologies');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  const link = page.getByRole('link', { name: 'HeartFlow FFRCT', exact: true });
  await link.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  await link.click();
  await expect(page).toHaveURL(/heartflow-ffrct$/);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.goBack();
  await expect(page).toHaveURL(/\/technologies$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find technologies');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('HeartFlow FFRCT');
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
});

test('an island on a page reached in place works: Copy link after choosing from the list @js-only', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const console = watchConsole(page);
  await page.goto('/technologies?compare=derm&compare=sleepio');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('link', { name: 'Compare now' }).click();
  await expect(page).toHaveURL(/\/compare\?tech=derm&tech=sleepio$/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  expect(console).toEqual([]);
});

test('downloads and jumps within a page are left to the browser @js-only', async ({ page }) => {
  await page.goto('/technologies');
  await waitForHydration(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV', exact: true }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await page.evaluate(() => { window.__sameDocument = true; });
  const requests = [];
  page.on('request', (r) => {
    if (['document', 'fetch', 'xhr'].includes(r.resourceType())) requests.push(r.url());
  });
  await page.getByRole('link', { name: 'Skip to main content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/technologies#maincontent$/);
  expect(requests).toEqual([]);
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
});

test('a form posted in place shows its errors with focus on the summary, then succeeds @js-only', async ({ page }) => {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('button', { name: 'Sign in' }).click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel('Email address')).toHaveValue('');
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
});
