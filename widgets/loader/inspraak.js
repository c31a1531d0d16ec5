// Inspraak loader: defines the widget elements, mounts them (also `data-inspraak` elements that a CMS left as plain
// divs, and ones added later), and fetches for each widget kind on the page only its own module, stylesheet and
// texts in the element's language, once per kind. A page without widgets fetches nothing more.
// Public surface: <inspraak-poll>, <inspraak-progress>, <inspraak-quickscan>, <inspraak-challenge>, or
// <div data-inspraak="poll|progress|quickscan|challenge">; see docs/embedding.md.

// Filled in by scripts/bundle.mjs from widgets/registry.json and the build: per kind the attributes that configure it
// (a change re-renders it) and its first request; per module its files and its size in brotli bytes; the sha256 of
// every file fetched here.
const WIDGETS = /* WIDGETS */ {};
const MODULES = /* MODULES */ {};
const INTEGRITY = /* INTEGRITY */ {};

const here = new URL('.', import.meta.url);
// Without an `api` attribute a widget talks to the backend that served this script.
const defaultApi = new URL('/v1', import.meta.url).href;
const mounted = new WeakMap();

// Reserve space from the first frame so the page does not jump when the widget appears. Constructed style sheets
// are not inline styles, so this works under a strict Content-Security-Policy.
const reserveSheet = new CSSStyleSheet();
reserveSheet.replaceSync(`/* RESERVE_CSS */`);

// Each file is fetched once per page; a failed download is forgotten, so the next widget (or a retry) tries again.
const loads = new Map();
function once(key, load) {
  if (!loads.has(key)) loads.set(key, load().catch((error) => { loads.delete(key); throw error; }));
  return loads.get(key);
}

const url = (file) => new URL(file, here).href;

// The browser refuses a file whose bytes do not match the hash built into this loader, before any of it is used.
// Every file fetched here is needed for the widget's first content, so each asks for high priority (as does the
// glue's link below), ahead of the page's images and late scripts.
function fetchChecked(file) {
  return fetch(url(file), { integrity: INTEGRITY[file] ?? '', priority: 'high' }).then((response) => {
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    return response;
  });
}

// A dynamic import() carries no integrity. A modulepreload link does: the browser fetches and checks the module, and
// the import() that follows runs what that link fetched (and nothing, when it was refused).
function importChecked(file) {
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url(file);
    link.integrity = INTEGRITY[file] ?? '';
    link.crossOrigin = 'anonymous';
    link.fetchPriority = 'high';
    link.onload = () => { link.remove(); resolve(import(link.href)); };
    link.onerror = () => { link.remove(); reject(new Error(`${file} was refused: it does not match its hash or could not be fetched`)); };
    document.head.append(link);
  });
}

// A module: its glue and its WebAssembly fetched at the same time, the glue requested first: it must also be compiled
// and run before the WebAssembly can start, so it should not wait behind the larger file for a connection. Measured
// with high priority and the glue first together, on the one-poll page, alternating loads against the loader before:
// first content 349 -> 301 and 362 -> 334 ms (medians of 15 and 21 loads).
function loadModule(name) {
  return once(name, async () => {
    const { js, wasm } = MODULES[name];
    const glue = importChecked(js);
    const bytes = fetchChecked(wasm);
    bytes.catch(() => {}); // reported through the glue's init below
    const module = await glue;
    await module.default({ module_or_path: bytes });
    return module;
  });
}

const loadSheet = (kind) => once(`${kind}.css`, async () => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(await (await fetchChecked(`inspraak-${kind}.css`)).text());
  return sheet;
});

const loadTexts = (kind, lang) => once(`${kind}.${lang}.txt`, async () => (await fetchChecked(`inspraak-${kind}.${lang}.txt`)).text());

// A page with several kinds may load the one module that holds them all (one copy of the shared runtime) instead of
// one module per kind: decided on the first scan of the page, by which downloads less.
let combined = false;
function choose(kinds) {
  const own = [...kinds].reduce((sum, kind) => sum + MODULES[kind].bytes, 0);
  combined = kinds.size > 1 && MODULES.all.bytes < own;
}

const selector = '[data-inspraak]';
const kindOf = (element) => element.localName.startsWith('inspraak-')
  ? element.localName.slice('inspraak-'.length)
  : (element.getAttribute('data-inspraak') ?? '').trim();

function attribute(element, name) {
  const value = (element.getAttribute(name) ?? element.getAttribute(`data-${name}`) ?? '').trim();
  return value || null;
}

