// Shared helpers for the browser tests.
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/**
 * A JS-enabled page in a new context where the app has no script: its JS and
 * WASM files are blocked, and the inline scripts (the navigation script and
 * bundle loader) are cut from every page it is sent. The browser would not
 * route the request a redirect leads to, so redirects are followed here and
 * the address bar is set to where they led.
 */
export async function withoutAppScripts(browser) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  await context.route(() => true, async (route) => {
    const request = route.request();
    if (request.resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    const headers = response.headers();
    if (!(headers['content-type'] ?? '').startsWith('text/html')) return route.fulfill({ response });
    let body = (await response.text()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
    if (response.url() !== request.url()) {
      // The test harness's own script, not the app's.
      body = body.replace('<head>', `<head><script>history.replaceState(null, '', ${JSON.stringify(response.url())})</script>`);
      delete headers['content-security-policy'];
    }
    return route.fulfill({ response, body, headers });
  });
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

// ---- Two-factor sign-in -------------------------------------------------


/** RFC 4648 base32 (spaces ignored) to bytes. */
function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/\s+/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The current 30-second step. */
export const stepNow = () => Math.floor(Date.now() / 30_000);

/** The RFC 6238 code (HMAC-SHA1, 6 digits) of a base32 key at `step`: what an authenticator app shows. */
export function totpCode(key, step = stepNow()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Bytes(key)).update(counter).digest();
  const offset = digest[19] & 0x0f;
  const word = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(word % 1_000_000).padStart(6, '0');
}

// Each account's key and the last step used, so no code is sent twice (the
// server accepts each once). Kept in a file: a failed test restarts the worker.
const keysFile = join(tmpdir(), `techcat-e2e-keys-${process.env.E2E_ADMIN_EMAIL ?? 'none'}.json`);
const readKeys = () => (existsSync(keysFile) ? JSON.parse(readFileSync(keysFile, 'utf8')) : {});

/** Remembers `email`'s authenticator key (as the page showed it). */
export function rememberKey(email, key, lastStep = 0) {
  writeFileSync(keysFile, JSON.stringify({ ...readKeys(), [email]: { key, lastStep } }));
}

/**
 * A code for `email` that the server has not accepted before: this step's, or
 * the next one's (the server allows one step of clock drift), or, when both
 * were used, the next one's once its time comes (as a person would wait).
 */
export async function freshCode(email) {
  const entry = readKeys()[email];
  if (!entry) throw new Error(`no authenticator key recorded for ${email}`);
  const step = Math.max(stepNow(), entry.lastStep + 1);
  while (stepNow() + 1 < step) await new Promise((r) => setTimeout(r, 250));
  rememberKey(email, entry.key, step);
  return totpCode(entry.key, step);
}

/** Signs in through the form, answering the code step when it comes. */
export async function signInWithCode(page, email, password, testInfo) {
  await open(page, '/sign-in', testInfo);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your security code');
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByLabel('Security code').fill(await freshCode(email));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account$/);
  if (jsOn(testInfo)) await waitForHydration(page);
}

const adminSessionFile = `${keysFile}.session`;

/**
 * Signs the admin in (password and code). Its session is kept and reused by
 * later tests, as a person stays signed in: the server takes each code once,
 * so signing in afresh for every test would mean waiting for new codes.
 * Leave with `leaveAdmin`, which keeps the session.
 */
export async function signInAdmin(page, testInfo) {
  const email = process.env.E2E_ADMIN_EMAIL;
  if (existsSync(adminSessionFile)) {
    await page.context().addCookies(JSON.parse(readFileSync(adminSessionFile, 'utf8')));
    // Probe the saved session outside the page: a session another test ended
    // answers 401, which the page would log as a console error.
    const probe = await page.request.get('/account');
    if (probe.ok() && (await probe.text()).includes(email)) {
      await open(page, '/account', testInfo);
      return;
    }
    await page.context().clearCookies();
  }
  await signInWithCode(page, email, process.env.E2E_ADMIN_PASSWORD, testInfo);
  const cookies = (await page.context().cookies()).filter((c) => c.name.endsWith('techcat_session'));
  writeFileSync(adminSessionFile, JSON.stringify(cookies));
}

