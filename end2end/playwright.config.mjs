// Browser tests against a running server (scripts/test starts it and sets BASE_URL).
// Two projects: with JavaScript (hydrated) and without. Uses Debian's Chromium;
// never download a browser.
import { defineConfig } from '@playwright/test';

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: './tests',
  // The admin turns on two-factor sign-in first, as staff must.
  globalSetup: './global-setup.mjs',
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3100',
    browserName: 'chromium',
    launchOptions,
  },
  projects: [
    // Tests tagged @no-js-only / @js-only run in one project only (never as skips).
    { name: 'js', use: { javaScriptEnabled: true }, grepInvert: /@no-js-only/ },
    { name: 'no-js', use: { javaScriptEnabled: false }, grepInvert: /@js-only/ },
  ],
});
