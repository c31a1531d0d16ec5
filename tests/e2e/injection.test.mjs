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
