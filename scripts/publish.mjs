// Finishes the bundle in pkg/: puts the space reservation and the files' sha384 hashes into the loader, and
// publishes the build under a version of its own (pkg/<version>/, the crate version plus a content hash, so its
// files can be cached for ever) beside pkg/latest/ and pkg/ itself, each with a manifest.json of the hashes.
// Usage: node scripts/publish.mjs <loader source> <reserve.css> <pkg dir> <crate version>
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const [loaderSource, reserveCss, pkg, crateVersion] = process.argv.slice(2);
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const fetched = ['inspraak_widgets.js', 'inspraak_widgets_bg.wasm', 'inspraak.css'];

const integrity = Object.fromEntries(fetched.map((file) => [file, sri(readFileSync(join(pkg, file)))]));
const css = readFileSync(reserveCss, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').trim();
let loader = readFileSync(loaderSource, 'utf8');
for (const [marker, value] of [[/\/\* RESERVE_CSS:[^*]*\*\//, css], [/\/\* INTEGRITY:[^*]*\*\/ \{\}/, JSON.stringify(integrity)]]) {
  if (!marker.test(loader)) throw new Error(`no ${marker} in ${loaderSource}`);
  loader = loader.replace(marker, () => value);
}
writeFileSync(join(pkg, 'inspraak.js'), loader);

const files = { ...integrity, 'inspraak.js': sri(loader) };
const content = createHash('sha256');
for (const file of Object.keys(files).sort()) content.update(readFileSync(join(pkg, file)));
const version = `${crateVersion}-${content.digest('hex').slice(0, 10)}`;
const manifest = JSON.stringify({ version, files }, null, 2) + '\n';
writeFileSync(join(pkg, 'manifest.json'), manifest);
for (const entry of readdirSync(pkg, { withFileTypes: true })) {
  if (entry.isDirectory()) rmSync(join(pkg, entry.name), { recursive: true });
}
for (const dir of [version, 'latest']) {
  mkdirSync(join(pkg, dir));
  for (const file of [...Object.keys(files), 'manifest.json']) copyFileSync(join(pkg, file), join(pkg, dir, file));
}
console.log(`[build] published ${version}: /widgets/${version}/inspraak.js (immutable), /widgets/latest/ and /widgets/`);
console.log(`[build] script tag integrity: ${files['inspraak.js']}`);
