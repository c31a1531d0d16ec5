// The quick scan for a role that answers with an invitation code: a college member follows the link from the
// invitation (the code is taken out of the address bar) and answers by keyboard alone; another types a code, and the
// widget says in plain Dutch what is wrong with a missing, malformed or unknown code. axe audits every state.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  environment, expectNoAxeViolations, focusedInWidget, newPage as freshPage,
  pastMinimumFillTime as waitUntilFillable, waitForFocus,
} from './harness.mjs';

const env = environment(async ({ server }) => {
  await server.admin('POST', '/quickscans', {
    id: 'e2e-invited',
    title: { nl: 'Quick scan Gemeente Voorbeeld' },
    round: { id: 'nulmeting', name: 'Nulmeting 2026' },
    invitation_roles: ['collegelid'],
    role_min_group: { collegelid: 2 },
    min_group: 3,
    grades: false,
    priorities: false,
    themes: [{
      id: 'raad', title: { nl: 'De raad' }, explanation: { nl: 'Over de raad.' },
      statements: [{ id: 'raad-1', text: { nl: 'De raad luistert naar inwoners.' } }],
    }],
  });
});
const newPage = (viewport) => freshPage(env.browser, viewport);
const scanUrl = (extra = '') => `${env.site.url}/quickscan.html?scan=e2e-invited&lang=nl${extra}`;
const widget = (page) => page.locator('#scan');
const invitations = (count) => env.server.admin('POST', '/quickscans/e2e-invited/invitations', { role: 'collegelid', count });
const used = () => Number(env.server.sql("SELECT COUNT(*) FROM quickscan_invitations WHERE used = 1"));
const responses = () => Number(env.server.sql("SELECT COUNT(*) FROM quickscan_responses WHERE role = 'collegelid'"));

async function tabTo(page, pattern, max = 30) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (pattern.test(await focusedInWidget(page, '#scan'))) return;
  }
  assert.fail(`Tab never reached ${pattern}; focus is on ${await focusedInWidget(page, '#scan')}`);
}

/** Chooses Collegelid by keyboard: Tab to the first role, arrows down to the third. */
async function chooseCollege(page) {
  await widget(page).getByRole('heading', { level: 2, name: 'Wie ben je?' }).waitFor();
  await tabTo(page, /^input\[inwoner\]$/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await widget(page).getByRole('radio', { name: /^Collegelid/ }).isChecked(), true);
}

/** From the role step: the one statement, the review, sending. */
async function answerAndSend(page) {
  await tabTo(page, /^button: Volgende$/);
  await page.keyboard.press('Enter');
  await waitForFocus(page, '#scan', /^h2: De raad$/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowRight');
  await tabTo(page, /^button: Volgende$/);
  await page.keyboard.press('Enter');
  await waitForFocus(page, '#scan', /^h2: Controleer je antwoorden$/);
  await waitUntilFillable(page, 'quickscan', 5);
  await tabTo(page, /^button: Verstuur je antwoorden$/);
  await page.keyboard.press('Enter');
}

describe('the quick scan with an invitation code', () => {
  test('takes the code from the invitation link, keeps it out of the address bar, and counts once, by keyboard', async () => {
    const { codes } = await invitations(1);
    const page = await newPage();
    await page.goto(scanUrl(`&uitnodiging=${codes[0]}`));
    await chooseCollege(page);
    assert.doesNotMatch(page.url(), /uitnodiging/, 'the code is out of the address bar');
    assert.match(page.url(), /scan=e2e-invited/, 'the rest of the address stays');
    const field = widget(page).getByRole('textbox', { name: 'Uitnodigingscode' });
    assert.equal(await field.inputValue(), codes[0]);
    await expectNoAxeViolations(page, '#scan', 'role step with the code field');
    // The field is next in the tab order, after the roles.
    await page.keyboard.press('Tab');
    assert.equal(await focusedInWidget(page, '#scan'), `input[${codes[0]}]`);

    await answerAndSend(page);
    await waitForFocus(page, '#scan', /^h2: Jouw uitkomst$/);
    await expectNoAxeViolations(page, '#scan', 'result');
    assert.equal(responses(), 1);
    assert.equal(used(), 1);
    // The code is used up: nothing of it stays in this browser.
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('invitation')));
    assert.deepEqual(kept, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('asks for a code that is missing or malformed at the role step, and says so when the server does not know it', async () => {
    const page = await newPage();
    await page.goto(scanUrl());
    await chooseCollege(page);
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');
    // No code: the error is tied to the field and focus goes there.
    await waitForFocus(page, '#scan', /^input: $/);
    await widget(page).getByText('Vul de code uit je uitnodiging in.').waitFor();
    const field = widget(page).getByRole('textbox', { name: 'Uitnodigingscode' });
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match(await field.getAttribute('aria-describedby'), /qs-invitation-error/);
    await expectNoAxeViolations(page, '#scan', 'role step without a code');

    await page.keyboard.type('ABC');
    await tabTo(page, /^button: Volgende$/);
    await page.keyboard.press('Enter');
    await widget(page).getByText(/^Een code heeft 12 letters en cijfers/).waitFor();
    await waitForFocus(page, '#scan', /^input\[ABC\]$/);
    await expectNoAxeViolations(page, '#scan', 'role step with a malformed code');

    // A code that looks right but was never handed out: the server refuses it, the widget says what to do.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('abcd efgh jkmn');
    await answerAndSend(page);
    await widget(page).getByText(/^Deze code kennen we niet\./).waitFor();
    await expectNoAxeViolations(page, '#scan', 'review with an unknown code');
    assert.equal(responses(), 1, 'only the first test counted');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
