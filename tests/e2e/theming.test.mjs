// The theming surface cannot drift: docs/theming.md is what widgets/src/styles/tokens.css says, every widget
// stylesheet takes its colours and fonts from there, and the NL Design System tokens named are real ones.
// No browser needed; see presets.test.mjs for the widgets as drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintStylesheet, parseTokens, problems, renderTables } from '../../scripts/theming.mjs';

test('the table in docs/theming.md, the widget CSS and the installed token packages agree', () => {
  assert.deepEqual(problems(), []);
});

test('a line of tokens.css reads as property, NL Design System tokens in order, default and contrast pair', () => {
  const { entries, problems: found } = parseTokens(`.inspraak {
  /* Buttons */
  --_primary-color: var(--inspraak-primary-color, var(--utrecht-button-primary-action-color, #ffffff)); /* main action text | contrast: primary-background 4.5 */
  --_primary-background: var(--inspraak-primary-background, #0b4f8f); /* main action */
  --_bar-color: var(--inspraak-bar-color, var(--_primary-background)); /* bars */
}`);
  assert.deepEqual(found, []);
  assert.deepEqual(entries.map(({ property, group, nlds, fallback, sameAs, contrast }) => ({ property, group, nlds, fallback, sameAs, contrast })), [
    { property: '--inspraak-primary-color', group: 'Buttons', nlds: ['--utrecht-button-primary-action-color'], fallback: '#ffffff', sameAs: null, contrast: { on: 'primary-background', ratio: 4.5 } },
    { property: '--inspraak-primary-background', group: 'Buttons', nlds: [], fallback: '#0b4f8f', sameAs: null, contrast: null },
    { property: '--inspraak-bar-color', group: 'Buttons', nlds: [], fallback: null, sameAs: '--inspraak-primary-background', contrast: null },
  ]);
  assert.match(renderTables({ entries }, []), /\| `--inspraak-bar-color` \| — \| as `--inspraak-primary-background` \| bars \|/);
});

test('a line that skips the public property, or has no description, is refused', () => {
  const { problems: found } = parseTokens(`.inspraak {
  --_color: var(--utrecht-document-color, #000); /* text */
  --_background: var(--inspraak-background, #fff);
}`);
  assert.equal(found.length, 2);
  assert.match(found[0], /--_color must be var\(--inspraak-color, …\)/);
  assert.match(found[1], /a description comment is needed/);
});

test('a widget stylesheet with a colour, a font or a public property of its own is refused', () => {
  const found = lintStylesheet('challenge.css', `.step { color: #b3261e; background: rgb(0 0 0); border-color: white;
    font-family: Arial; white-space: nowrap; outline-color: var(--inspraak-focus-color, blue); }`);
  assert.deepEqual(found.map((line) => line.split('"')[1]).sort(),
    ['#b3261e', '--inspraak-focus-color', 'blue', 'font-family: Arial', 'rgb(', 'white']);
  assert.deepEqual(lintStylesheet('ok.css', '.x { color: var(--_color); font-family: var(--_font-family); white-space: nowrap; }'), []);
});
