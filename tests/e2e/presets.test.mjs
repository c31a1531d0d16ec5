// A municipal page that loads its NL Design System token package and puts the theme class around the widgets gets
// its colours, fonts and radius inside every shadow root, with no CSS of its own; our presets do the same. Each
// widget is photographed in each preset (tests/output/screenshots/), and the contrast of every documented pair is
// measured as drawn: our presets must pass WCAG AA, the municipal packages' shortfalls are printed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environment, expectNoAxeViolations, newPage } from './harness.mjs';
import { PRESETS, parseTokens } from '../../scripts/theming.mjs';

const env = environment(async () => {}, { demo: true });
const screenshots = join(dirname(fileURLToPath(import.meta.url)), '..', 'output', 'screenshots');
const { entries } = parseTokens();
const OURS = ['standaard', 'amsterdam', 'donker', 'hoog-contrast'];
const WIDGETS = ['poll', 'quickscan', 'progress', 'challenge'];

/** The host page of the demo's sample data with `preset` loaded from the Inspraak server, as a municipality would. */
async function themedPage(preset) {
  const page = await newPage(env.browser, { width: 900, height: 900 });
  await page.goto(`${env.site.url}/themed.html?poll=speeltuin-2026&scan=quickscan-voorbeeld&municipality=voorbeeld&form=uitdaagrecht-voorbeeld`);
  for (const href of preset.stylesheets ?? []) await page.addStyleTag({ url: `${env.server.url}/${href}` });
  if (preset.className) await page.locator('#theme').evaluate((el, name) => el.classList.add(name), preset.className);
  await page.locator('#poll').getByRole('button', { name: 'Stem' }).waitFor();
  await page.locator('#quickscan').getByRole('heading', { level: 2 }).first().waitFor();
  await page.locator('#progress').getByRole('list').waitFor();
  await page.locator('#challenge').getByRole('heading', { level: 2 }).first().waitFor();
  return page;
}

/** In the page: every --_* value on the poll's root, what the theme container defines for each NL Design System
 *  token and --inspraak-* property, a few properties as drawn, and the contrast of each documented pair. */
function measure(page, tokenEntries) {
  return page.evaluate((list) => {
    const root = document.querySelector('#poll').shadowRoot.querySelector('.inspraak');
    const theme = document.querySelector('#theme');
    const rootStyle = getComputedStyle(root);
    const themeStyle = getComputedStyle(theme);
    const squash = (v) => v.trim().replace(/\s+/g, ' ');
    const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    const rgba = (colour) => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = colour;
      canvas.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const lum = ([r, g, b]) => [r, g, b].map((c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; })
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const resolve = (name) => {
      const value = squash(rootStyle.getPropertyValue(`--_${name}`));
      if (/^(inherit|currentcolor)$/i.test(value)) return resolve('color');
      const colour = rgba(value);
      if (colour[3] >= 1) return colour;
      const below = name === 'background' ? [255, 255, 255, 1] : resolve('background');
      return [0, 1, 2].map((i) => Math.round(colour[i] * colour[3] + below[i] * (1 - colour[3]))).concat(1);
    };
    const values = {};
    const chain = {};
    const pairs = [];
    for (const entry of list) {
      values[entry.name] = squash(rootStyle.getPropertyValue(`--_${entry.name}`));
      const own = squash(themeStyle.getPropertyValue(entry.property));
      const token = entry.nlds.find((name) => squash(themeStyle.getPropertyValue(name)) !== '');
      chain[entry.name] = own || (token ? squash(themeStyle.getPropertyValue(token)) : null);
      if (entry.contrast) {
        const [l1, l2] = [lum(resolve(entry.name)), lum(resolve(entry.contrast.on))].sort((a, b) => b - a);
        pairs.push({ property: entry.property, on: `--inspraak-${entry.contrast.on}`, need: entry.contrast.ratio,
          ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100 });
      }
    }
    const button = root.querySelector('.button.primary');
    const probe = (property, value) => { const el = document.createElement('div'); el.style[property] = value; document.body.append(el);
      const out = getComputedStyle(el)[property]; el.remove(); return out; };
    return {
      values, chain, pairs,
      drawn: {
        primaryBackground: getComputedStyle(button).backgroundColor,
        expectedPrimaryBackground: probe('backgroundColor', values['primary-background']),
        fontFamily: rootStyle.fontFamily,
        buttonRadius: getComputedStyle(button).borderTopLeftRadius,
        expectedButtonRadius: probe('borderTopLeftRadius', values['button-radius'].replace(/em$/, 'em')),
      },
    };
  }, tokenEntries);
}

