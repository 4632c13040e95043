import { chromium } from '@playwright/test';
const [,, url, out, js, width, selector, height] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ javaScriptEnabled: js !== 'nojs', viewport: { width: Number(width || 1280), height: Number(height || 1000) } });
await page.goto(url);
await page.waitForTimeout(1500);
if (selector) await page.locator(selector).first().scrollIntoViewIfNeeded();
await page.screenshot({ path: out });
await browser.close();
