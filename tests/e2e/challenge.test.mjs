// The Right to Challenge intake as a residents' group meets it: the whole path by keyboard, every error path with
// its summary and focus, a reload half-way, contact details kept only when asked, attachments judged by their
// content, and a submission that fails (offline, or its answer lost) and is stored exactly once. axe audits every
// step, the errors, the review and the confirmation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, expectNoAxeViolations, newPage as freshPage } from './harness.mjs';

const FORMS = ['keyboard', 'errors', 'reload', 'offline', 'files'];
const env = environment(async ({ server }) => {
  for (const id of FORMS) {
    await server.admin('PUT', `/challenge-forms/e2e-${id}`, {
      id: `e2e-${id}`,
      municipality: 'Gemeente Voorbeeld',
      tasks: [
        { id: 'groenonderhoud', label: 'Onderhoud van het openbaar groen in de wijk' },
        { id: 'buurthuis', label: 'Beheer van een buurthuis' },
      ],
      free_text_task: true,
      decision_weeks: 8,
      privacy_url: 'https://www.voorbeeld.nl/privacy/uitdaagrecht',
      contact_email: 'uitdaagrecht@voorbeeld.nl',
      max_attachment_bytes: 4096,
      max_attachments: 2,
    });
  }
});
const newPage = (viewport) => freshPage(env.browser, viewport);
const formUrl = (id) => `${env.site.url}/challenge.html?form=e2e-${id}&lang=nl`;
const widget = (page) => page.locator('#challenge');
const heading = (page, name) => widget(page).getByRole('heading', { level: 2, name });
const submissions = (id) => Number(env.server.sql(`SELECT COUNT(*) FROM challenge_submissions WHERE form_id = 'e2e-${id}'`));

/** What has focus inside the widget: "tag#id", or "tag: text" for an element without id. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.querySelector('#challenge').shadowRoot.activeElement;
    if (!el) return 'nothing';
    return el.id ? `${el.tagName.toLowerCase()}#${el.id}` : `${el.tagName.toLowerCase()}: ${el.textContent.trim()}`;
  });
}

async function waitForFocus(page, pattern) {
  for (let i = 0; i < 100; i += 1) {
    if (pattern.test(await focused(page))) return;
    await page.waitForTimeout(20);
  }
  assert.match(await focused(page), pattern);
}

/** Presses Tab until focus is on what `pattern` describes (at most `max` presses). */
async function tabTo(page, pattern, max = 30) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (pattern.test(await focused(page))) return;
  }
  assert.fail(`Tab never reached ${pattern}; focus is on ${await focused(page)}`);
}

/** Tabs to the field and types into it, as a person would. */
async function typeInto(page, id, text) {
  await tabTo(page, new RegExp(`#${id}$`));
  await page.keyboard.type(text);
}

