// Builds the widget files into pkg/ from widgets/registry.json: one WebAssembly module per widget and one with all of
// them (wasm-pack on the entry crate, with the widget's feature alone), each widget's stylesheet and its texts per
// language, and the loader with the registry's table, the modules' sizes, the space reservation and the sha384 of
// every file it fetches. The build is published under pkg/<version>/ (cached for ever), pkg/latest/ and pkg/ itself,
// with precompressed copies, an npm package around it, and a size report that fails the build when a page with one
// widget downloads more than its budget.
// Usage: node scripts/bundle.mjs            (INSPRAAK_PROFILE=dev for an unoptimised build; CARGO_TARGET_DIR is used)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import {
  LANGS, MODULES, allPageFiles, kinds, loader, moduleFiles, pageFiles, registry, root, stylesheetFile, texts, textsFile,
  widgets,
} from './registry.mjs';
import { transformSync } from 'esbuild';
import { bundleStylesheets } from './theming.mjs';
import { writeNpmPackage } from './npm-package.mjs';

const say = (line) => console.log(`[bundle] ${line}`);
const profile = process.env.INSPRAAK_PROFILE ?? 'release';
const pkg = join(root, 'pkg');
const work = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'inspraak-bundle');
const crateVersion = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

// --- The modules: wasm-pack runs cargo, wasm-bindgen (the one on PATH, at the Cargo.lock version) and binaryen's
// wasm-opt with the passes in widgets/entry/Cargo.toml. Built one after another: they share the target directory.
rmSync(work, { recursive: true, force: true });
for (const module of MODULES) {
  const features = module === 'all' ? [] : ['--no-default-features', '--features', module];
  say(`compiling ${module === 'all' ? 'the module with every widget' : `the ${module} module`} (${profile})`);
  execFileSync('wasm-pack', [
    '--log-level', 'warn', 'build', 'widgets/entry', profile === 'release' ? '--release' : '--dev', '--target', 'web',
    '--mode', 'no-install', '--no-typescript', '--no-pack', '--out-dir', join(work, module),
    '--out-name', `inspraak-${module}`, '--', ...features,
  ], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

// wasm-bindgen's glue and our loader are written to be read; residents get them minified (esbuild: a third smaller).
const minify = (code) => (profile === 'release' ? transformSync(code, { minify: true, format: 'esm', target: 'es2022' }).code : code);

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
for (const module of MODULES) {
  const { js, wasm } = moduleFiles(module);
  copyFileSync(join(work, module, wasm), join(pkg, wasm));
  writeFileSync(join(pkg, js), minify(readFileSync(join(work, module, js), 'utf8')));
}
for (const kind of kinds) {
  bundleStylesheets(kind, join(pkg, stylesheetFile(kind)));
  for (const lang of LANGS) writeFileSync(join(pkg, textsFile(kind, lang)), texts(kind, lang));
}

// --- Precompressed copies (served as they are) and sizes: the loader picks modules by them, and the report and the
// budgets are made of them.
const sizes = {};
function compress(file) {
  const raw = readFileSync(join(pkg, file));
  const gzip = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  writeFileSync(join(pkg, `${file}.gz`), gzip);
  writeFileSync(join(pkg, `${file}.br`), br);
  sizes[file] = { raw: raw.length, gzip: gzip.length, brotli: br.length };
}
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const fetched = readdirSync(pkg).sort();
fetched.forEach(compress);
const integrity = Object.fromEntries(fetched.map((file) => [file, sri(readFileSync(join(pkg, file)))]));
const modules = Object.fromEntries(MODULES.map((module) => {
  const files = moduleFiles(module);
  return [module, { ...files, bytes: Object.values(files).reduce((sum, file) => sum + sizes[file].brotli, 0) }];
}));

// --- The loader.
writeFileSync(join(pkg, 'inspraak.js'), minify(loader({ modules, integrity })));
compress('inspraak.js');

// --- Published under a version of its own: the crate version plus a hash of every file.
const files = { ...integrity, 'inspraak.js': sri(readFileSync(join(pkg, 'inspraak.js'))) };
const content = createHash('sha256');
for (const file of Object.keys(files).sort()) content.update(readFileSync(join(pkg, file)));
const version = `${crateVersion}-${content.digest('hex').slice(0, 10)}`;

// --- What each page downloads.
const page = (list) => list.reduce((sum, file) => ({
  raw: sum.raw + sizes[file].raw, gzip: sum.gzip + sizes[file].gzip, brotli: sum.brotli + sizes[file].brotli,
}), { raw: 0, gzip: 0, brotli: 0 });
const pages = [
  ...widgets.map((w) => ({ page: `only ${w.kind}`, files: pageFiles(w.kind), budget: w.budget, ceiling: w.ceiling ?? w.budget })),
  { page: 'all four', files: allPageFiles(), budget: registry.all_budget, ceiling: registry.all_budget },
].map((p) => ({ ...p, ...page(p.files) }));

const manifest = `${JSON.stringify({ version, files, modules, pages: Object.fromEntries(pages.map((p) => [p.page, p.brotli])) }, null, 2)}\n`;
writeFileSync(join(pkg, 'manifest.json'), manifest);
writeFileSync(join(pkg, 'size-report.json'), `${JSON.stringify({ version, files: sizes, pages }, null, 2)}\n`);
for (const dir of [version, 'latest']) {
  mkdirSync(join(pkg, dir));
  for (const file of readdirSync(pkg)) {
    if (file !== version && file !== 'latest') copyFileSync(join(pkg, file), join(pkg, dir, file));
  }
}
writeNpmPackage(pkg, { version: crateVersion, files: Object.keys(files) });

const n = (value) => value.toLocaleString('en-US').padStart(10);
console.log(`[size] ${'file'.padEnd(30)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}   (bytes)`);
for (const [file, size] of Object.entries(sizes).sort()) console.log(`[size] ${file.padEnd(30)}${n(size.raw)}${n(size.gzip)}${n(size.brotli)}`);
console.log(`[size] ${'page'.padEnd(30)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}${'budget'.padStart(10)}${'ceiling'.padStart(10)}`);
const over = [];
const aboveGoal = [];
for (const p of pages) {
  const mark = p.brotli > p.ceiling ? '  OVER' : p.brotli > p.budget ? `  ${(p.brotli - p.budget).toLocaleString('en-US')} above the budget` : '';
  console.log(`[size] ${p.page.padEnd(30)}${n(p.raw)}${n(p.gzip)}${n(p.brotli)}${n(p.budget)}${n(p.ceiling)}${mark}`);
  if (p.brotli > p.ceiling) over.push(`${p.page}: ${p.brotli} > ${p.ceiling}`);
  else if (p.brotli > p.budget) aboveGoal.push(p.page);
}
say(`published ${version}: /widgets/${version}/inspraak.js (immutable), /widgets/latest/ and /widgets/`);
say(`script tag integrity: ${files['inspraak.js']}`);
if (over.length && profile === 'release') {
  console.error(`[bundle] over the ceiling (brotli bytes, widgets/registry.json): ${over.join('; ')}`);
  process.exit(1);
}
if (aboveGoal.length) say(`within the ceiling but not yet the budget (widgets/registry.json): ${aboveGoal.join(', ')}`);
