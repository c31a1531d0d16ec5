// A poll that says what happens next (issue 17): who may vote, what happens with the result, options with an
// uploaded image, a description and a link, and after the close what the municipality did. In Debian's Chromium,
// against the release server; every state audited with axe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { ADMIN_TOKEN, environment, expectNoAxeViolations, newPage as freshPage, recordLayoutShifts } from './harness.mjs';

const env = environment();
const newPage = (viewport) => freshPage(env.browser, viewport);

/** A real PNG of `width` × `height` pixels in one colour, as a browser decodes it; with `author`, a text chunk
 *  naming who made it, as image editors write one. */
function png(width, height, author = null) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = table[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([0x2e, 0x8b, 0x57]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', header),
    ...(author ? [chunk('tEXt', Buffer.from(`Author\0${author}`, 'latin1'))] : []), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

async function uploadImage(bytes, type) {
  return fetch(`${env.server.url}/v1/admin/poll-images`, {
    method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type }, body: bytes,
  });
}

describe('a poll with its context', () => {
  test('shows who may vote, what happens next and each option with its image, without shifting', async () => {
    const svg = await uploadImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png');
    assert.equal(svg.status, 415);
    const uploaded = await uploadImage(png(320, 180, 'Jan Jansen'), 'image/png');
    assert.equal(uploaded.status, 201, await uploaded.clone().text());
    const image = await uploaded.json();
    assert.deepEqual([image.width, image.height], [320, 180]);
    await env.server.createPoll({
      id: 'e2e-context',
      eligibility: 'Inwoners van 12 jaar en ouder',
      outcome: { kind: 'binding', decided_by: 'het college', published_on: '2027-03-15' },
      options: [
        { id: 'park', label: 'Speeltuin in het park', description: 'Met een klimrek en een zandbak.',
          link: 'https://gemeente.example/park', image: { url: image.url, alt: 'Een klimrek onder hoge bomen' } },
        { id: 'plein', label: 'Trapveldje op het plein' },
      ],
    });

    const page = await newPage();
    await recordLayoutShifts(page);
    await page.goto(`${env.site.url}/single.html?poll=e2e-context`);
    const poll = page.locator('#poll');
    await poll.getByRole('heading', { name: 'Welke speelplek knappen we als eerste op?' }).waitFor();
    const shownAt = await page.evaluate(() => performance.now());
    const text = await poll.locator('.inspraak').innerText();
    for (const expected of ['Wie mag stemmen?', 'Inwoners van 12 jaar en ouder', 'Wat gebeurt er met de uitslag?',
      'De uitslag is bindend. Dat betekent: het college doet wat de uitslag zegt.', 'Wanneer hoor je de uitkomst?',
      'Op 15 maart 2027.', 'Met een klimrek en een zandbak.']) {
      assert.ok(text.includes(expected), `${expected} in ${text}`);
    }

    // The label is the option's name; the description is its description; the image has its alt and its size.
    const park = poll.getByRole('radio', { name: 'Speeltuin in het park', exact: true });
    assert.equal(await park.count(), 1);
    const description = await park.evaluate((input) => input.getAttribute('aria-describedby')
      .split(' ').map((id) => input.getRootNode().getElementById(id).textContent).join(' '));
    assert.equal(description, 'Met een klimrek en een zandbak.');
    const img = poll.getByRole('img', { name: 'Een klimrek onder hoge bomen' });
    assert.equal(await img.getAttribute('width'), '320');
    assert.equal(await img.getAttribute('height'), '180');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const shown = document.querySelector('#poll').shadowRoot.querySelector('img');
      return shown.complete && shown.naturalWidth === 320;
    });
    const link = poll.getByRole('link', { name: /Lees meer over Speeltuin in het park/ });
    assert.equal(await link.getAttribute('href'), 'https://gemeente.example/park');
    assert.equal(await link.getAttribute('rel'), 'noopener');
    // The image arrived in the space kept for it: nothing moved.
    assert.deepEqual(await page.evaluate((since) => window.shifts.filter((s) => s.at > since), shownAt), []);
    await expectNoAxeViolations(page, '#poll', 'context and image');

    // The image as the server serves it: under its hash, for a year, never sniffed, and without what said who
    // made it (the text chunk), every other byte as uploaded.
    const served = await fetch(`${env.server.url}/v1/${image.url}`);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.match(served.headers.get('cache-control'), /max-age=31536000, immutable/);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png(320, 180));

    // Voted, closed, and then what the municipality did, shown with the results.
    await park.check();
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    await env.server.admin('POST', '/polls/e2e-context/close');
    await env.server.admin('PUT', '/polls/e2e-context/feedback',
      { feedback: 'Het college koos de speeltuin in het park.\nDe bouw begint in mei.' });
    await page.reload();
    await poll.getByRole('heading', { name: 'Wat hebben we gedaan?' }).waitFor();
    assert.match(await poll.locator('.inspraak').innerText(), /Het college koos de speeltuin in het park\.\s+De bouw begint in mei\./);
    await expectNoAxeViolations(page, '#poll', 'feedback after the close');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('addresses residents with u when the poll says so, and the element can say otherwise', async () => {
    await env.server.createPoll({ id: 'e2e-u', address: 'u', eligibility: 'Raadsleden' });
    const page = await newPage();
    await page.goto(`${env.site.url}/single.html?poll=e2e-u`);
    const poll = page.locator('#poll');
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Kies een antwoord. Daarna kunt u stemmen.').waitFor();
    await expectNoAxeViolations(page, '#poll', 'u-form');
    await page.evaluate(() => document.querySelector('#poll').setAttribute('address', 'je'));
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Kies een antwoord. Daarna kun je stemmen.').waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
