// Shared helpers for the browser tests.
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the current page and returns "rule (impact): n node(s)" lines. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s) e.g. ${v.nodes[0]?.target}`);
}

/** Collects console errors and warnings (hydration mismatches are logged there). */
export function watchConsole(page) {
  const messages = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') messages.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => messages.push(`pageerror: ${err.message}`));
  return messages;
}

/** Resolves once the WASM bundle has hydrated the page (JS project only). */
export async function waitForHydration(page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 15_000 });
}

/** A JS-enabled page in a new context with the app's JS and WASM blocked. */
export async function withoutAppScripts(browser) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  return context.newPage();
}

/**
 * Registers an axe audit (WCAG 2.2 AA, zero violations) of each path, twice:
 * hydrated in the JS project, and as served without the app's JS in the no-JS one.
 */
export function auditPaths(test, expect, paths) {
  for (const path of paths) {
    test(`axe: no violations on ${path} (hydrated) @js-only`, async ({ page }) => {
      await page.goto(path);
      await waitForHydration(page);
      expect(await axeViolations(page)).toEqual([]);
    });
    test(`axe: no violations on ${path} (no app JS) @no-js-only`, async ({ browser }) => {
      const page = await withoutAppScripts(browser);
      await page.goto(path);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }
}

// The catalogue's size as its API states it: the browser tests read counts from
// the service, never from literals, so a curator adding or withdrawing a
// technology breaks no test.
export async function catalogueSize(request) {
  const res = await request.get('/api/technologies');
  if (!res.ok()) throw new Error(`/api/technologies answered ${res.status()}`);
  const json = await res.json();
  const icb = json.facets.find((f) => f.key === 'icb');
  return { total: json.total, pages: json.pages, icbs: icb.options.length };
}

/** Whether this run is the JavaScript project. */
export const jsOn = (testInfo) => testInfo.project.name === 'js';

// axe needs JavaScript in the page, so the no-JS runs use a page whose app
// scripts are blocked: to the app, JavaScript is off.
export async function appPage(browser, page, testInfo) {
  return jsOn(testInfo) ? page : withoutAppScripts(browser);
}

/** Opens `path`, and waits for hydration in the JS project. */
export async function open(page, path, testInfo) {
  await page.goto(path);
  if (jsOn(testInfo)) await waitForHydration(page);
}

/** Signs in through the form and lands on the account page. */
export async function signIn(page, email, password, testInfo) {
  await open(page, '/sign-in', testInfo);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  if (jsOn(testInfo)) await waitForHydration(page);
}

/** Signs out from the header and lands on the home page. */
export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
}
