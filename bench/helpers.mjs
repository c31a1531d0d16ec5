// Helpers of the browser benchmarks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createSecureServer } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

// A TLS reverse proxy speaking HTTP/2 (and HTTP/1.1 to clients that ask for it) in front of `upstream`, as a
// municipality's web server or load balancer stands in front of the reference server: the browser then fetches
// every file of a page over one connection per origin, as in production, instead of opening one HTTP/1.1
// connection per parallel request on loopback. Its certificate is self-signed for 127.0.0.1 (made with openssl, a
// day valid); the browser context must be opened with `ignoreHTTPSErrors`. Returns { url, stop }.
export async function startTlsProxy(upstream) {
  const dir = mkdtempSync(join(tmpdir(), 'inspraak-bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  // Headers that belong to one connection, which HTTP/2 forbids.
  const hop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);
  const server = createSecureServer({
    key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')), allowHTTP1: true,
  }, (request, response) => {
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !name.startsWith(':') && !hop.has(name)));
    const forwarded = httpRequest({
      host: target.hostname, port: target.port, method: request.method, path: request.url, agent,
      headers: { ...headers, host: target.host },
    }, (answer) => {
      const back = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !hop.has(name)));
      response.writeHead(answer.statusCode, back);
      answer.pipe(response);
    });
    forwarded.on('error', () => { response.writeHead(502); response.end(); });
    request.pipe(forwarded);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((resolve) => {
      agent.destroy();
      server.close(() => { rmSync(dir, { recursive: true, force: true }); resolve(); });
    }),
  };
}
