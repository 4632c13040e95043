// What a user feels on the three busiest pages (the list, a technology page, a
// comparison), measured in the Debian Chromium against a running server:
//  1. first-load transfer: the compressed bytes on the wire of every request
//     made until the islands have hydrated and the network is idle, with an
//     empty cache;
//  2. Lighthouse 12.8.2 mobile (its default: simulated slow 4G, 4× CPU):
//     performance score and largest contentful paint, median of RUNS runs;
//  3. with JavaScript, filter click → results repainted on the list: median of
//     5 clicks, timed in the page from the click to the first frame after the
//     new results are shown.
// Prints figures beside the goals of issue 22; asserts nothing (a benchmark,
// not a timed test). Usage: node end2end/measure-speed.mjs [BASE_URL]
// Settings: RUNS (default 3), LIGHTHOUSE=0 to leave Lighthouse out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3100';
const runs = Number(process.env.RUNS ?? 3);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Three technologies for the comparison: the first three of the list.
const api = await (await fetch(`${base}/api/technologies`)).json();
const slugs = api.results.slice(0, 3).map((t) => t.slug);
const pages = [
  { name: 'list', path: '/technologies', goalKiB: 200 },
  { name: 'technology page', path: '/technologies/derm', goalKiB: 150 },
  { name: 'comparison', path: `/compare?${slugs.map((s) => `tech=${s}`).join('&')}`, goalKiB: 200 },
];

const browser = await chromium.launch({ executablePath: chromiumPath, args: flags });

/** Bytes on the wire for a first visit with an empty cache, by request. */
async function firstLoad(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('requestfinished', (request) => requests.push(request));
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  const rows = [];
  let total = 0;
  for (const request of requests) {
    const sizes = await request.sizes();
    const res = await request.response();
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    total += bytes;
    rows.push(`    ${String(bytes).padStart(9)} B  ${((await res.allHeaders())['content-encoding'] ?? 'none').padEnd(5)} ${new URL(request.url()).pathname}`);
  }
  await context.close();
  return { total, rows };
}

/** Click → repaint on the list, five times over different boxes. */
async function filterClicks() {
  const page = await browser.newPage();
  const boxes = ['#f-ai-yes', '#f-setting-primary_care', '#f-deployed-yes', '#f-evidence-early', '#f-nice-HTE'];
  const times = [];
  for (const selector of boxes) {
    // Reloaded between clicks, so every click starts from the full list.
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
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      document.querySelector(sel).click();
    }), selector));
  }
  await page.close();
  return times;
}

/**
 * One Lighthouse mobile run: performance score (0–100) and LCP (ms); a run
 * that fails (Lighthouse sometimes loses its trace) is tried again, twice.
 */
function lighthouse(path) {
  for (let attempt = 1; ; attempt++) {
    try {
      return lighthouseOnce(path);
    } catch (e) {
      if (attempt === 3) throw e;
      console.log(`  (Lighthouse run failed, trying again: ${String(e.message).split('\n')[0]})`);
    }
  }
}

function lighthouseOnce(path) {
  const dir = mkdtempSync(join(tmpdir(), 'techcat-lh-'));
  const out = join(dir, 'report.json');
  try {
    execFileSync(join(root, 'node_modules/.bin/lighthouse'), [`${base}${path}`, '--quiet',
      `--chrome-flags=--headless ${flags.join(' ')} --user-data-dir=${join(dir, 'profile')}`,
      '--only-categories=performance', '--output=json', `--output-path=${out}`],
    { env: { ...process.env, CHROME_PATH: chromiumPath }, stdio: ['ignore', 'ignore', 'pipe'] });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    if (report.runtimeError) throw new Error(report.runtimeError.message);
    return {
      score: Math.round(report.categories.performance.score * 100),
      lcp: report.audits['largest-contentful-paint'].numericValue,
      lcpElement: report.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? '',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const loads = [];
for (const p of pages) loads.push({ ...p, ...(await firstLoad(p.path)) });
const clicks = await filterClicks();
await browser.close();

console.log('First load (empty cache), by request:');
for (const l of loads) {
  console.log(`  ${l.name} ${l.path}: ${l.total} bytes (${(l.total / 1024).toFixed(1)} KiB) in ${l.rows.length} requests (goal ≤ ${l.goalKiB} KiB)`);
  for (const r of l.rows) console.log(r);
}
console.log(`filter click → repainted results: ${clicks.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(clicks).toFixed(0)} ms (goal ≤ 50 ms)`);

if (process.env.LIGHTHOUSE !== '0') {
  for (const p of pages) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(lighthouse(p.path));
    const score = median(results.map((r) => r.score));
    const lcp = median(results.map((r) => r.lcp));
    console.log(`Lighthouse mobile, ${p.name}: performance ${results.map((r) => r.score).join(', ')} → median ${score} (goal ≥ 95); LCP ${results.map((r) => (r.lcp / 1000).toFixed(2)).join(', ')} s → median ${(lcp / 1000).toFixed(2)} s${p.name === 'list' ? ' (goal ≤ 2.0 s)' : ''}`);
    console.log(`  largest paint: ${results[0].lcpElement.slice(0, 120)}`);
  }
}
