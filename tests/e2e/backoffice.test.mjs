// The back office at /admin/ as the people in the town hall use it, in Debian's Chromium against the release server
// on loopback with a real SQLite file: a communication adviser makes a poll, pastes its embed code on the municipality's
// site, a resident votes there and the adviser reads the results; a second tab is told about an edit it did not see;
// a case handler takes an application from the inbox to a decision and cannot reach the polls; a griffier records
// progress and runs a quick scan round; a beheerder manages accounts and reads the audit trail; an ended session goes
// back to the login and returns to where it was. Every state is audited with axe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environment, expectNoAxeViolations, newPage as freshPage, startHostSite, startServer, launchBrowser, until } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverBinary = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'release', 'inspraak-server');
const PASSWORD = 'een lang wachtwoord voor de test';
const demo = (file) => join(root, 'demo', file);
const adminArgs = ['--admin-dir', join(root, 'pkg-admin'), '--seed-challenge', demo('sample-challenge-form.json'),
  '--seed-progress', demo('sample-progress.json'), '--seed-quickscan', demo('sample-quickscan.json')];

/** Makes an account with the command line, as the first beheerder is made (`account create`). */
function account(server, name, role) {
  execFileSync(serverBinary, ['account', 'create', name, '--role', role, '--password-stdin', '--database', server.database],
    { input: `${PASSWORD}\n`, encoding: 'utf8' });
}

const env = environment(async ({ server }) => {
  account(server, 'redactie', 'redacteur');
  account(server, 'zaak', 'behandelaar');
  account(server, 'beheer', 'beheerder');
}, { args: adminArgs });

async function newPage(browser = env.browser) {
  const page = await freshPage(browser, { width: 1280, height: 900 });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  return page;
}

/** The back office's main region and skip link are what axe audits: the whole page. */
const audit = (page, state) => expectNoAxeViolations(page, 'body', state);

async function logIn(page, name, url = `${env.server.url}/admin/`) {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await page.getByLabel('Accountnaam').fill(name);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByText(/^Ingelogd als /).waitFor();
}

