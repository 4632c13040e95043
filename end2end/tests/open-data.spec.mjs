// Open data: the "Use the data" page is reached from the footer, its links
// download the files, and the files are what the page says (with JavaScript on
// and off).
import { test, expect } from '@playwright/test';
import { auditPaths, waitForHydration } from './helpers.mjs';

const jsOn = (testInfo) => testInfo.project.name === 'js';

test('the footer leads to Use the data, which names the licence and every route', async ({ page }, testInfo) => {
  await page.goto('/technologies');
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByRole('contentinfo').getByRole('link', { name: 'Use the data' }).click();
  await expect(page).toHaveURL(/\/use-the-data$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Use the data' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'CC BY 4.0' })).toHaveAttribute('href', 'https://creativecommons.org/licenses/by/4.0/');
  const routes = page.getByRole('table', { name: 'Files and routes' });
  for (const path of ['/data/catalogue.json', '/data/claims.csv', '/api/technologies', '/api/openapi.json']) {
    await expect(routes.getByRole('link', { name: path })).toBeVisible();
  }
  // The examples scroll sideways on a phone and can be reached by keyboard.
  await expect(page.locator('pre.app-code').first()).toHaveAttribute('tabindex', '0');
});

test('the files download with their licence and validators', async ({ request }) => {
  const json = await request.get('/data/catalogue.json');
  expect(json.status()).toBe(200);
  expect(json.headers()['etag']).toMatch(/^W\/"/);
  expect(json.headers()['link']).toContain('rel="license"');
  const file = await json.json();
  expect(file.licence.name).toBe('CC BY 4.0');
  expect(file.technologies.length).toBeGreaterThan(10);
  const again = await request.get('/data/catalogue.json', { headers: { 'if-none-match': json.headers()['etag'] } });
  expect(again.status()).toBe(304);
  const csv = await request.get('/data/claims.csv');
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).split('\n')[0]).toMatch(/^technology_slug,technology_name,block,kind,text,/);
});

auditPaths(test, expect, ['/use-the-data']);
