// Builds the back office (the admin/ crate, a Leptos page at /admin/) into pkg-admin/: its WebAssembly module and
// glue (wasm-pack, with the wasm-bindgen and binaryen wasm-opt on PATH), the boot script, index.html, its stylesheet,
// the Gemeente Voorbeeld theme of the NL Design System, and the poll widget's stylesheet for the live preview; each
// with precompressed .br and .gz copies, and a size report. Its own files: the widget loader never fetches them and
// no host page loads them (docs/backoffice.md).
// Usage: node scripts/admin.mjs            (INSPRAAK_PROFILE=dev for an unoptimised build; CARGO_TARGET_DIR is used)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { root } from './registry.mjs';
import { bundleStylesheets } from './theming.mjs';

const say = (line) => console.log(`[admin] ${line}`);
const profile = process.env.INSPRAAK_PROFILE ?? 'release';
const out = join(root, 'pkg-admin');
const work = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'inspraak-admin');

say(`compiling the back office (${profile})`);
rmSync(work, { recursive: true, force: true });
execFileSync('wasm-pack', [
  '--log-level', 'warn', 'build', 'admin', profile === 'release' ? '--release' : '--dev', '--target', 'web',
  '--mode', 'no-install', '--no-typescript', '--no-pack', '--out-dir', work, '--out-name', 'inspraak-admin',
], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

const minify = (code) => (profile === 'release' ? transformSync(code, { minify: true, format: 'esm', target: 'es2022' }).code : code);

rmSync(out, { recursive: true, force: true });
mkdirSync(out);
copyFileSync(join(work, 'inspraak-admin_bg.wasm'), join(out, 'inspraak-admin_bg.wasm'));
writeFileSync(join(out, 'inspraak-admin.js'), minify(readFileSync(join(work, 'inspraak-admin.js'), 'utf8')));
writeFileSync(join(out, 'boot.js'), minify(readFileSync(join(root, 'admin', 'static', 'boot.js'), 'utf8')));
for (const file of ['index.html', 'admin.css']) copyFileSync(join(root, 'admin', 'static', file), join(out, file));
copyFileSync(join(root, 'node_modules', '@nl-design-system-unstable', 'voorbeeld-design-tokens', 'dist', 'theme.css'),
  join(out, 'voorbeeld.css'));
bundleStylesheets('poll', join(out, 'inspraak-poll.css'));

const sizes = {};
for (const file of readdirSync(out).sort()) {
  const raw = readFileSync(join(out, file));
  const gzip = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  writeFileSync(join(out, `${file}.gz`), gzip);
  writeFileSync(join(out, `${file}.br`), br);
  sizes[file] = { raw: raw.length, gzip: gzip.length, brotli: br.length };
}
const total = Object.values(sizes).reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });
writeFileSync(join(out, 'size-report.json'), `${JSON.stringify({ files: sizes, total }, null, 2)}\n`);
const n = (value) => value.toLocaleString('en-US').padStart(10);
for (const [file, size] of Object.entries(sizes)) say(`${file.padEnd(26)}${n(size.raw)}${n(size.gzip)}${n(size.brotli)}`);
say(`${'the page downloads'.padEnd(26)}${n(total.raw)}${n(total.gzip)}${n(total.brotli)}   (raw, gzip, brotli bytes)`);
