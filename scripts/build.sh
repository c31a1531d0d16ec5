#!/usr/bin/env bash
# Builds the back office into pkg-admin/ and the widget files into pkg/ (a WebAssembly module per widget and one
# with all of them, their glue, each widget's stylesheet and texts, the loader, an npm package around it), checks
# what a page with each widget downloads against its budget, and builds the release server. Run from anywhere; installs missing tools first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
cd "$root"

say() { printf '[build] %s\n' "$*"; }
# wasm-pack runs the first wasm-opt and wasm-bindgen on PATH: binaryen's from npm, never Debian's 108 (docs/toolchain.md).
export PATH="$root/node_modules/.bin:$PATH"
# The back office's page at /admin/ into pkg-admin/ (docs/backoffice.md): its own module, never fetched by the loader.
node scripts/admin.mjs
node scripts/bundle.mjs
# The demo page's theme presets: the NL Design System token packages as npm installed them, and our own presets.
node scripts/theming.mjs assets demo/themes
say "building the server"
cargo build -q --release -p inspraak-server
say "done: pkg/, pkg-admin/ and $CARGO_TARGET_DIR/release/inspraak-server"
