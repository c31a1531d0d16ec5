#!/usr/bin/env node
// The linker of the release widget modules (scripts/wasm-release.mjs sets it for the WebAssembly target): rust-lld, as
// rustc runs it, without the exports of the JavaScript classes named in INSPRAAK_UNEXPORTED (lower case, comma
// separated).
//
// Why at link time: wasm-streams, which leptos' server_fn brings in and the widgets never call, exports three classes to
// JavaScript. rustc asks the linker to export every #[wasm_bindgen] export of every crate it links, and an export keeps
// its code alive. Dropping the exports after linking (scripts/wasm-exports.mjs) is too late for part of it: the
// classes' async methods build futures whose vtables sit in the data section and point into the function table, and no
// later tool can tell those pointers from other data. Left out at link time, the linker never keeps them. wasm-bindgen
// then sees no export and no descriptor for those classes and writes no JavaScript for them.
//
// At the link of the entry crate (an output named inspraak_widgets*.wasm) a listed class that is not exported at all
// is an error: the step is then needless (say, after a Leptos release without wasm-streams) and should go.
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';

const classes = (process.env.INSPRAAK_UNEXPORTED ?? '').split(',').filter(Boolean);
const args = process.argv.slice(2);
// wasm-bindgen's export names for a class: its methods (`class_method_hash`), their descriptors, and its destructor.
const prefixes = classes.map((name) => [`${name}_`, `__wbindgen_describe_${name}_`, `__wbg_${name}_free_`]);
const owner = (symbol) => classes.findIndex((_, at) => prefixes[at].some((prefix) => symbol.startsWith(prefix)));

// rustc passes a response file (@path) only when the command line is too long for the system; its quoting is not
// parsed here, so say so rather than link with the exports.
if (classes.length > 0 && args.some((arg) => arg.startsWith('@'))) {
  console.error('[unexport-wasm-ld] rustc passed the arguments in a response file, which this linker step does not read');
  process.exit(1);
}
const kept = [];
const found = new Set();
for (let at = 0; at < args.length; at++) {
  // rustc writes `--export NAME` for each export, and `--export=NAME` for the linker's own symbols.
  if (args[at] === '--export' && at + 1 < args.length) {
    const index = owner(args[at + 1]);
    if (index >= 0) {
      found.add(classes[index]);
      at++;
      continue;
    }
  }
  kept.push(args[at]);
}

const output = args[args.indexOf('-o') + 1] ?? '';
const missing = classes.filter((name) => !found.has(name));
if (basename(output).startsWith('inspraak_widgets') && missing.length > 0) {
  console.error(`[unexport-wasm-ld] the module exports no ${missing.join(', ')}: drop them from INSPRAAK_UNEXPORTED `
    + '(scripts/wasm-release.mjs)');
  process.exit(1);
}

// rustc runs its own rust-lld with `-flavor wasm` first; keep that, and say it if rustc did not.
const sysroot = spawnSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).stdout.trim();
const lld = join(sysroot, 'lib', 'rustlib', hostTriple(), 'bin', 'rust-lld');
const flavor = kept[0] === '-flavor' ? [] : ['-flavor', 'wasm'];
const run = spawnSync(lld, [...flavor, ...kept], { stdio: 'inherit' });
if (run.error) {
  console.error(`[unexport-wasm-ld] cannot run ${lld}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);

function hostTriple() {
  const line = spawnSync('rustc', ['-vV'], { encoding: 'utf8' }).stdout.split('\n').find((l) => l.startsWith('host: '));
  if (!line) throw new Error('rustc -vV names no host');
  return line.slice('host: '.length);
}
