// Short import names for a wasm-bindgen module. wasm-bindgen names every function the module imports from its glue
// like `__wbg_addEventListener_4e20bd5fac3de092` and writes each name twice, in the module's import section and in
// the glue's import object, under a module name such as "./inspraak-poll_bg.js". Their hash suffixes are random hex
// that brotli cannot shrink. Renaming each import to a short name (`a`, `b`, …, `ba`) in both files, and the import
// module to "w", changes nothing the module or the glue does and saves 2.4 KB brotli per module (measured on the
// poll). Used by scripts/bundle.mjs on the minified glue.

const FUNCTION = 0;

/** The unsigned LEB128 number at `offset` of `bytes`, and the offset after it. */
export function readLeb(bytes, offset) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[offset++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, offset];
  }
}

/** `value` as an unsigned LEB128 number. */
export function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

/** A wasm name: its length in bytes, then its UTF-8 bytes. */
export const encodeName = (name) => {
  const bytes = Buffer.from(name, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
};

/** `a` … `z`, `A` … `Z`, then two letters and more: a JavaScript identifier for every index. */
export function shortName(index) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[index % letters.length] + name;
    index = Math.floor(index / letters.length) - 1;
  } while (index >= 0);
  return name;
}

/** The module's sections as [id, start of the section, start of its contents, end] in order. */
export function sections(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WebAssembly module');
  const list = [];
  let offset = 8;
  while (offset < wasm.length) {
    const id = wasm[offset];
    const [size, start] = readLeb(wasm, offset + 1);
    list.push([id, offset, start, start + size]);
    offset = start + size;
  }
  return list;
}

/** `wasm` with the section `[id, start, , end]` (as `sections` lists it) holding `contents` instead. */
export function replaceSection(wasm, [id, start, , end], contents) {
  return Buffer.concat([wasm.subarray(0, start), Buffer.from([id]), leb(contents.length), contents, wasm.subarray(end)]);
}

/**
 * Renames the function imports of `wasm` (a Buffer) from its glue module to short names, in the module and in the
 * glue `js` (its text, minified or not), and returns both. Fails rather than guess when the glue uses an import
 * name anywhere but as a key of its import object.
 */
export function shortenImports(wasm, js) {
  const imports = sections(wasm).find(([id]) => id === 2);
  if (!imports) return { wasm, js };
  const [, , start, end] = imports;
  let [count, offset] = readLeb(wasm, start);
  const entries = [];
  const renamed = new Map();
  let glueModule;
  for (let i = 0; i < count; i++) {
    let length;
    [length, offset] = readLeb(wasm, offset);
    const module = wasm.toString('utf8', offset, offset + length);
    offset += length;
    [length, offset] = readLeb(wasm, offset);
    const name = wasm.toString('utf8', offset, offset + length);
    offset += length;
    const kind = wasm[offset];
    const descStart = offset;
    offset += 1;
    if (kind !== FUNCTION) throw new Error(`import ${module}.${name} is not a function (kind ${kind}); not renamed`);
    [, offset] = readLeb(wasm, offset);
    const desc = wasm.subarray(descStart, offset);
    if (module.endsWith('_bg.js')) {
      if (glueModule && glueModule !== module) throw new Error(`imports from two glue modules: ${glueModule}, ${module}`);
      glueModule = module;
      if (!renamed.has(name)) renamed.set(name, shortName(renamed.size));
      entries.push(Buffer.concat([encodeName('w'), encodeName(renamed.get(name)), desc]));
    } else {
      entries.push(Buffer.concat([encodeName(module), encodeName(name), desc]));
    }
  }
  if (offset !== end) throw new Error('the import section did not parse to its end');
  if (!glueModule) return { wasm, js };

  const moduleKey = JSON.stringify(glueModule);
  if (js.split(moduleKey).length !== 2) throw new Error(`the glue names ${moduleKey} other than once`);
  let glue = js.replace(moduleKey, '"w"');
  glue = glue.replace(/[A-Za-z_$][\w$]*/g, (word, at) => {
    const short = renamed.get(word);
    if (short === undefined) return word;
    const before = glue.slice(0, at).trimEnd().at(-1);
    if (glue[at + word.length] !== ':' || (before !== ',' && before !== '{')) {
      throw new Error(`the glue uses the import ${word} other than as a key of its import object`);
    }
    return short;
  });

  return { wasm: replaceSection(wasm, imports, Buffer.concat([leb(count), ...entries])), js: glue };
}
