// The exports of a wasm-bindgen module, pruned and renamed. An export keeps its code, everything it calls and its
// imports alive in the module: the exports the glue never names go (pruneExports) before wasm-opt runs once more to
// drop what only they reached, and the glue loses the imports the module no longer has (trimGlue). The rest get short
// names in both files (shortenExports): wasm-bindgen names closures' entry points like
// wasm_bindgen__convert__closures_____invoke__h10c7cea53597491f, hex brotli cannot shrink. wasm-streams' classes
// lose their exports at link time (scripts/unexport-wasm-ld.mjs) and their JavaScript here. Used by scripts/bundle.mjs on the
// glue as wasm-bindgen wrote it, before it is minified; each step fails rather than guess when the glue is not laid
// out as expected.

import { encodeName, leb, readLeb, replaceSection, sections, shortName } from './wasm-imports.mjs';
import { STREAM_CLASSES, namesStreamClass } from './wasm-release.mjs';

/** The export section of `wasm` (a Buffer) rewritten: `rename` gives each export's new name, or null to drop it. */
function rewriteExports(wasm, rename) {
  const exports = sections(wasm).find(([id]) => id === 7);
  if (!exports) return { wasm, dropped: [] };
  const [, , start, end] = exports;
  let [count, offset] = readLeb(wasm, start);
  const kept = [];
  const dropped = [];
  for (let i = 0; i < count; i++) {
    let length;
    [length, offset] = readLeb(wasm, offset);
    const name = wasm.toString('utf8', offset, offset + length);
    offset += length;
    const descStart = offset;
    [, offset] = readLeb(wasm, offset + 1);
    const renamed = rename(name);
    if (renamed === null) dropped.push(name);
    else kept.push(Buffer.concat([encodeName(renamed), wasm.subarray(descStart, offset)]));
  }
  if (offset !== end) throw new Error('the export section did not parse to its end');
  return { wasm: replaceSection(wasm, exports, Buffer.concat([leb(kept.length), ...kept])), dropped };
}

/** The names of the module's exports. */
function exportNames(wasm) {
  const names = [];
  rewriteExports(wasm, (name) => names.push(name) && name);
  return names;
}

/** The exports the glue reads, as `wasm.name`. */
const glueUses = (js, name) => new RegExp(`\\bwasm\\.${name.replace(/\$/g, '\\$')}\\b`).test(js);

/**
 * The module without the exports the glue never reads, and the glue without wasm-streams' classes. The module still
 * has the code only those exports reached: wasm-opt drops it. The linker has left the classes' exports out
 * (scripts/unexport-wasm-ld.mjs), but wasm-bindgen still writes each class, with a `free` that calls an export the
 * module does not have.
 */
export function pruneExports(wasm, js) {
  let glue = js;
  for (const name of STREAM_CLASSES) {
    const parts = [
      new RegExp(`^export class ${name} \\{\\n[\\s\\S]*?^\\}\\n`, 'm'),
      new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype.*\\n`, 'm'),
      new RegExp(`^const ${name}Finalization = [\\s\\S]*?;\\n`, 'm'),
    ];
    for (const part of parts) {
      if (!part.test(glue)) throw new Error(`the glue has no ${part} to drop`);
      glue = glue.replace(part, '');
    }
  }
  if (namesStreamClass(glue)) throw new Error('the glue still names a wasm-streams class');
  const linked = exportNames(wasm).filter(namesStreamClass);
  if (linked.length > 0) throw new Error(`the module exports ${linked.join(', ')}: was it linked by scripts/unexport-wasm-ld.mjs?`);
  const { wasm: pruned, dropped } = rewriteExports(wasm, (name) => (glueUses(glue, name) ? name : null));
  return { wasm: pruned, js: glue, dropped };
}

/** Short names for the module's exports, in the module and in the glue (not minified: `wasm.name` as it wrote it). */
export function shortenExports(wasm, js) {
  const names = exportNames(wasm);
  let glue = js;
  const short = new Map(names.map((name, index) => [name, `_${shortName(index)}`]));
  for (const [name, to] of short) {
    if (!glueUses(glue, name)) throw new Error(`the glue does not read the export ${name}`);
    glue = glue.replace(new RegExp(`\\bwasm\\.${name.replace(/\$/g, '\\$')}\\b`, 'g'), `wasm.${to}`);
    // What is left of the name must be the glue's own identifiers (its functions that call a closure's entry point).
    for (const match of glue.matchAll(new RegExp(`[.'"\`]${name.replace(/\$/g, '\\$')}\\b|\\b${name.replace(/\$/g, '\\$')}['"\`]`, 'g'))) {
      throw new Error(`the glue names the export ${name} other than as wasm.${name}: ${match[0]}`);
    }
  }
  return { wasm: rewriteExports(wasm, (name) => short.get(name)).wasm, js: glue };
}

/** The names of the functions `wasm` imports from its glue module (wasm-bindgen's `…_bg.js`). */
export function glueImports(wasm) {
  const imports = sections(wasm).find(([id]) => id === 2);
  const names = new Set();
  if (!imports) return names;
  const [, , start] = imports;
  let [count, offset] = readLeb(wasm, start);
  for (let i = 0; i < count; i++) {
    let length;
    [length, offset] = readLeb(wasm, offset);
    const module = wasm.toString('utf8', offset, offset + length);
    offset += length;
    [length, offset] = readLeb(wasm, offset);
    const name = wasm.toString('utf8', offset, offset + length);
    offset += length + 1;
    [, offset] = readLeb(wasm, offset);
    if (module.endsWith('_bg.js')) names.add(name);
  }
  return names;
}

/**
 * The glue without the entries of its import object that `wasm` no longer imports (each an entry at eight spaces of
 * indentation, the object opening and closing at four, as wasm-bindgen writes it).
 */
export function trimGlue(js, wasm) {
  const imported = glueImports(wasm);
  const glue = js;
  const lines = glue.split('\n');
  const open = lines.findIndex((line) => /^ {4}const import0 = \{$/.test(line));
  const close = lines.findIndex((line, at) => at > open && /^ {4}\};$/.test(line));
  if (open < 0 || close < 0) throw new Error('the glue has no import object laid out as expected');
  const kept = [];
  let keep = true;
  let seen = 0;
  for (const line of lines.slice(open + 1, close)) {
    const entry = line.match(/^ {8}([A-Za-z_$][\w$]*): /);
    if (entry) {
      seen++;
      keep = entry[1] === '__proto__' || imported.has(entry[1]);
    } else if (!/^ {8}( |\}|\),?$)/.test(line) && line.trim() !== '') {
      throw new Error(`the glue's import object has a line not laid out as expected: ${line}`);
    }
    if (keep) kept.push(line);
  }
  if (seen < imported.size) throw new Error(`the glue's import object has ${seen} entries for ${imported.size} imports`);
  return [...lines.slice(0, open + 1), ...kept, ...lines.slice(close)].join('\n');
}
