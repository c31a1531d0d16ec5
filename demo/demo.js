// The demo page's playground: the widgets' language, a theme preset (NL Design System token packages and our own),
// an editor of every documented --inspraak-* property with the WCAG contrast of each pair, and the embed code of
// this build. Everything goes through the DOM and CSSOM, never inline markup, so the page keeps its strict CSP.
// The state is kept in sessionStorage, so a reload (after a rebuild, say) shows the same thing.

const widgets = document.getElementById('widgets');
const WIDGET_TAGS = 'inspraak-poll, inspraak-progress, inspraak-quickscan, inspraak-challenge';
const saved = JSON.parse(sessionStorage.getItem('inspraak-demo') ?? '{}');
const state = { lang: saved.lang ?? 'nl', preset: saved.preset ?? 'standaard', custom: saved.custom ?? {} };
const save = () => sessionStorage.setItem('inspraak-demo', JSON.stringify(state));
const json = (url) => fetch(url, { cache: 'no-store' }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: ${r.status}`))));

// --- language ---------------------------------------------------------------------------------------------
const langSelect = document.getElementById('lang');
function applyLang() {
  langSelect.value = state.lang;
  for (const widget of document.querySelectorAll(WIDGET_TAGS)) {
    if (widget.getAttribute('lang') !== state.lang) widget.setAttribute('lang', state.lang);
  }
}
langSelect.addEventListener('change', () => { state.lang = langSelect.value; save(); applyLang(); });
applyLang();

// --- colours and contrast ---------------------------------------------------------------------------------
const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
/** Any CSS colour as [r, g, b, a] (0-255, alpha 0-1), as the browser draws it; null when it is not a colour. */
function rgba(colour) {
  canvas.clearRect(0, 0, 1, 1);
  canvas.fillStyle = '#010203';
  const sentinel = canvas.fillStyle;
  canvas.fillStyle = colour;
  if (canvas.fillStyle === sentinel && colour.replace(/\s/g, '').toLowerCase() !== '#010203') return null;
  canvas.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a / 255];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map((i) => Math.round(top[i] * a + bottom[i] * (1 - a))).concat(1);
}
function luminance([r, g, b]) {
  const lin = (c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
/** The WCAG 2 contrast ratio of two opaque colours. */
export function contrast(a, b) {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}
const toHex = ([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** The root of the poll widget, where every --_* value is resolved; null until it has mounted. */
function widgetRoot() {
  return document.getElementById('demo-poll')?.shadowRoot?.querySelector('.inspraak') ?? null;
}
/** A resolved --_name as an opaque colour: `inherit`/`currentColor` are the text colour, see-through parts show
 *  the widget's surface (and the surface shows the page's white). */
function resolved(root, name, seen = new Set()) {
  const style = getComputedStyle(root);
  const value = style.getPropertyValue(`--_${name}`).trim();
  if (seen.has(name)) return null;
  seen.add(name);
  if (/^(inherit|currentcolor)$/i.test(value)) return name === 'color' ? null : resolved(root, 'color', seen);
  const colour = rgba(value);
  if (!colour) return null;
  if (colour[3] >= 1) return colour;
  const below = name === 'background' ? [255, 255, 255, 1] : resolved(root, 'background', seen) ?? [255, 255, 255, 1];
  return over(colour, below);
}

// --- presets ----------------------------------------------------------------------------------------------
const presetSelect = document.getElementById('preset');
const presetSource = document.getElementById('preset-source');
let presets = [];
const loaded = new Map();
function loadStylesheet(href) {
  if (!loaded.has(href)) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `/${href}`;
    loaded.set(href, new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; }));
    document.head.append(link);
  }
  return loaded.get(href);
}
async function applyPreset() {
  const preset = presets.find((p) => p.id === state.preset) ?? presets[0];
  if (!preset) return;
  presetSelect.value = preset.id;
  await Promise.all(preset.stylesheets.map(loadStylesheet));
  for (const other of presets) if (other.className) widgets.classList.remove(other.className);
  if (preset.className) widgets.classList.add(preset.className);
  presetSource.textContent = preset.package
    ? `Uit ${preset.package} ${preset.version}; de widgets staan in een element met class="${preset.className}".`
    : preset.className ? `Uit ${preset.stylesheets.join(', ')}; de widgets staan in class="${preset.className}".`
      : 'De standaardwaarden van de widgets, zonder thema.';
  refresh();
}
presetSelect.addEventListener('change', () => { state.preset = presetSelect.value; save(); applyPreset(); });

// --- the editor ---------------------------------------------------------------------------------------------
const properties = document.getElementById('properties');
const summary = document.getElementById('contrast-summary');
const customCss = document.getElementById('custom-css');
let tokens = [];
const rows = new Map();
const isColour = (entry) => /color|background|fill/.test(entry.name) && !/scheme/.test(entry.name);

function setCustom(property, value) {
  if (value.trim()) { state.custom[property] = value.trim(); widgets.style.setProperty(property, value.trim()); } else {
    delete state.custom[property];
    widgets.style.removeProperty(property);
  }
  save();
  refresh();
}

function buildEditor() {
  let group = null;
  let list = null;
  for (const entry of tokens) {
    if (entry.group !== group) {
      group = entry.group;
      const heading = document.createElement('h3');
      heading.textContent = group;
      list = document.createElement('div');
      list.className = 'property-group';
      properties.append(heading, list);
    }
    const row = document.createElement('div');
    row.className = 'property';
    const id = `prop-${entry.name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    const code = document.createElement('code');
    code.textContent = entry.property;
    label.append(code);
    const what = document.createElement('span');
    what.className = 'what';
    what.id = `${id}-what`;
    what.textContent = entry.nlds.length ? `${entry.what} — anders ${entry.nlds.join(', ')}` : entry.what;
    const input = document.createElement('input');
    input.type = 'text';
    input.id = id;
    input.spellcheck = false;
    input.autocomplete = 'off';
    input.value = state.custom[entry.property] ?? '';
    input.setAttribute('aria-describedby', `${id}-what ${id}-ratio`);
    input.addEventListener('change', () => setCustom(entry.property, input.value));
    const inputs = document.createElement('div');
    inputs.className = 'inputs';
    let picker = null;
    if (isColour(entry)) {
      picker = document.createElement('input');
      picker.type = 'color';
      picker.setAttribute('aria-label', `${entry.property}: kleur kiezen`);
      picker.addEventListener('input', () => { input.value = picker.value; setCustom(entry.property, picker.value); });
      inputs.append(picker);
    }
    inputs.append(input);
    const ratio = document.createElement('span');
    ratio.className = 'ratio';
    ratio.id = `${id}-ratio`;
    row.append(label, what, inputs, ratio);
    list.append(row);
    rows.set(entry.name, { entry, input, picker, ratio });
  }
  for (const [property, value] of Object.entries(state.custom)) widgets.style.setProperty(property, value);
}

