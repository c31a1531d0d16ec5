// What a page downloads from the widget server: the loader, and per widget kind on it that kind's module, stylesheet
// and texts in the page's language, each once; nothing of the kinds it does not show. A page with several kinds gets
// the one module with all of them instead, when the build measured that it downloads less.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { environment, newPage } from './harness.mjs';

const env = environment(async () => {}, { demo: true });
const manifest = JSON.parse(readFileSync(new URL('../../pkg/manifest.json', import.meta.url), 'utf8'));
const DEMO = 'poll=speeltuin-2026&scan=quickscan-voorbeeld&municipality=voorbeeld&form=uitdaagrecht-voorbeeld';

/** Opens `path` of the host site, waits until each of `widgets` (selector → text) shows, and returns the widget files
 *  the page fetched and the API requests it made, in order. */
async function downloads(path, widgets) {
  const page = await newPage(env.browser);
  const fetched = [];
  const api = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/widgets/')) fetched.push(url.pathname.slice('/widgets/'.length));
    if (url.pathname.startsWith('/v1/') && request.method() !== 'OPTIONS') api.push(`${request.method()} ${url.pathname}`);
  });
  await page.goto(`${env.site.url}/${path}`);
  for (const [selector, text] of Object.entries(widgets)) await page.locator(selector).getByText(text).first().waitFor();
  await page.waitForLoadState('networkidle');
  return { page, fetched, api };
}

const own = (kind, lang = 'nl') => [`inspraak-${kind}.js`, `inspraak-${kind}_bg.wasm`, `inspraak-${kind}.css`, `inspraak-${kind}.${lang}.txt`];

describe('what a page downloads', () => {
  test('a page with one poll fetches the loader and the poll\'s own files, each once', async () => {
    const { page, fetched, api } = await downloads('single.html?poll=speeltuin-2026', { '#poll': 'Welke speelplek' });
    assert.deepEqual([...fetched].sort(), ['inspraak.js', ...own('poll')].sort());
    // The loader asked for the poll beside the module, and the widget took that answer instead of asking again.
    assert.deepEqual(api, ['GET /v1/polls/speeltuin-2026']);
    await page.context().close();
  });

  test('an English page with one quick scan fetches the quick scan\'s English texts', async () => {
    const { page, fetched } = await downloads('quickscan.html?scan=quickscan-voorbeeld&lang=en', { '#scan': 'Step 1 of' });
    assert.deepEqual([...fetched].sort(), ['inspraak.js', ...own('quickscan', 'en')].sort());
    await page.context().close();
  });

  test('a page with all four kinds fetches the smaller of their own modules and the one with all', async () => {
    const kinds = ['poll', 'quickscan', 'progress', 'challenge'];
    const { page, fetched, api } = await downloads(`themed.html?${DEMO}`, {
      '#poll': 'Welke speelplek', '#quickscan': 'Stap 1 van', '#progress': 'Krachtige gemeenteraad', '#challenge': 'Stap 1 van',
    });
    const separate = kinds.reduce((sum, kind) => sum + manifest.modules[kind].bytes, 0);
    const modules = manifest.modules.all.bytes < separate ? ['all'] : kinds;
    const expected = [
      ...modules.flatMap((m) => [`inspraak-${m}.js`, `inspraak-${m}_bg.wasm`]),
      ...kinds.flatMap((kind) => [`inspraak-${kind}.css`, `inspraak-${kind}.nl.txt`]),
    ];
    assert.deepEqual([...fetched].sort(), ['inspraak.js', ...expected].sort());
    // Each widget's data once: asked for by the loader, taken by the widget.
    for (const path of ['/v1/polls/speeltuin-2026', '/v1/quickscans/quickscan-voorbeeld', '/v1/progress/voorbeeld',
      '/v1/challenge-forms/uitdaagrecht-voorbeeld']) {
      assert.equal(api.filter((request) => request === `GET ${path}`).length, 1, `${path} in ${api.join(', ')}`);
    }
    await page.context().close();
  });

  test('a kind that appears later (a single-page site) brings its own files, the ones there are not fetched again', async () => {
    const { page, fetched } = await downloads('single.html?poll=speeltuin-2026', { '#poll': 'Welke speelplek' });
    await page.evaluate(() => {
      const badge = document.createElement('inspraak-progress');
      badge.setAttribute('municipality', 'voorbeeld');
      badge.id = 'later';
      document.querySelector('main').append(badge);
    });
    await page.locator('#later').getByText('van 7 subdoelen').waitFor();
    assert.deepEqual([...fetched].sort(), ['inspraak.js', ...own('poll'), ...own('progress')].sort());
    await page.context().close();
  });
});
