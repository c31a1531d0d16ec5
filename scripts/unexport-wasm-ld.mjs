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
//
// After linking the entry crate, the body of every function whose mangled name (in the linker's name section) holds
// each identifier of one of the Rust paths in INSPRAAK_DEAD_FUNCTIONS (one per line; DEAD_FUNCTIONS in
// scripts/wasm-release.mjs says why each is dead) becomes a trap; wasm-opt then drops what only those functions
// reached. Both of rustc's manglings write an identifier as its length and itself (`28add_event_listener_delegated`).
// An entry that names no function is an error too.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { leb, readLeb, replaceSection, sections } from './wasm-imports.mjs';

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
const dead = (process.env.INSPRAAK_DEAD_FUNCTIONS ?? '').split('\n').filter(Boolean);
if (run.status === 0 && basename(output).startsWith('inspraak_widgets') && dead.length > 0) {
  const wasm = readFileSync(output);
  const { module, unmatched } = trapFunctions(wasm, dead);
  if (unmatched.length > 0) {
    console.error(`[unexport-wasm-ld] no function of the module is named like ${unmatched.join(', ')}: drop it from`
      + ' DEAD_FUNCTIONS (scripts/wasm-release.mjs)');
    process.exit(1);
  }
  writeFileSync(output, module);
}
process.exit(run.status ?? 1);

/** How many functions `wasm` imports: they come first in its function index space. */
function importedFunctions(wasm, [, , start]) {
  let [count, at] = readLeb(wasm, start);
  let functions = 0;
  const skipLeb = () => { [, at] = readLeb(wasm, at); };
  const skipLimits = () => { const flags = wasm[at++]; skipLeb(); if (flags & 1) skipLeb(); };
  for (; count > 0; count--) {
    for (let name = 0; name < 2; name++) { const [length, after] = readLeb(wasm, at); at = after + length; }
    const kind = wasm[at++];
    if (kind === 0) { functions++; skipLeb(); }
    else if (kind === 1) { at++; skipLimits(); }
    else if (kind === 2) skipLimits();
    else if (kind === 3) at += 2;
    else if (kind === 4) { at++; skipLeb(); }
    else throw new Error(`[unexport-wasm-ld] unknown import kind ${kind}`);
  }
  return functions;
}

/** The function names of the name section, by function index. */
function functionNames(wasm, list) {
  const names = new Map();
  for (const [id, , start, end] of list.filter(([id]) => id === 0)) {
    const [length, after] = readLeb(wasm, start);
    if (wasm.subarray(after, after + length).toString() !== 'name') continue;
    let at = after + length;
    while (at < end) {
      const kind = wasm[at];
      const [size, body] = readLeb(wasm, at + 1);
      if (kind === 1) {
        let [count, next] = readLeb(wasm, body);
        for (; count > 0; count--) {
          const [index, nameAt] = readLeb(wasm, next);
          const [nameLength, text] = readLeb(wasm, nameAt);
          names.set(index, wasm.subarray(text, text + nameLength).toString());
          next = text + nameLength;
        }
      }
      at = body + size;
    }
  }
  return names;
}

/** `wasm` with the body of each function named by one of the Rust paths `patterns` replaced by `unreachable`. */
function trapFunctions(wasm, patterns) {
  const list = sections(wasm);
  const imports = list.find(([id]) => id === 2);
  const imported = imports ? importedFunctions(wasm, imports) : 0;
  const names = functionNames(wasm, list);
  const dead = new Set();
  const unmatched = patterns.filter((pattern) => {
    const identifiers = pattern.split('::').map((identifier) => `${identifier.length}${identifier}`);
    const matching = [...names].filter(([, name]) => identifiers.every((id) => name.includes(id))).map(([index]) => index);
    matching.forEach((index) => dead.add(index - imported));
    return matching.length === 0;
  });
  const code = list.find(([id]) => id === 10);
  let [count, at] = readLeb(wasm, code[2]);
  const bodies = [];
  for (let index = 0; index < count; index++) {
    const [size, body] = readLeb(wasm, at);
    // No locals, `unreachable`, `end`: valid whatever the function's type.
    bodies.push(dead.has(index) ? Buffer.from([0x00, 0x00, 0x0b]) : wasm.subarray(body, body + size));
    at = body + size;
  }
  const module = replaceSection(wasm, code, Buffer.concat([leb(count), ...bodies.flatMap((body) => [leb(body.length), body])]));
  return { module, unmatched };
}

function hostTriple() {
  const line = spawnSync('rustc', ['-vV'], { encoding: 'utf8' }).stdout.split('\n').find((l) => l.startsWith('host: '));
  if (!line) throw new Error('rustc -vV names no host');
  return line.slice('host: '.length);
}