/** Shows each property's current value and each pair's contrast; called after every change. */
function refresh() {
  customCss.textContent = Object.keys(state.custom).length
    ? `.mijn-thema {\n${Object.entries(state.custom).map(([p, v]) => `  ${p}: ${v};`).join('\n')}\n}`
    : '/* nog niets aangepast */';
  const root = widgetRoot();
  if (!root) { setTimeout(refresh, 200); return; }
  // The browser recomputes styles on the next frame after a class or property changed.
  requestAnimationFrame(() => {
    const style = getComputedStyle(root);
    let failing = 0;
    let checked = 0;
    for (const { entry, input, picker, ratio } of rows.values()) {
      const current = style.getPropertyValue(`--_${entry.name}`).trim();
      input.placeholder = current;
      const colour = isColour(entry) ? resolved(root, entry.name) : null;
      if (picker && colour) picker.value = toHex(colour);
      ratio.textContent = '';
      ratio.classList.remove('fail');
      if (!entry.contrast) continue;
      const background = resolved(root, entry.contrast.on);
      if (!colour || !background) continue;
      const value = contrast(colour, background);
      const pass = value >= entry.contrast.ratio - 0.005;
      checked += 1;
      if (!pass) failing += 1;
      ratio.textContent = `${value.toFixed(2).replace('.', ',')}:1 op --inspraak-${entry.contrast.on}`
        + (pass ? ` — voldoet (AA ${String(entry.contrast.ratio).replace('.', ',')}:1)` : ` — te laag: AA vraagt ${String(entry.contrast.ratio).replace('.', ',')}:1`);
      ratio.classList.toggle('fail', !pass);
    }
    summary.textContent = failing ? `${failing} van ${checked} paren onder WCAG AA` : `Alle ${checked} paren voldoen aan WCAG AA`;
    summary.classList.toggle('fail', failing > 0);
  });
}

