// What every end-to-end test needs: the release server on loopback with a fresh SQLite file, a host site
// on another origin (as a municipality's CMS would be), Debian's Chromium, and an axe audit.
import { spawn, execFileSync } from 'node:child_process';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
export const ADMIN_TOKEN = 'e2e-admin-token-of-at-least-32-characters';

/** Starts `inspraak-server serve` on a free port with a new database; resolves when it listens.
 *  With `demo`, the demo page's sample poll and progress are there too, as `scripts/start.sh` has them; `args`
 *  are more flags for `serve`. */
export async function startServer({ demo = false, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'inspraak-e2e-'));
  const database = join(dir, 'inspraak.sqlite');
  const child = spawn(join(targetDir, 'release', 'inspraak-server'), [
    'serve', '--listen', '127.0.0.1:0', '--database', database,
    '--widgets-dir', join(root, 'pkg'), '--demo-dir', join(root, 'demo'),
    ...(demo ? ['--seed', join(root, 'demo', 'sample-poll.json'),
      '--seed-progress', join(root, 'demo', 'sample-progress.json'),
      '--seed-quickscan', join(root, 'demo', 'sample-quickscan.json'),
      '--seed-challenge', join(root, 'demo', 'sample-challenge-form.json')] : []),
    ...args,
  ], { env: { ...process.env, INSPRAAK_ADMIN_TOKEN: ADMIN_TOKEN, RUST_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start inspraak-server (${error.message}); run scripts/build.sh first`)));
    child.once('exit', (code) => reject(new Error(`inspraak-server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = line.match(/^listening on (http:\/\/\S+)$/);
      if (match) resolve(match[1]);
    });
  });
  return {
    url,
    database,
    /** Runs one SQL query on the server's database file and returns its output. */
    sql: (query) => execFileSync('sqlite3', [database, query], { encoding: 'utf8' }).trim(),
    async createPoll(poll) {
      const response = await fetch(`${url}/v1/admin/polls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          question: 'Welke speelplek knappen we als eerste op?',
          options: [
            { id: 'park', label: 'Speeltuin in het park' },
            { id: 'plein', label: 'Trapveldje op het plein' },
            { id: 'school', label: 'Speelplaats bij de school' },
          ],
          ...poll,
        }),
      });
      if (response.status !== 201) throw new Error(`creating ${poll.id}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    /** Records a measurement round through the admin API. */
    async recordProgress(municipality, round) {
      const response = await fetch(`${url}/v1/admin/progress/${municipality}/measurements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(round),
      });
      if (response.status !== 201) throw new Error(`recording ${municipality}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    /** A request to the admin API; resolves with the parsed JSON of a 2xx, else throws with the body. */
    async admin(method, path, body) {
      const response = await fetch(`${url}/v1/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.status === 204 ? null : response.json();
    },
    /** A request to the public API with a JSON body; resolves with the response. */
    post(path, body) {
      return fetch(`${url}/v1${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A municipality's site on its own origin: serves tests/e2e/pages with {{INSPRAAK}} set to the server's URL
 *  and {{POLL}} (or any {{NAME}}) to the page's ?poll= (?name=) parameter. */
export async function startHostSite(inspraakUrl, pages = join(root, 'tests', 'e2e', 'pages')) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const requested = new URL(request.url, 'http://x');
    const path = requested.pathname;
    const file = join(pages, path === '/' ? 'index.html' : path);
    try {
      // {{INSPRAAK}} is the server; any other {{NAME}} is the page's ?name= parameter (ids, versions, hashes only).
      const body = readFileSync(file, 'utf8').replaceAll('{{INSPRAAK}}', inspraakUrl)
        .replace(/\{\{([A-Z_]+)\}\}/g, (_, name) =>
          (requested.searchParams.get(name.toLowerCase()) ?? '').replace(/[^A-Za-z0-9+/=._-]/g, ''));
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) };
}

/** Debian's Chromium, headless, with nothing that calls out to the internet. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A page in a fresh browser profile (its own localStorage), as a new resident would have; its script errors
 *  are collected in `page.errors`. Close it with `page.context().close()`. */
export async function newPage(browser, viewport = { width: 1024, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  return page;
}

/** The shadow-root element that has focus inside the widget, described as "tag[value]" or its text. */
export async function focusedInWidget(page, hostSelector) {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector);
    if (document.activeElement !== host) return `outside: ${document.activeElement?.tagName}`;
    const el = host.shadowRoot.activeElement;
    if (!el) return 'nothing';
    return el.value ? `${el.tagName.toLowerCase()}[${el.value}]` : `${el.tagName.toLowerCase()}: ${el.textContent.trim()}`;
  }, hostSelector);
}

/** How long a test waits for something it needs (focus, a draft, a console message) before it fails: long enough
 *  for a loaded two-core machine, where a module can take seconds to compile, never a fixed pause. */
export const PATIENCE_MS = 30_000;

/** Resolves once `condition()` (sync or async) is true, checking every 25 ms; false if it never was within `ms`. */
export async function until(condition, ms = PATIENCE_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until focus is on what `pattern` describes: the widget moves it once the browser has drawn the change. */
export async function waitForFocus(page, hostSelector, pattern) {
  await until(async () => pattern.test(await focusedInWidget(page, hostSelector)));
  assert.match(await focusedInWidget(page, hostSelector), pattern);
}

/** Waits until the form widget of `kind` ('quickscan', 'challenge') has been open longer than `seconds` as it
 *  counts them itself, from its draft's sending.started_ms: the widget and the server refuse a form sent sooner
 *  (people need longer, scripts do not), and on a busy machine the widget starts well after the page loaded, so
 *  time since navigation is not enough. */
export async function pastMinimumFillTime(page, kind, seconds) {
  await page.waitForFunction(({ prefix, ms }) => {
    const key = Object.keys(localStorage).find((k) => k.startsWith(prefix));
    const started = key ? JSON.parse(localStorage.getItem(key))?.value?.sending?.started_ms : undefined;
    return typeof started === 'number' && started > 0 && Date.now() - started > ms;
  }, { prefix: `inspraak:${kind}:draft:`, ms: seconds * 1000 + 500 }, { polling: 100, timeout: seconds * 1000 + PATIENCE_MS });
}

/** Runs axe (WCAG 2.1 A and AA) on the given part of the page; fails with each violation spelled out. */
export async function expectNoAxeViolations(page, selector, state) {
  const { violations } = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .disableRules(['region'])
    .analyze();
  const report = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  if (report.length) throw new Error(`axe found ${report.length} violation(s) in the ${state} state:\n${report.join('\n')}`);
  await expectHiddenHidden(page, selector, state);
  await expectReflow(page, selector, state);
}

/** Records every layout shift of the page from its first paint on, in `window.shifts` (`{ at, value }`); call before
 *  the page is loaded. */
export async function recordLayoutShifts(page) {
  await page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.shifts.push({ at: entry.startTime, value: entry.value });
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Fails when, at 320 CSS pixels wide with the page's text at 200 % (WCAG 1.4.10 and 1.4.4), anything of the widget
 *  sticks out of the page sideways, or the widget holds a box that scrolls sideways (a table in a scroll box: its
 *  columns out of view with no sign that they are there). The viewport and text size are put back after. */
export async function expectReflow(page, selector, state) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 320, height: viewport.height });
  const wrong = await page.evaluate(async (selector) => {
    const html = document.documentElement;
    const fontSize = html.style.fontSize;
    html.style.fontSize = '200%';
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const found = [];
    const describe = (el) => `<${el.localName}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}>`;
    // Measured against the widget's own box, which must fit the column the host page gives it: a host page whose
    // own layout does not reflow is not the widget's doing.
    // Out of the flow (a visually hidden text, the honeypot) with everything inside: not part of the layout.
    const walk = (rootNode, box) => {
      for (const el of rootNode.children) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.position === 'absolute' || style.position === 'fixed') continue;
        const rect = el.getBoundingClientRect();
        if (rect.width > 0 && (rect.right > box.right + 1 || rect.left < box.left - 1)) {
          found.push(`${describe(el)} spans ${Math.round(rect.left - box.left)}..${Math.round(rect.right - box.left)} px of the widget's ${Math.round(box.width)}`);
        }
        if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.localName !== 'textarea') {
          found.push(`${describe(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth})`);
        }
        if (el.shadowRoot) walk(el.shadowRoot, box);
        walk(el, box);
      }
    };
    for (const host of document.querySelectorAll(selector)) {
      if (!host.shadowRoot) continue;
      const box = host.getBoundingClientRect();
      const column = host.parentElement.clientWidth;
      if (box.width > column + 1) found.push(`the widget is ${Math.round(box.width)} px wide in a column of ${column}`);
      walk(host.shadowRoot, box);
    }
    html.style.fontSize = fontSize;
    return found.slice(0, 12);
  }, selector);
  await page.setViewportSize(viewport);
  if (wrong.length) throw new Error(`no reflow at 320 px and 200 % text in the ${state} state:\n${wrong.join('\n')}`);
}

