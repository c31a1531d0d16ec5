// Browser benchmark: Debian's Chromium against the release server on loopback. For a page with one poll, and one with
// the poll and the progress badge, each beside a baseline page with the same content as plain HTML, it measures over
// several runs the time from navigation start to each widget's first content and first interaction (its controls
// present), the cumulative layout shift, the JS heap after mounting, and the bytes transferred; it prints medians and
// ratios and writes bench/report-browser.json. Run after scripts/build.sh: node bench/bench-browser.mjs [runs, default 9]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startHostSite, startServer } from '../tests/e2e/harness.mjs';
import { median, reported } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 9);

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
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
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
  }));
  await context.close();
  return { ...result, heap: usedSize };
}

const server = await startServer();
const site = await startHostSite(server.url, join(here, 'pages'));
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
  const report = { generated: new Date().toISOString(), runs, scenarios: {} };
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
    console.log(`[bench] ${scenario.name}: ${runs} runs each, medians (times in ms from navigation start)`);
    console.log(`${'metric'.padEnd(22)}${'widgets'.padStart(12)}${'baseline'.padStart(12)}${'ratio'.padStart(9)}`);
    for (const m of metrics) {
      const ratio = b[m] > 0 ? (w[m] / b[m]).toFixed(2) : '-';
      const fmt = (v) => (m === 'shifts' ? v.toFixed(3) : Math.round(v).toLocaleString('en-US'));
      console.log(`${m.padEnd(22)}${fmt(w[m]).padStart(12)}${fmt(b[m]).padStart(12)}${ratio.padStart(9)}`);
    }
  }
  writeFileSync(join(here, 'report-browser.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('[bench] wrote bench/report-browser.json');
} finally {
  await browser.close();
  await site.stop();
  await server.stop();
}
