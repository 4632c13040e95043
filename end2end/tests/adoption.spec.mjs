// Who has adopted what: the ICB directory, an ICB page and a region page.
import { test, expect } from '@playwright/test';
import { auditPaths, catalogueSize, waitForHydration } from './helpers.mjs';

const jsOn = (testInfo) => testInfo.project.name === 'js';

test('ICB directory → ICB page → technology → back', async ({ page, request }, testInfo) => {
  const { icbs } = await catalogueSize(request);
  await page.goto('/icbs');
  if (jsOn(testInfo)) await waitForHydration(page);
  await expect(page.locator('tr[data-icb]')).toHaveCount(icbs);
  await page.getByRole('link', { name: 'NHS North Central London Integrated Care Board' }).click();
  await expect(page).toHaveURL(/\/icbs\/QMJ$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Public contact routes' })).toBeVisible();
  await page.goto('/icbs/QRV');
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByRole('row', { name: /DERM/ }).getByRole('link', { name: /DERM/ }).first().click();
  await expect(page).toHaveURL(/\/technologies\/derm$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/icbs\/QRV$/);
  await expect(page.getByTestId('icb-deployment-count')).toContainText('documented NHS deployment');
});

test('an unknown ICB code is a 404 page', async ({ page }) => {
  const response = await page.goto('/icbs/QZZ');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

auditPaths(test, expect, ['/icbs', '/icbs/QRV', '/regions/Y56', '/technologies/brainomix-360-stroke']);

test('the technology page charts adoption by region, with a table alternative', async ({ page }) => {
  await page.goto('/technologies/derm');
  const chart = page.getByTestId('region-chart');
  await expect(chart.locator('svg')).toHaveAttribute('aria-hidden', 'true');
  const table = chart.getByRole('table', { name: /by region \(table\)/ });
  await expect(table).toBeVisible();
  const counts = await table.locator('tbody td').allTextContents();
  const total = counts.reduce((n, c) => n + Number(c), 0);
  await expect(page.getByTestId('deployment-count')).toHaveText(`${total} documented NHS deployments.`);
  // One bar per table row.
  await expect(chart.locator('svg rect')).toHaveCount(counts.length);
});

test('adopters and pilot results are tables with every column, linked back to the ICB', async ({ page }, testInfo) => {
  await page.goto('/technologies/brainomix-360-stroke');
  if (jsOn(testInfo)) await waitForHydration(page);
  const adopters = page.getByRole('table', { name: /is documented in use/ });
  await expect(adopters.getByRole('columnheader')).toHaveText([
    'Organisation or site', 'ICB and region', 'Headline result', 'Stage', 'Status', 'Setting',
    'Start', 'Scale', 'Source and verified on',
  ]);
  const pilots = page.getByRole('table', { name: /Pilot results for/ });
  await expect(pilots.getByRole('columnheader')).toHaveText([
    'Site', 'Metric', 'Baseline', 'Result', 'Period', 'Study design', 'Sample size',
    'Independent evaluation', 'Report and verified on',
  ]);
  expect(await pilots.locator('tbody tr').count()).toBeGreaterThan(0);
  // Nothing recorded is shown as such, never left blank.
  for (const cell of await adopters.locator('tbody td').allTextContents()) expect(cell.trim()).not.toBe('');
  const icbLink = adopters.locator('a[href^="/icbs/"]').first();
  const href = await icbLink.getAttribute('href');
  await icbLink.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('link', { name: /Brainomix/ }).first()).toBeVisible();
});