document.getElementById('reset').addEventListener('click', () => {
  for (const property of Object.keys(state.custom)) widgets.style.removeProperty(property);
  state.custom = {};
  for (const { input } of rows.values()) input.value = '';
  save();
  refresh();
});

// --- the embed code -----------------------------------------------------------------------------------------
const embed = {
  widget: document.getElementById('embed-widget'),
  id: document.getElementById('embed-id'),
  idLabel: document.getElementById('embed-id-label'),
  variant: document.getElementById('embed-variant'),
  variantControl: document.getElementById('embed-variant-control'),
  lang: document.getElementById('embed-lang'),
  form: document.getElementById('embed-form'),
  version: document.getElementById('embed-version'),
  code: document.getElementById('embed-code'),
};
// What each widget needs to know, with the demo's own data as the example.
const EMBED = {
  poll: { attribute: 'poll', label: 'Peiling (id)', example: 'speeltuin-2026' },
  quickscan: { attribute: 'scan', label: 'Quick scan (id)', example: 'quickscan-voorbeeld' },
  challenge: { attribute: 'form', label: 'Aanvraagformulier (id)', example: 'uitdaagrecht-voorbeeld' },
  progress: { attribute: 'municipality', label: 'Gemeente (id)', example: 'voorbeeld' },
};
let manifest = null;
const escapeAttribute = (value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function embedCode() {
  const kind = embed.widget.value;
  const { attribute } = EMBED[kind];
  const origin = window.location.origin;
  const pinned = embed.version.value === 'pinned' && manifest;
  const script = pinned
    ? `<script type="module" src="${origin}/widgets/${manifest.version}/inspraak.js"\n        integrity="${manifest.files['inspraak.js']}" crossorigin="anonymous"></script>`
    : `<script type="module" src="${origin}/widgets/latest/inspraak.js"></script>`;
  const options = [[attribute, embed.id.value.trim()]];
  if (kind === 'progress' && embed.variant.value === 'full') options.push(['variant', 'full']);
  if (embed.lang.value) options.push(['lang', embed.lang.value]);
  const attributes = options.map(([name, value]) => ` ${embed.form.value === 'div' ? `data-${name}` : name}="${escapeAttribute(value)}"`).join('');
  const element = embed.form.value === 'div'
    ? `<div data-inspraak="${kind}"${attributes}></div>`
    : `<inspraak-${kind}${attributes}></inspraak-${kind}>`;
  return `${script}\n${element}`;
}
function showEmbed() {
  embed.code.textContent = embedCode();
}
embed.widget.addEventListener('change', () => {
  const { label, example } = EMBED[embed.widget.value];
  embed.idLabel.textContent = label;
  embed.id.value = example;
  embed.variantControl.hidden = embed.widget.value !== 'progress';
  showEmbed();
});
for (const control of [embed.id, embed.variant, embed.lang, embed.form, embed.version]) {
  control.addEventListener('input', showEmbed);
  control.addEventListener('change', showEmbed);
}
embed.form.addEventListener('submit', (event) => event.preventDefault());
document.getElementById('copy-embed').addEventListener('click', async () => {
  const status = document.getElementById('copy-status');
  try {
    await navigator.clipboard.writeText(embedCode());
    status.textContent = 'Gekopieerd.';
  } catch {
    // Without clipboard access: select the code, so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(embed.code);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    status.textContent = 'De code is geselecteerd: kopieer met Ctrl+C (⌘C).';
  }
});

// --- start --------------------------------------------------------------------------------------------------
showEmbed();
json('/widgets/manifest.json').then((m) => { manifest = m; showEmbed(); }, () => {
  embed.version.value = 'latest';
  embed.version.disabled = true;
  showEmbed();
});
Promise.all([json('/themes/presets.json'), json('/themes/tokens.json')]).then(([p, t]) => {
  presets = p;
  tokens = t;
  presetSelect.replaceChildren(...presets.map((preset) => new Option(preset.label, preset.id)));
  buildEditor();
  applyPreset();
}, (error) => {
  presetSource.textContent = 'Thema\'s ontbreken: draai scripts/build.sh (die kopieert ze naar demo/themes/).';
  console.warn('[inspraak demo]', error);
});
