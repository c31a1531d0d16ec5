// A widget is declared once, in widgets/registry.json: the entry crate's features, the workspace, each widget's
// folder (crate, texts, stylesheets), the loader's markers, reserve.css and docs/embedding.md are checked against it,
// so adding a fifth widget touches that list and its own folder, and nothing can drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGS, RESERVE_CSS, kinds, registry, reserveCss, root, widgets } from '../../scripts/registry.mjs';

const read = (path) => readFileSync(join(root, path), 'utf8');

test('the entry crate has a feature per widget, on by default, and the workspace holds each widget crate', () => {
  const entry = read('widgets/entry/Cargo.toml');
  const features = entry.slice(entry.indexOf('[features]'), entry.indexOf('[dependencies]'));
  assert.match(features, new RegExp(`default = \\[${kinds.map((k) => `"${k}"`).join(', ')}\\]`));
  for (const kind of kinds) {
    assert.match(features, new RegExp(`^${kind} = \\["dep:inspraak-${kind}"\\]$`, 'm'), `feature ${kind}`);
    assert.match(read('widgets/entry/src/lib.rs'), new RegExp(`#\\[cfg\\(feature = "${kind}"\\)\\]\\s+"${kind}" => inspraak_${kind}::widget`));
    assert.match(read('Cargo.toml'), new RegExp(`"widgets/${kind}"`), `workspace member widgets/${kind}`);
  }
  const declared = [...features.matchAll(/^([a-z]+) = \["dep:/gm)].map((m) => m[1]);
  assert.deepEqual(declared, kinds, 'no feature for a widget the registry does not know');
});

test('each widget folder has its crate, both catalogues, and the stylesheets it lists', () => {
  for (const widget of widgets) {
    assert.match(read(`widgets/${widget.kind}/Cargo.toml`), new RegExp(`name = "inspraak-${widget.kind}"`));
    for (const lang of LANGS) assert.ok(existsSync(join(root, `widgets/${widget.kind}/texts/${lang}.txt`)), `${widget.kind} ${lang}.txt`);
    for (const sheet of widget.stylesheets) assert.ok(existsSync(join(root, sheet)), sheet);
    assert.ok(widget.budget > 0 && Number.isInteger(widget.budget), `${widget.kind} has a budget in bytes`);
    if (widget.ceiling !== undefined) {
      assert.ok(Number.isInteger(widget.ceiling) && widget.ceiling >= widget.budget, `${widget.kind}'s ceiling is a whole number of bytes, not below its budget`);
    }
    const code = read(`widgets/${widget.kind}/src/lib.rs`);
    for (const attribute of widget.attributes) {
      assert.match(code, new RegExp(`"${attribute.name}"`), `${widget.kind} reads its attribute ${attribute.name}`);
      assert.match(code, new RegExp(`- \`${attribute.name}\``), `${widget.kind}'s header documents ${attribute.name}`);
    }
    for (const event of Object.keys(widget.events)) assert.match(code, new RegExp(`"${event}"`), `${widget.kind} dispatches ${event}`);
  }
});

test('the space reservation has every widget and its heights, and the loader takes the generated parts', () => {
  const css = reserveCss();
  assert.doesNotMatch(read(RESERVE_CSS), /inspraak-(poll|progress|quickscan|challenge)/, 'heights come from the registry only');
  for (const { kind, reserve } of widgets) {
    assert.match(css, new RegExp(`:host\\(inspraak-${kind}\\), :host\\(\\[data-inspraak="${kind}"\\]\\) \\{ --inspraak-min-height: var\\(--inspraak-${kind}-min-height, ${reserve.height}\\)`));
  }
  const loader = read('widgets/loader/inspraak.js');
  for (const marker of ['/* WIDGETS */ {}', '/* MODULES */ {}', '/* INTEGRITY */ {}', '/* RESERVE_CSS */']) {
    assert.ok(loader.includes(marker), marker);
  }
});

test('docs/embedding.md names every widget with its attributes, events and reserved heights', () => {
  const docs = read('docs/embedding.md');
  for (const widget of widgets) {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`<inspraak-${widget.kind}>\``));
    assert.ok(row, `a row for <inspraak-${widget.kind}> in the table of docs/embedding.md`);
    for (const attribute of widget.attributes) assert.ok(row.includes(`\`${attribute.name}\``), `${widget.kind}: ${attribute.name}`);
    for (const [event, detail] of Object.entries(widget.events)) {
      assert.ok(row.includes(`\`${event}\``), `${widget.kind}: ${event}`);
      for (const key of detail) assert.ok(row.includes(`detail.${key}`), `${widget.kind}: ${event} detail.${key}`);
    }
    for (const height of [widget.reserve.height, widget.reserve.narrow, ...Object.values(widget.reserve.variants ?? {})]) {
      if (height) assert.ok(row.includes(`\`${height}\``), `${widget.kind}: reserved ${height}`);
    }
  }
  for (const attribute of registry.shared_attributes) assert.ok(docs.includes(`\`${attribute.name}\``), attribute.name);
});
