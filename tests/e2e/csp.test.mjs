// The widgets under the strict Content-Security-Policy of docs/design.md, on a page of the backend's own origin:
// no inline script, no eval, no inline styles; a violation anywhere fails the test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, startServer } from './harness.mjs';

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";
let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
  await server.createPoll({ id: 'e2e-csp' });
  await server.recordProgress('e2e-csp', {
    name: 'Gemeente Streng',
    measurements: [{ subgoal: 2, status: 'embedded', measured_on: '2026-01-10', evidence_url: 'https://www.example.nl/x' }],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the poll and the progress badge work and nothing is blocked', async () => {
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
    });
  });
  // The page is served from the backend's origin with exactly the policy; the widgets and the API are 'self'.
  const html = readFileSync(new URL('./pages/csp.html', import.meta.url), 'utf8');
  await page.route(`${server.url}/csp-test.html`, (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': POLICY }, body: html,
  }));
  await page.goto(`${server.url}/csp-test.html`);

  const poll = page.locator('#poll');
  await poll.getByLabel('Trapveldje op het plein').check();
  await poll.getByRole('button', { name: 'Stem' }).click();
  await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
  // The result bars get their width through the CSSOM, which the policy allows; an inline style attribute would not.
  const width = await poll.locator('.bar-fill').nth(1).evaluate((bar) => getComputedStyle(bar).width);
  const track = await poll.locator('.bar').nth(1).evaluate((bar) => getComputedStyle(bar).width);
  assert.equal(width, track, 'the bar of the only chosen option is full');
  await page.locator('#progress').getByText('1 van 7 subdoelen in uitvoering of verankerd').waitFor();

  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(violations, []);
  await page.close();
});

test('the demo page runs under the policy the server sends with it', async () => {
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
  const response = await page.goto(`${server.url}/`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.locator('#demo-poll').getByRole('heading').waitFor();
  await page.locator('#demo-progress').getByText('van 7 subdoelen').waitFor();
  await page.locator('#lang').selectOption('en');
  await page.locator('#demo-poll').getByRole('button', { name: 'Vote' }).waitFor();
  assert.deepEqual(violations, []);
  await page.close();
});
