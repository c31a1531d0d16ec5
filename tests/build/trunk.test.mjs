// The widget developer's loop: `trunk build` of the root index.html (what `trunk serve` rebuilds on every save) makes
// a page on which all four widgets mount through the same loader, with the API of the reference server behind the
// proxy of Trunk.toml (here a small stand-in for trunk's proxy, in front of a real server with the demo data).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { launchBrowser, newPage, startServer } from '../e2e/harness.mjs';
import { kinds, root } from '../../scripts/registry.mjs';

const dist = join(root, 'tests', 'output', 'trunk');
let server;
let site;
let browser;

before(async () => {
  rmSync(dist, { recursive: true, force: true });
  execFileSync('trunk', ['build', '--dist', dist], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  server = await startServer({ demo: true });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain; charset=utf-8' };
  const http = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path.startsWith('/v1/')) {
      const body = request.method === 'GET' ? undefined : await new Promise((resolve) => {
        const chunks = [];
        request.on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
      });
      const answer = await fetch(`${server.url}${request.url}`, { method: request.method, headers: request.headers, body });
      response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
      return;
    }
    try {
      const body = readFileSync(join(dist, path === '/' ? 'index.html' : path.replaceAll('..', '')));
      response.writeHead(200, { 'content-type': types[extname(path === '/' ? 'x.html' : path)] ?? 'application/octet-stream' }).end(body);
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

test('trunk builds the development page with every widget\'s stylesheet, texts and the loader beside its module', () => {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  assert.match(html, /inspraak-widgets(\.js|_bg\.wasm)/, 'trunk put its module on the page');
  for (const kind of kinds) {
    for (const file of [`inspraak-${kind}.css`, `inspraak-${kind}.nl.txt`, `inspraak-${kind}.en.txt`]) readFileSync(join(dist, file));
    assert.match(html, new RegExp(`<inspraak-${kind} `));
  }
});

test('on that page all four widgets mount and talk to the API', async () => {
  const page = await newPage(browser);
  await page.goto(`${site.url}/`);
  await page.locator('inspraak-poll').getByRole('heading', { name: /speelplek/ }).waitFor();
  await page.locator('inspraak-progress').getByText('van 7 subdoelen').waitFor();
  await page.locator('inspraak-quickscan').getByText('Stap 1 van').waitFor();
  await page.locator('inspraak-challenge').getByText('Stap 1 van').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