/** Leaves the admin's session for the next test: the browser forgets it, the server keeps it. */
export async function leaveAdmin(page) {
  await page.context().clearCookies();
  await page.goto('/');
}

// ---- Members and mail ---------------------------------------------------

/** The password of every member the browser tests sign up. */
export const PASSWORD = 'harbour meadow tinsel quartz';

/** Signs up a member through the form and lands on the account page. */
export async function signUp(page, name, email, testInfo) {
  await open(page, '/sign-up', testInfo);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Organisation').fill('NHS Example ICB');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

/**
 * The decoded body of the newest message to `address` with `subject`, waiting
 * for the sender. The real SMTP server scripts/test starts stores what it
 * receives in TEST_MAILDIR.
 */
export async function mailTo(address, subject) {
  const maildir = process.env.TEST_MAILDIR;
  if (!maildir) throw new Error('Set TEST_MAILDIR: scripts/test starts a real SMTP server and sets it');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = ['new', 'cur']
      .flatMap((sub) => { try { return readdirSync(join(maildir, sub)).map((f) => join(maildir, sub, f)); } catch { return []; } })
      .map((f) => readFileSync(f, 'utf8'))
      .filter((m) => new RegExp(`^To: .*${address.replace(/[.+]/g, '\\$&')}`, 'mi').test(m) && m.includes(`Subject: ${subject}`));
    if (found.length > 0) {
      const raw = found[found.length - 1];
      const body = raw.slice(raw.search(/\r?\n\r?\n/));
      return body.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no message "${subject}" to ${address} within 20 s`);
}

/** The path and query of the first link in `body` matching `pattern`. */
export function linkIn(body, pattern) {
  const found = body.match(pattern);
  if (!found) throw new Error(`no link matching ${pattern} in the message`);
  const url = new URL(found[0]);
  return url.pathname + url.search;
}

/**
 * A member (signed up as `name`, `email`) approved by the admin, who submits a
 * deployment of qbtest at `site` offering themselves as a contact, which the
 * admin publishes. Ends with nobody signed in.
 */
export async function publishedContact(page, name, email, site, testInfo) {
  await signUp(page, name, email, testInfo);
  await signOut(page);
  await signInAdmin(page, testInfo);
  await open(page, '/admin/accounts', testInfo);
  const row = page.locator(`tr[data-account="${email}"]`);
  await row.getByLabel('Status').selectOption('approved');
  await row.getByRole('button', { name: /Save/ }).click();
  await expect(page).toHaveURL(/\/admin\/accounts$/);
  await leaveAdmin(page);

  await signIn(page, email, PASSWORD, testInfo);
  await open(page, '/technologies/qbtest/submit', testInfo);
  await page.getByLabel('Organisation or site').fill(site);
  await page.getByRole('group', { name: 'Stage' }).getByLabel('Pilot').check();
  await page.getByRole('group', { name: 'Status' }).getByLabel('Live').check();
  await page.getByLabel(/I agree that signed-in/).check();
  await page.getByLabel('Job title', { exact: true }).fill('Digital lead');
  await page.getByRole('group', { name: 'How do you prefer to be contacted?' }).getByLabel('Email').check();
  await page.getByRole('button', { name: 'Send for review' }).click();
  await expect(page).toHaveURL(/\/account#submissions$/);
  await signOut(page);

  await signInAdmin(page, testInfo);
  await open(page, '/curator/submissions', testInfo);
  await page.getByRole('link', { name: new RegExp(site) }).click();
  if (jsOn(testInfo)) await waitForHydration(page);
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await expect(page).toHaveURL(/\/curator\/submissions$/);
  await leaveAdmin(page);
}
