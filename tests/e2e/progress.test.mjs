// The subgoal progress badge as a municipality embeds it: in a 240px sidebar, in a footer, as a full list, and
// inline on a site without a backend. Every variant is audited with axe, open and closed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, expectNoAxeViolations, newPage as freshPage, waitForFocus } from './harness.mjs';

const env = environment(async ({ server }) => {
  await server.recordProgress('e2e-voorbeeld', {
    name: 'Gemeente Voorbeeld',
    measurements: [
      { subgoal: 1, status: 'explored', measured_on: '2025-09-15' },
      { subgoal: 3, status: 'in_progress', measured_on: '2025-09-15' },
    ],
  });
  await server.recordProgress('e2e-voorbeeld', {
    measurements: [
      { subgoal: 1, status: 'in_progress', measured_on: '2026-03-02', note: 'Eigen onderzoeksbudget voor de raad.',
        evidence_url: 'https://www.example.nl/raad' },
      { subgoal: 3, status: 'embedded', measured_on: '2026-03-02' },
      { subgoal: 4, status: 'in_progress', measured_on: '2026-03-02' },
      { subgoal: 6, status: 'embedded', measured_on: '2026-03-02' },
      { subgoal: 7, status: 'explored', measured_on: '2026-03-02' },
    ],
  });
});
const newPage = () => freshPage(env.browser, { width: 1100, height: 900 });

