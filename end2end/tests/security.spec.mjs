// The Content-Security-Policy is enforced and the app still works: it
// hydrates, filters, compares and copies links with no policy violation.
import { test, expect } from '@playwright/test';
import { waitForHydration, watchConsole } from './helpers.mjs';

async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'}`);
    });
  });
}

test('every interactive page hydrates under the policy with no violation @js-only', async ({ page }) => {
  const console = watchConsole(page);
  await recordViolations(page);
  for (const path of ['/technologies', '/technologies/derm', '/compare?tech=derm&tech=heartflow-ffrct', '/organisation', '/use-the-data']) {
    const response = await page.goto(path);
    expect(response.headers()['content-security-policy'], path).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    await waitForHydration(page);
    expect(await page.evaluate(() => window.__cspViolations), path).toEqual([]);
  }
  // A live filter (a server function call) still works under the policy.
  await page.goto('/technologies');
  await waitForHydration(page);
  await page.locator('#f-setting-primary_care').check();
  await expect(page).toHaveURL(/setting=primary_care/);
  await expect(page.getByTestId('result-summary')).toHaveText(/Care setting Primary care/);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(console.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
});
