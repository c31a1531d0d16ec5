#!/usr/bin/env bash
# Builds the widget bundle into pkg/ (WebAssembly module, JS glue, loader, CSS), prints its size,
# and builds the release server. Run from anywhere; installs missing tools first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
cd "$root"

say() { printf '[build] %s\n' "$*"; }
profile=${INSPRAAK_PROFILE:-release}
wasm_in="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/inspraak_widgets.wasm"
work="$CARGO_TARGET_DIR/inspraak-bundle"

say "compiling the widgets to WebAssembly ($profile)"
if [ "$profile" = release ]; then
  cargo build -q --release -p inspraak-widgets --target wasm32-unknown-unknown
else
  cargo build -q -p inspraak-widgets --target wasm32-unknown-unknown
fi

rm -rf "$work" && mkdir -p "$work"
# The name and producers sections are most of what can be cut (docs/toolchain.md: 278 KB -> 150 KB).
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name inspraak_widgets \
  --remove-name-section --remove-producers-section "$wasm_in"
if [ "$profile" = release ]; then
  # binaryen's wasm-opt from npm; never Debian's 108, which silently breaks the module.
  node_modules/.bin/wasm-opt -Oz --strip-debug \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$work/inspraak_widgets_bg.opt.wasm" "$work/inspraak_widgets_bg.wasm"
  mv "$work/inspraak_widgets_bg.opt.wasm" "$work/inspraak_widgets_bg.wasm"
fi

rm -rf pkg && mkdir -p pkg
cp "$work/inspraak_widgets.js" "$work/inspraak_widgets_bg.wasm" pkg/
# The stylesheets in order (reserve.css, tokens.css, base.css, then each widget's; see STYLESHEETS), without comments.
node scripts/theming.mjs bundle pkg/inspraak.css
# The loader holds the space reservation and the sha384 of every file it fetches; the build is published under
# pkg/<version>/ (cached immutably), pkg/latest/ and pkg/ itself (both moving), with manifest.json in each.
node scripts/publish.mjs widgets/loader/inspraak.js widgets/src/styles/reserve.css pkg \
  "$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)"

# Precompressed copies, served as they are by the server, and the size report from the same bytes.
node scripts/size-report.mjs pkg
# The versioned and latest copies hold the same bytes: their compressed copies too.
for dir in pkg/*/; do cp pkg/*.br pkg/*.gz "$dir"; done
# The demo page's theme presets: the NL Design System token packages as npm installed them, and our own presets.
node scripts/theming.mjs assets demo/themes
say "building the server"
cargo build -q --release -p inspraak-server
say "done: pkg/ and $CARGO_TARGET_DIR/release/inspraak-server"
