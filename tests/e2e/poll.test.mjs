// The poll as a municipality embeds it and a resident uses it: in Debian's Chromium, against the release
// server on loopback, on a host page that tries to break it. Every state is audited with axe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { environment, expectNoAxeViolations, focusedInWidget, newPage as freshPage, PATIENCE_MS, waitForFocus, recordLayoutShifts } from './harness.mjs';

const env = environment();
const newPage = () => freshPage(env.browser);

/** The text a resident sees in a widget (innerText of its shadow root's content). */
function widgetText(host) {
  return host.locator('.inspraak').innerText();
}

describe('a poll on a hostile host page', () => {
  test('is embedded by element and by data-inspraak, and a resident votes by keyboard only', async () => {
    await env.server.createPoll({ id: 'e2e-element' });
    await env.server.createPoll({ id: 'e2e-div', question: 'Hoe laat moet de markt sluiten?',
      options: [{ id: 'vijf', label: 'Om vijf uur' }, { id: 'zes', label: 'Om zes uur' }] });
    const page = await newPage();
    await page.goto(`${env.site.url}/hostile.html`);
    await page.evaluate(() => {
      window.heard = [];
      document.addEventListener('inspraak:voted', (event) => window.heard.push(event.detail.poll));
    });
    const element = page.locator('#by-element');
    const div = page.locator('#by-div');
    await element.getByRole('heading', { name: 'Welke speelplek knappen we als eerste op?' }).waitFor();
    await div.getByRole('heading', { name: 'Hoe laat moet de markt sluiten?' }).waitFor();

    // The host's `button { display: none }` and red 30px text do not reach inside.
    const button = element.getByRole('button', { name: 'Stem' });
    assert.equal(await button.isVisible(), true);
    const color = await button.evaluate((b) => getComputedStyle(b).color);
    assert.equal(color, 'rgb(255, 255, 255)');
    await expectNoAxeViolations(page, '#by-element', 'open');
    await expectNoAxeViolations(page, '#by-div', 'open');

    // Keyboard only: Tab into the radio group, arrow to the second option, Tab to the button, Enter.
    await page.keyboard.press('Tab');
    assert.equal(await focusedInWidget(page, '#by-element'), 'input[park]');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedInWidget(page, '#by-element'), 'input[plein]');
    await page.keyboard.press('Tab');
    assert.equal(await focusedInWidget(page, '#by-element'), 'button: Stem');
    await page.keyboard.press('Enter');

    await element.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    await waitForFocus(page, '#by-element', /^p: Bedankt/);
    const results = element.getByRole('list');
    assert.match(await results.innerText(), /Trapveldje op het plein \(jouw keuze\)\s*1 stem \(100%\)/);
    assert.match(await widgetText(element), /1 persoon heeft gestemd\./);
    assert.deepEqual(await page.evaluate(() => window.heard), ['e2e-element']);
    await expectNoAxeViolations(page, '#by-element', 'results');

    // The vote is in the database file, once, with only a hash of the voter.
    assert.equal(env.server.sql("SELECT COUNT(*) FROM votes WHERE poll_id = 'e2e-element'"), '1');
    assert.equal(env.server.sql("SELECT votes FROM poll_options WHERE poll_id = 'e2e-element' AND id = 'plein'"), '1');
    const voter = await page.evaluate(() => localStorage.getItem('inspraak:voter'));
    assert.match(voter, /^[0-9a-f]{32}$/);
    const stored = env.server.sql("SELECT voter_hash FROM votes WHERE poll_id = 'e2e-element'");
    assert.match(stored, /^[0-9a-f]{64}$/);
    assert.notEqual(stored, createHash('sha256').update(voter).digest('hex'), 'an unkeyed hash of the id is recomputable');
    assert.equal(env.server.sql(`SELECT COUNT(*) FROM votes WHERE voter_hash LIKE '%${voter}%'`), '0');

    // A reload shows "already voted" with the results, and no form.
    await page.reload();
    await element.getByText('Je hebt al gestemd in deze peiling.').waitFor();
    assert.match(await element.getByRole('list').innerText(), /1 stem \(100%\)/);
    assert.equal(await element.getByRole('button', { name: 'Stem' }).count(), 0);
    await expectNoAxeViolations(page, '#by-element', 'already voted');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('does not move the page around it when it appears', async () => {
    const page = await newPage();
    await recordLayoutShifts(page);
    // Hold the WebAssembly module back until the page has been measured with only the loader's reservation.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/inspraak-*_bg.wasm', async (route) => { await held; await route.continue(); });
    await page.goto(`${env.site.url}/hostile.html`);
    await page.waitForFunction(() => ['#by-element', '#by-div'].every((s) => document.querySelector(s).shadowRoot));
    const positions = () => page.evaluate(() => ['#above', '#between', '#below']
      .map((selector) => Math.round(document.querySelector(selector).getBoundingClientRect().top)));
    const before = await positions();
    const reservedAt = await page.evaluate(() => performance.now());
    release();
    await page.locator('#by-element').getByRole('heading').waitFor();
    await page.locator('#by-div').getByRole('heading').waitFor();
    assert.deepEqual(await positions(), before);
    // Cumulative layout shift from mounting on: none at all.
    const shifts = await page.evaluate((since) => window.shifts.filter((s) => s.at >= since), reservedAt);
    assert.deepEqual(shifts, []);
    await page.context().close();
  });
});

describe('the states around voting', () => {
  test('loading, then failure with a retry that works, all audited', async () => {
    await env.server.createPoll({ id: 'e2e-flaky' });
    const page = await newPage();
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let attempts = 0;
    await page.route('**/v1/polls/e2e-flaky', async (route) => {
      attempts += 1;
      if (attempts === 1) { await held; await route.abort('connectionrefused'); } else { await route.continue(); }
    });
    await page.goto(`${env.site.url}/single.html?poll=e2e-flaky`);
    const poll = page.locator('#poll');
    await poll.getByRole('status').getByText('De peiling wordt geladen…').waitFor();
    await expectNoAxeViolations(page, '#poll', 'loading');
    release();

    await poll.getByRole('alert').getByText('Er is geen verbinding met de server.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#poll', 'error');
    await page.keyboard.press('Tab');
    assert.equal(await focusedInWidget(page, '#poll'), 'button: Opnieuw proberen');
    await page.keyboard.press('Enter');
    await poll.getByRole('heading', { name: 'Welke speelplek knappen we als eerste op?' }).waitFor();
    assert.equal(attempts, 2);
    // The button that had focus is gone; focus lands on the poll's question, not on the page's body.
    await waitForFocus(page, '#poll', /^h2: Welke speelplek/);
    await expectNoAxeViolations(page, '#poll', 'open after retry');
    await page.context().close();
  });

  test('a failed vote keeps the choice and a retry stores it once', async () => {
    await env.server.createPoll({ id: 'e2e-retry' });
    const page = await newPage();
    await page.goto(`${env.site.url}/single.html?poll=e2e-retry`);
    const poll = page.locator('#poll');
    await poll.getByLabel('Speelplaats bij de school').check();
    // The first vote reaches the server and is stored, but its answer is lost on the way back.
    let sent = 0;
    let firstKey;
    await page.route('**/v1/polls/e2e-retry/votes', async (route) => {
      sent += 1;
      const key = route.request().headers()['idempotency-key'];
      if (sent === 1) {
        firstKey = key;
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        assert.equal(key, firstKey, 'the retry carries the same Idempotency-Key');
        await route.continue();
      }
    });
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByRole('alert').getByText('Je stem is nog niet verstuurd', { exact: false }).waitFor();
    assert.equal(await poll.getByLabel('Speelplaats bij de school').isChecked(), true);
    await expectNoAxeViolations(page, '#poll', 'vote failed');
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    assert.equal(sent, 2);
    assert.equal(env.server.sql("SELECT COUNT(*) FROM votes WHERE poll_id = 'e2e-retry'"), '1');
    assert.match(await poll.getByRole('list').innerText(), /Speelplaats bij de school \(jouw keuze\)\s*1 stem \(100%\)/);
    await page.context().close();
  });

  test('a closed poll shows its final results; a poll that keeps them says so', async () => {
    await env.server.createPoll({ id: 'e2e-closed', closes_at: '2020-03-01T12:00:00Z' });
    await env.server.createPoll({ id: 'e2e-secret', results: 'never' });
    const page = await newPage();
    await page.goto(`${env.site.url}/single.html?poll=e2e-closed`);
    const poll = page.locator('#poll');
    await poll.getByText('Deze peiling is gesloten.').waitFor();
    assert.match(await widgetText(poll), /0 mensen hebben gestemd\./);
    await expectNoAxeViolations(page, '#poll', 'closed');

    await page.goto(`${env.site.url}/single.html?poll=e2e-secret`);
    await poll.getByLabel('Speeltuin in het park').check();
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    assert.match(await widgetText(poll), /De gemeente publiceert de uitslag van deze peiling niet\./);
    assert.equal(await poll.getByRole('list').count(), 0);
    await page.context().close();
  });
});

describe('the loader', () => {
  test('loads no WebAssembly on a page without widgets, and mounts one added later', async () => {
    await env.server.createPoll({ id: 'e2e-later' });
    const page = await newPage();
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${env.site.url}/empty.html`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(requested.filter((p) => p.startsWith('/widgets/')), ['/widgets/inspraak.js']);

    await page.evaluate((api) => {
      const div = document.createElement('div');
      div.dataset.inspraak = 'poll';
      div.dataset.api = `${api}/v1`;
      div.dataset.poll = 'e2e-later';
      document.getElementById('content').append(div);
    }, env.server.url);
    const later = page.locator('[data-inspraak]');
    await later.getByRole('heading', { name: 'Welke speelplek knappen we als eerste op?' }).waitFor();
    assert.equal(requested.filter((p) => p.endsWith('.wasm')).length, 1);

    // Changing a data- attribute re-renders the widget, as it does for the element's own attributes.
    await page.evaluate(() => { document.querySelector('[data-inspraak]').dataset.lang = 'en'; });
    await later.getByRole('button', { name: 'Vote' }).waitFor();
    assert.equal(requested.filter((p) => p.endsWith('.wasm')).length, 1, 'the module is fetched once');
    await page.context().close();
  });
});

describe('a server that hangs', () => {
  test('a vote without an answer times out, says so, and the retry counts once', async () => {
    await env.server.createPoll({ id: 'e2e-hang' });
    const page = await newPage();
    await page.goto(`${env.site.url}/single.html?poll=e2e-hang`);
    const poll = page.locator('#poll');
    await poll.getByLabel('Trapveldje op het plein').check();
    // The first vote reaches the server and is stored, but the answer never comes back.
    let sent = 0;
    await page.route('**/v1/polls/e2e-hang/votes', async (route) => {
      sent += 1;
      if (sent === 1) {
        await route.fetch();
        await new Promise(() => {});
      } else {
        await route.continue();
      }
    });
    await poll.getByRole('button', { name: 'Stem' }).click();
    // The widget gives up after 15 s; on a busy machine the message can take a while longer.
    await poll.getByRole('alert').getByText('De server antwoordt niet op tijd', { exact: false })
      .waitFor({ timeout: 15_000 + PATIENCE_MS });
    assert.equal(await poll.getByLabel('Trapveldje op het plein').isChecked(), true);
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    assert.equal(env.server.sql("SELECT COUNT(*) FROM votes WHERE poll_id = 'e2e-hang'"), '1');
    await page.context().close();
  });

  test('a poll with voting codes takes each code once, with clear errors, by keyboard', async () => {
    await env.server.createPoll({ id: 'e2e-codes', requires_code: true });
    const { codes } = await env.server.admin('POST', '/polls/e2e-codes/codes', { count: 2 });
    const page = await newPage();
    await page.goto(`${env.site.url}/single.html?poll=e2e-codes`);
    const poll = page.locator('#poll');
    const code = poll.getByRole('textbox', { name: 'Stemcode' });
    await code.waitFor();
    await expectNoAxeViolations(page, '#poll', 'poll with a code field');

    // Keyboard only: Tab to the code field, then choose and vote without a code.
    await page.keyboard.press('Tab');
    await waitForFocus(page, '#poll', /^input/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await poll.getByRole('button', { name: 'Stem' }).focus();
    await page.keyboard.press('Enter');
    await poll.getByText('Vul je stemcode in.').waitFor();
    await waitForFocus(page, '#poll', /^input/);
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    assert.match(await code.getAttribute('aria-describedby'), /poll-code-error/);
    await expectNoAxeViolations(page, '#poll', 'code missing');

    await page.keyboard.type('ABCD-EFGH-JKMN');
    await page.keyboard.press('Enter');
    await poll.getByText('Deze stemcode kennen we niet.', { exact: false }).waitFor();

    // The real code, typed as a person might: lower case, spaces.
    await code.fill(codes[0].toLowerCase().replaceAll('-', ' '));
    await page.keyboard.press('Enter');
    await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    assert.equal(env.server.sql("SELECT voters FROM polls WHERE id = 'e2e-codes'"), '1');

    // Another member of the household votes on the same computer with their own code; the used one is refused.
    await page.reload();
    await code.fill(codes[0]);
    await poll.getByRole('radio').first().check();
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Met deze stemcode is al gestemd.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#poll', 'code used');
    await code.fill(codes[1]);
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    assert.equal(env.server.sql("SELECT voters FROM polls WHERE id = 'e2e-codes'"), '2');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
