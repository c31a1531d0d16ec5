// The demo page as a front-end developer uses it, under the strict policy the server sends: switch the language
// and the theme, edit a property and see the contrast warning, and copy the embed code of this build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, expectNoAxeViolations, newPage } from './harness.mjs';
import { parseTokens } from '../../scripts/theming.mjs';

const env = environment(async () => {}, { demo: true });

test('the playground: language, presets, the property editor with contrast, and the embed code with its hash', async () => {
  const page = await newPage(env.browser, { width: 1100, height: 900 });
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.violations.push(`${event.violatedDirective}: ${event.blockedURI}`));
  });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  await page.goto(`${env.server.url}/`);
  const poll = page.locator('#demo-poll');
  await poll.getByRole('button', { name: 'Stem' }).waitFor();
  const primary = () => poll.locator('.button.primary').evaluate((b) => getComputedStyle(b).backgroundColor);
  const before = await primary();

  // Language: every widget follows.
  await page.selectOption('#lang', 'en');
  await poll.getByRole('button', { name: 'Vote' }).waitFor();
  await page.locator('#demo-progress').getByText(/of 7 subgoals/).waitFor();

  // A municipal preset from its token package: the widget takes Den Haag's green.
  await page.selectOption('#preset', 'denhaag');
  await page.locator('#preset-source').getByText('@gemeente-denhaag/design-tokens-components 4.1.0').waitFor();
  await page.waitForFunction(() => document.getElementById('widgets').classList.contains('denhaag-theme'));
  assert.equal(await primary(), 'rgb(35, 133, 65)');
  assert.notEqual(before, 'rgb(35, 133, 65)');

  // The editor: every documented property has a field; a light button colour is flagged below AA with its ratio.
  await page.locator('#editor summary').click();
  assert.equal(await page.locator('#properties input[type="text"]').count(), parseTokens().entries.length);
  await page.locator('#contrast-summary').getByText(/Alle \d+ paren voldoen/).waitFor();
  await page.fill('#prop-primary-background', '#9ecbf5');
  await page.locator('#prop-primary-background').press('Enter');
  await page.locator('#prop-primary-color-ratio').getByText(/^1,\d\d:1 op --inspraak-primary-background — te laag: AA vraagt 4,5:1$/).waitFor();
  await page.locator('#contrast-summary').getByText(/paren onder WCAG AA/).waitFor();
  assert.equal(await primary(), 'rgb(158, 203, 245)');
  assert.match(await page.locator('#custom-css').innerText(), /--inspraak-primary-background: #9ecbf5;/);
  await page.getByRole('button', { name: 'Alles terugzetten' }).click();
  await page.locator('#contrast-summary').getByText(/Alle \d+ paren voldoen/).waitFor();

  // The embed code: this build's versioned script with the hash from the manifest, then the element.
  const manifest = await (await fetch(`${env.server.url}/widgets/manifest.json`)).json();
  await page.selectOption('#embed-widget', 'progress');
  await page.selectOption('#embed-variant', 'full');
  await page.selectOption('#embed-form', 'div');
  const expected = `<script type="module" src="${env.server.url}/widgets/${manifest.version}/inspraak.js"\n`
    + `        integrity="${manifest.files['inspraak.js']}" crossorigin="anonymous"></script>\n`
    + '<div data-inspraak="progress" data-municipality="voorbeeld" data-variant="full"></div>';
  assert.equal(await page.locator('#embed-code').innerText(), expected);
  await page.getByRole('button', { name: 'Kopieer de code' }).click();
  await page.locator('#copy-status').getByText('Gekopieerd.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);

  await expectNoAxeViolations(page, '.playground', 'playground with the editor open');
  await expectNoAxeViolations(page, '#embed', 'embed code generator');
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
