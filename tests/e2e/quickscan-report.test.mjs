// The quick scan's printable report as the owner opens it in a browser: rendered by the server, no script, its
// stylesheet allowed by hash under a strict Content-Security-Policy, free of axe violations, reflowing at 320 px with
// 200 % text (its tables stack), and laid out for paper when printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, environment, expectNoAxeViolations } from './harness.mjs';

const env = environment(async ({ server }) => {
  await server.admin('POST', '/quickscans', {
    id: 'e2e-report',
    title: { nl: 'Quick scan Gemeente Voorbeeld' },
    round: { id: 'nulmeting', name: 'Nulmeting 2026' },
    min_group: 2,
  });
  const answer = (role, value, open, priorities) => ({
    role,
    statements: { 'raad-koers': value, 'inw-optijd': value, 'dig-telefoon': value },
    open_answers: open ? { gemeenteraad: open } : {},
    priorities,
    fill_seconds: 60,
  });
  const send = async (body) => assert.equal((await server.post('/quickscans/e2e-report/responses', body)).status, 201);
  await send(answer('inwoner', 'disagree', 'Meer uitleg over besluiten, in gewone woorden.', ['gemeenteraad', 'inwoners']));
  await send(answer('inwoner', 'neutral', null, ['inwoners']));
  await send(answer('raadslid', 'strongly_agree', 'Vaker de wijk in.', ['digitaal']));
  await send(answer('raadslid', 'agree', null, []));
  await server.admin('POST', '/quickscans/e2e-report/rounds', { id: 'voortgang', name: 'Voortgangsmeting 2027' });
  await send(answer('inwoner', 'agree', null, []));
  await send(answer('inwoner', 'agree', null, []));
  await send(answer('raadslid', 'agree', null, []));
  await send(answer('raadslid', 'strongly_agree', null, []));
});

test('the printable report passes axe, runs no script under its policy, reflows and prints', async () => {
  const context = await env.browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const page = await context.newPage();
  const violations = [];
  page.on('console', (message) => { if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text()); });
  const response = await page.goto(`${env.server.url}/v1/admin/quickscans/e2e-report/report.html`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/);
  await page.getByRole('heading', { level: 1, name: 'Rapport quick scan: Quick scan Gemeente Voorbeeld' }).waitFor();
  await page.getByText('Deze quick scan is niet representatief.', { exact: false }).waitFor();
  // The stylesheet ran (its hash matches), nothing else did.
  assert.equal(await page.locator('.notice').evaluate((el) => getComputedStyle(el).borderTopWidth), '2px');
  assert.equal(await page.locator('script').count(), 0);
  assert.deepEqual(violations, []);

  // Roles side by side, the largest difference marked in words (not only by colour), round against round.
  const table = page.getByRole('table', { name: 'Score per thema, per rol naast elkaar' }).first();
  assert.match(await table.getByRole('row').first().innerText(), /Thema\s+Iedereen \(4\)\s+Inwoners \(2\)\s+Raadsleden \(2\)/);
  await page.getByText('Groot verschil:', { exact: false }).first().waitFor();
  await page.getByRole('heading', { level: 2, name: 'Ronde tegen ronde: Voortgangsmeting 2027 en Nulmeting 2026' }).waitFor();
  await page.getByText('Meer uitleg over besluiten, in gewone woorden. (inwoner)').waitFor();
  await expectNoAxeViolations(page, 'main', 'printable report');

  // At 320 px the tables stack, each figure named by its column.
  await page.setViewportSize({ width: 320, height: 800 });
  const label = await page.locator('td[data-label]').first().evaluate((el) => getComputedStyle(el, '::before').content);
  assert.match(label, /Iedereen \(4\)/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);

  // On paper: each round on a page of its own, the table header repeated, colours kept.
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.emulateMedia({ media: 'print' });
  const headings = page.locator('section h2');
  assert.equal(await headings.nth(0).evaluate((el) => getComputedStyle(el).breakBefore), 'auto');
  assert.equal(await headings.nth(1).evaluate((el) => getComputedStyle(el).breakBefore), 'page');
  assert.equal(await page.locator('thead').first().evaluate((el) => getComputedStyle(el).display), 'table-header-group');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000, 'the browser prints it');
  await context.close();

  // Without the admin token: no report.
  const anonymous = await fetch(`${env.server.url}/v1/admin/quickscans/e2e-report/report.html`);
  assert.equal(anonymous.status, 401);
});
