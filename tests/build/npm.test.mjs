// The npm package as a developer who bundles their own assets gets it: `npm pack` of pkg/, installed offline into an
// empty project, its declarations type-checked for TypeScript, React and Vue, and its files served by that project's
// own web server to a page that votes against the reference server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { launchBrowser, newPage, startServer } from '../e2e/harness.mjs';
import { PACKAGE_NAME } from '../../scripts/npm-package.mjs';
import { root } from '../../scripts/registry.mjs';

// Inside the repository, so that the type check finds @types/react and vue in its node_modules.
const project = join(root, 'tests', 'output', 'npm-project');
const installed = join(project, 'node_modules', ...PACKAGE_NAME.split('/'));
let server;
let site;
let browser;

before(async () => {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', project, '--json'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  writeFileSync(join(project, 'package.json'), '{ "name": "a-municipal-site", "private": true }\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(project, packed.filename)],
    { cwd: project, stdio: ['ignore', 'inherit', 'inherit'] });
  server = await startServer();
  await server.createPoll({ id: 'e2e-npm' });
  // The site's own server: the package's files as they are under /widgets/, and the page.
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain; charset=utf-8' };
  const page = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Site met eigen build</title>
    <script type="module" src="/widgets/inspraak.js"></script></head>
    <body><main><inspraak-poll id="poll" api="${server.url}/v1" poll="e2e-npm"></inspraak-poll></main></body></html>`;
  const http = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    try {
      const body = readFileSync(join(installed, path.replace(/^\/widgets\//, '').replaceAll('..', '')));
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  site = { url: `http://127.0.0.1:${http.address().port}`, stop: () => new Promise((r) => http.close(r)) };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
});

test('the package says what it is and exports the loader and the element types', () => {
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(manifest.name, PACKAGE_NAME);
  assert.equal(manifest.version, version);
  assert.equal(manifest.license, 'EUPL-1.2');
  assert.deepEqual(manifest.exports['.'], { types: './inspraak.d.ts', default: './inspraak.js' });
  assert.deepEqual(Object.keys(manifest.exports), ['.', './inspraak.js', './react', './vue', './*']);
  for (const file of manifest.files) readFileSync(join(installed, file));
  assert.ok(manifest.files.includes('inspraak-poll_bg.wasm') && manifest.files.includes('README.md'));
});

test('its declarations type-check as a TypeScript, React and Vue site uses them', () => {
  cpSync(join(root, 'tests', 'build', 'types'), project, { recursive: true });
  // tsc prints every error and exits non-zero on any, including an @ts-expect-error that is not needed.
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(project, 'tsconfig.json')],
    { cwd: project, stdio: ['ignore', 'inherit', 'inherit'] });
});

test('served from the installed package, the poll takes a vote', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}/`);
  const poll = page.locator('#poll');
  await poll.getByRole('radio', { name: 'Trapveldje op het plein' }).check();
  await poll.getByRole('button', { name: 'Stem' }).click();
  await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
  assert.equal(server.sql("SELECT count(*) FROM votes WHERE poll_id = 'e2e-npm'"), '1');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
