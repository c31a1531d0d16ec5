#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already there at the right version.
# Safe to run again; sourced by build.sh and test.sh. Nothing here downloads from outside the package registries.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf '[setup] %s\n' "$*"; }

# Build caches outside the clone, so a new clone does not rebuild every dependency. CI always runs in a
# fresh clone, whose files are newer than anything built before, so its runs can safely share one cache.
# Working clones each get their own: cargo names artefacts by the path inside the workspace, so two clones
# building in turn in one cache can pick up each other's output when one clone's edits are older.
export INSPRAAK_CACHE=${INSPRAAK_CACHE:-$HOME/.cache/inspraak}
if [ "${CI:-}" = true ]; then
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$INSPRAAK_CACHE/target-ci}
else
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$INSPRAAK_CACHE/target-$(printf '%s' "$root" | sha256sum | cut -c1-12)}
fi
mkdir -p "$INSPRAAK_CACHE"
# A build and the whole suite need about 25 GB in the build cache; a full disk shows up much later as a linker
# dying of SIGBUS. Each clone gets a cache of its own (target-<hash of its path>), so old clones' caches add up.
free_kb=$(df --output=avail -k "$INSPRAAK_CACHE" | tail -1)
if [ "$free_kb" -lt $((10 * 1024 * 1024)) ]; then
  say "warning: only $((free_kb / 1024 / 1024)) GB free for $INSPRAAK_CACHE; the build caches there:"
  du -sh "$INSPRAAK_CACHE"/target-* 2>/dev/null | sed 's/^/[setup]   /' || true
  say "delete the caches of clones you no longer use (any target-* can go; it is rebuilt when needed)"
fi

# --- Debian packages: Chromium and its driver for the browser tests, brotli for the size report.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if dpkg -s binaryen >/dev/null 2>&1; then
  # Debian's wasm-opt 108 reports success and then breaks the module (docs/toolchain.md); we never use it.
  say "warning: Debian's binaryen is installed; its wasm-opt is ignored, node_modules/.bin/wasm-opt is used"
fi

# --- Rust: the WebAssembly target and wasm-bindgen-cli at exactly the version in Cargo.lock.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# The release modules compile the standard library with the widget (scripts/wasm-release.mjs): its source.
if [ ! -f "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock" ]; then
  say "adding the rust-src component (the release build compiles the standard library with each module)"
  rustup component add rust-src
fi
wb_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "[setup] could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (a few minutes, once per machine)"
  # Without --locked: its own lock pins a webpki-roots release the registry here lacks (docs/toolchain.md).
  cargo install -q wasm-bindgen-cli --version "$wb_version" --force
fi

# wasm-pack builds each widget's module (it runs cargo, then the wasm-bindgen and wasm-opt on PATH: --mode no-install).
wasm_pack_version=0.15.1
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$wasm_pack_version" ]; then
  say "installing wasm-pack $wasm_pack_version (a few minutes, once per machine)"
  cargo install -q wasm-pack --version "$wasm_pack_version" --locked --force
fi

# trunk serves index.html with live reload for the widget developer (Trunk.toml); a test builds it.
trunk_version=0.21.14
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$trunk_version" ]; then
  say "installing trunk $trunk_version (about six minutes, once per machine)"
  cargo install -q trunk --version "$trunk_version" --locked --force
fi

# --- npm: Playwright (driving Debian's Chromium, never a downloaded browser), axe-core, binaryen's wasm-opt, and
# Spectral (the lint of the OpenAPI document against the Dutch API Design Rules).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@axe-core/playwright ] || [ ! -x node_modules/.bin/spectral ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
# The client generated from the OpenAPI document (tests/client/): openapi-typescript, openapi-fetch and the
# TypeScript 5 the generator prints with, in a package of their own (the tools above use TypeScript 7).
if [ ! -x tests/client/node_modules/.bin/openapi-typescript ] || [ ! -x tests/client/node_modules/.bin/tsc ] \
   || [ tests/client/package-lock.json -nt tests/client/node_modules/.package-lock.json ]; then
  say "installing the generated client's npm packages"
  npm ci --prefix tests/client --no-audit --no-fund --loglevel=error
fi
wasm_opt_major=$(node_modules/.bin/wasm-opt --version | sed -E 's/.*version ([0-9]+).*/\1/')
if [ "$wasm_opt_major" -lt 116 ]; then
  echo "[setup] wasm-opt $wasm_opt_major is too old (116 or newer is needed)" >&2
  exit 1
fi
# --- PyPI: Schemathesis, which fuzzes the reference server against its own OpenAPI document, with every dependency
# pinned in tests/contract/requirements.txt. In a venv in the cache, one per version, so every clone and CI run on
# this machine shares it.
# python_venv NAME VERSION DIR REQUIREMENTS FOUND: (re)makes the venv DIR with REQUIREMENTS installed, unless FOUND
# (the version the venv has now, empty when none) is VERSION already.
python_venv() {
  if [ "$5" != "$2" ]; then
    say "installing $1 $2 into $3"
    rm -rf "$3"
    python3 -m venv "$3"
    "$3/bin/pip" install -q --disable-pip-version-check -r "$4"
  fi
}
schemathesis_version=$(sed -n 's/^schemathesis==//p' tests/contract/requirements.txt)
export SCHEMATHESIS_VENV=$INSPRAAK_CACHE/venv-schemathesis-$schemathesis_version
python_venv schemathesis "$schemathesis_version" "$SCHEMATHESIS_VENV" tests/contract/requirements.txt \
  "$("$SCHEMATHESIS_VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $3}')"
# The SMTP sink of the mail tests (tests/mail/smtp_sink.py): aiosmtpd, pinned in tests/mail/requirements.txt, in a
# venv in the cache like Schemathesis.
aiosmtpd_version=$(sed -n 's/^aiosmtpd==//p' tests/mail/requirements.txt)
export AIOSMTPD_VENV=$INSPRAAK_CACHE/venv-aiosmtpd-$aiosmtpd_version
python_venv aiosmtpd "$aiosmtpd_version" "$AIOSMTPD_VENV" tests/mail/requirements.txt \
  "$("$AIOSMTPD_VENV/bin/python" -c 'import aiosmtpd; print(aiosmtpd.__version__)' 2>/dev/null)"
say "tools ready: wasm-bindgen $wb_version, wasm-pack $wasm_pack_version, trunk $trunk_version, wasm-opt $wasm_opt_major, schemathesis $schemathesis_version, $(chromium --version 2>/dev/null | head -1)"
