// Browser benchmark: Debian's Chromium against the release server on loopback. For a page with one poll, and one with
// the poll and the progress badge, each beside a baseline page with the same content as plain HTML, it measures over
// several runs the time from navigation start to each widget's first content and first interaction (its controls
// present), the cumulative layout shift, the JS heap after mounting, and the bytes transferred; it prints medians and
// ratios and writes bench/report-browser.json. Run after scripts/build.sh: node bench/bench-browser.mjs [runs, default 9]
// With --http2, the widget server and the host site are each behind a TLS proxy speaking HTTP/2 (helpers.mjs), as in
// production, and the report goes to bench/report-browser-http2.json.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startHostSite, startServer } from '../tests/e2e/harness.mjs';
import { median, reported, startTlsProxy } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const http2 = args.includes('--http2');
const runs = Number(args.find((arg) => !arg.startsWith('--')) ?? 9);

// In the page before anything else: watch for each widget's content and controls on every frame, and add up
// layout shifts. Works for the shadow roots of the widgets and the plain sections of the baseline alike.
function instrument(probes) {
  window.bench = { shifts: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.bench.shifts += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const find = ([host, inner]) => {
    const element = document.querySelector(host);
    return (element?.shadowRoot ?? element)?.querySelector(inner);
  };
  const tick = () => {
    let waiting = false;
    for (const [name, probe] of Object.entries(probes)) {
      if (window.bench[name] === undefined) {
        if (find(probe)) window.bench[name] = performance.now(); else waiting = true;
      }
    }
    if (waiting) requestAnimationFrame(tick);
    else window.benchDone();
  };
  requestAnimationFrame(tick);
}

const PROBES = {
  pollContent: ['#poll', '.question'],
  pollInteractive: ['#poll', 'input[type=radio]'],
  progressContent: ['#progress', '.summary'],
  progressInteractive: ['#progress', 'button'],
};
const SCENARIOS = [
  { name: 'one poll', widgets: 'poll.html', baseline: 'baseline-poll.html', probes: ['pollContent', 'pollInteractive'] },
  { name: 'poll and badge', widgets: 'widgets.html', baseline: 'baseline.html',
    probes: ['pollContent', 'pollInteractive', 'progressContent', 'progressInteractive'] },
];

async function measure(browser, url, probes) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, ignoreHTTPSErrors: http2 });
  const page = await context.newPage();
  const fired = await reported(page, `every probe on ${url}`);
  await page.addInitScript(instrument, Object.fromEntries(probes.map((p) => [p, PROBES[p]])));
  await page.goto(url);
  await fired();
  await page.waitForLoadState('networkidle');
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const result = await page.evaluate(() => ({
    ...window.bench,
    transferred: performance.getEntriesByType('resource').reduce((sum, r) => sum + r.transferSize, 0)
      + performance.getEntriesByType('navigation')[0].transferSize,
    protocols: [...new Set([...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .map((entry) => entry.nextHopProtocol).filter(Boolean))],
  }));
  await context.close();
  const { protocols, ...measured } = result;
  // Every file over the protocol the run is about, or the figures would say nothing about it (the API's answers
  // carry no Timing-Allow-Origin, so the page cannot see theirs; the widget files and the page itself can).
  const expected = http2 ? 'h2' : 'http/1.1';
  if (protocols.length === 0 || protocols.some((protocol) => protocol !== expected)) {
    throw new Error(`${url} used ${protocols.join(', ') || 'no protocol it could see'}, not only ${expected}`);
  }
  return { ...measured, heap: usedSize };
}

const server = await startServer();
const widgetProxy = http2 ? await startTlsProxy(server.url) : null;
const hostSite = await startHostSite(widgetProxy?.url ?? server.url, join(here, 'pages'));
const siteProxy = http2 ? await startTlsProxy(hostSite.url) : null;
const site = { url: siteProxy?.url ?? hostSite.url };
const browser = await launchBrowser();
try {
  await server.createPoll({ id: 'bench-poll' });
  await server.recordProgress('bench-gemeente', {
    name: 'Gemeente Voorbeeld',
    measurements: [
      { subgoal: 1, status: 'in_progress', measured_on: '2026-03-02' },
      { subgoal: 3, status: 'embedded', measured_on: '2026-03-02' },
    ],
  });
  const report = { generated: new Date().toISOString(), runs, http2, scenarios: {} };
  for (const scenario of SCENARIOS) {
    const pages = { widgets: `${site.url}/${scenario.widgets}`, baseline: `${site.url}/${scenario.baseline}` };
    const samples = { widgets: [], baseline: [] };
    // Warm-up, then alternate the two pages so that machine noise hits both alike.
    for (const name of ['widgets', 'baseline']) await measure(browser, pages[name], scenario.probes);
    for (let i = 0; i < runs; i += 1) {
      for (const name of ['widgets', 'baseline']) samples[name].push(await measure(browser, pages[name], scenario.probes));
    }
    const metrics = [...scenario.probes, 'shifts', 'heap', 'transferred'];
    const medians = {};
    for (const name of ['widgets', 'baseline']) {
      medians[name] = Object.fromEntries(metrics.map((m) => [m, median(samples[name].map((s) => s[m]))]));
    }
    report.scenarios[scenario.name] = medians;
    const w = medians.widgets;
    const b = medians.baseline;
    console.log(`[bench] ${scenario.name}${http2 ? ' (HTTP/2 over TLS)' : ''}: ${runs} runs each, medians (times in ms from navigation start)`);
    console.log(`${'metric'.padEnd(22)}${'widgets'.padStart(12)}${'baseline'.padStart(12)}${'ratio'.padStart(9)}`);
    for (const m of metrics) {
      const ratio = b[m] > 0 ? (w[m] / b[m]).toFixed(2) : '-';
      const fmt = (v) => (m === 'shifts' ? v.toFixed(3) : Math.round(v).toLocaleString('en-US'));
      console.log(`${m.padEnd(22)}${fmt(w[m]).padStart(12)}${fmt(b[m]).padStart(12)}${ratio.padStart(9)}`);
    }
  }
  const file = http2 ? 'report-browser-http2.json' : 'report-browser.json';
  writeFileSync(join(here, file), JSON.stringify(report, null, 2) + '\n');
  console.log(`[bench] wrote bench/${file}`);
} finally {
  await browser.close();
  await siteProxy?.stop();
  await hostSite.stop();
  await widgetProxy?.stop();
  await server.stop();
}
