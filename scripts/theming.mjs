// The theming surface, read from widgets/core/styles/tokens.css: the table in docs/theming.md, the presets the
// demo page offers (NL Design System token packages from node_modules, and our own), and the checks that keep
// every widget stylesheet on that surface.
// Usage: node scripts/theming.mjs check          fails when the docs, the CSS or the token names drift
//        node scripts/theming.mjs write          rewrites the generated tables in docs/theming.md
//        node scripts/theming.mjs assets <dir>   copies the theme packages and presets into <dir> (the demo's themes/)
//        node scripts/theming.mjs bundle <kind> <file>  writes a widget's stylesheet (widgets/registry.json)
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESERVE_CSS, allStylesheets, reserveCss, widgets } from './registry.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => readFileSync(join(root, path), 'utf8');
export const TOKENS_CSS = 'widgets/core/styles/tokens.css';
export { RESERVE_CSS };
export const DOCS = 'docs/theming.md';

/** The presets of the demo page and the screenshots. `files` are copied from the installed package (the version
 *  pinned in package.json) or, when they start with widgets/, from this repository; the host wraps the widgets in an element with `className`. */
export const PRESETS = [
  { id: 'standaard', label: 'Standaard (ingebouwd)', className: '', files: [] },
  { id: 'utrecht', label: 'Gemeente Utrecht', package: '@utrecht/design-tokens', className: 'utrecht-theme',
    files: [['dist/theme.css', 'utrecht.css']] },
  { id: 'voorbeeld', label: 'Gemeente Voorbeeld', package: '@nl-design-system-unstable/voorbeeld-design-tokens',
    className: 'voorbeeld-theme', files: [['dist/theme.css', 'voorbeeld.css']] },
  { id: 'denhaag', label: 'Gemeente Den Haag', package: '@gemeente-denhaag/design-tokens-components',
    className: 'denhaag-theme', files: [['dist/theme/index.css', 'denhaag.css']] },
  // index.css imports ./design-tokens.css: both keep their names.
  { id: 'rotterdam', label: 'Gemeente Rotterdam', package: '@nl-design-system-unstable/rotterdam-design-tokens',
    className: 'rotterdam-theme', files: [['dist/index.css', 'rotterdam.css'], ['dist/design-tokens.css', 'design-tokens.css']] },
  // Amsterdam's tokens are --ams-*: our small preset maps them onto --inspraak-* under the same class.
  { id: 'amsterdam', label: 'Gemeente Amsterdam', package: '@amsterdam/design-system-tokens', className: 'ams-theme',
    files: [['dist/index.theme.css', 'amsterdam-tokens.css'], ['widgets/themes/amsterdam.css', 'amsterdam.css']] },
  { id: 'donker', label: 'Donker', className: 'inspraak-theme-dark', files: [['widgets/themes/dark.css', 'dark.css']] },
  { id: 'hoog-contrast', label: 'Hoog contrast', className: 'inspraak-theme-high-contrast',
    files: [['widgets/themes/high-contrast.css', 'high-contrast.css']] },
];

/** Splits `a, var(b, c), d` at its top-level commas. */
function splitTop(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')') depth -= 1;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** `var(--x, rest)` → ['--x', 'rest'] (rest may be undefined); anything else → null. */
function unwrapVar(value) {
  const match = value.match(/^var\((--[a-z0-9-]+)\s*(?:,\s*([\s\S]*))?\)$/);
  return match ? [match[1], match[2]?.trim()] : null;
}

/** Every line of tokens.css: the public property, the NL Design System tokens it falls back to, the default. */
export function parseTokens(css = read(TOKENS_CSS)) {
  const entries = [];
  const problems = [];
  let group = '';
  for (const line of css.split('\n')) {
    const heading = line.match(/^\s*\/\*\s*([^*|]+?)\s*\*\/\s*$/);
    if (heading && !line.includes('--')) group = heading[1];
    const match = line.match(/^\s*--_([a-z0-9-]+):\s*(.+?);\s*\/\*\s*(.+?)\s*\*\/\s*$/);
    if (!match) {
      if (/^\s*--_/.test(line)) problems.push(`${TOKENS_CSS}: cannot read "${line.trim()}" (a description comment is needed)`);
      continue;
    }
    const [, name, value, comment] = match;
    const [what, contrastText] = comment.split(/\s*\|\s*contrast:\s*/);
    const outer = unwrapVar(value);
    if (!outer || outer[0] !== `--inspraak-${name}` || outer[1] === undefined) {
      problems.push(`${TOKENS_CSS}: --_${name} must be var(--inspraak-${name}, …), not ${value}`);
      continue;
    }
    const nlds = [];
    let rest = outer[1];
    for (let inner = unwrapVar(rest); inner && !inner[0].startsWith('--_'); inner = unwrapVar(rest)) {
      nlds.push(inner[0]);
      rest = inner[1];
      if (rest === undefined) {
        problems.push(`${TOKENS_CSS}: --_${name} has no default after ${inner[0]}`);
        break;
      }
    }
    const sameAs = rest?.match(/^var\(--_([a-z0-9-]+)\)$/)?.[1];
    let contrast = null;
    if (contrastText) {
      const [on, ratio] = contrastText.split(/\s+/);
      contrast = { on, ratio: Number(ratio) };
    }
    entries.push({ name, property: `--inspraak-${name}`, group, nlds, fallback: sameAs ? null : rest,
      sameAs: sameAs ? `--inspraak-${sameAs}` : null, what, contrast });
  }
  for (const entry of entries) {
    if (entry.contrast && !entries.some((e) => e.name === entry.contrast.on)) {
      problems.push(`${TOKENS_CSS}: --_${entry.name} is checked against unknown --_${entry.contrast.on}`);
    }
  }
  return { entries, problems };
}

