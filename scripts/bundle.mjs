// Builds the widget files into pkg/ from widgets/registry.json: one WebAssembly module per widget and one with all of
// them (wasm-pack on the entry crate, with the widget's feature alone), each widget's stylesheet and its texts per
// language, and the loader with the registry's table, the modules' sizes, the space reservation and the sha256 of
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
import { shortenImports } from './wasm-imports.mjs';
import { pruneExports, shortenExports, trimGlue } from './wasm-exports.mjs';
import { writeNpmPackage } from './npm-package.mjs';
import { formattingIn, releaseBuild } from './wasm-release.mjs';

const say = (line) => console.log(`[bundle] ${line}`);
const profile = process.env.INSPRAAK_PROFILE ?? 'release';
const pkg = join(root, 'pkg');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const work = join(target, 'inspraak-bundle');
const crateVersion = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

// --- The modules: wasm-pack runs cargo, wasm-bindgen (the one on PATH, at the Cargo.lock version) and binaryen's
// wasm-opt with the passes in widgets/entry/Cargo.toml. Built one after another: they share the target directory. A
// release build compiles the standard library with them, panics aborting at once (scripts/wasm-release.mjs).
rmSync(work, { recursive: true, force: true });
const release = profile === 'release' ? releaseBuild(target) : null;
for (const module of MODULES) {
  const features = module === 'all' ? [] : ['--no-default-features', '--features', module];
  say(`compiling ${module === 'all' ? 'the module with every widget' : `the ${module} module`} (${profile})`);
  execFileSync('wasm-pack', [
    '--log-level', 'warn', 'build', 'widgets/entry', profile === 'release' ? '--release' : '--dev', '--target', 'web',
    '--mode', 'no-install', '--no-typescript', '--no-pack', '--out-dir', join(work, module),
    '--out-name', `inspraak-${module}`, '--', ...features, ...(release?.cargoArgs ?? []),
  ], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: release?.env ?? process.env });
  const formatting = release ? formattingIn(release.wasm) : [];
  if (formatting.length > 0) {
    throw new Error(`the ${module} module holds core::fmt (${formatting.join(', ')}): find the call with`
      + ` node scripts/bytes.mjs ${module} and twiggy paths, and write the string with inspraak_api::text`);
  }
}

// wasm-bindgen's glue and our loader are written to be read; residents get them minified (esbuild: a third smaller).
const minify = (code) => (profile === 'release' ? transformSync(code, { minify: true, format: 'esm', target: 'es2022' }).code : code);
// The glue tree-shaken too: the loader calls its init and mount, so initSync (a module compiled without streaming)
// is not exported and goes, with what only it used (70 bytes brotli per module).
const initExports = 'export { initSync, __wbg_init as default };';
function minifyGlue(code) {
  if (profile !== 'release') return code;
  if (code.split(initExports).length !== 2) throw new Error(`the glue does not end with ${initExports}`);
  const glue = code.replace(initExports, 'export { __wbg_init as default };');
  return transformSync(glue, { minify: true, treeShaking: true, format: 'esm', target: 'es2022' }).code;
}

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
// The feature flags of the wasm-opt passes in widgets/entry/Cargo.toml, for the round after the exports are pruned.
const wasmOptFlags = readFileSync(join(root, 'widgets/entry/Cargo.toml'), 'utf8').match(/"--(?:enable-[a-z-]+|low-memory-unused)"/g)
  .map((flag) => flag.slice(1, -1));
for (const module of MODULES) {
  const { js, wasm } = moduleFiles(module);
  let bytes = readFileSync(join(work, module, wasm));
  let glue = readFileSync(join(work, module, js), 'utf8');
  if (profile === 'release') {
    // Without the exports the glue never reads, and wasm-streams' classes (scripts/wasm-exports.mjs), a -Oz round
    // drops what only they reached: 1.8 KB brotli less for the poll. Then short export names: 0.2 KB.
    const pruned = pruneExports(bytes, glue);
    const before = join(work, module, 'pruned.wasm');
    writeFileSync(before, pruned.wasm);
    execFileSync('wasm-opt', [before, '-o', join(work, module, 'optimised.wasm'), '-Oz', ...wasmOptFlags], { cwd: root, stdio: 'inherit' });
    bytes = readFileSync(join(work, module, 'optimised.wasm'));
    ({ wasm: bytes, js: glue } = shortenExports(bytes, trimGlue(pruned.js, bytes)));
  }
  // Short import names in the module and its glue (scripts/wasm-imports.mjs): 2.4 KB brotli less per module.
  const short = shortenImports(bytes, minifyGlue(glue));
  writeFileSync(join(pkg, wasm), short.wasm);
  writeFileSync(join(pkg, js), short.js);
}
// Stylesheets minified too (esbuild, no lowering: custom properties' values stay as written): 50-80 bytes brotli each.
const minifyCss = (code) => (profile === 'release' ? transformSync(code, { loader: 'css', minify: true }).code.trim() : code);
for (const kind of kinds) {
  bundleStylesheets(kind, join(pkg, stylesheetFile(kind)));
  writeFileSync(join(pkg, stylesheetFile(kind)), `${minifyCss(readFileSync(join(pkg, stylesheetFile(kind)), 'utf8'))}\n`);
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
// The loader's own hash, which a webmaster copies into the script tag, is a sha384; the hashes inside it of the files
// it fetches are sha256 (as SRI allows): 22 of them, each 20 base64 characters shorter, random to brotli too, make
// every page 0.4 KB lighter.
const sri = (bytes, algorithm = 'sha384') => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
const fetched = readdirSync(pkg).sort();
fetched.forEach(compress);
const integrity = Object.fromEntries(fetched.map((file) => [file, sri(readFileSync(join(pkg, file)), 'sha256')]));
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
