// Everything an administrator typed comes back as text: known XSS payloads in every text field of a poll and of the
// progress data are shown literally by the widgets, run nothing, and a script link is refused before it is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, environment, newPage } from './harness.mjs';

const PAYLOADS = [
  '<img src=x onerror="window.pwned=1">',
  '<script>window.pwned=2</script>',
  '"><svg onload="window.pwned=3">',
  "'; window.pwned=4; //",
  '{{constructor.constructor("window.pwned=5")()}}',
];

const env = environment();

test('payloads in a poll and in progress notes are shown as text and run nothing', async () => {
  await env.server.createPoll({
    id: 'e2e-inject',
    question: PAYLOADS[0],
    description: PAYLOADS[1],
    options: PAYLOADS.slice(2).map((label, i) => ({ id: `o${i}`, label })),
  });
  await env.server.recordProgress('e2e-inject', {
    name: PAYLOADS[2],
    measurements: [{ subgoal: 1, status: 'explored', measured_on: '2026-01-01', note: PAYLOADS[0] }],
  });
  const refused = await fetch(`${env.server.url}/v1/admin/progress/e2e-inject/measurements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ measurements: [{ subgoal: 2, status: 'explored', measured_on: '2026-01-01',
      evidence_url: 'javascript:window.pwned=6' }] }),
  });
  assert.equal(refused.status, 422);

  const page = await newPage(env.browser);
  await page.goto(`${env.site.url}/single.html?poll=e2e-inject`);
  const poll = page.locator('#poll');
  await poll.getByRole('heading', { name: PAYLOADS[0] }).waitFor();
  await poll.getByText(PAYLOADS[1]).waitFor();
  for (const label of PAYLOADS.slice(2)) await poll.getByLabel(label).waitFor();
  await poll.getByLabel(PAYLOADS[2]).check();
  await poll.getByRole('button', { name: 'Stem' }).click();
  await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
  assert.match(await poll.getByRole('list').innerText(), /jouw keuze/);

  await page.evaluate((api) => {
    const badge = document.createElement('inspraak-progress');
    badge.setAttribute('api', `${api}/v1`);
    badge.setAttribute('municipality', 'e2e-inject');
    badge.setAttribute('variant', 'full');
    badge.id = 'badge';
    document.querySelector('main').append(badge);
  }, env.server.url);
  const badge = page.locator('#badge');
  await badge.getByText(PAYLOADS[2]).waitFor();
  await badge.getByText(PAYLOADS[0]).waitFor();

  const injected = await page.evaluate(() => ['#poll', '#badge'].map((selector) => {
    const root = document.querySelector(selector).shadowRoot;
    return root.querySelectorAll('img, script, svg[onload], [onerror]').length;
  }));
  assert.deepEqual(injected, [0, 0], 'no element was created from the text');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('payloads in a quick scan and a challenge form are shown as text; typed ones come back inert in the exports', async () => {
  const { server } = env;
  await server.admin('POST', '/quickscans', {
    id: 'e2e-inject-scan',
    title: { nl: PAYLOADS[0] },
    description: { nl: PAYLOADS[1] },
    round: { id: 'r1', name: PAYLOADS[2] },
    themes: [{ id: 't', title: { nl: PAYLOADS[3] }, subtitle: { nl: PAYLOADS[1] }, intro: { nl: PAYLOADS[4] },
      explanation: { nl: PAYLOADS[0] }, open_question: { nl: PAYLOADS[0] },
      statements: [{ id: 's1', text: { nl: PAYLOADS[1] } }, { id: 's2', text: { nl: PAYLOADS[2] } }] }],
    custom_questions: [{ id: 'open', kind: 'text', text: { nl: PAYLOADS[3] } }],
    min_group: 2,
    priorities: false,
  });
  await server.admin('PUT', '/challenge-forms/e2e-inject-form', {
    id: 'e2e-inject-form', municipality: PAYLOADS[0],
    tasks: [{ id: 'a', label: PAYLOADS[1] }, { id: 'b', label: PAYLOADS[2] }],
    privacy_url: 'https://www.voorbeeld.nl/privacy', contact_email: 'a@voorbeeld.nl',
  });
  const refusedForm = await fetch(`${server.url}/v1/admin/challenge-forms/e2e-inject-form-2`, {
    method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'e2e-inject-form-2', municipality: 'X', tasks: [{ id: 'a', label: 'A' }],
      privacy_url: 'javascript:window.pwned=7', contact_email: 'a@voorbeeld.nl' }),
  });
  assert.equal(refusedForm.status, 422, 'a script link is refused before it is stored');

  const page = await newPage(env.browser);
  await page.goto(`${env.site.url}/quickscan.html?scan=e2e-inject-scan&lang=nl`);
  const scan = page.locator('#scan');
  await scan.getByText(PAYLOADS[1], { exact: true }).first().waitFor();
  await scan.getByRole('radio', { name: 'Inwoner' }).check();
  await scan.getByRole('button', { name: 'Volgende' }).click();
  await scan.getByRole('heading', { name: PAYLOADS[3] }).waitFor();
  await scan.getByText(PAYLOADS[4]).waitFor();
  await scan.getByText(PAYLOADS[1], { exact: true }).last().waitFor();
  await scan.getByRole('textbox', { name: PAYLOADS[0] }).waitFor();
  await scan.getByRole('group', { name: PAYLOADS[2] }).waitFor();
  await scan.getByRole('button', { name: 'Volgende' }).click();
  await scan.getByRole('textbox', { name: PAYLOADS[3] }).waitFor();

  await page.goto(`${env.site.url}/challenge.html?form=e2e-inject-form`);
  const challenge = page.locator('#challenge');
  await challenge.getByText(PAYLOADS[1], { exact: true }).waitFor();
  await challenge.getByText(PAYLOADS[2], { exact: true }).waitFor();
  const injected = await page.evaluate(() => document.querySelector('#challenge').shadowRoot
    .querySelectorAll('img, script, svg[onload], [onerror]').length);
  assert.equal(injected, 0, 'no element was created from the text');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // What residents type: stored as typed, shown as JSON by the admin API, neutralised in every CSV cell.
  const FORMULAS = ['=HYPERLINK("https://evil.example","klik")', '+cmd|" /C calc"!A0', '-2+3', '@SUM(A1:A9)'];
  const response = await server.post('/quickscans/e2e-inject-scan/responses',
    { role: 'inwoner', statements: { s1: 'agree' }, custom: { open: { text: FORMULAS[0] } }, fill_seconds: 60 });
  assert.equal(response.status, 201);
  const start = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
  const application = await server.post('/challenge-forms/e2e-inject-form/submissions', {
    initiative: { title: FORMULAS[1], task: 'a', area: PAYLOADS[0] },
    plan: { what: FORMULAS[2], why_better: PAYLOADS[1], social_value: FORMULAS[3] },
    organisation: { name: PAYLOADS[2], type: 'stichting', experience: PAYLOADS[3], address: 'Lindenlaan 1', postcode: '1234 AB', place: 'Voorbeeld' },
    support: { supporters: 3, how_shown: PAYLOADS[4] },
    costs: { estimate: '100', budget: '50', start_date: start, term_months: 6 },
    cooperation: { support_needed: FORMULAS[0], quality: 'Q', continuity: 'C' },
    contact: { name: FORMULAS[3], email: 'a@voorbeeld.nl', address: 'Lindenlaan 12', postcode: '1234 AB', place: 'Voorbeeld', authorised: true, consent: true },
    fill_seconds: 60,
  });
  assert.equal(application.status, 201, await application.clone().text());
  const csv = async (path) => (await fetch(`${server.url}/v1/admin${path}`,
    { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  for (const text of [await csv('/quickscans/e2e-inject-scan/responses.csv'),
    await csv('/challenge-forms/e2e-inject-form/submissions.csv')]) {
    const cells = text.split(/[\n,]/).map((c) => c.replace(/^"|"$/g, ''));
    for (const cell of cells) assert.doesNotMatch(cell, /^[=+\-@]/, `a cell a spreadsheet would run: ${cell}`);
  }
  const stored = await server.admin('GET', `/challenge-forms/e2e-inject-form/submissions/${(await application.json()).reference}`);
  assert.equal(JSON.stringify(stored).includes(PAYLOADS[0].replaceAll('"', '\\"')), true, 'stored as typed');
});
