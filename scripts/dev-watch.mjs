// Rebuilds what a change needs and tells the demo page to reload (demo/themes/reload.json), for scripts/dev.sh.
// A stylesheet: the CSS bundle and the loader's hashes only (a second). A preset: the demo's themes. Rust: the whole
// bundle (scripts/build.sh). The demo's own files: nothing, just the reload. Only Node's own modules: works offline.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleStylesheets, writeAssets } from './theming.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
const crateVersion = () => execFileSync('awk', ['-F"', '/^version = /{print $2; exit}', 'Cargo.toml'], { cwd: root, encoding: 'utf8' }).trim();

/** The stylesheet and loader step of scripts/build.sh, without compressing: stale .br/.gz copies are removed so
 *  the server sends the new files. */
function rebuildStyles() {
  bundleStylesheets(join(root, 'pkg', 'inspraak.css'));
  run('node', ['scripts/publish.mjs', 'widgets/loader/inspraak.js', 'widgets/src/styles/reserve.css', 'pkg', crateVersion()]);
  for (const file of readdirSync(join(root, 'pkg'))) {
    if (/^(inspraak\.(css|js)|manifest\.json)\.(br|gz)$/.test(file)) rmSync(join(root, 'pkg', file));
  }
}

const pending = new Set();
let timer = null;
let busy = false;
function changed(path) {
  pending.add(path);
  clearTimeout(timer);
  timer = setTimeout(rebuild, 150);
}
function rebuild() {
  if (busy) { timer = setTimeout(rebuild, 150); return; }
  busy = true;
  const paths = [...pending];
  pending.clear();
  try {
    if (paths.some((p) => p.endsWith('.rs') || p.endsWith('.txt'))) run('./scripts/build.sh', []);
    else if (paths.some((p) => p.startsWith('widgets/src/') || p.startsWith('widgets/loader/'))) rebuildStyles();
    if (paths.some((p) => p.startsWith('widgets/themes/') || p === 'widgets/src/styles/tokens.css' || p.endsWith('.rs'))) {
      writeAssets(join(root, 'demo', 'themes'));
    }
    writeFileSync(join(root, 'demo', 'themes', 'reload.json'), JSON.stringify({ changed: Date.now() }));
    console.log(`[dev] rebuilt for ${paths.join(', ')}; the demo reloads`);
  } catch (error) {
    console.error(`[dev] the rebuild failed (${error.message}); fix it and save again`);
  } finally {
    busy = false;
  }
}

for (const dir of ['widgets/src', 'widgets/loader', 'widgets/themes', 'demo']) {
  watch(join(root, dir), { recursive: true }, (_, name) => {
    if (!name) return;
    const path = relative(root, join(root, dir, name));
    if (path.startsWith('demo/themes') || /(^|\/)\.|~$|\.swp$/.test(path)) return;
    changed(path);
  });
}
console.log('[dev] watching widgets/src, widgets/loader, widgets/themes and demo/');
