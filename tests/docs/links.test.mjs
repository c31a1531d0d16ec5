// The documentation stands on its own: every relative link in README.md and docs/*.md leads to a file of this
// repository (and to a heading that exists, for a #anchor), every repository path a doc names in `code` exists,
// and nothing in the repository points to notes outside the clone. No build needed: node --test tests/docs/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every file of the repository, as a clone has it: the tracked files, plus those not yet committed. */
function repositoryFiles() {
  try {
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
    return new Set(listed.toString('utf8').split('\0').filter((file) => file && existsSync(join(root, file))));
  } catch {
    // Not a git checkout (an unpacked archive): what is on disk.
    const walk = (dir) => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return ['.git', 'node_modules', 'pkg', 'target'].includes(entry.name) ? [] : walk(path);
      return [path];
    });
    return new Set(walk(''));
  }
}

/** Folders of `files`, each as `a/b` (no trailing slash). */
function foldersOf(files) {
  const folders = new Set();
  for (const file of files) {
    for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) folders.add(dir);
  }
  return folders;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading) {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link in a heading: its text
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*|__|\*/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The lines of `text` outside fenced code blocks, with their numbers. */
function proseLines(text) {
  const lines = [];
  let fence = null;
  text.split('\n').forEach((line, index) => {
    const marker = line.match(/^\s*(`{3,}|~{3,})/);
    if (marker) {
      if (!fence) fence = marker[1][0];
      else if (marker[1][0] === fence) fence = null;
      return;
    }
    if (!fence) lines.push({ line, number: index + 1 });
  });
  return lines;
}

/** The anchors a markdown text offers: one per heading (GitHub's numbering for repeats), and explicit ids. */
export function anchors(text) {
  const found = new Set();
  const seen = new Map();
  for (const { line } of proseLines(text)) {
    const heading = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (heading) {
      const base = slug(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      found.add(count ? `${base}-${count}` : base);
    }
    for (const id of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(id[1]);
  }
  return found;
}

/** Links of a markdown text (inline and reference definitions), outside code, with their line numbers. */
export function links(text) {
  const found = [];
  for (const { line, number } of proseLines(text)) {
    const prose = line.replace(/(`+)[\s\S]*?\1/g, (code) => ' '.repeat(code.length));
    for (const link of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ target: link[1], number });
    }
    const definition = prose.match(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/);
    if (definition) found.push({ target: definition[1], number });
  }
  return found;
}

/** Paths into the repository that a text names in `code`, e.g. `server/src/main.rs` or `tests/e2e/`. */
export function codePaths(text) {
  const found = [];
  for (const { line, number } of proseLines(text)) {
    for (const code of line.matchAll(/`([^`\s]+)`/g)) {
      const path = code[1].replace(/[.,:;]$/, '');
      if (/^(api|bench|demo|docs|scripts|server|tests|widgets|\.cargo|\.ci)\/[\w./-]*$/.test(path)) {
        found.push({ path, number });
      }
    }
  }
  return found;
}

// Built or written by the tools, never committed: a doc may name them.
const GENERATED = ['pkg/', 'demo/themes/', 'tests/output/', 'tests/client/generated/', 'tests/client/build/'];

/**
 * What is wrong with the links and code paths of the markdown file `file` (a path from the repository root)
 * whose text is `text`: one line per problem, empty when all resolve. `read` gives the text of another doc.
 */
export function problemsOf(file, text, files, read) {
  const folders = foldersOf(files);
  const exists = (path) => files.has(path) || folders.has(path.replace(/\/$/, ''));
  const problems = [];
  for (const { target, number } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto: …
    const [rawPath, anchor] = target.split('#', 2);
    const path = rawPath ? posix.normalize(posix.join(posix.dirname(file), decodeURIComponent(rawPath))) : file;
    const where = `${file}:${number}: ${target}`;
    if (path.startsWith('..') || posix.isAbsolute(path)) {
      problems.push(`${where} leads outside the repository`);
      continue;
    }
    if (!exists(path)) {
      problems.push(`${where}: there is no ${path} in the repository`);
      continue;
    }
    if (anchor === undefined) continue;
    if (path.endsWith('.md')) {
      if (!anchors(path === file ? text : read(path)).has(anchor)) problems.push(`${where}: ${path} has no heading #${anchor}`);
    } else {
      const line = anchor.match(/^L(\d+)(?:-L(\d+))?$/);
      const lines = files.has(path) ? read(path).split('\n').length : 0;
      if (!line || Number(line[2] ?? line[1]) > lines) problems.push(`${where}: #${anchor} is not a line of ${path}`);
    }
  }
  for (const { path, number } of codePaths(text)) {
    if (GENERATED.some((prefix) => path.startsWith(prefix))) continue;
    if (!exists(path.replace(/\/$/, ''))) problems.push(`${file}:${number}: \`${path}\` is not in the repository`);
  }
  return problems;
}

const files = repositoryFiles();
const read = (path) => readFileSync(join(root, path), 'utf8');
const docs = ['README.md', ...[...files].filter((file) => /^docs\/[^/]+\.md$/.test(file)).sort()];

for (const doc of docs) {
  test(`${doc}: every relative link, anchor and code path resolves`, () => {
    assert.deepEqual(problemsOf(doc, read(doc), files, read), []);
  });
}

test('nothing in the repository points to notes outside the clone', () => {
  // Built from pieces, so that this file does not name them itself.
  const outside = new RegExp(
    [String.raw`\.\./` + 'shared', ...['DESIGN', 'TOOLCHAIN', 'DOMAIN', 'BUNDLE', 'STYLE'].map((name) => `\\b${name}\\.md\\b`)]
      .join('|'),
  );
  const found = [];
  for (const file of files) {
    if (/\.(png|svg|ico|wasm|br|gz|sqlite)$/.test(file) || file === 'package-lock.json' || file === 'Cargo.lock') continue;
    read(file).split('\n').forEach((line, index) => {
      if (outside.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, [], 'name the doc in docs/ that holds the fact instead');
});

test('a broken file, anchor, line or code path is reported, and a good one is not', () => {
  const known = new Set(['README.md', 'docs/a.md', 'docs/guide.md', 'server/src/main.rs']);
  const texts = { 'README.md': '# Inspraak\n', 'docs/a.md': '# A title\n## The `--seed` flag: twice\n## Again\n## Again\n',
    'server/src/main.rs': 'fn main() {}\n' };
  const doc = [
    'Good: [a](a.md), [b](a.md#a-title), [c](a.md#the---seed-flag-twice), [d](a.md#again-1), [e](../README.md),',
    '[f](../server/src/main.rs#L1), [g](#local), [h](https://example.nl/x), `server/src/main.rs`, `docs/`.',
    '<a id="local"></a>',
    '```sh',
    '[not a link](missing.md) `server/src/gone.rs`',
    '```',
    'Bad: [i](b.md), [j](a.md#nothing), [k](../server/src/main.rs#L9), [l](../../outside.md), `server/src/gone.rs`.',
  ].join('\n');
  assert.deepEqual(problemsOf('docs/guide.md', doc, known, (path) => texts[path]), [
    'docs/guide.md:7: b.md: there is no docs/b.md in the repository',
    'docs/guide.md:7: a.md#nothing: docs/a.md has no heading #nothing',
    'docs/guide.md:7: ../server/src/main.rs#L9: #L9 is not a line of server/src/main.rs',
    'docs/guide.md:7: ../../outside.md leads outside the repository',
    'docs/guide.md:7: `server/src/gone.rs` is not in the repository',
  ]);
});
