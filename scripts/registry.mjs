// The widget registry (widgets/registry.json) and what is made from it: the files of each widget's download, its
// stylesheet and texts, the loader's table and the space reservation. The build, the theming checks and the tests
// read the widgets from here, so a widget is declared once.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => readFileSync(join(root, path), 'utf8');

export const REGISTRY = 'widgets/registry.json';
export const RESERVE_CSS = 'widgets/core/styles/reserve.css';
export const LANGS = ['nl', 'en'];
export const registry = JSON.parse(read(REGISTRY));
export const widgets = registry.widgets;
export const kinds = widgets.map((w) => w.kind);

/** The modules the build makes: one per widget, and `all` with every widget for a page that has several kinds. */
export const MODULES = [...kinds, 'all'];

/** The files of one module (as wasm-bindgen names them with --out-name) and of one widget kind. */
export const moduleFiles = (module) => ({ js: `inspraak-${module}.js`, wasm: `inspraak-${module}_bg.wasm` });
export const stylesheetFile = (kind) => `inspraak-${kind}.css`;
export const textsFile = (kind, lang) => `inspraak-${kind}.${lang}.txt`;

/** Every file a page with only this widget downloads from the widget server, the loader first. */
export function pageFiles(kind) {
  const { js, wasm } = moduleFiles(kind);
  return ['inspraak.js', js, wasm, stylesheetFile(kind), textsFile(kind, 'nl')];
}

/** A page with every widget: the loader, the module with all of them, and each kind's stylesheet and texts. */
export function allPageFiles() {
  const { js, wasm } = moduleFiles('all');
  return ['inspraak.js', js, wasm, ...kinds.flatMap((kind) => [stylesheetFile(kind), textsFile(kind, 'nl')])];
}

/** A widget's catalogue in one language: the core's texts, then its own (widgets/<kind>/texts/<lang>.txt). */
export function texts(kind, lang) {
  const strip = (source) => source.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#')).join('\n');
  return `${strip(read(`widgets/core/texts/${lang}.txt`))}\n${strip(read(`widgets/${kind}/texts/${lang}.txt`))}\n`;
}

/** The space reservation: the rules every widget element gets (reserve.css), then each widget's height. */
export function reserveCss() {
  const rules = [read(RESERVE_CSS)];
  const host = (kind, condition = '') => [`:host(inspraak-${kind}${condition.replace('[data-', '[')})`,
    `:host([data-inspraak="${kind}"]${condition})`].join(', ');
  const narrow = [];
  for (const { kind, reserve } of widgets) {
    const property = `--inspraak-${kind}-min-height`;
    rules.push(`${host(kind)} { --inspraak-min-height: var(${property}, ${reserve.height}); }`);
    for (const [variant, height] of Object.entries(reserve.variants ?? {})) {
      rules.push(`${host(kind, `[data-variant="${variant}"]`)} { --inspraak-min-height: var(${property}, ${height}); }`);
    }
    if (reserve.narrow) narrow.push(`  ${host(kind)} { --inspraak-min-height: var(${property}, ${reserve.narrow}); }`);
  }
  // On a phone the same content wraps onto more lines.
  if (narrow.length) rules.push(`@media (max-width: 36rem) {\n${narrow.join('\n')}\n}`);
  return rules.join('\n');
}

/** The loader's table: per kind the attributes that configure it (a change re-renders it) and its first request. */
export function loaderTable() {
  const names = (attributes) => attributes.map((a) => a.name);
  return Object.fromEntries(widgets.map(({ kind, attributes, prefetch, unless }) => [kind, {
    attributes: [...names(registry.shared_attributes), ...names(attributes)], prefetch, unless,
  }]));
}

/** Every stylesheet a widget uses, each once, in the order of the registry. */
export function allStylesheets() {
  return [...new Set(widgets.flatMap((w) => w.stylesheets))];
}

/** The loader with the registry's table, the space reservation, and what the build made: per module its files and
 *  size (`modules`), and the sha256 of every file it fetches (`integrity`; empty for a development build). */
export function loader({ modules, integrity }) {
  let code = read('widgets/loader/inspraak.js');
  const css = reserveCss().replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').trim();
  for (const [marker, value] of [
    ['/* WIDGETS */ {}', JSON.stringify(loaderTable())],
    ['/* MODULES */ {}', JSON.stringify(modules)],
    ['/* INTEGRITY */ {}', JSON.stringify(integrity)],
    ['/* RESERVE_CSS */', css],
  ]) {
    if (!code.includes(marker)) throw new Error(`no ${marker} in widgets/loader/inspraak.js`);
    code = code.replace(marker, () => value);
  }
  return code;
}