describe('the back office', () => {
  test('serves its own page under a strict policy, and asks to log in', async () => {
    const response = await fetch(`${env.server.url}/admin/peilingen`);
    assert.equal(response.status, 200);
    const policy = response.headers.get('content-security-policy');
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    assert.match(await response.text(), /<script type="module" src="\/admin\/boot.js">/);
    const loader = await (await fetch(`${env.server.url}/widgets/inspraak.js`)).text();
    assert.doesNotMatch(loader, /admin/, 'the widget loader never fetches the back office');

    const page = await newPage();
    await page.goto(`${env.server.url}/admin/`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/inloggen');
    await audit(page, 'login');
    // Nothing filled in: the summary names both fields and takes focus.
    await page.getByRole('button', { name: 'Inloggen' }).click();
    const summary = page.getByRole('group', { name: '2 velden zijn nog niet goed ingevuld' });
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
    assert.equal(await page.getByLabel('Accountnaam').getAttribute('aria-invalid'), 'true');
    await audit(page, 'login with errors');
    // A wrong password says no more than a wrong name.
    await page.getByLabel('Accountnaam').fill('redactie');
    await page.getByLabel('Wachtwoord').fill('niet het goede wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('De accountnaam of het wachtwoord klopt niet.').waitFor();
    await audit(page, 'wrong login');
    // English is a click away, and stays chosen.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-GB');
    await audit(page, 'login in English');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a communication adviser makes a poll, puts it on the site, and reads the votes', async () => {
    const page = await newPage();
    await logIn(page, 'redactie');
    await page.getByRole('heading', { level: 1, name: 'Peilingen' }).waitFor();
    await page.getByText('Er zijn nog geen peilingen.').waitFor();
    await audit(page, 'empty poll list');

    await page.getByRole('link', { name: 'Nieuwe peiling maken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe peiling' }).waitFor();
    const preview = page.locator('.preview-host');
    await preview.getByRole('heading', { name: 'Hier komt je vraag' }).waitFor();
    await audit(page, 'new poll');

    // Saved too soon: the server's invalidParams show at the fields, and what was typed stays.
    await page.getByLabel('Vraag', { exact: true }).fill('Welke boom planten we op het plein?');
    await page.getByRole('button', { name: 'Peiling opslaan' }).click();
    const summary = page.locator('.error-summary');
    await summary.getByRole('heading').waitFor();
    assert.match(await summary.innerText(), /Naam in de code: Vul dit in\./);
    assert.match(await summary.innerText(), /Antwoorden:/);
    assert.equal(await page.getByLabel('Naam in de code').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Vraag', { exact: true }).inputValue(), 'Welke boom planten we op het plein?');
    await audit(page, 'poll with errors');
    await summary.getByRole('link', { name: /Naam in de code/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'field-id');

    // The preview is the real poll, drawn again as the form changes.
    await page.getByLabel('Naam in de code').fill('boom-plein');
    await page.getByLabel('Antwoord 1', { exact: true }).fill('Een eik');
    await page.getByLabel('Antwoord 2', { exact: true }).fill('Een linde');
    await page.getByRole('button', { name: 'Antwoord toevoegen' }).click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'field-options-2-label');
    await page.getByLabel('Antwoord 3', { exact: true }).fill('Een plataan');
    await preview.getByRole('heading', { name: 'Welke boom planten we op het plein?' }).waitFor();
    await preview.getByRole('radio', { name: 'Een plataan' }).waitFor();
    assert.equal(await preview.getByRole('button', { name: 'Stem' }).isVisible(), true);
    await audit(page, 'filled poll with preview');
    // A draft is kept in this browser until the poll is saved.
    assert.match(await page.evaluate(() => localStorage.getItem('inspraak:admin:draft:poll::new')), /Een plataan/);

    await page.getByRole('button', { name: 'Peiling opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welke boom planten we op het plein?' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/peilingen/boom-plein');
    assert.equal(await page.evaluate(() => localStorage.getItem('inspraak:admin:draft:poll::new')), null);
    await page.getByText('0 mensen hebben gestemd.').waitFor();
    await audit(page, 'new poll page');

    // The embed code, copied with its button, works on the municipality's own site.
    await page.getByRole('button', { name: 'Code kopiëren' }).click();
    await page.getByText('De code is gekopieerd.').waitFor();
    const code = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(code, /<inspraak-poll poll="boom-plein"><\/inspraak-poll>/);
    await page.getByLabel('Deze versie vastzetten, met controle van het bestand').check();
    assert.match(await page.locator('#embed-code').innerText(), /integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous"/);
    await page.getByLabel('Een div (als de website andere elementen weghaalt)').check();
    assert.match(await page.locator('#embed-code').innerText(), /<div data-inspraak="poll" data-api="http:\/\/127\.0\.0\.1:\d+\/v1" data-poll="boom-plein"><\/div>/);
    await audit(page, 'embed code');

    const pages = mkdtempSync(join(tmpdir(), 'inspraak-site-'));
    writeFileSync(join(pages, 'index.html'), `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente Voorbeeld</title></head>
      <body><main><h1>Het nieuwe plein</h1>${code}</main></body></html>`);
    const site = await startHostSite(env.server.url, pages);
    const resident = await freshPage(env.browser);
    await resident.goto(site.url);
    const widget = resident.locator('inspraak-poll');
    await widget.getByRole('radio', { name: 'Een linde' }).check();
    await widget.getByRole('button', { name: 'Stem' }).click();
    await widget.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    await resident.context().close();
    await site.stop();
    rmSync(pages, { recursive: true, force: true });

    // Back in the back office: the vote in the chart, the table and the CSV.
    await page.reload();
    await page.getByText('1 persoon heeft gestemd.').waitFor();
    const row = page.getByRole('row', { name: /Een linde/ });
    assert.match(await row.innerText(), /Een linde\s+1\s+100%/);
    const csv = await page.request.get(`${env.server.url}/v1/admin/polls/boom-plein/results.csv`);
    assert.equal(csv.status(), 200, 'the session cookie reaches the download');
    assert.match(await csv.text(), /linde,Een linde,1,100,1/);
    await audit(page, 'results');

    // Closing asks first.
    await page.getByRole('button', { name: 'Peiling sluiten' }).click();
    await page.getByText('Weet je het zeker? Na het sluiten kan niemand meer stemmen.').waitFor();
    await audit(page, 'close question');
    await page.getByRole('button', { name: 'Ja, sluit de peiling' }).click();
    await page.getByText('De peiling is gesloten.').waitFor();
    await page.locator('.badge', { hasText: 'Gesloten' }).waitFor();

    await page.getByRole('navigation', { name: 'Onderdelen' }).getByRole('link', { name: 'Peilingen', exact: true }).click();
    assert.match(await page.getByRole('row', { name: /boom-plein/ }).innerText(), /Gesloten\s+1/);
    // Who did it is in the audit trail, with the status before and after.
    assert.equal(env.server.sql("SELECT actor || ' ' || action FROM audit_log WHERE action LIKE 'poll.%' ORDER BY id"),
      'redactie poll.create\nredactie poll.close');
    assert.equal(env.server.sql("SELECT before || '>' || after FROM audit_log WHERE action = 'poll.close'"), 'open>closed');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('works by keyboard alone: log in, make a poll with voting codes, download a batch of codes', async () => {
    const page = await newPage();
    const focused = (locator) => locator.evaluate((element) => element === document.activeElement);
    // Tab until `locator` has focus (it is reachable, and nothing traps focus on the way), at most `max` presses.
    async function tabTo(locator, max = 40) {
      for (let i = 0; i < max; i += 1) {
        if (await focused(locator)) return;
        await page.keyboard.press('Tab');
      }
      assert.fail(`not reached by Tab in ${max} presses: ${locator}`);
    }
    await page.goto(`${env.server.url}/admin/`);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
    // The skip link is the first stop and leads into the main region.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Direct naar de inhoud' });
    if (!(await focused(skip))) await page.keyboard.press('Shift+Tab');
    await tabTo(skip);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.querySelector('#main').contains(document.activeElement)), true);
    await tabTo(page.getByLabel('Accountnaam'));
    await page.keyboard.type('redactie');
    await tabTo(page.getByLabel('Wachtwoord'));
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText(/^Ingelogd als /).waitFor();
    const listHeading = page.getByRole('heading', { level: 1, name: 'Peilingen' });
    await listHeading.waitFor();
    await until(() => focused(listHeading));
    assert.equal(await focused(listHeading), true, 'a page that opens puts focus on its heading');

    await tabTo(page.getByRole('link', { name: 'Nieuwe peiling maken' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nieuwe peiling' }).waitFor();
    await tabTo(page.getByLabel('Vraag', { exact: true }));
    await page.keyboard.type('Mag de markt naar zaterdag?');
    await tabTo(page.getByLabel('Naam in de code'));
    await page.keyboard.type('markt-zaterdag');
    await tabTo(page.getByLabel('Antwoord 1', { exact: true }));
    await page.keyboard.type('Ja');
    await tabTo(page.getByLabel('Antwoord 2', { exact: true }));
    await page.keyboard.type('Nee');
    await tabTo(page.getByLabel('Stemmen met een stemcode'));
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel('Stemmen met een stemcode').isChecked(), true);
    await audit(page, 'poll with codes, by keyboard');
    await tabTo(page.getByRole('button', { name: 'Peiling opslaan' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mag de markt naar zaterdag?' }).waitFor();

    // A batch of codes for a mail merge: a CSV download, the codes stored only as hashes.
    await tabTo(page.getByLabel('Hoeveel nieuwe codes?'));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('25');
    const download = page.waitForEvent('download');
    await tabTo(page.getByRole('button', { name: 'Codes maken en downloaden' }));
    await page.keyboard.press('Enter');
    const file = await download;
    assert.equal(file.suggestedFilename(), 'markt-zaterdag-codes.csv');
    const rows = (await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString())).trim().split(/\r?\n/);
    assert.equal(rows[0], 'poll,code');
    assert.equal(rows.length, 26);
    const code = rows[1].split(',')[1];
    assert.match(code, /^[A-Za-z0-9-]{6,}$/);
    await page.getByText('25 codes staan in het bestand.', { exact: false }).waitFor();
    await page.getByText('Gemaakt: 25. Gebruikt: 0.').waitFor();
    await audit(page, 'codes made');
    assert.equal(env.server.sql("SELECT COUNT(*) FROM poll_codes WHERE poll_id = 'markt-zaterdag'"), '25');
    assert.equal(env.server.sql(`SELECT COUNT(*) FROM poll_codes WHERE code_hash LIKE '%${code}%'`), '0');

    // On a tablet (768 px, upright) the page fits its width: nothing to scroll sideways.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mag de markt naar zaterdag?' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await audit(page, 'poll page on a tablet');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('an edit saved in another tab is told, and the typed text stays', async () => {
    await env.server.createPoll({ id: 'twee-tabs' });
    const context = (await newPage()).context();
    const first = context.pages()[0];
    await logIn(first, 'redactie');
    const second = await context.newPage();
    second.errors = [];
    for (const tab of [first, second]) {
      await tab.goto(`${env.server.url}/admin/peilingen/twee-tabs/bewerken`);
      await tab.getByRole('heading', { level: 1, name: 'Peiling aanpassen' }).waitFor();
    }
    await first.getByLabel('Vraag', { exact: true }).fill('Welke speelplek eerst? (tab 1)');
    await first.getByRole('button', { name: 'Peiling opslaan' }).click();
    await first.getByRole('heading', { level: 1, name: 'Welke speelplek eerst? (tab 1)' }).waitFor();

    await second.getByLabel('Vraag', { exact: true }).fill('Welke speelplek eerst? (tab 2)');
    await second.getByRole('button', { name: 'Peiling opslaan' }).click();
    await second.getByText('Iemand anders heeft deze peiling intussen veranderd.').waitFor();
    assert.equal(await second.getByLabel('Vraag', { exact: true }).inputValue(), 'Welke speelplek eerst? (tab 2)');
    assert.equal(env.server.sql("SELECT question FROM polls WHERE id = 'twee-tabs'"), 'Welke speelplek eerst? (tab 1)');
    await audit(second, 'edit conflict');
    await second.getByRole('button', { name: 'Toch mijn versie opslaan' }).click();
    await second.getByRole('heading', { level: 1, name: 'Welke speelplek eerst? (tab 2)' }).waitFor();
    assert.equal(env.server.sql("SELECT question FROM polls WHERE id = 'twee-tabs'"), 'Welke speelplek eerst? (tab 2)');
    await context.close();
  });

  test('a case handler takes an application from the inbox to a decision, and cannot reach the polls', async () => {
    const form = 'uitdaagrecht-voorbeeld';
    const upload = await fetch(`${env.server.url}/v1/challenge-forms/${form}/attachments`, {
      method: 'POST', headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="begroting.pdf"' },
      body: '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n',
    });
    assert.equal(upload.status, 201, await upload.clone().text());
    const attachment = (await upload.json()).id;
    const start = new Date(Date.now() + 40 * 86400000).toISOString().slice(0, 10);
    const sent = await env.server.post(`/challenge-forms/${form}/submissions`, {
      initiative: { title: 'Groen in de Lindenbuurt', task: 'groenonderhoud', task_other: '', area: 'Lindenbuurt' },
      plan: { what: 'Wij onderhouden het plantsoen.', why_better: 'Wij wonen er.', social_value: 'Buren leren elkaar kennen.' },
      organisation: { name: 'Buurtvereniging De Linde', type: 'vereniging', type_other: '', kvk: '12345678', experience: 'Tien jaar.', address: 'Lindenlaan 1', postcode: '1234 AB', place: 'Voorbeeld' },
      support: { supporters: 120, how_shown: 'Handtekeningen', attachments: [attachment] },
      costs: { estimate: '€ 12.500,50', budget: '10.000', start_date: start, term_months: 24 },
      cooperation: { support_needed: 'Gereedschap', quality: 'Schouw', continuity: 'Een vaste groep' },
      contact: { name: 'Fatima de Vries', email: 'fatima@example.nl', phone: '06-12345678', address: 'Lindenlaan 12', postcode: '1234 AB', place: 'Voorbeeld', authorised: true, consent: true },
      website: '', fill_seconds: 420,
    });
    assert.equal(sent.status, 201, await sent.clone().text());
    const { reference } = await sent.json();

    const page = await newPage();
    await logIn(page, 'zaak');
    await page.getByRole('heading', { level: 1, name: 'Uitdaagrecht' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Onderdelen' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['Uitdaagrecht']);
    await audit(page, 'forms');

    await page.getByRole('link', { name: 'Aanvragen voor Gemeente Voorbeeld' }).click();
    await page.getByText('1 aanvraag, de nieuwste bovenaan.').waitFor();
    await audit(page, 'inbox');
    await page.getByRole('link', { name: 'Besluit genomen' }).click();
    await page.getByText('Er zijn geen aanvragen met deze status.').waitFor();
    assert.match(page.url(), /\?status=besluit_genomen$/);
    await audit(page, 'inbox filtered, empty');
    await page.getByRole('link', { name: 'Ontvangen', exact: true }).click();
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: `${reference}: Groen in de Lindenbuurt` }).waitFor();
    await page.getByText('€ 12.500,50').waitFor();
    // These tests' server sends no mail: the handler reads that the acknowledgement is theirs to send.
    const mails = page.getByRole('region', { name: 'E-mail aan de aanvrager' });
    await mails.getByText('De aanvrager heeft geen ontvangstbevestiging per e-mail gekregen: de server verstuurde geen e-mail toen deze aanvraag binnenkwam.', { exact: false }).waitFor();
    await audit(page, 'application without mail');
    // An acknowledgement the mail server refused for its recipient (made for real against an SMTP server in
    // server/tests/challenge_procedure.rs), written here as the mail worker leaves it: the handler reads that the
    // applicant got none, and what to do.
    env.server.sql(`INSERT INTO challenge_mails (form_id, reference, kind, message_id, recipient, subject, body, attempts,
      next_attempt_ms, given_up_at, last_error, created_at) VALUES ('${form}', '${reference}', 'ontvangst', '<e2e@voorbeeld.nl>',
      '', 'Ontvangstbevestiging', '', 1, 0, strftime('%s', 'now'), 'the mail server answered 550', strftime('%s', 'now'))`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `${reference}: Groen in de Lindenbuurt` }).waitFor();
    await mails.getByText('Niet bij de aanvrager aangekomen: Ontvangstbevestiging. Laat het de aanvrager op een andere manier weten').waitFor();
    assert.match(await mails.getByRole('listitem').innerText(), /^Ontvangstbevestiging: niet afgeleverd\. De server is op .+ gestopt met proberen \(de mailserver antwoordde 550\)\.$/);
    await audit(page, 'application');

    // The attachment downloads with the session.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /begroting\.pdf downloaden/ }).click();
    assert.equal((await download).suggestedFilename(), 'begroting.pdf');

    await page.getByLabel('Notitie').fill('Ligt bij team Groen');
    await page.getByRole('button', { name: 'Zet op In behandeling' }).click();
    await page.getByText('De status is nu: In behandeling.').waitFor();
    // The page reloads the application: its next step is then a decision, chosen first. Until then the form stays
    // busy, its choices disabled, so no choice is made on the form of the status before.
    await page.getByRole('button', { name: 'Zet op Besluit genomen' }).waitFor();
    // A request to complete the application needs its term and what is missing; the decision term then stands
    // still, and the handler sees until when and what the decision date becomes.
    await page.getByRole('radio', { name: 'Aanvulling gevraagd' }).check();
    await page.getByRole('button', { name: 'Zet op Aanvulling gevraagd' }).click();
    await page.locator('.error-summary').getByRole('link', { name: /Aanvullen tot en met/ }).waitFor();
    await page.locator('.error-summary').getByRole('link', { name: /Wat ontbreekt/ }).waitFor();
    await audit(page, 'request to complete without term');
    const term = new Date(Date.now() + 14 * 86400000);
    await page.getByLabel('Aanvullen tot en met').fill(`${term.getDate()}-${term.getMonth() + 1}-${term.getFullYear()}`);
    await page.getByLabel('Wat ontbreekt').fill('De begroting per jaar');
    await page.getByRole('button', { name: 'Zet op Aanvulling gevraagd' }).click();
    await page.getByText('De status is nu: Aanvulling gevraagd.').waitFor();
    await page.getByText(/De termijn voor het besluit staat stil sinds/).waitFor();
    await page.getByText('Wat ontbreekt: De begroting per jaar').waitFor();
    await audit(page, 'supplement requested');
    // The supplement came: handled again (the usual next step is chosen already).
    await page.getByRole('button', { name: 'Zet op In behandeling' }).click();
    await page.locator('.badge', { hasText: 'In behandeling' }).first().waitFor();
    await page.getByRole('button', { name: 'Zet op Besluit genomen' }).waitFor();
    assert.equal(await page.getByText(/De termijn voor het besluit staat stil sinds/).count(), 0);
    // A decision needs its outcome: the summary says so and the note stays.
    await page.getByLabel('Notitie').fill('Past in het groenbeleid');
    await page.getByRole('button', { name: 'Zet op Besluit genomen' }).click();
    await page.locator('.error-summary').getByRole('link', { name: /Besluit: Vul dit in/ }).waitFor();
    assert.equal(await page.getByLabel('Notitie').inputValue(), 'Past in het groenbeleid');
    await audit(page, 'decision without outcome');
    await page.getByLabel('toegekend').check();
    await page.getByRole('button', { name: 'Zet op Besluit genomen' }).click();
    await page.getByText('De status is nu: Besluit genomen.').waitFor();
    await page.locator('.badge', { hasText: 'Besluit genomen (toegekend)' }).first().waitFor();
    await audit(page, 'decided');

    // One person's data, after a confirmation.
    await page.getByRole('button', { name: 'Gegevens van deze persoon downloaden' }).click();
    await audit(page, 'export question');
    const exported = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ja, download de gegevens' }).click();
    const file = await exported;
    assert.equal(file.suggestedFilename(), 'persoonsgegevens.json');
    const data = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString()));
    assert.equal(data.submissions[0].reference, reference);

    const statuses = env.server.sql("SELECT before || ' > ' || after FROM audit_log WHERE actor = 'zaak' AND action = 'challenge.status' ORDER BY id");
    assert.equal(statuses, [
      'ontvangen > in_behandeling: Ligt bij team Groen',
      'in_behandeling: Ligt bij team Groen > aanvulling_gevraagd: Ligt bij team Groen',
      'aanvulling_gevraagd: Ligt bij team Groen > in_behandeling: Ligt bij team Groen',
      'in_behandeling: Ligt bij team Groen > besluit_genomen (toegekend): Past in het groenbeleid',
    ].join('\n'));
    const views = env.server.sql("SELECT action FROM audit_log WHERE actor = 'zaak' AND action LIKE 'challenge.%' AND action != 'challenge.status' ORDER BY id");
    assert.match(views, /challenge\.view_list[\s\S]*challenge\.view\n[\s\S]*challenge\.download[\s\S]*challenge\.person_export/);

    // Erasure asks first, then the inbox is empty.
    await page.getByRole('button', { name: 'Aanvraag verwijderen' }).click();
    await page.getByRole('button', { name: 'Ja, verwijder de aanvraag' }).click();
    await page.getByText('Er zijn geen aanvragen met deze status.').waitFor();
    assert.equal(env.server.sql('SELECT COUNT(*) FROM challenge_submissions'), '0');

    // The polls are not theirs: no link, and the address itself says so.
    await page.goto(`${env.server.url}/admin/peilingen`);
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    await audit(page, 'no access');
    const refused = await page.request.get(`${env.server.url}/v1/admin/polls`);
    assert.equal(refused.status(), 403);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a griffier records progress with evidence and runs a quick scan round', async () => {
    const page = await newPage();
    await logIn(page, 'redactie');
    await page.getByRole('link', { name: 'Voortgang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Voortgang' }).waitFor();
    await audit(page, 'municipalities');
    await page.getByRole('link', { name: 'Gemeente Voorbeeld' }).click();
    await page.getByRole('heading', { level: 1, name: 'Voortgang van voorbeeld' }).waitFor();
    await audit(page, 'progress');

    const subgoal = page.getByRole('group', { name: 'Subdoel 3: Beter betrokken inwoners' });
    await subgoal.getByLabel('Stand').selectOption('embedded');
    await subgoal.getByLabel('Toelichting').fill('Vaste inspraakavonden per wijk');
    await subgoal.getByLabel('Link naar de onderbouwing').fill('geen link');
    await page.getByRole('button', { name: 'Meting opslaan' }).click();
    await page.locator('.error-summary').getByRole('link', { name: /Beter betrokken inwoners: Dit klopt niet/ }).waitFor();
    assert.equal(await subgoal.getByLabel('Link naar de onderbouwing').getAttribute('aria-invalid'), 'true');
    await audit(page, 'progress with errors');
    await subgoal.getByLabel('Link naar de onderbouwing').fill('https://www.voorbeeld.nl/raad/besluit-12');
    await page.getByRole('button', { name: 'Meting opslaan' }).click();
    await page.getByText('De meting is opgeslagen.').waitFor();
    const history = page.getByRole('table', { name: 'Subdoel 3: Beter betrokken inwoners' });
    await history.getByRole('link', { name: 'https://www.voorbeeld.nl/raad/besluit-12' }).waitFor();
    assert.match(await history.innerText(), /Verankerd\s+Vaste inspraakavonden per wijk/);
    await audit(page, 'progress recorded');

    await page.getByRole('link', { name: 'Quickscans' }).click();
    await page.getByRole('link', { name: /^Quick scan lokale democratie/ }).click();
    await page.getByRole('heading', { name: 'Rondes', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Rondes vergelijken' }).waitFor();
    await audit(page, 'quick scan report');
    await page.getByLabel('Naam van de ronde', { exact: true }).fill('Voortgangsmeting 2027');
    await page.getByLabel('Korte naam van de ronde').fill('meting-2027');
    await page.getByRole('button', { name: 'Ronde openen' }).click();
    await page.getByRole('row', { name: /^Voortgangsmeting 2027/ }).waitFor();
    assert.match(await page.getByRole('row', { name: /^Voortgangsmeting 2027/ }).innerText(), /Open/);
    await page.getByRole('button', { name: 'Ronde Voortgangsmeting 2027 sluiten' }).click();
    await page.getByRole('button', { name: 'Ja, sluit de ronde' }).click();
    await page.getByText('De ronde is gesloten.').waitFor();
    await audit(page, 'quick scan round closed');

    // The printable report opens with the session (no token in the link), and its figures download as CSV.
    const csv = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Cijfers van het rapport downloaden (CSV)' }).click();
    assert.equal((await csv).suggestedFilename(), 'quickscan-quickscan-voorbeeld-rapport.csv');
    await page.getByRole('link', { name: 'Rapport om te lezen en te printen' }).click();
    await page.getByRole('heading', { level: 1, name: /^Rapport quick scan: / }).waitFor();
    assert.match(page.url(), /\/v1\/admin\/quickscans\/quickscan-voorbeeld\/report\.html$/);
    await page.getByText(/niet representatief/).first().waitFor();
    await audit(page, 'printable report from the back office');
    await page.goBack();
    await page.getByRole('heading', { name: 'Rondes vergelijken' }).waitFor();
    assert.equal(env.server.sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'redactie' AND action IN ('progress.record', 'quickscan.round_open', 'quickscan.round_close')"), '3');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('a beheerder makes an account and reads the audit trail', async () => {
    const page = await newPage();
    await logIn(page, 'beheer');
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await audit(page, 'accounts');
    await page.getByLabel('Accountnaam').fill('nieuwe.collega');
    await page.getByLabel('Rol', { exact: true }).selectOption('behandelaar');
    await page.getByRole('button', { name: 'Account maken' }).click();
    await page.getByText('Het wachtwoord voor nieuwe.collega:').waitFor();
    const password = await page.locator('.secret').innerText();
    assert.match(password, /^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    await page.getByRole('rowheader', { name: 'nieuwe.collega' }).waitFor();
    await audit(page, 'account made');
    const login = await fetch(`${env.server.url}/v1/admin/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'nieuwe.collega', password }),
    });
    assert.equal(login.status, 201);

    await page.getByRole('link', { name: 'Logboek' }).click();
    await page.getByRole('heading', { level: 1, name: 'Logboek' }).waitFor();
    await page.getByRole('cell', { name: 'Account gemaakt' }).first().waitFor();
    await page.getByRole('cell', { name: 'Status van een aanvraag veranderd' }).first().waitFor();
    // The application was erased: its lines keep who did what and when, without its reference or the note.
    await page.getByRole('cell', { name: 'van ontvangen naar in_behandeling', exact: true }).waitFor();
    await page.getByRole('cell', { name: '/challenge-forms/uitdaagrecht-voorbeeld/submissions/(gewist)' }).first().waitFor();
    await audit(page, 'audit trail');
    const csv = await page.request.get(`${env.server.url}/v1/admin/audit.csv`);
    assert.match(await csv.text(), /^id,at,actor,action,target,before,after\n/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('an ended session', () => {
  test('returns to the login and, after it, to the page that was asked for', async () => {
    const server = await startServer({ args: [...adminArgs, '--session-idle-seconds', '2'] });
    const browser = await launchBrowser();
    try {
      account(server, 'redactie', 'redacteur');
      const page = await freshPage(browser, { width: 1024, height: 768 });
      await logIn(page, 'redactie', `${server.url}/admin/peilingen`);
      await page.getByRole('heading', { level: 1, name: 'Peilingen' }).waitFor();
      // Wait until the server counts the session as idle (more than 2 s since its last request), never a fixed time.
      const idle = () => Date.now() / 1000 > Number(server.sql('SELECT MAX(last_seen) FROM admin_sessions')) + 3;
      assert.equal(await until(idle), true);
      await page.getByRole('link', { name: 'Quickscans' }).click();
      await page.getByText('Je sessie is afgelopen, omdat je een tijd niets hebt gedaan.', { exact: false }).waitFor();
      const url = new URL(page.url());
      assert.equal(url.pathname, '/admin/inloggen');
      assert.equal(url.searchParams.get('terug'), '/admin/quickscans');
      await expectNoAxeViolations(page, 'body', 'session ended');
      await page.getByLabel('Accountnaam').fill('redactie');
      await page.getByLabel('Wachtwoord').fill(PASSWORD);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Quickscans' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/admin/quickscans');
      assert.deepEqual(page.errors, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