/** Fails when, in the given part of the page (shadow roots included), an element with `hidden` is displayed, or
 *  one under `aria-hidden="true"` can take focus while shown: what is hidden must be hidden for everyone. Every
 *  state that gets an axe audit gets this check too. */
export async function expectHiddenHidden(page, selector, state) {
  const wrong = await page.evaluate((selector) => {
    const found = [];
    const describe = (el) => `<${el.localName}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}>`;
    const focusable = (el) => el.tabIndex >= 0 && !el.disabled
      && (el.matches('a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]'));
    const walk = (rootNode) => {
      for (const el of rootNode.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (el.hidden && style.display !== 'none') found.push(`${describe(el)} has hidden but display: ${style.display}`);
        if (el.closest('[aria-hidden="true"]') && focusable(el) && el.getClientRects().length > 0
          && style.visibility !== 'hidden') found.push(`${describe(el)} is focusable under aria-hidden="true"`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    for (const host of document.querySelectorAll(selector)) {
      if (host.shadowRoot) walk(host.shadowRoot);
      walk(host);
    }
    return found;
  }, selector);
  if (wrong.length) throw new Error(`hidden yet shown in the ${state} state:\n${wrong.join('\n')}`);
}

/** What a test file needs, started before its tests and stopped after them: the server (fresh database), a host
 *  site on another origin, and the browser; then `setup(env)` for the file's own data. `serverOptions` go to
 *  `startServer`. The returned object is filled in when the tests start. */
export function environment(setup = async () => {}, serverOptions = {}) {
  const env = {};
  before(async () => {
    env.server = await startServer(serverOptions);
    env.site = await startHostSite(env.server.url);
    env.browser = await launchBrowser();
    await setup(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.stop();
    await env.server?.stop();
  });
  return env;
}
