// Builds are published under a version of their own, cached for ever, and every file the loader fetches is
// checked against the sha384 in the loader: a page pins the loader with SRI, the loader pins the rest.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { environment, newPage, until } from './harness.mjs';

const env = environment(async ({ server }) => server.createPoll({ id: 'e2e-pinned' }));
const manifest = JSON.parse(readFileSync(new URL('../../pkg/manifest.json', import.meta.url), 'utf8'));

/** A page of the host site (pages/pinned.html) that loads the loader of `version` with the given SRI. */
async function pinnedPage(version, integrity) {
  const page = await newPage(env.browser);
  page.consoleErrors = [];
  page.on('console', (message) => {
    // The host site has no favicon; that 404 is the host's, not ours.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) page.consoleErrors.push(message.text());
  });
  page.pinnedUrl = `${env.site.url}/pinned.html?version=${encodeURIComponent(version)}&sri=${encodeURIComponent(integrity)}`;
  return page;
}

describe('versioned and pinned widget files', () => {
  test('a versioned build is cached for ever, latest is checked every time, and both serve the same files', async () => {
    for (const file of Object.keys(manifest.files)) {
      const pinned = await fetch(`${env.server.url}/widgets/${manifest.version}/${file}`);
      const latest = await fetch(`${env.server.url}/widgets/latest/${file}`);
      assert.equal(pinned.status, 200, file);
      assert.equal(pinned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(latest.headers.get('cache-control'), 'no-cache');
      assert.deepEqual(Buffer.from(await pinned.arrayBuffer()), Buffer.from(await latest.arrayBuffer()));
    }
    const served = await (await fetch(`${env.server.url}/widgets/${manifest.version}/manifest.json`)).json();
    assert.deepEqual(served, manifest);
  });

  test('the versioned loader, pinned by SRI, shows the poll', async () => {
    const page = await pinnedPage(manifest.version, manifest.files['inspraak.js']);
    await page.goto(page.pinnedUrl);
    await page.locator('#poll').getByRole('heading', { name: 'Welke speelplek knappen we als eerste op?' }).waitFor();
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  });

  // Each file the poll's page fetches after the loader, tampered with on the way: the browser refuses it for its hash
  // before any of it is used, so the poll is not shown and nothing of the tampered file runs (its JavaScript would set
  // window.tampered; its stylesheet or texts would be used).
  const tamper = {
    'inspraak-poll.js': (bytes) => Buffer.concat([Buffer.from('globalThis.tampered = true;\n'), bytes]),
    'inspraak-poll_bg.wasm': (bytes) => { const copy = Buffer.from(bytes); copy[copy.length - 1] ^= 0xff; return copy; },
    'inspraak-poll.css': (bytes) => Buffer.concat([bytes, Buffer.from(':host { display: none !important; }')]),
    'inspraak-poll.nl.txt': (bytes) => Buffer.concat([bytes, Buffer.from('\npoll.submit = Stem hier op de verkeerde knop\n')]),
  };
  for (const [file, change] of Object.entries(tamper)) {
    test(`a tampered ${file} is refused before it is used, under a strict Content-Security-Policy`, async () => {
      const page = await pinnedPage(manifest.version, manifest.files['inspraak.js']);
      await page.route(`**/${manifest.version}/${file}`, async (route) => {
        const original = await route.fetch();
        await route.fulfill({ response: original, body: change(Buffer.from(await original.body())) });
      });
      await page.goto(page.pinnedUrl);
      await until(() => page.consoleErrors.some((e) => e.includes('[inspraak]')));
      assert.ok(page.consoleErrors.some((e) => e.includes('[inspraak] the widget could not be loaded')), page.consoleErrors.join('\n'));
      // Chromium's own words: refused for its digest, not a broken file that failed later.
      assert.ok(page.consoleErrors.some((e) => /integrity/i.test(e) && e.includes(file)), page.consoleErrors.join('\n'));
      assert.ok(!page.consoleErrors.some((e) => /Content Security Policy/i.test(e)), page.consoleErrors.join('\n'));
      assert.equal(await page.evaluate(() => globalThis.tampered), undefined);
      assert.equal(await page.locator('#poll').getByRole('heading').count(), 0);
      await page.context().close();
    });
  }

  test('a loader that does not match the page SRI does not run', async () => {
    const page = await pinnedPage(manifest.version, 'sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.goto(page.pinnedUrl);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.evaluate(() => customElements.get('inspraak-poll')), undefined);
    await page.context().close();
  });
});