// `lang` on the element, else the nearest one of the page (normally <html lang>), else Dutch.
function langOf(element) {
  const tag = attribute(element, 'lang') ?? element.parentElement?.closest('[lang]')?.getAttribute('lang') ?? '';
  return tag.split(/[-_]/)[0].toLowerCase() === 'en' ? 'en' : 'nl';
}

// The widget's first request (its data), made now so that it arrives with the module instead of after it; the widget
// takes the answer for the same URL (built the same way: API root without trailing slashes, each value encoded) and
// asks itself for anything else. The timeout is the widget's own for every request (REQUEST_TIMEOUT_MS).
function prefetch(element, kind) {
  const { prefetch: path, unless } = WIDGETS[kind];
  if (!path || (unless && attribute(element, unless))) return [];
  const values = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => attribute(element, name));
  if (values.some((value) => value === null)) return [];
  let i = 0;
  const url = `${(attribute(element, 'api') ?? defaultApi).replace(/\/+$/, '')}/${path.replace(/\{\w+\}/g, () => encodeURIComponent(values[i++]))}`;
  const response = fetch(url, { signal: AbortSignal.timeout(15000) });
  response.catch(() => {}); // the widget reads the failure when it takes the answer
  return [url, response];
}

function prepare(element) {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [reserveSheet];
  return shadow;
}

async function mount(element) {
  if (mounted.has(element)) return;
  const kind = kindOf(element);
  if (!WIDGETS[kind]) {
    console.error(`[inspraak] unknown widget "${kind}"; use <inspraak-poll>, <inspraak-progress>, <inspraak-quickscan>,`
      + ' <inspraak-challenge> or data-inspraak="poll" (or progress, quickscan, challenge).');
    return;
  }
  mounted.set(element, null);
  try {
    const shadow = prepare(element);
    const lang = langOf(element);
    const [primedUrl, primed] = prefetch(element, kind);
    const [glue, sheet, texts] = await Promise.all([
      loadModule(combined ? 'all' : kind), loadSheet(kind), loadTexts(kind, lang),
    ]);
    if (!element.isConnected || mounted.get(element) !== null) return;
    shadow.adoptedStyleSheets = [reserveSheet, sheet];
    mounted.set(element, glue.mount(element, defaultApi, lang, texts, primedUrl, primed));
  } catch (error) {
    mounted.delete(element);
    console.error('[inspraak] the widget could not be loaded. Check that /widgets/ on the Inspraak server is reachable'
      + ' from this page, and that the element can hold a shadow root (use a <div>, not a <p> or <td>).', error);
  }
}

function unmount(element) {
  const widget = mounted.get(element);
  mounted.delete(element);
  widget?.free();
  // Leave nothing behind in an element a single-page site may keep: no nodes, no style sheet, no memory held.
  if (widget) element.shadowRoot?.replaceChildren();
}

function remount(element) {
  if (mounted.get(element)) { unmount(element); mount(element); }
}

// Loaded twice (say from two URLs of one server), a second copy would mount every widget again.
if (globalThis.__inspraakLoader) {
  console.warn('[inspraak] inspraak.js is on this page twice; only the first copy is used. Remove the other script tag.');
} else {
  globalThis.__inspraakLoader = import.meta.url;
  const tags = Object.keys(WIDGETS).map((kind) => `inspraak-${kind}`);
  choose(new Set([...document.querySelectorAll([...tags, selector].join(','))].map(kindOf).filter((k) => WIDGETS[k])));
  for (const [kind, { attributes }] of Object.entries(WIDGETS)) {
    if (customElements.get(`inspraak-${kind}`)) continue;
    customElements.define(`inspraak-${kind}`, class extends HTMLElement {
      static observedAttributes = attributes;
      connectedCallback() { mount(this); }
      disconnectedCallback() { unmount(this); }
      // A changed attribute (the demo playground, a single-page site) re-renders the widget.
      attributeChangedCallback() { remount(this); }
    });
  }

  // CMSes that strip unknown tags keep <div data-inspraak="poll">: mount those, now and whenever they appear.
  function scan(root) {
    if (root.matches?.(selector)) mount(root);
    root.querySelectorAll?.(selector).forEach(mount);
  }
  function scanRemoved(root) {
    if (root.matches?.(selector)) unmount(root);
    root.querySelectorAll?.(selector).forEach(unmount);
  }
  const dataAttributes = ['data-inspraak', ...new Set(Object.values(WIDGETS).flatMap((w) => w.attributes).map((a) => `data-${a}`))];
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target.matches(selector)) { if (mounted.has(record.target)) remount(record.target); else mount(record.target); }
        continue;
      }
      record.addedNodes.forEach(scan);
      record.removedNodes.forEach((node) => { if (!node.isConnected) scanRemoved(node); });
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: dataAttributes });
  scan(document);
}
