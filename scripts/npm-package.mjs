// The npm package around pkg/, for sites and developers who serve the widget files from their own build: its
// package.json, a README, and TypeScript declarations of each element (attributes and events, from
// widgets/registry.json) for plain TypeScript, React (JSX) and Vue templates.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, root, widgets } from './registry.mjs';

export const PACKAGE_NAME = '@inspraak/widgets';

const pascal = (kind) => kind[0].toUpperCase() + kind.slice(1);
const quote = (values) => values.map((v) => `'${v}'`).join(' | ');

/** The TypeScript type of one attribute. */
function attributeType(attribute) {
  return attribute.values ? quote(attribute.values) : 'string';
}

/** The declarations: per widget its attributes, its element type and its events, mapped onto the tag names. */
export function declarations() {
  const lines = [
    '// The Inspraak widget elements, generated from widgets/registry.json by scripts/npm-package.mjs.',
    '// Importing the package (or loading inspraak.js) defines them; see README.md.',
    '',
  ];
  const events = new Map();
  for (const widget of widgets) {
    const name = `Inspraak${pascal(widget.kind)}`;
    lines.push(`/** The attributes of \`<inspraak-${widget.kind}>\` (also as \`data-\` attributes on \`<div data-inspraak="${widget.kind}">\`). */`);
    lines.push(`export interface ${name}Attributes {`);
    for (const attribute of [...widget.attributes, ...registry.shared_attributes]) {
      lines.push(`  /** ${attribute.description} */`);
      lines.push(`  ${attribute.name}${attribute.required ? '' : '?'}: ${attributeType(attribute)};`);
    }
    lines.push('}', `export type ${name}Element = HTMLElement;`, '');
    for (const [event, detail] of Object.entries(widget.events)) {
      events.set(event, [...(events.get(event) ?? []), `{ ${detail.map((key) => `${key}: string`).join('; ')} }`]);
    }
  }
  lines.push('declare global {', '  interface HTMLElementTagNameMap {');
  for (const { kind } of widgets) lines.push(`    'inspraak-${kind}': Inspraak${pascal(kind)}Element;`);
  lines.push('  }', '  /** The events the widgets dispatch (bubbling and composed), with what their `detail` holds. */',
    '  interface HTMLElementEventMap {');
  for (const [event, details] of events) lines.push(`    '${event}': CustomEvent<${details.join(' | ')}>;`);
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/** JSX for React: the elements with their attributes, as `React.JSX.IntrinsicElements`. */
export function reactDeclarations() {
  return [
    '// The Inspraak elements in React JSX: import type {} from \'@inspraak/widgets/react\';',
    `import type { ${widgets.map((w) => `Inspraak${pascal(w.kind)}Attributes`).join(', ')} } from './inspraak.js';`,
    "import type { DetailedHTMLProps, HTMLAttributes } from 'react';",
    '',
    'type WidgetProps<A> = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & A;',
    '',
    "declare module 'react' {",
    '  namespace JSX {',
    '    interface IntrinsicElements {',
    ...widgets.map((w) => `      'inspraak-${w.kind}': WidgetProps<Inspraak${pascal(w.kind)}Attributes>;`),
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Vue templates: the elements as global components with their attributes as props. */
export function vueDeclarations() {
  return [
    '// The Inspraak elements in Vue templates: import type {} from \'@inspraak/widgets/vue\'; and tell the compiler',
    "// they are custom elements (compilerOptions.isCustomElement: (tag) => tag.startsWith('inspraak-')).",
    `import type { ${widgets.map((w) => `Inspraak${pascal(w.kind)}Attributes`).join(', ')} } from './inspraak.js';`,
    "import type { DefineComponent } from 'vue';",
    '',
    "declare module 'vue' {",
    '  interface GlobalComponents {',
    ...widgets.map((w) => `    'inspraak-${w.kind}': DefineComponent<Inspraak${pascal(w.kind)}Attributes>;`),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Writes package.json, README.md and the declarations into `dir` (pkg/), listing `files` (the published files). */
export function writeNpmPackage(dir, { version, files }) {
  const types = ['inspraak.d.ts', 'react.d.ts', 'vue.d.ts'];
  writeFileSync(join(dir, 'inspraak.d.ts'), declarations());
  writeFileSync(join(dir, 'react.d.ts'), reactDeclarations());
  writeFileSync(join(dir, 'vue.d.ts'), vueDeclarations());
  const manifest = {
    name: PACKAGE_NAME,
    version,
    description: 'Participation widgets for Dutch municipal websites: poll, quick scan lokale democratie, Right to '
      + 'Challenge intake and subgoal progress badge, as custom elements (Rust and Leptos compiled to WebAssembly).',
    license: 'EUPL-1.2',
    keywords: ['participation', 'municipality', 'gemeente', 'custom-elements', 'webassembly', 'nl-design-system'],
    type: 'module',
    main: './inspraak.js',
    types: './inspraak.d.ts',
    exports: {
      '.': { types: './inspraak.d.ts', default: './inspraak.js' },
      './inspraak.js': { types: './inspraak.d.ts', default: './inspraak.js' },
      './react': { types: './react.d.ts' },
      './vue': { types: './vue.d.ts' },
      './*': './*',
    },
    sideEffects: ['./inspraak.js'],
    files: [...files, ...types, 'manifest.json', 'README.md'].sort(),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'README.md'), readFileSync(join(root, 'widgets/npm-readme.md'), 'utf8'));
}
