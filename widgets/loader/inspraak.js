// Inspraak loader: defines the widget elements, mounts them (also `data-inspraak` elements that a CMS
// left as plain divs, and ones added later), and loads the WebAssembly module only once a widget is on the page.
// Public surface: <inspraak-poll>, <inspraak-progress>, <inspraak-quickscan>, <inspraak-challenge>, or
// <div data-inspraak="poll|progress|quickscan|challenge">; see docs/embedding.md.

const WIDGETS = ['poll', 'progress', 'quickscan', 'challenge'];
// The attributes that configure a widget; changing one re-renders it.
const WIDGET_ATTRIBUTES = ['api', 'lang', 'poll', 'municipality', 'variant', 'progress', 'scan', 'form'];
const here = new URL('.', import.meta.url);
// Without an `api` attribute a widget talks to the backend that served this script.
const defaultApi = new URL('/v1', import.meta.url).href;
const mounted = new WeakMap();
// The sha384 of each file this loader fetches, filled in by scripts/build.sh: a tampered .wasm or stylesheet is
// refused by the browser, even though the page's own SRI covers only this script.
const INTEGRITY = /* INTEGRITY: scripts/build.sh puts the hashes here */ {};

// Reserve space from the first frame so the page does not jump when the widget appears. Constructed
// style sheets are not inline styles, so this works under a strict Content-Security-Policy.
const reserveSheet = new CSSStyleSheet();
reserveSheet.replaceSync(`/* RESERVE_CSS: scripts/build.sh puts widgets/src/styles/reserve.css here */`);

let runtime;
function loadRuntime() {
  runtime ??= Promise.all([
    import(new URL('inspraak_widgets.js', here).href).then(async (glue) => {
      const wasm = new URL('inspraak_widgets_bg.wasm', here);
      await glue.default({ module_or_path: new Request(wasm, { integrity: INTEGRITY['inspraak_widgets_bg.wasm'] ?? '' }) });
      return glue;
    }),
    fetch(new URL('inspraak.css', here), { integrity: INTEGRITY['inspraak.css'] ?? '' }).then((response) => {
      if (!response.ok) throw new Error(`inspraak.css: HTTP ${response.status}`);
      return response.text();
    }).then((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return sheet;
    }),
  ]).then(([glue, sheet]) => ({ glue, sheet }), (error) => {
    // Forget a failed download, so the next widget (or a retry) tries again instead of failing for good.
    runtime = undefined;
    throw error;
  });
  return runtime;
}

function prepare(element) {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [reserveSheet];
  return shadow;
}

async function mount(element) {
  if (mounted.has(element)) return;
  mounted.set(element, null);
  try {
    const shadow = prepare(element);
    const { glue, sheet } = await loadRuntime();
    if (!element.isConnected || mounted.get(element) !== null) return;
    shadow.adoptedStyleSheets = [sheet];
    mounted.set(element, glue.mount(element, defaultApi));
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

class InspraakElement extends HTMLElement {
  static observedAttributes = WIDGET_ATTRIBUTES;
  connectedCallback() { mount(this); }
  disconnectedCallback() { unmount(this); }
  attributeChangedCallback() {
    // A changed attribute (the demo playground, a single-page site) re-renders the widget.
    remount(this);
  }
}

function remount(element) {
  if (mounted.get(element)) { unmount(element); mount(element); }
}

// Loaded twice (say from two URLs of one server), a second copy would mount every widget again.
if (globalThis.__inspraakLoader) {
  console.warn('[inspraak] inspraak.js is on this page twice; only the first copy is used. Remove the other script tag.');
} else {
  globalThis.__inspraakLoader = import.meta.url;
  for (const name of WIDGETS) {
    const tag = `inspraak-${name}`;
    if (!customElements.get(tag)) customElements.define(tag, class extends InspraakElement {});
  }

  // CMSes that strip unknown tags keep <div data-inspraak="poll">: mount those, now and whenever they appear.
  const selector = '[data-inspraak]';
  function scan(root) {
    if (root.matches?.(selector)) mount(root);
    root.querySelectorAll?.(selector).forEach(mount);
  }
  function scanRemoved(root) {
    if (root.matches?.(selector)) unmount(root);
    root.querySelectorAll?.(selector).forEach(unmount);
  }
  const dataAttributes = ['data-inspraak', ...WIDGET_ATTRIBUTES.map((a) => `data-${a}`)];
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
