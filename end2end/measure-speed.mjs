// What a user feels on /technologies, measured in the Debian Chromium:
//  1. first-load transfer (compressed bytes on the wire, by resource) until the
//     app has hydrated, with an empty cache;
//  2. first contentful paint, and whether the list was already in the
//     server-rendered HTML (so it is visible at that paint);
//  3. with WASM, filter click → repainted results: median of 5 clicks, timed in
//     the page from the click to the first frame after the results changed.
// Prints figures; asserts nothing. Usage: node end2end/measure-speed.mjs [BASE_URL]
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3100';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const requests = [];
page.on('requestfinished', (request) => requests.push(request));
const response = await page.goto(`${base}/technologies`);
const html = await response.text();
await page.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 15_000 });
await page.waitForLoadState('networkidle');

let total = 0;
const rows = [];
for (const request of requests) {
  const sizes = await request.sizes();
  const res = await request.response();
  const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
  total += bytes;
  rows.push(`${String(bytes).padStart(9)} B  ${((await res.allHeaders())['content-encoding'] ?? 'none').padEnd(5)} ${new URL(request.url()).pathname}`);
}
const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
const cardsInHtml = (html.match(/<li class="nhsuk-card"/g) ?? []).length;

// Click → repaint, five times over different boxes (each click adds a filter;
// the page is reloaded between clicks so every click starts from the full list).
const boxes = ['#f-ai-yes', '#f-setting-primary_care', '#f-deployed-yes', '#f-evidence-early', '#f-nice-HTE'];
const times = [];
for (const selector of boxes) {
  await page.goto(`${base}/technologies`);
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
  times.push(await page.evaluate((sel) => new Promise((resolve) => {
    const summary = () => document.querySelector('[data-testid=result-summary]')?.textContent;
    const before = summary();
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (summary() !== before) {
        observer.disconnect();
        // The next frame after the change is the repaint the user sees.
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      }
    });
    observer.observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true });
    document.querySelector(sel).click();
  }), selector));
}
// First load of a rich technology page (the largest server-rendered page).
const techPage = await browser.newPage();
const techRequests = [];
techPage.on('requestfinished', (request) => techRequests.push(request));
const techResponse = await techPage.goto(`${base}/technologies/derm`);
const techHtml = await techResponse.text();
await techPage.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 15_000 });
await techPage.waitForLoadState('networkidle');
let techTotal = 0;
for (const request of techRequests) {
  const sizes = await request.sizes();
  techTotal += sizes.responseBodySize + sizes.responseHeadersSize;
}
await browser.close();

const sorted = [...times].sort((a, b) => a - b);
for (const r of rows) console.log(r);
console.log(`first-load transfer of /technologies: ${total} bytes (${(total / 1024).toFixed(1)} KiB) in ${rows.length} requests (goal ≤ 300 KB)`);
console.log(`first-load transfer of /technologies/derm: ${techTotal} bytes (${(techTotal / 1024).toFixed(1)} KiB) in ${techRequests.length} requests; its HTML is ${techHtml.length} characters uncompressed`);
console.log(`first contentful paint: ${fcp?.toFixed(0)} ms; result cards in the server-rendered HTML: ${cardsInHtml}`);
console.log(`filter click → repainted results: ${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${sorted[2].toFixed(0)} ms (goal ≤ 72 ms)`);
