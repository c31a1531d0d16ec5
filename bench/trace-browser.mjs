// Where the time to a poll's first content goes: loads the one-poll page of bench-browser.mjs cold (a new browser
// context each run, so nothing is cached) with Chromium's tracing on, and prints the medians of each phase in ms from
// navigation start: the loader's arrival, the last file of the widget arriving, the WebAssembly bytes complete, and
// the main-thread time spent compiling WebAssembly functions on their first call (V8 compiles lazily) and compiling
// JavaScript, beside the first content; and how much of the time to first content the page's main thread was busy at
// all, with the trace events that took most of it (their self time: the event's duration less its children's).
// Writes bench/report-trace.json. Run after scripts/build.sh:
// node bench/trace-browser.mjs [runs, default 9]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startHostSite, startServer } from '../tests/e2e/harness.mjs';
import { median, reported } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 9);
const CATEGORIES = ['devtools.timeline', 'v8', 'v8.wasm', 'blink', 'blink.user_timing', 'loading', 'disabled-by-default-v8.compile',
  'toplevel'];

// The renderer main thread's busy time in [from, to] (trace microseconds), in ms: the outermost events clipped to the
// window, and each event name's self time in it.
function mainThread(events, from, to) {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const slices = events.filter((e) => e.ph === 'X' && e.dur !== undefined && main.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const clipped = (e) => Math.max(0, Math.min(e.ts + e.dur, to) - Math.max(e.ts, from));
  const open = [];
  const self = new Map();
  let busy = 0;
  for (const e of slices) {
    while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) open.pop();
    if (open.length) self.set(open.at(-1), self.get(open.at(-1)) - clipped(e));
    else busy += clipped(e);
    self.set(e, clipped(e));
    open.push(e);
  }
  const byName = {};
  for (const [e, us] of self) if (us > 0) byName[e.name] = (byName[e.name] ?? 0) + us / 1000;
  return { busy: busy / 1000, byName };
}

function watchContent() {
  const tick = () => {
    if (document.querySelector('#poll')?.shadowRoot?.querySelector('.question')) {
      window.firstContent = performance.now();
      window.benchDone();
    } else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function traceOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  const shown = await reported(page, `the poll's content on ${url}`);
  await page.addInitScript(watchContent);
  await browser.startTracing(page, { categories: CATEGORIES });
  await page.goto(url);
  await shown();
  const timing = await page.evaluate(() => {
    const files = performance.getEntriesByType('resource').filter((r) => r.name.includes('/widgets/'));
    return {
      content: window.firstContent,
      loader: files.find((r) => r.name.endsWith('/inspraak.js'))?.responseEnd,
      files: Math.max(...files.map((r) => r.responseEnd)),
    };
  });
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();
  // The trace has its own clock: its navigationStart mark is the page's time 0.
  const start = events.find((e) => e.name === 'navigationStart')?.ts;
  const sum = (names) => events.filter((e) => e.ph === 'X' && names.includes(e.name)).reduce((s, e) => s + e.dur, 0) / 1000;
  const wasmBytes = events.filter((e) => e.name === 'wasm.OnBytesReceived' || e.name === 'wasm.FinishStreaming');
  const { busy, byName } = mainThread(events, start, start + timing.content * 1000);
  return {
    loader: timing.loader,
    files: timing.files,
    wasm: start && wasmBytes.length ? Math.max(...wasmBytes.map((e) => (e.ts + (e.dur ?? 0) - start) / 1000)) : NaN,
    lazyWasmCompile: sum(['wasm.CompileLazy']),
    jsCompile: sum(['V8.CompileCode']),
    content: timing.content,
    mainThreadBusy: busy,
    selfTime: byName,
  };
}

const server = await startServer();
const site = await startHostSite(server.url, join(here, 'pages'));
const browser = await launchBrowser();
try {
  await server.createPoll({ id: 'bench-poll' });
  const url = `${site.url}/poll.html`;
  await traceOnce(browser, url); // warm-up: the server's and the OS's caches, not the browser's
  const samples = [];
  for (let i = 0; i < runs; i += 1) samples.push(await traceOnce(browser, url));
  const phases = Object.keys(samples[0]).filter((p) => p !== 'selfTime');
  const medians = Object.fromEntries(phases.map((p) => [p, median(samples.map((s) => s[p]))]));
  console.log(`[trace] one poll, ${runs} cold loads, medians in ms (times from navigation start, compile times summed)`);
  const labels = {
    loader: 'loader arrived',
    files: 'last widget file arrived',
    wasm: 'WebAssembly bytes complete',
    lazyWasmCompile: 'WebAssembly compiled on first call',
    jsCompile: 'JavaScript compiled (whole trace)',
    content: 'first content',
    mainThreadBusy: 'main thread busy until first content',
  };
  for (const p of phases) console.log(`${labels[p].padEnd(38)}${Math.round(medians[p]).toString().padStart(6)}`);
  // What the main thread was busy with: each event name's self time, median over the loads (0 where it did not occur).
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.selfTime)))];
  const selfTime = Object.fromEntries(names.map((n) => [n, median(samples.map((s) => s.selfTime[n] ?? 0))])
    .sort((a, b) => b[1] - a[1]).slice(0, 12));
  medians.selfTime = selfTime;
  for (const sample of samples) {
    sample.selfTime = Object.fromEntries(Object.keys(selfTime).map((n) => [n, sample.selfTime[n] ?? 0]));
  }
  console.log('[trace] the main thread\'s largest items until first content, self time, medians in ms');
  for (const [name, ms] of Object.entries(selfTime)) console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
  writeFileSync(join(here, 'report-trace.json'), JSON.stringify({ generated: new Date().toISOString(), runs, medians, samples }, null, 2) + '\n');
  console.log('[trace] wrote bench/report-trace.json');
} finally {
  await browser.close();
  await site.stop();
  await server.stop();
}