describe('presets: NL Design System token packages and our own', () => {
  const results = {};

  for (const preset of PRESETS) {
    test(`${preset.label}: the widgets take the theme with no CSS of the page's own`, async () => {
      const served = await (await fetch(`${env.server.url}/themes/presets.json`)).json();
      const current = served.find((p) => p.id === preset.id);
      assert.ok(current, `${preset.id} is in demo/themes/presets.json (run scripts/build.sh)`);
      const page = await themedPage(current);
      const measured = await measure(page, entries);
      results[preset.id] = measured;

      // Every property resolves to what the theme defines: its own --inspraak-* value, else the first NL Design
      // System token of the chain that the package defines; undefined ones fall back to the default.
      for (const entry of entries) {
        const expected = measured.chain[entry.name];
        if (expected !== null) assert.equal(measured.values[entry.name], expected, `${preset.id}: ${entry.property}`);
      }
      // And it is what is drawn: the main button's colour and radius, the font.
      assert.equal(measured.drawn.primaryBackground, measured.drawn.expectedPrimaryBackground);
      assert.equal(measured.drawn.fontFamily.replace(/[\s"']/g, ''), measured.values['font-family'].replace(/[\s"']/g, ''));

      mkdirSync(screenshots, { recursive: true });
      for (const widget of WIDGETS) {
        await page.locator(`#${widget}`).screenshot({ path: join(screenshots, `${preset.id}-${widget}.png`), animations: 'disabled' });
      }
      if (OURS.includes(preset.id)) {
        const failing = measured.pairs.filter((pair) => pair.ratio < pair.need);
        assert.deepEqual(failing, [], `${preset.id}: pairs below WCAG AA`);
        await expectNoAxeViolations(page, '#theme', `${preset.id} preset`);
      } else {
        for (const pair of measured.pairs.filter((p) => p.ratio < p.need)) {
          console.log(`# ${preset.id}: ${pair.property} on ${pair.on} is ${pair.ratio}:1 (AA asks ${pair.need}:1) with this package's tokens`);
        }
      }
      await page.context().close();
    });
  }

  test('each municipal theme looks different from the built-in default', () => {
    const base = results.standaard;
    assert.ok(base, 'the default preset ran');
    for (const id of ['utrecht', 'voorbeeld', 'denhaag', 'rotterdam', 'amsterdam']) {
      const theme = results[id];
      assert.ok(theme, `${id} ran`);
      assert.notEqual(theme.values['font-family'], base.values['font-family'], `${id}: font`);
      assert.notEqual(theme.drawn.primaryBackground, base.drawn.primaryBackground, `${id}: main button colour`);
    }
    // Radius: Utrecht, Rotterdam and Amsterdam are square, Den Haag 3px, Voorbeeld 8px buttons; the default is round.
    assert.equal(results.utrecht.drawn.buttonRadius, '0px');
    assert.equal(results.denhaag.drawn.buttonRadius, '3px');
    assert.equal(results.voorbeeld.drawn.buttonRadius, '8px');
    assert.equal(results.amsterdam.drawn.buttonRadius, '0px');
    assert.notEqual(base.drawn.buttonRadius, '0px');
    writeFileSync(join(screenshots, 'contrast.json'), `${JSON.stringify(Object.fromEntries(
      Object.entries(results).map(([id, r]) => [id, r.pairs])), null, 2)}\n`);
  });
});
