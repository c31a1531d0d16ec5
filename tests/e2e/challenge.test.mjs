// The Right to Challenge intake as a residents' group meets it: the whole path by keyboard, every error path with
// its summary and focus, a reload half-way, contact details kept only when asked, attachments judged by their
// content, and a submission that fails (offline, or its answer lost) and is stored exactly once. axe audits every
// step, the errors, the review and the confirmation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  environment, expectNoAxeViolations, newPage as freshPage, pastMinimumFillTime, until,
} from './harness.mjs';

const FORMS = ['keyboard', 'errors', 'reload', 'offline', 'files', 'english'];
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
  // A verordening with its own rules: who may apply, a tie with the neighbourhood, 18 weeks' lead time, the task's
  // current cost, and other questions than the default.
  await server.admin('PUT', '/challenge-forms/e2e-rules', {
    id: 'e2e-rules',
    municipality: 'Gemeente Voorbeeld',
    tasks: [{ id: 'groenonderhoud', label: 'Onderhoud van het openbaar groen', cost: '€ 40.000 per jaar' }],
    free_text_task: false,
    privacy_url: 'https://www.voorbeeld.nl/privacy/uitdaagrecht',
    contact_email: 'uitdaagrecht@voorbeeld.nl',
    max_attachments: 0,
    applicant_types: ['bewonersgroep', 'rechtspersoon'],
    neighbourhood_tie: true,
    lead_weeks: 18,
    questions: ['target_group', 'execution', 'funding'],
  });
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
  await until(async () => pattern.test(await focused(page)));
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

/** A date `days` from today the Dutch way (d-m-jjjj), as a resident types it. */
const dutchDate = (days) => {
  const d = new Date(Date.now() + days * 86400000);
  return `${d.getDate()}-${d.getMonth() + 1}-${d.getFullYear()}`;
};

/** A complete application as the widget keeps it in its draft, at the review. */
function completeDraft(overrides = {}) {
  return {
    answers: {
      application: {
        initiative: { title: 'Groen in de Lindenbuurt', task: 'groenonderhoud', task_other: '', area: 'Lindenbuurt' },
        plan: { what: 'Wij onderhouden het plantsoen.', why_better: 'Wij wonen er.', social_value: 'Buren leren elkaar kennen.' },
        organisation: { name: 'Buurtvereniging De Linde', type: 'vereniging', type_other: '', kvk: '', experience: 'Tien jaar geveltuinen.', address: 'Lindenlaan 1', postcode: '1234 AB', place: 'Voorbeeld' },
        support: { supporters: 120, how_shown: 'Handtekeningen', attachments: [] },
        costs: { estimate: '€ 12.500,50', budget: '10.000', start_date: isoDate(30), term_months: 24 },
        cooperation: { support_needed: 'Gereedschap', quality: 'Schouw', continuity: 'Reservevrijwilligers' },
        contact: { name: 'Fatima de Vries', email: 'fatima@example.nl', phone: '06-12345678', address: 'Lindenlaan 12', postcode: '1234 ab', place: 'Voorbeeld', authorised: true, consent: true },
        website: '',
        fill_seconds: 0,
      },
      counts: {},
      other_task: false,
      files: [],
    },
    step: 7,
    remember: true,
    sending: { key: '', started_ms: Date.now() - 10 * 60 * 1000, sent_seconds: null },
    ...overrides,
  };
}

