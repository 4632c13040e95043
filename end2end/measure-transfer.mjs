// Prints what a first visit to a page transfers (compressed bytes on the wire, by
// resource type) with JavaScript on, until the app has hydrated.
// Usage: node end2end/measure-transfer.mjs BASE_URL [PATH]
import { chromium } from '@playwright/test';

const [base = 'http://127.0.0.1:3100', path = '/technologies'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const responses = [];
page.on('requestfinished', (request) => responses.push(request));
await page.goto(base + path);
await page.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 15_000 });
await page.waitForLoadState('networkidle');
const rows = [];
for (const request of responses) {
  const sizes = await request.sizes();
  const response = await request.response();
  rows.push({
    url: new URL(request.url()).pathname,
    bytes: sizes.responseBodySize + sizes.responseHeadersSize,
    encoding: (await response.allHeaders())['content-encoding'] ?? 'none',
  });
}
await browser.close();
const total = rows.reduce((n, r) => n + r.bytes, 0);
for (const r of rows) console.log(`${String(r.bytes).padStart(9)} B  ${r.encoding.padEnd(5)} ${r.url}`);
console.log(`first-load transfer of ${path}: ${total} bytes (${(total / 1024).toFixed(1)} KiB) in ${rows.length} requests`);
