// Writes gzip (-9) and brotli (quality 11) copies of each bundle file beside it, and prints and saves
// (pkg/size-report.json) the size of each file raw, gzip and brotli, and the total.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'pkg';
const files = readdirSync(dir).filter((f) => /\.(js|wasm|css)$/.test(f)).sort();
const rows = files.map((file) => {
  const raw = readFileSync(join(dir, file));
  const gzip = gzipSync(raw, { level: 9 });
  const brotli = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(join(dir, `${file}.gz`), gzip);
  writeFileSync(join(dir, `${file}.br`), brotli);
  return { file, raw: raw.length, gzip: gzip.length, brotli: brotli.length };
});
const total = rows.reduce((sum, r) => ({ file: 'total', raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }),
  { file: 'total', raw: 0, gzip: 0, brotli: 0 });

const fmt = (n) => n.toLocaleString('en-US').padStart(10);
console.log(`[size] ${'file'.padEnd(26)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}   (bytes)`);
for (const r of [...rows, total]) console.log(`[size] ${r.file.padEnd(26)}${fmt(r.raw)}${fmt(r.gzip)}${fmt(r.brotli)}`);
writeFileSync(join(dir, 'size-report.json'), JSON.stringify({ generated: new Date().toISOString(), files: rows, total }, null, 2) + '\n');