/** The space each widget reserves while loading (reserve.css and the registry): `--inspraak-<widget>-min-height` and
 *  its defaults. */
export function parseReserve(css = reserveCss()) {
  const rows = new Map();
  for (const rule of css.matchAll(/([^{}]+)\{[^}]*?(--inspraak-([a-z]+)-min-height),\s*([^)]+)\)/g)) {
    const [, selector, property, widget, fallback] = rule;
    const narrow = /max-width/.test(css.slice(Math.max(0, rule.index - 80), rule.index));
    const variant = /variant/.test(selector) ? ' (`variant="full"`)' : narrow ? ' (narrow screens)' : '';
    const row = rows.get(property) ?? { property, widget, defaults: [] };
    row.defaults.push(`\`${fallback.trim()}\`${variant}`);
    rows.set(property, row);
  }
  return [...rows.values()];
}

function files(dir, ext) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

const code = (text) => `\`${text}\``;

/** The generated part of docs/theming.md. */
export function renderTables({ entries } = parseTokens(), reserve = parseReserve()) {
  const lines = [];
  let group = null;
  for (const entry of entries) {
    if (entry.group !== group) {
      group = entry.group;
      lines.push('', `**${group}**`, '', '| property | NL Design System token(s), in order | default | what it styles | contrast checked against |',
        '| --- | --- | --- | --- | --- |');
    }
    const fallback = entry.sameAs ? `as ${code(entry.sameAs)}` : code(entry.fallback);
    const contrast = entry.contrast ? `${code(`--inspraak-${entry.contrast.on}`)} ≥ ${entry.contrast.ratio}:1` : '';
    lines.push(`| ${code(entry.property)} | ${entry.nlds.map(code).join(', ') || '—'} | ${fallback} | ${entry.what} | ${contrast} |`);
  }
  lines.push('', '**Space reserved while loading** (on the element itself, `reserve.css`)', '',
    '| property | default |', '| --- | --- |');
  for (const row of reserve) lines.push(`| ${code(row.property)} | ${row.defaults.join(', ')} |`);
  return `${lines.join('\n').trim()}\n`;
}

const START = '<!-- generated by scripts/theming.mjs: do not edit by hand -->';
const END = '<!-- end of generated tables -->';

