// A resident behind a busy address (a school, a library) meets the vote limit: the widget says when to try again,
// in Dutch, and keeps the choice; nothing is stored for the refused vote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, newPage } from './harness.mjs';

const env = environment(async () => {}, { args: ['--votes-per-minute', '1'] });

test('past the vote limit the widget asks to wait and keeps the choice', async () => {
  await env.server.createPoll({ id: 'e2e-first' });
  await env.server.createPoll({ id: 'e2e-second' });
  const page = await newPage(env.browser);
  await page.goto(`${env.site.url}/single.html?poll=e2e-first`);
  const poll = page.locator('#poll');
  await poll.getByLabel('Speeltuin in het park').check();
  await poll.getByRole('button', { name: 'Stem' }).click();
  await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();

  await page.goto(`${env.site.url}/single.html?poll=e2e-second`);
  await poll.getByLabel('Speelplaats bij de school').check();
  await poll.getByRole('button', { name: 'Stem' }).click();
  const alert = poll.getByRole('alert');
  await alert.getByText('Vanaf deze internetverbinding zijn net veel stemmen verstuurd.', { exact: false }).waitFor();
  assert.match(await alert.innerText(), /Wacht \d+ seconden en probeer het dan opnieuw\. Je keuze staat nog klaar\./);
  assert.equal(await poll.getByLabel('Speelplaats bij de school').isChecked(), true);
  assert.equal(env.server.sql("SELECT COUNT(*) FROM votes WHERE poll_id = 'e2e-second'"), '0');
  await page.context().close();
});
