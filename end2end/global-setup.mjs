// Before the browser tests: the admin scripts/test created turns on two-factor
// sign-in through the service's own forms (curators and admins must), and its
// key is recorded for the tests' authenticator (tests/helpers.mjs).
import { request } from '@playwright/test';
import { rememberKey, totpCode } from './tests/helpers.mjs';

const csrfOf = (html) => {
  const found = html.match(/name="csrf_token" value="([0-9a-f]{64})"/);
  if (!found) throw new Error('no CSRF field on the page');
  return found[1];
};

export default async function enrolAdmin() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password) throw new Error('Set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD (scripts/test does)');
  const api = await request.newContext({ baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3100' });
  const form = async (path, fields) => {
    const page = await (await api.get(path)).text();
    return api.post(path, { form: { csrf_token: csrfOf(page), ...fields }, maxRedirects: 0 });
  };
  const signedIn = await form('/sign-in', { email, password });
  if (signedIn.status() !== 303 || signedIn.headers().location !== '/account/two-factor') {
    throw new Error(`the new admin should be sent to set up two-factor sign-in; got ${signedIn.status()} ${signedIn.headers().location}`);
  }
  const started = await form('/account/two-factor', { action: 'start' });
  if (started.status() !== 303) throw new Error(`starting enrolment answered ${started.status()}`);
  const setup = await (await api.get('/account/two-factor')).text();
  const key = setup.match(/data-testid="two-factor-key"[^>]*>([A-Z2-7 ]+)</)?.[1];
  if (!key) throw new Error('the set-up page shows no key');
  const step = Math.floor(Date.now() / 30_000);
  const confirmed = await api.post('/account/two-factor', {
    form: { csrf_token: csrfOf(setup), action: 'confirm', code: totpCode(key, step) },
    maxRedirects: 0,
  });
  if (confirmed.status() !== 200 || !(await confirmed.text()).includes('data-testid="recovery-codes"')) {
    throw new Error(`confirming enrolment answered ${confirmed.status()}`);
  }
  rememberKey(email, key, step);
  await api.dispose();
}
