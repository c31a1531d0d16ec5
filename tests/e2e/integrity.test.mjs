// Builds are published under a version of their own, cached for ever, and every file the loader fetches is
// checked against the sha384 in the loader: a page pins the loader with SRI, the loader pins the rest.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { environment, newPage } from './harness.mjs';

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

  test('a tampered .wasm is refused and the poll is not shown', async () => {
    const page = await pinnedPage(manifest.version, manifest.files['inspraak.js']);
    await page.route('**/inspraak_widgets_bg.wasm', async (route) => {
      const original = await route.fetch();
      const bytes = Buffer.from(await original.body());
      bytes[bytes.length - 1] ^= 0xff;
      await route.fulfill({ response: original, body: bytes });
    });
    await page.goto(page.pinnedUrl);
    for (let i = 0; i < 100 && !page.consoleErrors.some((e) => e.includes('[inspraak]')); i += 1) {
      await page.waitForTimeout(50);
    }
    assert.ok(page.consoleErrors.some((e) => e.includes('[inspraak] the widget could not be loaded')), page.consoleErrors.join('\n'));
    // Refused for its hash, before any attempt to compile it (a broken module alone would fail differently).
    assert.ok(page.consoleErrors.some((e) => /integrity/i.test(e) && e.includes('inspraak_widgets_bg.wasm')), page.consoleErrors.join('\n'));
    assert.equal(await page.locator('#poll').getByRole('heading').count(), 0);
    await page.context().close();
  });

  test('a loader that does not match the page SRI does not run', async () => {
    const page = await pinnedPage(manifest.version, 'sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.goto(page.pinnedUrl);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.evaluate(() => customElements.get('inspraak-poll')), undefined);
    await page.context().close();
  });
});
