// Helpers of the browser benchmarks.

// The median of the finite values (a phase a run could not measure is left out).
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// The promise, or an error after `ms`: a widget that never renders fails the run, as Playwright's waitForFunction
// did after 30 s, instead of hanging it.
export function within(promise, what, ms = 30_000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Resolves when the page calls `window.benchDone()`, or fails after `ms`. Call before the page loads. The page reports
// itself because Playwright's waitForFunction would inject its own script into the page and run it on every frame, on
// the main thread the widgets start on (its compilation alone took 20 ms in a trace).
export async function reported(page, what, ms) {
  let done;
  const called = new Promise((resolve) => { done = resolve; });
  await page.exposeFunction('benchDone', () => done());
  return () => within(called, what, ms);
}
