// The quick scan as a resident meets it: the whole path by keyboard, a reload half-way, continuing on another
// device with a code, a submission that fails offline and is stored once, and the result with its chart and table.
// axe audits every step, the review, the errors and the result.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  environment, expectNoAxeViolations, focusedInWidget, newPage as freshPage, PATIENCE_MS,
  pastMinimumFillTime as waitUntilFillable, until, waitForFocus,
} from './harness.mjs';

const customQuestions = [
  { id: 'avonden', kind: 'scale', text: { nl: 'De wijkavonden zijn een goede plek om mee te praten.' } },
  { id: 'een-ding', kind: 'text', text: { nl: 'Wat moet de gemeente als eerste verbeteren?' } },
];

const env = environment(async ({ server }) => {
  for (const id of ['keyboard', 'reload', 'resume', 'offline', 'failures', 'groups']) {
    await server.admin('POST', '/quickscans', {
      id: `e2e-${id}`,
      title: { nl: 'Quick scan Gemeente Voorbeeld', en: 'Quick scan Gemeente Voorbeeld' },
      round: { id: 'nulmeting', name: 'Nulmeting 2026' },
      custom_questions: customQuestions,
      min_group: 3,
    });
  }
});
const newPage = (viewport) => freshPage(env.browser, viewport);
const scanUrl = (id, lang = 'nl') => `${env.site.url}/quickscan.html?scan=e2e-${id}&lang=${lang}`;
const widget = (page) => page.locator('#scan');
const heading = (page, name) => widget(page).getByRole('heading', { level: 2, name });

/** Presses Tab until focus is on what `pattern` describes inside the widget (at most `max` presses). */
async function tabTo(page, pattern, max = 40) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (pattern.test(await focusedInWidget(page, '#scan'))) return;
  }
  assert.fail(`Tab never reached ${pattern}; focus is on ${await focusedInWidget(page, '#scan')}`);
}

/** People take more than the 5 seconds the widget and the server require between opening a scan and sending it; a
 *  test that clicks faster waits until the widget has been open that long. */
const pastMinimumFillTime = (page) => waitUntilFillable(page, 'quickscan', 5);

/** Clicks `label` ("Volgende") `times` times, each time until the widget shows the next step: a click on a busy
 *  machine lands before the step it leaves has gone. */
async function next(page, times, label = 'Volgende') {
  const counter = () => widget(page).getByText(/^(Stap|Step) \d+ (van|of) \d+$/).allInnerTexts().then((t) => t.join());
  for (let i = 0; i < times; i += 1) {
    const before = await counter();
    await widget(page).getByRole('button', { name: label }).click();
    assert.ok(await until(async () => (await counter()) !== before), `step ${i + 1} of ${times} after ${before}`);
  }
}

const responses = (scan) => Number(env.server.sql(`SELECT COUNT(*) FROM quickscan_responses WHERE scan_id = 'e2e-${scan}'`));

