// The richer catalogue: what each claim rests on, structured costs, savings,
// funding, regulatory records and searched-but-not-found, on a rich page (DERM)
// and a sparse one (Viz.ai), with JavaScript on and off.
import { test, expect } from '@playwright/test';
import { auditPaths, waitForHydration, watchConsole } from './helpers.mjs';

const jsOn = (testInfo) => testInfo.project.name === 'js';

test('a rich page says what its claims rest on, block by block', async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await page.goto('/technologies/derm');
  if (jsOn(testInfo)) await waitForHydration(page);
  expect(console, 'no hydration warnings').toEqual([]);
  await expect(page.getByTestId('reliance')).toContainText(/\d+% independent, \d+% secondary, \d+% the supplier alone \(of \d+ claims\)/);
  for (const name of ['Costs', 'Savings', 'Procurement and funding', 'Regulatory essentials']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  }
  // Every claim names the kind of source it rests on.
  const provenance = page.locator('.app-provenance__kinds');
  expect(await provenance.count()).toBeGreaterThan(10);
  // The regulatory checklist shows a standing for every essential.
  const checklist = page.getByRole('table', { name: /Regulatory essentials for DERM/ });
  await expect(checklist.locator('td[data-standing="met"]')).toHaveCount(1);
  await expect(page.locator('#savings-heading')).toBeVisible();
});

test('the cost view totals a structured price and keeps it as the URL says', async ({ page }, testInfo) => {
  await page.goto('/technologies/space-from-depression');
  if (jsOn(testInfo)) await waitForHydration(page);
  const form = page.getByTestId('cost-form');
  await form.getByLabel('Units a year').fill('1000');
  await form.getByRole('button', { name: 'Work out the costs' }).click();
  await expect(page).toHaveURL(/units=1000/);
  await expect(page.getByTestId('cost-total')).toContainText('Total over 5 years: £120,000.');
  await expect(page.getByTestId('cost-table')).toContainText('Stated, not totalled: the period is not stated');
});

test('a sparse page says what was searched for and not found', async ({ page }, testInfo) => {
  await page.goto('/technologies/viz-ai');
  if (jsOn(testInfo)) await waitForHydration(page);
  const searched = page.getByTestId('searched-not-found');
  expect(await searched.count()).toBeGreaterThanOrEqual(2);
  await expect(searched.first()).toContainText('Public sources were searched for this on 1 December 2026 and nothing was found');
});

auditPaths(test, expect, ['/technologies/derm', '/technologies/viz-ai', '/technologies/space-from-depression?units=1000']);
