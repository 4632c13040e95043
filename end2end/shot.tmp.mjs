import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3100';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  const page = await browser.newPage({ viewport });
  const email = `shot-${label}-${Date.now()}@example.org`;
  await page.goto(base + '/sign-up');
  await page.getByLabel('Your name').fill('Shot Person');
  await page.getByLabel('Organisation').fill('NHS Example ICB');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('harbour meadow tinsel quartz');
  await page.getByLabel('Confirm password').fill('harbour meadow tinsel quartz');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.screenshot({ path: `/tmp/setup/2fa-account-${label}.png`, fullPage: true });
  await page.goto(base + '/account/two-factor');
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/setup/2fa-setup-${label}.png`, fullPage: true });
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/setup/2fa-error-${label}.png`, fullPage: true });
  await page.close();
}
await browser.close();