describe('the quick scan', () => {
  test('can be completed by keyboard alone, with every step, the review and the result free of axe violations', async () => {
    const page = await newPage();
    await page.goto(scanUrl('keyboard'));
    await page.evaluate(() => {
      window.heard = [];
      document.addEventListener('inspraak:submitted', (event) => window.heard.push(event.detail));
    });
    await heading(page, 'Wie ben je?').waitFor();
    assert.match(await widget(page).getByText(/^Stap 1 van 11$/).innerText(), /Stap 1 van 11/);
    await expectNoAxeViolations(page, '#scan', 'role step');

    // "Volgende" without a role: the error is tied to the group and focus goes to the first role.
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#scan', /^input\[inwoner\]$/);
    const inwoner = widget(page).getByRole('radio', { name: 'Inwoner' });
    assert.equal(await inwoner.getAttribute('aria-invalid'), 'true');
    assert.match(await inwoner.getAttribute('aria-describedby'), /role-error/);
    await widget(page).getByText('Kies eerst de rol waarin je de scan invult.').waitFor();
    await expectNoAxeViolations(page, '#scan', 'role step with its error');

    // Arrow keys choose within the radio group: Inwoner → Raadslid.
    await page.keyboard.press('ArrowDown');
    assert.equal(await widget(page).getByRole('radio', { name: 'Raadslid' }).isChecked(), true);
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    // Seven themes: answer the first statement of each (→ strongly disagree + 3 = agree), grade the first theme.
    const themes = ['Krachtige gemeenteraad', 'Toegeruste politieke ambtsdragers', 'Beter betrokken inwoners',
      'Responsieve ambtelijke organisatie', 'Vitale democratische gemeenschap',
      'Krachtige lokale digitale democratie', 'Weerbaar bestuur'];
    for (const [n, theme] of themes.entries()) {
      await waitForFocus(page, '#scan', new RegExp(`^h2: ${theme}$`));
      await widget(page).getByText(`Stap ${n + 2} van 11`).waitFor();
      if (n === 0) {
        // A councillor reads the statement worded for councillors, and the theme's line in plain words.
        await widget(page).getByText('Als raadslid ben ik goed bereikbaar voor inwoners.').waitFor();
        await widget(page).getByText('Hoe de gemeenteraad zijn werk doet.').waitFor();
        assert.equal(await widget(page).getByText('De griffie ondersteunt de gemeenteraad goed.').count(), 1);
        await expectNoAxeViolations(page, '#scan', 'a theme step');
      }
      await page.keyboard.press('Tab');
      assert.match(await focusedInWidget(page, '#scan'), /^input\[strongly_disagree\]$/);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.match(await focusedInWidget(page, '#scan'), /^input\[agree\]$/);
      if (n === 0) {
        // The theme's open question, which may stay empty.
        await tabTo(page, /^textarea/);
        await page.keyboard.type('Vaker uitleggen waarom.');
        await tabTo(page, /^select/);
        await page.keyboard.press('ArrowDown'); // "Geen cijfer" → 1
        await page.keyboard.press('End'); // → 10
      }
      await tabTo(page, /^button: Volgende$/);
      await page.keyboard.press('Enter');
    }

    // The themes that need work most: at most three. A fourth is refused on going on, with focus on the first.
    await waitForFocus(page, '#scan', /^h2: Wat moet het eerst beter\?$/);
    await widget(page).getByText('Stap 9 van 11').waitFor();
    await expectNoAxeViolations(page, '#scan', 'priorities');
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
    }
    assert.equal(await widget(page).getByRole('checkbox', { checked: true }).count(), 4);
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#scan', /^input\[gemeenteraad\]$/);
    await widget(page).getByText("Je koos meer dan 3 thema's. Haal een vinkje weg.").waitFor();
    const first = widget(page).getByRole('checkbox', { name: 'Krachtige gemeenteraad' });
    assert.equal(await first.getAttribute('aria-invalid'), 'true');
    assert.match(await first.getAttribute('aria-describedby'), /priorities-error/);
    await expectNoAxeViolations(page, '#scan', 'priorities with their error');
    await page.keyboard.press('Space');
    assert.equal(await widget(page).getByText("Je koos meer dan 3 thema's.", { exact: false }).count(), 0);
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    // The municipality's own questions.
    await waitForFocus(page, '#scan', /^h2: Vragen van de gemeente$/);
    await expectNoAxeViolations(page, '#scan', 'own questions');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight'); // strongly disagree → disagree
    await tabTo(page, /^textarea/);
    await page.keyboard.type('Meer avonden in de wijk.');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    // The review lists what was skipped, per theme, with a way back.
    await waitForFocus(page, '#scan', /^h2: Controleer je antwoorden$/);
    const review = await widget(page).locator('.review').innerText();
    assert.match(review, /Je vult de scan in als: Raadslid\./);
    // A councillor is asked all 8 statements of the first theme; the priorities chosen are listed.
    assert.match(review, /Krachtige gemeenteraad\s+1 van 8 beantwoord\s+Niet beantwoord:/);
    assert.match(review, /Vitale democratische gemeenschap\s+1 van 4 beantwoord/);
    assert.match(review, /Wat moet het eerst beter\?\s+Toegeruste politieke ambtsdragers, Beter betrokken inwoners, Responsieve ambtelijke organisatie/);
    assert.match(review, /Vragen van de gemeente\s+2 van 2 beantwoord/);
    await expectNoAxeViolations(page, '#scan', 'review');
    // "Naar Weerbaar bestuur" goes back to that step, and "Volgende" through the priorities and the own questions
    // returns here.
    await tabTo(page, /^button: Naar Weerbaar bestuur$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#scan', /^h2: Weerbaar bestuur$/);
    assert.equal(await widget(page).getByRole('radio', { name: 'Eens', exact: true }).first().isChecked(), true);
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#scan', /^h2: Wat moet het eerst beter\?$/);
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#scan', /^h2: Vragen van de gemeente$/);
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#scan', /^h2: Controleer je antwoorden$/);

    await pastMinimumFillTime(page);
    await tabTo(page, /^button: Verstuur je antwoorden$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, '#scan', /^h2: Jouw uitkomst$/);
    await widget(page).getByText('Bedankt! Je antwoorden zijn opgeslagen.').waitFor();
    // One respondent: below the minimum of 3, so no average yet; own scores in the table, grade 10 included.
    await widget(page).getByText('Het gemiddelde van alle deelnemers verschijnt vanaf 3 deelnemers; nu zijn het er 1.').waitFor();
    const table = widget(page).getByRole('table', { name: 'Scores per thema' });
    const firstRow = await table.getByRole('row').nth(1).innerText();
    assert.match(firstRow, /Krachtige gemeenteraad\s+4,0\s+10,0/);
    assert.equal(await widget(page).locator('svg.chart-bars').count(), 7);
    await expectNoAxeViolations(page, '#scan', 'result');
    assert.deepEqual(await page.evaluate(() => window.heard), [{ scan: 'e2e-keyboard', round: 'nulmeting' }]);
    assert.equal(responses('keyboard'), 1);
    const stored = JSON.parse(env.server.sql("SELECT answers FROM quickscan_responses WHERE scan_id = 'e2e-keyboard'"));
    assert.deepEqual(stored.custom, { avonden: { scale: 'disagree' }, 'een-ding': { text: 'Meer avonden in de wijk.' } });
    assert.deepEqual(stored.grades, { gemeenteraad: 10 });
    assert.deepEqual(stored.open_answers, { gemeenteraad: 'Vaker uitleggen waarom.' });
    assert.deepEqual(stored.priorities, ['ambtsdragers', 'inwoners', 'organisatie']);
    // Just sent: focus is on the result's heading, so the polite live region says nothing.
    const announcement = widget(page).locator('.scan-result [role="status"]');
    assert.equal(await announcement.textContent(), '');

    // A reload shows the result again, not an empty scan, and leaves focus with the page: nothing scrolls down to
    // the widget and a screen reader starts at the top.
    await page.reload();
    await heading(page, 'Jouw uitkomst').waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'focus stays with the page on load');
    // Instead the restored result is announced politely: the live region, there from the start, is filled after.
    const restored = 'Je hebt deze quick scan al ingevuld. Hieronder staat je uitkomst.';
    assert.ok(await until(async () => (await announcement.textContent()) === restored), 'the restored result is announced');
    assert.equal(await announcement.getAttribute('role'), 'status');
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'and focus still with the page');
    await expectNoAxeViolations(page, '#scan', 'restored result');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('keeps the answers through a reload and continues at the same step', async () => {
    const page = await newPage();
    await page.goto(scanUrl('reload'));
    await widget(page).getByRole('radio', { name: 'Ambtenaar' }).check();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Krachtige gemeenteraad').waitFor();
    await widget(page).getByRole('group', { name: /hoofdlijnen/ }).getByRole('radio', { name: 'Helemaal eens' }).check();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Toegeruste politieke ambtsdragers').waitFor();

    await page.reload();
    await heading(page, 'Toegeruste politieke ambtsdragers').waitFor();
    await widget(page).getByText('We hebben de antwoorden die je op dit apparaat gaf teruggezet.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#scan', 'restored after reload');
    await widget(page).getByRole('button', { name: 'Vorige' }).click();
    await heading(page, 'Krachtige gemeenteraad').waitFor();
    assert.equal(await widget(page).getByRole('group', { name: /hoofdlijnen/ })
      .getByRole('radio', { name: 'Helemaal eens' }).isChecked(), true);

    // "Opnieuw beginnen" forgets them.
    await widget(page).getByRole('button', { name: 'Opnieuw beginnen' }).click();
    await heading(page, 'Wie ben je?').waitFor();
    assert.equal(await widget(page).getByRole('radio', { name: 'Ambtenaar' }).isChecked(), false);
    await page.reload();
    await heading(page, 'Wie ben je?').waitFor();
    assert.equal(await widget(page).getByText('teruggezet', { exact: false }).count(), 0);
    await page.context().close();
  });

  test('continues on another device with the code from "Later verder"', async () => {
    const phone = await newPage({ width: 375, height: 800 });
    await phone.goto(scanUrl('resume'));
    await widget(phone).getByRole('radio', { name: 'Inwoner' }).check();
    await widget(phone).getByRole('button', { name: 'Volgende' }).click();
    await widget(phone).getByRole('group', { name: /controleert het college/ }).getByRole('radio', { name: 'Oneens', exact: true }).check();
    await widget(phone).getByRole('button', { name: 'Volgende' }).click();
    await heading(phone, 'Toegeruste politieke ambtsdragers').waitFor();
    await widget(phone).getByRole('button', { name: 'Later verder' }).click();
    const code = await widget(phone).locator('.later-code .code').innerText();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await widget(phone).getByText(/De code verloopt op \d+ \w+ 20\d\d\. Tot dan ga je ermee verder/).waitFor();
    await expectNoAxeViolations(phone, '#scan', 'code shown');
    await phone.context().close();

    const laptop = await newPage();
    await laptop.goto(scanUrl('resume'));
    await widget(laptop).getByRole('button', { name: 'Verder met een code' }).click();
    const input = widget(laptop).getByRole('textbox', { name: 'Je code' });
    await input.fill('ABCD');
    await widget(laptop).getByRole('button', { name: 'Ga verder' }).click();
    await widget(laptop).getByText('Deze code klopt niet.', { exact: false }).waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    await expectNoAxeViolations(laptop, '#scan', 'wrong code');
    await input.fill('ZZZZ-ZZZZ');
    await widget(laptop).getByRole('button', { name: 'Ga verder' }).click();
    await widget(laptop).getByText('We kennen deze code niet', { exact: false }).waitFor();
    // Typed as a person would: lower case, a space instead of the dash.
    await input.fill(code.toLowerCase().replace('-', ' '));
    await widget(laptop).getByRole('button', { name: 'Ga verder' }).click();
    await heading(laptop, 'Toegeruste politieke ambtsdragers').waitFor();
    await widget(laptop).getByText('Je antwoorden zijn teruggezet.', { exact: false }).waitFor();
    await widget(laptop).getByRole('button', { name: 'Vorige' }).click();
    assert.equal(await widget(laptop).getByRole('group', { name: /controleert het college/ })
      .getByRole('radio', { name: 'Oneens', exact: true }).isChecked(), true);
    await laptop.context().close();
  });

  test('offline, the submission fails with the answers kept; back online it is stored exactly once', async () => {
    const page = await newPage();
    await page.goto(scanUrl('offline'));
    await widget(page).getByRole('radio', { name: 'Inwoner' }).check();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await widget(page).getByRole('group', { name: /hoofdlijnen/ }).getByRole('radio', { name: 'Eens', exact: true }).check();
    await next(page, 9);
    await heading(page, 'Controleer je antwoorden').waitFor();

    await pastMinimumFillTime(page);
    await page.context().setOffline(true);
    await widget(page).getByRole('button', { name: 'Verstuur je antwoorden' }).click();
    await widget(page).getByRole('alert').getByText('er is geen verbinding met de server', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#scan', 'submission failed');
    assert.equal(responses('offline'), 0);

    await page.context().setOffline(false);
    await widget(page).getByRole('button', { name: 'Verstuur je antwoorden' }).click();
    await heading(page, 'Jouw uitkomst').waitFor();
    assert.equal(responses('offline'), 1);
    await page.context().close();
  });

  test('a server error, a server that never answers and a slow one: clear messages, answers kept, stored once', async () => {
    const page = await newPage();
    await page.goto(scanUrl('failures'));
    await widget(page).getByRole('radio', { name: 'Raadslid' }).check();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await widget(page).getByRole('group', { name: /hoofdlijnen/ }).getByRole('radio', { name: 'Niet eens, niet oneens' }).check();
    await next(page, 9);
    await heading(page, 'Controleer je antwoorden').waitFor();
    await pastMinimumFillTime(page);

    // 1: a 500 without storing; 2: stored, but the answer never comes (the widget gives up after 15 s);
    // 3: slow (3 s), then through. Every attempt carries the same Idempotency-Key.
    const keys = [];
    await page.route('**/v1/quickscans/e2e-failures/responses', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (keys.length === 1) {
        await route.fulfill({ status: 500, contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'urn:inspraak:problem:internal', title: 'Internal server error', status: 500 }) });
      } else if (keys.length === 2) {
        await route.fetch();
        await new Promise(() => {});
      } else {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await route.continue();
      }
    });
    const send = widget(page).getByRole('button', { name: 'Verstuur je antwoorden' });
    await send.click();
    await widget(page).getByRole('alert').getByText('Er ging iets mis bij ons.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#scan', 'server error on submit');
    await send.click();
    await widget(page).getByText('Je antwoorden worden verstuurd…').waitFor();
    // The widget gives up after 15 s; on a busy machine the message can take a while longer.
    await widget(page).getByRole('alert').getByText('De server antwoordt niet op tijd', { exact: false })
      .waitFor({ timeout: 15_000 + PATIENCE_MS });
    assert.equal(responses('failures'), 1, 'the second attempt did arrive');
    // The answers are still there.
    assert.match(await widget(page).locator('.review').innerText(), /Krachtige gemeenteraad\s+1 van 8 beantwoord/);
    await send.click();
    await widget(page).getByText('Je antwoorden worden verstuurd…').waitFor();
    await heading(page, 'Jouw uitkomst').waitFor();
    assert.equal(keys.length, 3);
    assert.equal(new Set(keys).size, 1, `one key for every attempt: ${keys}`);
    assert.equal(responses('failures'), 1, 'stored once');
    await page.context().close();
  });

  test('the result shows groups of at least the minimum only, in the chart and in the table', async () => {
    const { server } = env;
    const answer = (role, value) => ({ role, statements: { 'raad-koers': value, 'inw-optijd': value }, fill_seconds: 120 });
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await server.post('/quickscans/e2e-groups/responses', answer('inwoner', 'strongly_agree'))).status, 201);
      assert.equal((await server.post('/quickscans/e2e-groups/responses', answer('ambtenaar', 'disagree'))).status, 201);
    }
    const page = await newPage({ width: 375, height: 800 });
    await page.goto(scanUrl('groups', 'en'));
    await widget(page).getByRole('radio', { name: 'Councillor' }).check();
    await widget(page).getByRole('button', { name: 'Next' }).click();
    await widget(page).getByRole('group', { name: /main lines/ }).getByRole('radio', { name: 'Neither agree nor disagree' }).check();
    await next(page, 9, 'Next');
    await pastMinimumFillTime(page);
    await widget(page).getByRole('button', { name: 'Send your answers' }).click();
    await heading(page, 'Your result').waitFor();

    const table = widget(page).getByRole('table', { name: 'Scores per theme' });
    const header = await table.getByRole('row').first().innerText();
    // 7 respondents; the lone councillor is hidden, and so are the residents: with them shown, everyone minus
    // residents minus civil servants would reveal the councillor.
    assert.match(header, /Theme\s+You\s+Everyone \(7\)\s+Civil servant \(3\)\s+Your grade\s+Average grade/);
    assert.doesNotMatch(header, /Resident|Councillor/);
    const row = await table.getByRole('row').nth(1).innerText();
    // You 3.0; everyone (3×5 + 3×2 + 3) / 7 = 3.4; civil servants 2.0.
    assert.match(row, /A strong municipal council\s+3\.0\s+3\.4\s+2\.0/);
    await widget(page).getByText('There are too few answers from Resident, Councillor to show them separately', { exact: false }).waitFor();
    // The groups shown side by side per theme, beside the own profile: one bar per shown group, the table's figures.
    const compared = widget(page).locator('figure.roles');
    await compared.getByText('Per theme the groups side by side. The same figures are in the table below.').waitFor();
    assert.equal(await compared.locator('.chart-row').count(), 7, 'seven themes, one group shown');
    assert.match(await compared.locator('.chart-row').first().innerText(), /Civil servant\s+2\.0/);
    assert.equal(await widget(page).locator('figure.chart').first().locator('svg.chart-bars').count(), 7, 'the own profile stays');
    await expectNoAxeViolations(page, '#scan', 'result with hidden groups (phone)');
    // The result fits a 375px phone: only the table scrolls, inside its own focusable region.
    const overflow = await page.evaluate(() => {
      const wide = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.parentElement?.closest('.table-scroll')) {
            wide.push(`${el.tagName}.${el.className?.baseVal ?? el.className} ${Math.round(el.getBoundingClientRect().right)}`);
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return { by: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide: wide.slice(0, 8) };
    });
    assert.deepEqual(overflow, { by: 0, wide: [] });
    await page.context().close();
  });
});