describe('the progress badge', () => {
  test('opens and closes by keyboard in a 240px sidebar, and fits there', async () => {
    const page = await newPage();
    await page.goto(`${env.site.url}/progress.html`);
    const badge = page.locator('#sidebar');
    await badge.getByText('4 van 7 subdoelen in uitvoering of verankerd').waitFor();
    const ring = badge.getByRole('img');
    assert.equal(await ring.getAttribute('aria-label'),
      'Voortgang op de 7 subdoelen: 2 verankerd, 2 in uitvoering, 1 verkend, 2 niet gestart.');
    await expectNoAxeViolations(page, '#sidebar', 'compact, closed');

    const toggle = badge.getByRole('button', { name: 'Laat alle subdoelen zien' });
    await toggle.focus();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await badge.getByRole('list').isVisible(), false);
    await page.keyboard.press('Enter');
    const open = badge.getByRole('button', { name: 'Verberg de subdoelen' });
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    assert.equal(await badge.getByRole('listitem').count(), 7);
    assert.match(await badge.getByRole('listitem').first().innerText(),
      /Subdoel 1: Krachtige gemeenteraad\s+In uitvoering\s+Vooruitgang: vorige meting verkend \(15 september 2025\)/);
    await expectNoAxeViolations(page, '#sidebar', 'compact, open');
    // Tab reaches the evidence link inside the open list, Shift+Tab returns, Space closes.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.getAttribute('href')),
      'https://www.example.nl/raad');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press(' ');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await badge.getByRole('list').isVisible(), false);

    const overflow = await badge.evaluate((host) => {
      const root = host.shadowRoot.querySelector('.inspraak');
      return { width: host.getBoundingClientRect().width, scroll: root.scrollWidth, client: root.clientWidth };
    });
    assert.equal(overflow.width, 240);
    assert.ok(overflow.scroll <= overflow.client, `content overflows the sidebar: ${JSON.stringify(overflow)}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('shows the full list at once, and scales with the footer font', async () => {
    const page = await newPage();
    await page.goto(`${env.site.url}/progress.html`);
    const full = page.locator('#full');
    await full.getByRole('listitem').first().waitFor();
    assert.equal(await full.getByRole('button').count(), 0);
    assert.equal(await full.getByRole('listitem').count(), 7);
    assert.match(await full.getByRole('listitem').nth(1).innerText(), /Subdoel 2: Toegeruste politieke ambtsdragers\s+Niet gestart\s+Nog niet gemeten/);
    await expectNoAxeViolations(page, '#full', 'full');

    const footer = page.locator('#footer');
    await footer.getByText('4 van 7 subdoelen').waitFor();
    const size = await footer.evaluate((host) => getComputedStyle(host.shadowRoot.querySelector('.inspraak')).fontSize);
    assert.equal(size, '14px');
    await expectNoAxeViolations(page, '#footer', 'footer');
    await page.context().close();
  });

  test('holds its place in the sidebar while it loads', async () => {
    const page = await newPage();
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/inspraak-*_bg.wasm', async (route) => { await held; await route.continue(); });
    await page.goto(`${env.site.url}/progress.html`);
    await page.waitForFunction(() => document.querySelector('#sidebar').shadowRoot);
    const below = () => page.evaluate(() => Math.round(document.querySelector('#below-badge').getBoundingClientRect().top));
    const before = await below();
    release();
    await page.locator('#sidebar').getByText('4 van 7').waitFor();
    assert.equal(await below(), before);
    await page.context().close();
  });

  test('works inline without any backend, and reports bad inline data to the webmaster', async () => {
    const page = await newPage();
    const apiCalls = [];
    const warnings = [];
    page.on('request', (request) => { if (new URL(request.url()).pathname.startsWith('/v1/')) apiCalls.push(request.url()); });
    page.on('console', (message) => { if (message.text().startsWith('[inspraak]')) warnings.push(message.text()); });
    await page.goto(`${env.site.url}/inline.html`);
    const badge = page.locator('#inline');
    await badge.getByText('3 van 7 subdoelen in uitvoering of verankerd').waitFor();
    await expectNoAxeViolations(page, '#inline', 'inline, closed');
    await badge.getByRole('button', { name: 'Laat alle subdoelen zien' }).click();
    assert.match(await badge.getByRole('listitem').nth(2).innerText(), /Verkend\s+Vooruitgang: vorige meting niet gestart \(1 mei 2025\)/);
    await expectNoAxeViolations(page, '#inline', 'inline, open');

    await page.locator('#broken').getByText('Dit onderdeel kan niet worden getoond.').waitFor();
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /progress attribute is not valid: .*subgoal 2 is missing/);
    assert.deepEqual(apiCalls, [], 'inline data needs no API');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('the progress badge when the server cannot be reached', () => {
  test('says so, and a retry by keyboard loads it and puts focus on the summary', async () => {
    const page = await newPage();
    // Unreachable for every badge on the page until the resident retries one of them.
    let reachable = false;
    await page.route('**/v1/progress/e2e-voorbeeld', async (route) => {
      if (reachable) await route.continue(); else await route.abort('connectionrefused');
    });
    await page.goto(`${env.site.url}/progress.html`);
    const badge = page.locator('#sidebar');
    await badge.getByRole('alert').getByText('Er is geen verbinding met de server.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#sidebar', 'error');
    await badge.getByRole('button', { name: 'Opnieuw proberen' }).focus();
    reachable = true;
    await page.keyboard.press('Enter');
    await badge.getByText('4 van 7 subdoelen in uitvoering of verankerd').waitFor();
    await waitForFocus(page, '#sidebar', /^p: 4 van 7 subdoelen/);
    await page.context().close();
  });

  test('a server error says so; a slow server shows that it is loading, then the badge', async () => {
    const page = await newPage();
    // Every badge on the page gets a 500 until the resident retries one of them; then the server is slow.
    let recovered = false;
    await page.route('**/v1/progress/e2e-voorbeeld', async (route) => {
      if (!recovered) {
        await route.fulfill({ status: 500, contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'urn:inspraak:problem:internal', title: 'Internal server error', status: 500 }) });
      } else {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await route.continue();
      }
    });
    await page.goto(`${env.site.url}/progress.html`);
    const badge = page.locator('#sidebar');
    await badge.getByRole('alert').getByText('Er ging iets mis bij ons.', { exact: false }).waitFor();
    recovered = true;
    await badge.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await badge.getByRole('status').getByText('Bezig met laden…').waitFor();
    await badge.getByText('4 van 7 subdoelen in uitvoering of verankerd').waitFor();
    await page.context().close();
  });
});