/** A date `days` from today as YYYY-MM-DD in the browser's time zone. */
const isoDate = (days) => {
  const d = new Date(Date.now() + days * 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** A complete application as the widget keeps it in its draft, at the review. */
function completeDraft(overrides = {}) {
  return {
    answers: {
      application: {
        initiative: { title: 'Groen in de Lindenbuurt', task: 'groenonderhoud', task_other: '', area: 'Lindenbuurt' },
        plan: { what: 'Wij onderhouden het plantsoen.', why_better: 'Wij wonen er.', social_value: 'Buren leren elkaar kennen.' },
        organisation: { name: 'Buurtvereniging De Linde', type: 'vereniging', type_other: '', kvk: '', experience: 'Tien jaar geveltuinen.' },
        support: { supporters: 120, how_shown: 'Handtekeningen', attachments: [] },
        costs: { estimate: '€ 12.500,50', budget: '10.000', start_date: isoDate(30), term_months: 24 },
        cooperation: { support_needed: 'Gereedschap', quality: 'Schouw', continuity: 'Reservevrijwilligers' },
        contact: { name: 'Fatima de Vries', email: 'fatima@example.nl', phone: '06-12345678', postcode: '1234 ab', consent: true },
        website: '',
        fill_seconds: 0,
      },
      counts: {},
      other_task: false,
      files: [],
    },
    step: 7,
    key: '',
    started_ms: Date.now() - 10 * 60 * 1000,
    remember: true,
    sent_seconds: null,
    ...overrides,
  };
}

/** Opens the form with `draft` in this browser, as if the resident had filled it in before. */
async function openWithDraft(page, id, draft) {
  await page.goto(formUrl(id));
  await heading(page, 'Het initiatief').waitFor();
  await page.evaluate(({ key, draft }) => localStorage.setItem(key, JSON.stringify({ saved_ms: Date.now(), value: draft })),
    { key: `inspraak:challenge:draft:${env.server.url}/v1:e2e-${id}`, draft });
  await page.reload();
}

async function noHorizontalScroll(page) {
  const by = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(by, 0, 'the page scrolls sideways');
}

describe('the Right to Challenge intake', () => {
  test('can be completed by keyboard alone, with every step, the review and the confirmation free of axe violations', async () => {
    const page = await newPage();
    const opened = Date.now();
    await page.goto(formUrl('keyboard'));
    await page.evaluate(() => {
      window.heard = [];
      document.addEventListener('inspraak:submitted', (event) => window.heard.push(event.detail));
    });
    await heading(page, 'Het initiatief').waitFor();
    await widget(page).getByText('Stap 1 van 8', { exact: true }).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 1');

    // Step 1: a title, a task from the list (Space chooses the focused option), the area; Enter goes on.
    await typeInto(page, 'initiative-title', 'Groen in de Lindenbuurt');
    await tabTo(page, /#initiative-task$/);
    await page.keyboard.press('Space');
    await typeInto(page, 'initiative-area', 'Lindenbuurt');
    await page.keyboard.press('Enter');

    await waitForFocus(page, /^h2#step-heading$/);
    await widget(page).getByText('Stap 2 van 8', { exact: true }).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 2');
    await typeInto(page, 'plan-what', 'Wij onderhouden het plantsoen aan de Lindelaan, elke week.');
    await typeInto(page, 'plan-why-better', 'Wij wonen er en zien meteen wat nodig is.');
    await typeInto(page, 'plan-social-value', 'Buren leren elkaar kennen.');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    await waitForFocus(page, /^h2#step-heading$/);
    await heading(page, 'Wie zijn jullie?').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 3');
    await typeInto(page, 'organisation-name', 'Buurtvereniging De Linde');
    await tabTo(page, /#organisation-type$/);
    await page.keyboard.press('ArrowDown'); // Vereniging → Stichting
    await typeInto(page, 'organisation-kvk', '12345678');
    await typeInto(page, 'organisation-experience', 'Tien jaar geveltuinen.');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    await heading(page, 'Draagvlak').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 4');
    await typeInto(page, 'support-supporters', '1.200');
    await typeInto(page, 'support-how-shown', 'Handtekeningen van de buren.');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    await heading(page, 'Kosten en planning').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 5');
    await typeInto(page, 'costs-estimate', '€ 12.500,50');
    await typeInto(page, 'costs-budget', '10000');
    // A date field in this browser (en-US) takes month, day and year.
    const start = isoDate(60);
    await tabTo(page, /#costs-start-date$/);
    await page.keyboard.type(`${start.slice(5, 7)}${start.slice(8, 10)}${start.slice(0, 4)}`);
    await typeInto(page, 'costs-term-months', '24');
    await page.keyboard.press('Enter');

    await heading(page, 'Samenwerking').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 6');
    await typeInto(page, 'cooperation-support-needed', 'Gereedschap en een container.');
    await typeInto(page, 'cooperation-quality', 'Een schouw met de gemeente, twee keer per jaar.');
    await typeInto(page, 'cooperation-continuity', 'Een reservelijst van vrijwilligers.');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    await heading(page, 'Contact en toestemming').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 7');
    await typeInto(page, 'contact-name', 'Fatima de Vries');
    await typeInto(page, 'contact-email', 'fatima@example.nl');
    await typeInto(page, 'contact-phone', '06 12345678');
    await typeInto(page, 'contact-postcode', '1234ab');
    await tabTo(page, /#contact-consent$/);
    await page.keyboard.press('Space');
    // The honeypot is never reached by Tab: from consent, the next stop is the navigation.
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'button: Vorige');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    await waitForFocus(page, /^h2#step-heading$/);
    await heading(page, 'Controleer je aanvraag').waitFor();
    const review = await widget(page).locator('.review').innerText();
    assert.match(review, /Welke taak willen jullie overnemen\?\s+Onderhoud van het openbaar groen in de wijk/);
    assert.match(review, /Wat voor groep zijn jullie\?\s+Stichting/);
    assert.match(review, /Wat kost het plan ongeveer\?\s+€ 12\.500,50/);
    assert.match(review, /Hoeveel geld vragen jullie aan de gemeente\?\s+€ 10\.000,00/);
    assert.match(review, /Bijlagen \(niet verplicht\)\s+Niet ingevuld/);
    await expectNoAxeViolations(page, '#challenge', 'review');

    // "Wijzig" leads to the field itself; Enter there comes straight back to the review.
    await tabTo(page, /^button: Wijzig Postcode$/, 80);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^input#contact-postcode$/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1234 AB');
    await page.keyboard.press('Enter');
    await heading(page, 'Controleer je aanvraag').waitFor();
    assert.match(await widget(page).locator('.review').innerText(), /Postcode\s+1234 AB/);

    // People take longer than ten seconds; the server refuses faster submissions.
    await page.waitForTimeout(Math.max(0, opened + 10_500 - Date.now()));
    await tabTo(page, /^button: Verstuur je aanvraag$/, 80);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^h2: Je aanvraag is verstuurd$/);
    const reference = await widget(page).locator('.reference').innerText();
    assert.match(reference, new RegExp(`^UR-${new Date().getFullYear()}-0001$`));
    await widget(page).getByText('neemt binnen 8 weken een besluit, uiterlijk op', { exact: false }).waitFor();
    await widget(page).getByRole('link', { name: 'uitdaagrecht@voorbeeld.nl' }).waitFor();
    await widget(page).getByRole('button', { name: 'Afdrukken' }).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'confirmation');
    assert.deepEqual(await page.evaluate(() => window.heard), [{ form: 'e2e-keyboard', reference }]);

    assert.equal(submissions('keyboard'), 1);
    const stored = JSON.parse(env.server.sql("SELECT body FROM challenge_submissions WHERE form_id = 'e2e-keyboard'"));
    assert.equal(stored.organisation.type, 'stichting');
    assert.equal(stored.support.supporters, 1200);
    assert.equal(stored.costs.start_date, start);
    assert.equal(stored.contact.postcode, '1234 AB');
    assert.equal(stored.website, '');
    assert.ok(stored.fill_seconds >= 10, `fill_seconds ${stored.fill_seconds}`);

    // The confirmation prints with its summary and without the buttons.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await widget(page).getByRole('button', { name: 'Afdrukken' }).isVisible(), false);
    assert.equal(await widget(page).getByText('Groen in de Lindenbuurt').first().isVisible(), true);
    await page.emulateMedia({ media: 'screen' });

    // A reload shows the confirmation again, not an empty form.
    await page.reload();
    await heading(page, 'Je aanvraag is verstuurd').waitFor();
    assert.equal(await widget(page).locator('.reference').innerText(), reference);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