/** Opens the form with `draft` in this browser, as if the resident had filled it in before. */
async function openWithDraft(page, id, draft) {
  await page.goto(formUrl(id));
  await widget(page).getByRole('heading', { level: 2 }).waitFor();
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
    // A stichting has an address of its own (Awb 4:2).
    await typeInto(page, 'organisation-address', 'Lindenlaan 1');
    await typeInto(page, 'organisation-postcode', '1234 AB');
    await typeInto(page, 'organisation-place', 'Voorbeeld');
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
    // Typed the Dutch way, day-month-year, whatever the browser's language; sent as YYYY-MM-DD.
    const start = isoDate(60);
    await widget(page).getByText('Schrijf dag-maand-jaar. Bijvoorbeeld 1-3-2027.').waitFor();
    await typeInto(page, 'costs-start-date', dutchDate(60));
    await typeInto(page, 'costs-term-months', '24');
    await page.keyboard.press('Enter');

    await heading(page, 'Samenwerking').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 6');
    await typeInto(page, 'cooperation-support-needed', 'Gereedschap en een container.');
    await typeInto(page, 'cooperation-quality', 'Een schouw met de gemeente, twee keer per jaar.');
    await typeInto(page, 'cooperation-continuity', 'Een reservelijst van vrijwilligers.');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    await heading(page, 'Contact en ondertekening').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'step 7');
    await typeInto(page, 'contact-name', 'Fatima de Vries');
    await typeInto(page, 'contact-email', 'fatima@example.nl');
    await typeInto(page, 'contact-phone', '06 12345678');
    await typeInto(page, 'contact-address', 'Lindenlaan 12');
    await typeInto(page, 'contact-postcode', '1234ab');
    await typeInto(page, 'contact-place', 'Voorbeeld');
    await tabTo(page, /#contact-authorised$/);
    await page.keyboard.press('Space');
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

    // People take longer than ten seconds; the widget and the server refuse faster submissions.
    await pastMinimumFillTime(page, 'challenge', 10);
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

    // A reload shows the confirmation again, not an empty form: focus stays where the page has it, and a polite
    // live region, filled after the confirmation is drawn, says what this is.
    await page.reload();
    await heading(page, 'Je aanvraag is verstuurd').waitFor();
    assert.equal(await widget(page).locator('.reference').innerText(), reference);
    const announcement = widget(page).locator('[role="status"][aria-live="polite"]', { hasText: `Je aanvraag ${reference} is al verstuurd.` });
    await announcement.waitFor({ state: 'attached' });
    assert.equal(await focused(page), 'nothing');
    await expectNoAxeViolations(page, '#challenge', 'confirmation shown again');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('each error path shows the summary, links to the field, and ties each message to it', async () => {
    const page = await newPage();
    await page.goto(formUrl('errors'));
    await heading(page, 'Het initiatief').waitFor();

    // "Volgende" with nothing filled in: the summary takes focus and counts what is wrong.
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await waitForFocus(page, /^div: Er gaan 3 dingen mis/);
    await expectNoAxeViolations(page, '#challenge', 'step 1 with errors');
    const title = widget(page).getByRole('textbox', { name: 'Naam van jullie initiatief' });
    assert.equal(await title.getAttribute('aria-invalid'), 'true');
    assert.equal(await title.getAttribute('aria-describedby'), 'initiative-title-hint initiative-title-error');
    // Tab reaches the first link; Enter puts focus in its field. The task's link reaches its first option.
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'a: Geef jullie initiatief een naam, bijvoorbeeld ‘Groen in de Lindenbuurt’.');
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^input#initiative-title$/);
    await widget(page).getByRole('link', { name: 'Kies de taak die jullie willen overnemen.' }).click();
    await waitForFocus(page, /^input#initiative-task$/);
    // Typing fixes a message as soon as it is right; the summary follows.
    await title.fill('Speeltuin De Eik');
    await widget(page).getByText('Er gaan 2 dingen mis').waitFor();
    assert.equal(await title.getAttribute('aria-invalid'), null);

    // "Een andere taak" asks which; the task and area are filled in, so the step goes on.
    await widget(page).getByRole('radio', { name: 'Een andere taak' }).check();
    await widget(page).getByRole('textbox', { name: 'Welke taak?' }).fill('Beheer van de speeltuin');
    await widget(page).getByRole('textbox', { name: 'Buurt of wijk' }).fill('De Eik');
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Het plan').waitFor();

    // Tabbing through fields nobody typed in turns nothing red (the resident has not tried yet) ...
    const what = widget(page).getByRole('textbox', { name: 'Wat gaan jullie doen?' });
    await what.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await widget(page).locator('[aria-invalid="true"]').count(), 0, 'no field marked before anything was typed');
    // ... but leaving a field emptied after typing says so at once, under the field.
    await what.fill('Wij');
    await what.fill('');
    await what.focus();
    await page.keyboard.press('Tab');
    await widget(page).locator('#plan-what-error').getByText('Vertel wat jullie gaan doen.').waitFor();
    assert.equal(await widget(page).locator('.error-summary').isVisible(), false, 'no summary before "Volgende"');

    // Step 5 with amounts, a date and a term a Dutch reader would misread or that cannot be.
    await openWithDraft(page, 'errors', completeDraft({ step: 4 }));
    await heading(page, 'Kosten en planning').waitFor();
    await widget(page).getByRole('textbox', { name: 'Wat kost het plan ongeveer?' }).fill('12,500.50');
    await widget(page).getByRole('textbox', { name: 'Hoeveel geld vragen jullie aan de gemeente?' }).fill('tienduizend');
    await widget(page).getByLabel('Wanneer willen jullie beginnen?').fill(dutchDate(-1));
    await widget(page).getByRole('textbox', { name: 'Hoeveel maanden' }).fill('twee jaar');
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await waitForFocus(page, /^div: Er gaan 4 dingen mis/);
    const summary = await widget(page).locator('.error-summary').innerText();
    assert.match(summary, /Het bedrag is niet duidelijk: gebruik een komma voor centen en punten voor duizendtallen, zoals 12\.500,50\./);
    assert.match(summary, /Het bedrag is niet duidelijk: schrijf 12\.500,50 of 12500\./);
    assert.match(summary, /De startdatum ligt in het verleden\./);
    assert.match(summary, /Vul alleen cijfers in, bijvoorbeeld 24\./);
    await expectNoAxeViolations(page, '#challenge', 'step 5 with errors');
    await widget(page).getByRole('link', { name: /De startdatum ligt in het verleden/ }).click();
    await waitForFocus(page, /^input#costs-start-date$/);
    // A budget above the estimate is named on the budget.
    await widget(page).getByRole('textbox', { name: 'Wat kost het plan ongeveer?' }).fill('€ 1.000');
    await widget(page).getByRole('textbox', { name: 'Hoeveel geld vragen jullie aan de gemeente?' }).fill('1.500,-');
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await widget(page).locator('#costs-budget-error').getByText('Het gevraagde bedrag is hoger dan de kosten.', { exact: false }).waitFor();
    // A day that does not exist is named as such, not as a wrong format.
    await widget(page).getByLabel('Wanneer willen jullie beginnen?').fill('31-4-2030');
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await widget(page).locator('#costs-start-date-error').getByText('Deze datum bestaat niet. Kijk de dag en de maand na.').waitFor();

    // Step 7: a postcode, phone and e-mail as people mistype them, and no consent.
    await openWithDraft(page, 'errors', completeDraft({ step: 6, remember: true, answers: { ...completeDraft().answers,
      application: { ...completeDraft().answers.application,
        contact: { name: 'Fatima', email: 'fatima@', phone: '12345', address: 'Lindenlaan 12', postcode: '12345',
          place: 'Voorbeeld', authorised: true, consent: false } } } }));
    await heading(page, 'Contact en ondertekening').waitFor();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await waitForFocus(page, /^div: Er gaan 4 dingen mis/);
    const contact = await widget(page).locator('.error-summary').innerText();
    assert.match(contact, /Vul een e-mailadres in zoals naam@voorbeeld\.nl\./);
    assert.match(contact, /Vul een Nederlands telefoonnummer in/);
    assert.match(contact, /Vul een postcode in zoals 1234 AB\./);
    assert.match(contact, /Zet een vinkje als je de privacyverklaring hebt gelezen\./);
    await expectNoAxeViolations(page, '#challenge', 'step 7 with errors');
    await widget(page).getByRole('link', { name: /de privacyverklaring hebt gelezen/ }).click();
    await waitForFocus(page, /^input#contact-consent$/);
    const privacy = widget(page).getByRole('link', { name: 'Lees de privacyverklaring (opent in een nieuw tabblad)' });
    assert.equal(await privacy.getAttribute('target'), '_blank');
    assert.equal(await privacy.getAttribute('href'), 'https://www.voorbeeld.nl/privacy/uitdaagrecht');

    // The server's 422 is shown the same way, at the step of the field: an upload that is gone.
    const gone = { id: 'ab'.repeat(16), file_name: 'handtekeningen.pdf', content_type: 'application/pdf', bytes: 2000 };
    const draft = completeDraft();
    draft.answers.files = [gone];
    draft.answers.application.support.attachments = [gone.id];
    await openWithDraft(page, 'errors', draft);
    await heading(page, 'Controleer je aanvraag').waitFor();
    await widget(page).getByRole('button', { name: 'Verstuur je aanvraag' }).click();
    await heading(page, 'Draagvlak').waitFor();
    await waitForFocus(page, /^div: Er gaat 1 ding mis/);
    await widget(page).locator('.error-summary').getByText('De bijlage handtekeningen.pdf is niet meer op de server', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'server error on step 4');
    await widget(page).getByRole('button', { name: 'Verwijder handtekeningen.pdf' }).click();
    await widget(page).getByRole('button', { name: 'Terug naar het overzicht' }).click();
    await heading(page, 'Controleer je aanvraag').waitFor();
    await widget(page).getByRole('button', { name: 'Verstuur je aanvraag' }).click();
    await heading(page, 'Je aanvraag is verstuurd').waitFor();
    assert.equal(submissions('errors'), 1);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a reload at step 5 restores steps 1–4; contact details stay only when asked; the draft can be deleted', async () => {
    const page = await newPage();
    await page.goto(formUrl('reload'));
    const next = () => widget(page).getByRole('button', { name: 'Volgende' }).click();
    await widget(page).getByRole('textbox', { name: 'Naam van jullie initiatief' }).fill('Ommetje Oost');
    await widget(page).getByRole('radio', { name: 'Beheer van een buurthuis' }).check();
    await widget(page).getByRole('textbox', { name: 'Buurt of wijk' }).fill('Oost');
    await next();
    await widget(page).getByRole('textbox', { name: 'Wat gaan jullie doen?' }).fill('Het buurthuis openen.');
    await widget(page).getByRole('textbox', { name: /beter of goedkoper/ }).fill('Vrijwilligers.');
    await widget(page).getByRole('textbox', { name: /Wat levert het op/ }).fill('Ontmoeting.');
    await next();
    await widget(page).getByRole('textbox', { name: 'Naam van jullie groep of organisatie' }).fill('Stichting Oost');
    await widget(page).getByRole('radio', { name: 'Anders' }).check();
    await widget(page).getByRole('textbox', { name: 'Wat voor groep?' }).fill('Buurtcoöperatie in oprichting');
    await widget(page).getByRole('textbox', { name: /kennis en ervaring/ }).fill('Wij runnen al een moestuin.');
    await widget(page).getByRole('textbox', { name: /^Adres van de organisatie/ }).fill('Oostplein 3');
    await widget(page).getByRole('textbox', { name: 'Postcode van de organisatie' }).fill('1234 AB');
    await widget(page).getByRole('textbox', { name: 'Plaats van de organisatie' }).fill('Voorbeeld');
    await next();
    await widget(page).getByRole('textbox', { name: /Hoeveel mensen/ }).fill('85');
    await widget(page).getByRole('textbox', { name: /Hoe laten jullie/ }).fill('Een bewonersavond.');
    await next();
    await heading(page, 'Kosten en planning').waitFor();

    await page.reload();
    await heading(page, 'Kosten en planning').waitFor();
    await widget(page).getByText('We hebben wat je eerder invulde op dit apparaat teruggezet.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'restored after reload');
    const back = () => widget(page).getByRole('button', { name: 'Vorige' }).click();
    await back();
    assert.equal(await widget(page).getByRole('textbox', { name: /Hoeveel mensen/ }).inputValue(), '85');
    await back();
    assert.equal(await widget(page).getByRole('textbox', { name: 'Wat voor groep?' }).inputValue(), 'Buurtcoöperatie in oprichting');
    assert.equal(await widget(page).getByRole('radio', { name: 'Anders' }).isChecked(), true);
    await back();
    assert.equal(await widget(page).getByRole('textbox', { name: 'Wat gaan jullie doen?' }).inputValue(), 'Het buurthuis openen.');
    await back();
    assert.equal(await widget(page).getByRole('textbox', { name: 'Naam van jullie initiatief' }).inputValue(), 'Ommetje Oost');
    assert.equal(await widget(page).getByRole('radio', { name: 'Beheer van een buurthuis' }).isChecked(), true);

    // Contact details without "onthoud mijn gegevens": not in the draft, so gone after a reload.
    const stored = () => page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes(':draft:')).map(([, v]) => v).join(''));
    // When the draft was last saved: the widget saves it after each change, a moment after the change.
    const savedAt = () => page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes(':draft:'))
      .map(([, v]) => JSON.parse(v).saved_ms).join());
    const savedSince = async (before) => assert.ok(await until(async () => (await savedAt()) !== before), 'the draft was saved');
    await openWithDraft(page, 'reload', { ...completeDraft({ step: 6, remember: false }) });
    await heading(page, 'Contact en ondertekening').waitFor();
    const before = await savedAt();
    await widget(page).getByRole('textbox', { name: 'Naam contactpersoon' }).fill('Jan Jansen');
    await widget(page).getByRole('textbox', { name: 'E-mailadres' }).fill('jan@example.nl');
    await savedSince(before);
    assert.doesNotMatch(await stored(), /Jan Jansen|jan@example/);
    await page.reload();
    await heading(page, 'Contact en ondertekening').waitFor();
    assert.equal(await widget(page).getByRole('textbox', { name: 'Naam contactpersoon' }).inputValue(), '');
    // Ticked, they are kept.
    await widget(page).getByRole('textbox', { name: 'Naam contactpersoon' }).fill('Jan Jansen');
    await widget(page).getByRole('checkbox', { name: 'Onthoud mijn gegevens op dit apparaat' }).check();
    await until(async () => /Jan Jansen/.test(await stored()));
    assert.match(await stored(), /Jan Jansen/);
    await page.reload();
    await heading(page, 'Contact en ondertekening').waitFor();
    assert.equal(await widget(page).getByRole('textbox', { name: 'Naam contactpersoon' }).inputValue(), 'Jan Jansen');

    // "Concept verwijderen" asks first; then everything is gone, also after a reload.
    await widget(page).getByRole('button', { name: 'Concept verwijderen' }).click();
    await waitForFocus(page, /^button: Nee, bewaar het$/);
    await expectNoAxeViolations(page, '#challenge', 'asking before deleting the draft');
    await widget(page).getByRole('button', { name: 'Ja, verwijder het concept' }).click();
    await heading(page, 'Het initiatief').waitFor();
    await waitForFocus(page, /^h2#step-heading$/);
    await widget(page).getByText('Je concept is verwijderd.', { exact: false }).waitFor();
    assert.doesNotMatch(await stored(), /Jan Jansen|Ommetje/);
    await page.reload();
    await heading(page, 'Het initiatief').waitFor();
    assert.equal(await widget(page).getByRole('textbox', { name: 'Naam van jullie initiatief' }).inputValue(), '');
    assert.equal(await widget(page).getByText('teruggezet', { exact: false }).count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('offline, or with its answer lost, the application is kept and stored exactly once; a phone does not scroll sideways', async () => {
    const page = await newPage({ width: 375, height: 800 });
    await openWithDraft(page, 'offline', completeDraft());
    await heading(page, 'Controleer je aanvraag').waitFor();
    await noHorizontalScroll(page);
    const send = () => widget(page).getByRole('button', { name: 'Verstuur je aanvraag' }).click();

    await page.context().setOffline(true);
    await send();
    await widget(page).getByRole('alert').getByText('er is geen verbinding met de server', { exact: false }).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'submission failed offline');
    assert.equal(submissions('offline'), 0);
    await page.context().setOffline(false);

    // A server error: said as such, nothing stored, everything kept.
    await page.route('**/submissions', (route) => route.fulfill({ status: 500, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'urn:inspraak:problem:internal', title: 'Internal server error', status: 500 }) }));
    await send();
    await widget(page).getByRole('alert').getByText('fout bij de server', { exact: false }).waitFor();
    assert.equal(submissions('offline'), 0);
    await page.unroute('**/submissions');

    // The server stores it but the answer never arrives: the retry carries the same key and body.
    await page.route('**/submissions', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await send();
    await widget(page).getByRole('alert').getByText('er is geen verbinding met de server', { exact: false }).waitFor();
    assert.equal(submissions('offline'), 1);
    await page.unroute('**/submissions');
    // Even after a reload.
    await page.reload();
    await heading(page, 'Controleer je aanvraag').waitFor();
    await send();
    await heading(page, 'Je aanvraag is verstuurd').waitFor();
    assert.equal(submissions('offline'), 1);
    assert.match(await widget(page).locator('.reference').innerText(), /^UR-\d{4}-0001$/);
    await expectNoAxeViolations(page, '#challenge', 'confirmation (phone)');
    await noHorizontalScroll(page);
    await widget(page).getByRole('button', { name: 'Nog een aanvraag indienen' }).click();
    await heading(page, 'Het initiatief').waitFor();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await waitForFocus(page, /^div: Er gaan 3 dingen mis/);
    await noHorizontalScroll(page);
    await page.context().close();
  });

  test('attachments are uploaded as chosen and judged by their content, not their name', async () => {
    const page = await newPage();
    await openWithDraft(page, 'files', completeDraft({ step: 3 }));
    await heading(page, 'Draagvlak').waitFor();
    const input = widget(page).getByLabel('Bijlagen (niet verplicht)');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

    // A PNG named plan.pdf, and text named notulen.pdf: both refused in Dutch, nothing listed.
    await input.setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: png });
    await widget(page).getByText('Dit bestand is geen PDF, JPEG of PNG: plan.pdf.', { exact: false }).waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await input.getAttribute('aria-describedby'), /support-attachments-error/);
    await expectNoAxeViolations(page, '#challenge', 'refused upload');
    await input.setInputFiles({ name: 'notulen.pdf', mimeType: 'application/pdf', buffer: Buffer.from('gewoon tekst') });
    await widget(page).getByText('Dit bestand is geen PDF, JPEG of PNG: notulen.pdf.', { exact: false }).waitFor();
    // Too large for this form (4 kB): refused before it is sent.
    await input.setInputFiles({ name: 'groot.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([pdf, Buffer.alloc(5000)]) });
    await widget(page).getByText('groot.pdf is te groot. Een bijlage mag hoogstens 4 kB zijn.').waitFor();

    // A real PDF and PNG are listed; the form takes two, so the input is then closed.
    await input.setInputFiles([
      { name: 'handtekeningen.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'plein.png', mimeType: 'image/png', buffer: png },
    ]);
    await widget(page).getByRole('button', { name: 'Verwijder plein.png' }).waitFor();
    await widget(page).getByRole('button', { name: 'Verwijder handtekeningen.pdf' }).waitFor();
    assert.equal(await input.isDisabled(), true);
    await expectNoAxeViolations(page, '#challenge', 'two uploads');
    await widget(page).getByRole('button', { name: 'Verwijder plein.png' }).click();
    await waitForFocus(page, /^input#support-attachments$/);

    // They survive a reload and go with the application.
    await page.reload();
    await widget(page).getByRole('button', { name: 'Verwijder handtekeningen.pdf' }).waitFor();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    for (let step = 0; step < 3; step += 1) await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Controleer je aanvraag').waitFor();
    assert.match(await widget(page).locator('.review').innerText(), /Bijlagen \(niet verplicht\)\s+handtekeningen\.pdf/);
    await widget(page).getByRole('button', { name: 'Verstuur je aanvraag' }).click();
    await heading(page, 'Je aanvraag is verstuurd').waitFor();
    assert.equal(env.server.sql("SELECT file_name FROM challenge_attachments WHERE form_id = 'e2e-files' AND reference IS NOT NULL"), 'handtekeningen.pdf');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
  test('an English-language browser still shows and takes the date as d-m-jjjj', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (error) => page.errors.push(error.message));
    await openWithDraft(page, 'english', completeDraft({ step: 4, answers: { ...completeDraft().answers,
      application: { ...completeDraft().answers.application, costs: { ...completeDraft().answers.application.costs,
        start_date: '2031-03-01' } } } }));
    await heading(page, 'Kosten en planning').waitFor();
    assert.equal(await page.evaluate(() => navigator.language), 'en-US');
    const date = widget(page).getByRole('textbox', { name: 'Wanneer willen jullie beginnen?' });
    assert.equal(await date.getAttribute('type'), 'text');
    assert.equal(await date.getAttribute('inputmode'), 'numeric');
    // A date kept from before is shown the Dutch way, with the format hint tied to the field.
    assert.equal(await date.inputValue(), '1-3-2031');
    assert.match(await date.getAttribute('aria-describedby'), /costs-start-date-hint/);
    await widget(page).getByText('Schrijf dag-maand-jaar. Bijvoorbeeld 1-3-2027.').waitFor();
    // A US-style date is refused with the Dutch format named; the Dutch one is taken.
    await date.fill('03/31/2031');
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await widget(page).locator('#costs-start-date-error').getByText('Deze datum bestaat niet. Kijk de dag en de maand na.').waitFor();
    await date.fill('3-1-2031');
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Samenwerking').waitFor();
    const draft = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes(':draft:')).map(([, v]) => JSON.parse(v).value)[0]);
    assert.equal(draft.answers.application.costs.start_date, '2031-01-03');
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test("a municipality's own rules: only its questions and applicant types, its lead time, and each task's cost", async () => {
    const page = await newPage();
    const base = completeDraft().answers.application;
    await openWithDraft(page, 'rules', completeDraft({ step: 0, answers: { ...completeDraft().answers, application: {
      ...base, costs: { ...base.costs, term_months: null }, organisation: { ...base.organisation, type: null } } } }));
    await heading(page, 'Het initiatief').waitFor();
    // The task shows what it costs now; the tie with the neighbourhood is asked.
    assert.ok(await widget(page).getByRole('radio', { name: 'Onderhoud van het openbaar groen (nu: € 40.000 per jaar)' }).isChecked());
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await waitForFocus(page, /^div: Er gaat 1 ding mis|^div: 1 vraag/);
    await expectNoAxeViolations(page, '#challenge', 'rules: step 1 with the tie missing');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^textarea#initiative-tie$/);
    await page.keyboard.type('We wonen allemaal in de Lindenbuurt.');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    // The plan: the target group, and doing it yourself or having it done, by keyboard.
    await heading(page, 'Het plan').waitFor();
    await expectNoAxeViolations(page, '#challenge', 'rules: step 2');
    await typeInto(page, 'plan-target-group', 'Buren, ongeveer 300 mensen.');
    await tabTo(page, /#plan-execution$/);
    await page.keyboard.press('Space');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');

    // Only the applicant types the verordening allows; a residents' group gives no organisation address.
    await heading(page, 'Wie zijn jullie?').waitFor();
    const types = await widget(page).locator('#organisation-type-group input[type="radio"]').evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.deepEqual(types, ['vereniging', 'stichting', 'cooperatie', 'bewonersgroep']);
    await widget(page).getByRole('radio', { name: 'Bewonersgroep zonder rechtsvorm' }).check();
    assert.equal(await widget(page).getByRole('textbox', { name: /Adres van de organisatie/ }).count(), 0);
    await widget(page).getByRole('radio', { name: 'Vereniging' }).check();
    await widget(page).getByRole('textbox', { name: /Adres van de organisatie/ }).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'rules: step 3 with the organisation address');
    await widget(page).getByRole('radio', { name: 'Bewonersgroep zonder rechtsvorm' }).check();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Draagvlak').waitFor();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();

    // No duration asked; funding is; a start within the 18 weeks is refused with the first allowed day.
    await heading(page, 'Kosten en planning').waitFor();
    assert.equal(await widget(page).getByRole('textbox', { name: /Hoeveel maanden/ }).count(), 0);
    await widget(page).getByRole('textbox', { name: 'Wat betalen jullie zelf, en welk ander geld krijgen jullie?' }).fill('Eigen uren');
    await widget(page).getByLabel('Wanneer willen jullie beginnen?').fill(dutchDate(30));
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await widget(page).locator('#costs-start-date-error').getByText(`De gemeente vraagt minstens 18 weken tussen je aanvraag en de start. Kies ${dutchDate(18 * 7)} of later.`).waitFor();
    await expectNoAxeViolations(page, '#challenge', 'rules: step 5 too soon');
    await widget(page).getByLabel('Wanneer willen jullie beginnen?').fill(dutchDate(18 * 7 + 1));
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Samenwerking').waitFor();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Contact en ondertekening').waitFor();
    await widget(page).getByRole('button', { name: 'Volgende' }).click();
    await heading(page, 'Controleer je aanvraag').waitFor();
    const review = await widget(page).locator('.review').innerText();
    assert.match(review, /Ja, we doen de taak zelf\./);
    assert.match(review, /Ik mag deze aanvraag doen|Ondertekening\s+Ja/);
    await expectNoAxeViolations(page, '#challenge', 'rules: review');
    await pastMinimumFillTime(page, 'challenge', 10);
    await widget(page).getByRole('button', { name: 'Verstuur je aanvraag' }).click();
    await heading(page, 'Je aanvraag is verstuurd').waitFor();
    const stored = JSON.parse(env.server.sql("SELECT body FROM challenge_submissions WHERE form_id = 'e2e-rules'"));
    assert.equal(stored.organisation.type, 'bewonersgroep');
    assert.equal(stored.organisation.address, '', 'no organisation address for a group without legal form');
    assert.equal(stored.costs.term_months, undefined);
    assert.equal(stored.plan.execution, 'zelf');
    assert.equal(stored.initiative.tie, 'We wonen allemaal in de Lindenbuurt.');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
