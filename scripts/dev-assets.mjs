// trunk's post-build hook (Trunk.toml): beside the module trunk built (every widget in one, unoptimised) it writes what
// the real build (scripts/bundle.mjs) writes beside the modules: each widget's stylesheet and texts, and the loader,
// here with every kind pointing at trunk's module and no hashes (trunk's files change on every save).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGS, kinds, loader, stylesheetFile, texts, textsFile } from './registry.mjs';
import { bundleStylesheets } from './theming.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by trunk (Trunk.toml), which sets TRUNK_STAGING_DIR');
const wasm = readdirSync(staging).find((file) => file.endsWith('_bg.wasm'));
if (!wasm) throw new Error(`trunk built no module in ${staging}`);
const module = { js: wasm.replace(/_bg\.wasm$/, '.js'), wasm, bytes: 0 };
const modules = Object.fromEntries([...kinds, 'all'].map((name) => [name, module]));
writeFileSync(join(staging, 'inspraak.js'), loader({ modules, integrity: {} }));
for (const kind of kinds) {
  bundleStylesheets(kind, join(staging, stylesheetFile(kind)));
  for (const lang of LANGS) writeFileSync(join(staging, textsFile(kind, lang)), texts(kind, lang));
}
console.log(`[dev] ${kinds.length} widgets' stylesheets and texts, and the loader, beside ${module.js}`);
