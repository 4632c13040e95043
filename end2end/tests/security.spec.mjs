// The Content-Security-Policy is enforced and the app still works: it
// hydrates, filters, compares and copies links with no policy violation.
import { test, expect } from '@playwright/test';
import { freshCode, waitForHydration, watchConsole } from './helpers.mjs';

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

test('a form reached by client-side navigation works though no page set a cookie @js-only', async ({ page, context }) => {
  // A first visit to a page without a form sets no cookie and is cacheable.
  const response = await page.goto('/technologies');
  expect(response.headers()['set-cookie']).toBeUndefined();
  expect(response.headers()['cache-control']).toBe('public, max-age=60');
  await waitForHydration(page);
  expect(await context.cookies()).toEqual([]);

  // The header's "Sign in" opens the form in the browser (no page load), and
  // the form's token is stored in the cookie there, so signing in works.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
  const token = await page.locator('input[name="csrf_token"]').inputValue();
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  expect((await context.cookies()).find((c) => c.name === 'techcat_csrf')?.value).toBe(token);
  await page.getByLabel('Email address').fill(process.env.E2E_ADMIN_EMAIL);
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The admin signs in with two factors: the code step comes next.
  await page.getByLabel('Security code').fill(await freshCode(process.env.E2E_ADMIN_EMAIL));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  // Signed in: nothing a cache may keep.
  const signedIn = await page.goto('/technologies');
  expect(signedIn.headers()['cache-control']).toBe('private, no-store');
});
