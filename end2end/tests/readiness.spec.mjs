// "Is it right for us?": the organisation form (errors, then success), the
// readiness check it feeds, the catalogue's readiness filter, the comparison's
// readiness rows and the 5-year cost view — with JavaScript on and off.
import { test, expect } from '@playwright/test';
import { auditPaths, waitForHydration, watchConsole } from './helpers.mjs';

const jsOn = (testInfo) => testInfo.project.name === 'js';

test('tell us about your organisation → errors beside fields → readiness on the page', async ({ page }, testInfo) => {
  const console = jsOn(testInfo) ? watchConsole(page) : [];
  await page.goto('/technologies/heartflow-ffrct');
  if (jsOn(testInfo)) await waitForHydration(page);
  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Is it right for us?' }) });
  await expect(section.getByTestId('readiness-table').locator('tr[data-status="Gap"]')).toHaveCount(0);
  await section.getByRole('link', { name: 'Tell us about your organisation' }).click();
  await expect(page).toHaveURL(/\/organisation\?return=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your organisation');

  // Mistakes first: a team size that is not a number, and "None" with FHIR.
  await page.getByLabel('Digital team size').fill('lots');
  const integration = page.getByRole('group', { name: 'Integration you can do today' });
  await integration.getByLabel('FHIR', { exact: true }).check();
  await integration.getByLabel('None of these').check();
  await page.getByRole('group', { name: 'Hosting policy' }).getByLabel('Only if hosted in the UK').check();
  await page.getByRole('button', { name: 'Use these details' }).click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(page).toHaveTitle(/^Error: Your organisation/);
  await expect(summary.getByRole('link')).toHaveText([
    'Integration capability: “None” cannot be chosen with other answers',
    'Digital team size must be a whole number of people from 0 to 999',
  ]);
  await expect(page.getByLabel('Digital team size')).toHaveValue('lots');
  await expect(page.getByRole('group', { name: 'Hosting policy' }).getByLabel('Only if hosted in the UK')).toBeChecked();
  await summary.getByRole('link', { name: /Digital team size/ }).click();
  await expect(page.getByLabel('Digital team size')).toBeFocused();

  // Put it right and send again: back on the technology page with the context.
  await page.getByLabel('Digital team size').fill('0');
  await integration.getByLabel('None of these').uncheck();
  await page.getByRole('button', { name: 'Use these details' }).click();
  await expect(page).toHaveURL(/\/technologies\/heartflow-ffrct\?ctx=v1\.cloud-uk\.int-fhir\.team-0#readiness$/);
  const table = page.getByTestId('readiness-table');
  await expect(table.getByRole('row', { name: /Exchange data using DICOM/ })).toHaveAttribute('data-status', 'Gap');
  await expect(table.getByRole('row', { name: /processed outside the UK/ })).toHaveAttribute('data-status', 'Gap');
  await expect(table.getByRole('row', { name: /How staff and patients sign in/ })).toHaveAttribute('data-status', 'Unknown');
  await expect(page.getByTestId('readiness-summary')).toContainText('3 gaps');
  // Chromium itself logs the refused form's 422; nothing else may be logged
  // (hydration mismatches would be).
  if (jsOn(testInfo)) expect(console.filter((m) => !m.includes('status of 422'))).toEqual([]);
});

test('the catalogue filters by readiness, keeping the context in every link', async ({ page }, testInfo) => {
  await page.goto('/technologies?ctx=v1.space-n');
  if (jsOn(testInfo)) await waitForHydration(page);
  const group = page.getByRole('group', { name: 'Readiness for your organisation' });
  const option = group.getByLabel(/No known gaps/);
  const count = Number((await group.locator('label[for="f-ready-nogap"] .app-facet__count').textContent()).replace(/\D/g, ''));
  await option.check();
  if (!jsOn(testInfo)) await page.getByTestId('apply-filters').click();
  await expect(page).toHaveURL(/ready=nogap&ctx=v1\.space-n/);
  await expect(page.getByTestId('result-summary')).toContainText(`${count} technologies match: readiness No known gaps`);
  // A technology link carries the context, so its page checks against it.
  await page.getByTestId('results').locator('h2 a').first().click();
  await expect(page).toHaveURL(/ctx=v1\.space-n/);
  await expect(page.getByTestId('readiness-intro')).toContainText('1 of 14 questions answered');
});

test('the comparison adds readiness rows for the context', async ({ page }) => {
  await page.goto('/compare?tech=heartflow-ffrct&tech=oxevision&ctx=v1.pacs-none.space-n');
  const matrix = page.getByTestId('matrix');
  await expect(matrix.getByRole('rowheader', { name: 'Readiness for your organisation' })).toBeVisible();
  const result = matrix.getByRole('row', { name: /^Result for your organisation/ });
  await expect(result.getByRole('cell')).toHaveCount(2);
  await expect(result.getByRole('cell').first()).toContainText('1 gap');
  await expect(result.getByRole('cell').nth(1)).toContainText('1 minor gap');
});

test('the 5-year cost view works out stated prices and shows bad assumptions beside the field', async ({ page }, testInfo) => {
  await page.goto('/technologies/minuteful-kidney');
  if (jsOn(testInfo)) await waitForHydration(page);
  const form = page.getByTestId('cost-form');
  await form.getByLabel('Units a year').fill('-5');
  await form.getByRole('button', { name: 'Work out the costs' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Units a year must be a whole number from 0 to 1,000,000');
  await expect(form.getByLabel('Units a year')).toHaveValue('-5');
  await form.getByLabel('Units a year').fill('1000');
  await form.getByRole('button', { name: 'Work out the costs' }).click();
  await expect(page).toHaveURL(/units=1000/);
  // £12.10 a person, each use (NICE MIB221) × 1,000 a year × 5 years.
  await expect(page.getByTestId('cost-total')).toContainText('Total over 5 years: £60,500.');
  await expect(page.getByTestId('cost-total')).toContainText('Incomplete: covers only licence or price per unit');
  const table = page.getByTestId('cost-table');
  await expect(table.getByRole('row', { name: /^Hardware/ })).toContainText('Not documented');
  await expect(table.getByRole('columnheader')).toHaveText(['Cost', 'Year 1', 'Year 2', 'Year 3', 'Year 4', 'Year 5', 'Total', 'Basis and source']);
});

auditPaths(test, expect, [
  '/organisation?return=%2Ftechnologies&check=1&team=lots&int=none&int=fhir',
  '/technologies/heartflow-ffrct?ctx=v1.pacs-none.cloud-uk.cso-n&units=abc',
  '/technologies?ready=nomajor&ctx=v1.space-n',
  '/compare?tech=heartflow-ffrct&tech=oxevision&ctx=v1.pacs-none.space-n',
]);