function docsWith(tables, docs = read(DOCS)) {
  const from = docs.indexOf(START);
  const to = docs.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOCS} has no "${START}" … "${END}" block`);
  return `${docs.slice(0, from + START.length)}\n${tables}${docs.slice(to)}`;
}

/** The token names that the installed theme packages define (any prefix), to check ours are real ones. */
export function packageTokens() {
  const names = new Set();
  for (const preset of PRESETS.filter((p) => p.package)) {
    for (const [from] of preset.files.filter(([from]) => !from.startsWith('widgets/'))) {
      const css = read(join('node_modules', preset.package, from));
      for (const m of css.matchAll(/(--[a-z0-9-]+)\s*:/g)) names.add(m[1]);
    }
  }
  return names;
}

/** What a widget stylesheet (comments removed) must not do: every visual value comes from tokens.css. */
export function lintStylesheet(file, css) {
  const rules = [
    [/--inspraak-[a-z0-9-]+/g, 'uses a public property directly: add a line to tokens.css and use its --_ value'],
    [/#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(/g, 'has a colour of its own: take it from tokens.css'],
    [/font-family\s*:(?!\s*var\(--_)[^;]+/g, 'sets a font family of its own: take it from tokens.css'],
    [/(?<![-\w])(?:black|white|red|green|blue|gray|grey|navy|silver)(?![-\w])/g, 'names a colour: take it from tokens.css'],
  ];
  const found = [];
  for (const [pattern, message] of rules) {
    for (const m of css.matchAll(pattern)) found.push(`${file}: "${m[0]}" ${message}`);
  }
  return found;
}

/** Everything that can drift, as a list of sentences; empty when all is well. */
export function problems() {
  const { entries, problems: found } = parseTokens();
  const defined = new Set(entries.map((e) => e.name));
  const known = packageTokens();
  for (const entry of entries) {
    for (const token of entry.nlds) {
      if (!known.has(token)) found.push(`${TOKENS_CSS}: ${token} (for ${entry.property}) is defined by none of the theme packages`);
    }
  }
  const used = new Set();
  const listed = new Set([RESERVE_CSS, ...STYLESHEETS]);
  for (const file of widgetStylesheets()) {
    if (!listed.has(file)) found.push(`${file}: no widget of widgets/registry.json uses it`);
    const css = read(file).replace(/\/\*[\s\S]*?\*\//g, '');
    // A "/*" inside a comment ends it early and the browser drops the rule after it (as happened here once).
    if (css.includes('*/')) found.push(`${file}: a comment holds "/*": the rule after it would be lost`);
    if (file === TOKENS_CSS) continue;
    for (const m of css.matchAll(/var\(--_([a-z0-9-]+)\)/g)) {
      used.add(m[1]);
      if (!defined.has(m[1])) found.push(`${file}: var(--_${m[1]}) is not defined in ${TOKENS_CSS}`);
    }
    if (file !== RESERVE_CSS) found.push(...lintStylesheet(file, css));
  }
  for (const name of defined) if (!used.has(name) && !entries.some((e) => e.sameAs === `--inspraak-${name}`)) {
    found.push(`${TOKENS_CSS}: --_${name} is used by no stylesheet`);
  }
  for (const file of files('widgets/themes', '.css')) {
    const css = read(file).replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of css.matchAll(/(--inspraak-([a-z0-9-]+))\s*:\s*([^;]+);/g)) {
      if (!defined.has(m[2])) found.push(`${file}: ${m[1]} is not a documented property`);
      if (file.endsWith('amsterdam.css') && !/^var\(--ams-[a-z0-9-]+\)$/.test(m[3].trim())) {
        found.push(`${file}: ${m[1]} must come from an --ams-* token, not ${m[3].trim()}`);
      }
      if (file.endsWith('amsterdam.css') && !known.has(m[3].trim().slice(4, -1))) {
        found.push(`${file}: ${m[3].trim()} is not in @amsterdam/design-system-tokens`);
      }
    }
  }
  const docs = read(DOCS);
  if (docsWith(renderTables()) !== docs) found.push(`${DOCS} does not match ${TOKENS_CSS}: run node scripts/theming.mjs write`);
  return found;
}

/** Every stylesheet some widget uses (widgets/registry.json), each once. */
export const STYLESHEETS = allStylesheets();

/** Every stylesheet of the widgets' sources (the presets in widgets/themes/ are the host page's, not ours). */
function widgetStylesheets() {
  return files('widgets', '.css').filter((file) => !file.startsWith('widgets/themes/'));
}

/** Writes the stylesheet of widget `kind` (its stylesheets in the registry's order), without comments. */
export function bundleStylesheets(kind, out) {
  const widget = widgets.find((w) => w.kind === kind);
  if (!widget) throw new Error(`no widget ${kind} in widgets/registry.json`);
  // Comments are for the sources: the stylesheet every resident downloads goes without them.
  const css = widget.stylesheets.map(read).join('\n').replace(/\/\*[\s\S]*?\*\//g, '').replace(/[ \t]+$/gm, '')
    .replace(/\n{2,}/g, '\n');
  writeFileSync(out, css.trimStart());
  return widget.stylesheets;
}

/** Copies the theme packages (as installed by npm ci, at the versions of package-lock.json) and our presets into
 *  `dir`, with presets.json and tokens.json for the demo page. */
export function writeAssets(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const presets = PRESETS.map((preset) => {
    const version = preset.package && JSON.parse(read(join('node_modules', preset.package, 'package.json'))).version;
    for (const [from, to] of preset.files) {
      const ours = from.startsWith('widgets/');
      copyFileSync(join(root, ours ? from : join('node_modules', preset.package, from)), join(dir, to));
    }
    // The first file is the stylesheet to link; the others are imported by it.
    const stylesheets = preset.files.filter(([, to]) => to !== 'design-tokens.css').map(([, to]) => `themes/${to}`);
    return { id: preset.id, label: preset.label, className: preset.className, package: preset.package, version, stylesheets };
  });
  writeFileSync(join(dir, 'presets.json'), `${JSON.stringify(presets, null, 2)}\n`);
  writeFileSync(join(dir, 'tokens.json'), `${JSON.stringify(parseTokens().entries, null, 2)}\n`);
  return presets;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'write') {
    writeFileSync(join(root, DOCS), docsWith(renderTables()));
    console.log(`[theming] ${DOCS} written from ${TOKENS_CSS}`);
  } else if (command === 'check') {
    const found = problems();
    for (const line of found) console.error(`[theming] ${line}`);
    if (found.length) process.exit(1);
    console.log(`[theming] ${parseTokens().entries.length} properties: CSS, docs and token packages agree`);
  } else if (command === 'bundle' && dir && process.argv[4]) {
    const all = bundleStylesheets(dir, resolve(root, process.argv[4]));
    console.log(`[theming] ${process.argv[4]} from ${all.length} stylesheets`);
  } else if (command === 'assets' && dir) {
    const presets = writeAssets(resolve(root, dir));
    console.log(`[theming] ${presets.length} presets in ${dir}/`);
  } else {
    console.error('usage: node scripts/theming.mjs check | write | assets <dir> | bundle <kind> <file>');
    process.exit(2);
  }
}
