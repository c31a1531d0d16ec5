// Where a widget module's bytes go: builds the module as the bundle does but keeps the function names, and prints
// twiggy's shallow sizes by crate and the largest items (generic code merged by name). A tool for finding what to cut,
// not part of the build. Usage: node scripts/bytes.mjs <poll|progress|quickscan|challenge|all> [items, default 30]
// (installs twiggy with cargo if it is missing; run after `source scripts/setup.sh` so CARGO_TARGET_DIR is set).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MODULES, root } from './registry.mjs';
import { releaseBuild } from './wasm-release.mjs';

const [module = 'poll', count = '30'] = process.argv.slice(2);
if (!MODULES.includes(module)) throw new Error(`no module ${module}; one of ${MODULES.join(', ')}`);
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const run = (command, args) => execFileSync(command, args, { cwd: root, maxBuffer: 1 << 28 }).toString();

try {
  run('twiggy', ['--version']);
} catch {
  console.error('[bytes] installing twiggy (once per machine)');
  run('cargo', ['install', '-q', 'twiggy', '--locked']);
}
const features = module === 'all' ? [] : ['--no-default-features', '--features', module];
// Compiled as the bundle compiles it (the standard library with it, panics aborting at once), in the same directory.
const release = releaseBuild(target);
execFileSync('cargo', ['build', '-q', '--release', '-p', 'inspraak-widgets', '--target', 'wasm32-unknown-unknown',
  ...features, ...release.cargoArgs], { cwd: root, env: release.env, stdio: ['ignore', 'inherit', 'inherit'] });
const out = join(target, 'inspraak-bytes', module);
mkdirSync(out, { recursive: true });
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'named', release.wasm]);
const wasm = join(out, 'named_bg.wasm');
if (!existsSync(wasm)) throw new Error(`wasm-bindgen wrote no ${wasm}`);

const rows = run('twiggy', ['top', '-n', '1000000', '--format', 'csv', wasm]).trim().split('\n').slice(1).map((line) => {
  const cells = line.split(',');
  return { name: cells.slice(0, -4).join(',').replace(/^"|"$/g, ''), bytes: Number(cells.at(-4)) };
}).filter((row) => Number.isFinite(row.bytes) && !row.name.includes('function names'));

/** The crate an item belongs to: the first path segment of its name, or of the type it is implemented for. */
function crateOf(name) {
  if (name.includes('.rodata') || name.startsWith('data segment')) return '(data: strings and tables)';
  const match = name.match(/^<?(?:&(?:mut )?)?(?:dyn )?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  return match ? match[1] : '(other: generic impls, wasm sections)';
}
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
const sum = (key) => {
  const by = new Map();
  for (const row of rows) by.set(key(row.name), (by.get(key(row.name)) ?? 0) + row.bytes);
  return [...by.entries()].sort((a, b) => b[1] - a[1]);
};
const line = ([name, bytes]) => `${bytes.toLocaleString('en-US').padStart(10)} ${(100 * bytes / total).toFixed(1).padStart(5)}%  ${name}`;
console.log(`[bytes] ${module}: ${total.toLocaleString('en-US')} bytes of code and data before wasm-opt, by crate`);
sum(crateOf).slice(0, 25).forEach((entry) => console.log(line(entry)));
console.log(`[bytes] the ${count} largest items (monomorphised copies merged by name)`);
sum((name) => name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]+\]/g, '')).slice(0, Number(count))
  .forEach((entry) => console.log(line(entry).slice(0, 200)));
