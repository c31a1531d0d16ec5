// How the release widget modules are compiled, shared by the bundle (scripts/bundle.mjs) and the bytes report
// (scripts/bytes.mjs) so that the report shows what residents download.
//
// The standard library is compiled with the widget (cargo's -Zbuild-std, from the rust-src component that
// scripts/setup.sh adds), with its `optimize_for_size` feature (smaller sorting and formatting code), and a panic stops
// the module at once (-Cpanic=immediate-abort) instead of formatting its message and location first: no panic
// message text, no `core::fmt` reached only by panics. Source locations (`Location::caller()`, kept for
// `#[track_caller]`) carry no file names or line numbers (-Zlocation-detail=none), and `{:?}` writes nothing
// (-Zfmt-debug=none): the widgets use Debug only in tests and panic messages. Measured on the poll's module (wasm-opt
// as the bundle runs it, brotli): 99,913 bytes with the prebuilt standard library, 88,525 with immediate-abort,
// 88,054 with optimize_for_size as well, 87,092 without locations and Debug. Nothing is lost for residents: a panic
// (a bug) stops the widget either way (panic = "abort" in the release profile), and with no panic hook installed its
// message never reached the console before either; now the console says `RuntimeError: unreachable`.
//
// These are unstable options of the stable compiler, unlocked with RUSTC_BOOTSTRAP=1 and checked with rustc 1.95.0
// (docs/toolchain.md says what else that variable changes, and what to do when a compiler release changes them).
// Their build output differs from the ordinary build's, so it goes to a target directory of its own beside it.
//
// They are linked by scripts/unexport-wasm-ld.mjs, which leaves out the exports of wasm-streams' JavaScript classes
// (STREAM_CLASSES): 3.5 to 3.8 KB brotli less per page than dropping them after linking (poll 92,706 -> 89,056); and
// which then turns the functions of DEAD_FUNCTIONS, code that never runs, into traps for wasm-opt to drop.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHECKED_WITH = '1.95.0';
/** The classes wasm-streams (through leptos' server_fn, which the widgets never call) exports to JavaScript. */
export const STREAM_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
/** Whether `text` (an export's name, or the whole glue) names one of STREAM_CLASSES, in any case: wasm-bindgen writes
 * the classes as they are spelled in the glue and lower-cased in the module's export names. */
export const namesStreamClass = (text) => STREAM_CLASSES.some((name) => text.toLowerCase().includes(name.toLowerCase()));
const scripts = dirname(fileURLToPath(import.meta.url));
/** The linker script and the module it imports, copied beside each other. */
const LINKER_FILES = ['unexport-wasm-ld.mjs', 'wasm-imports.mjs'];

/**
 * Functions of the release modules that never run and that no compiler pass can tell are dead, replaced by a trap right
 * after linking (scripts/unexport-wasm-ld.mjs), so that wasm-opt drops them and whatever only they reach. Each entry is
 * a Rust path: every function whose mangled name holds all of its identifiers goes (the item, its closures, and generic
 * code instantiated for them); every entry must match at least one function of the entry module.
 *
 * tachys (Leptos' renderer) attaches every event listener through one function that is handed the delegation key as
 * an `Option`: `None` unless tachys' `delegation` feature is on, which it is not here (releaseBuild checks). The value
 * is a constant only at the Rust level, so LLVM keeps the delegated branch, and with it the page-wide listener that
 * walks the composed path and the `HashSet` of event names it registers (`GLOBAL_EVENTS`). Measured on the quick scan's
 * module in the build: 119,782 -> 117,963 bytes brotli (1.5 to 1.8 KB on each module).
 */
export const DEAD_FUNCTIONS = ['tachys::renderer::dom::Dom::add_event_listener_delegated', 'tachys::renderer::dom::GLOBAL_EVENTS'];

/**
 * Functions of `core::fmt` that every use of the formatter reaches: `format!`, `to_string` on a number, `write!` to a
 * `String`. The widgets write their strings with `inspraak_api::text` instead (docs/performance.md), and a module
 * that still holds one of these has taken the formatter back in (once through a cargo feature, once through a number
 * attribute: about 0.7 KB brotli). Each is written as both of rustc's manglings write a path, each identifier as its
 * length and itself, in order (`_ZN4core3fmt5write…`, `_RNvNtCs…_4core3fmt5write`), and looked for in the bytes of the
 * linked module, whose name section holds every function's mangled name.
 */
export const FORMATTING = ['4core3fmt5write', '9Formatter12pad_integral', '9Formatter3pad'];

/** The FORMATTING functions the linked module at `path` (release build, names kept) holds. */
export const formattingIn = (path) => {
  const module = readFileSync(path).toString('latin1');
  return FORMATTING.filter((identifiers) => module.includes(identifiers));
};

// Cargo counts the linker's path in every unit's fingerprint, so a path inside the clone would rebuild the whole
// directory (the standard library too) for each clone that shares it. A copy in the target directory, in a folder named
// by the content of the linker's files, changes its path only when one of them changes.
function linkerIn(dir) {
  const contents = LINKER_FILES.map((file) => readFileSync(join(scripts, file)));
  const hash = createHash('sha256');
  contents.forEach((content) => hash.update(content));
  const folder = join(dir, `linker-${hash.digest('hex').slice(0, 12)}`);
  const path = join(folder, LINKER_FILES[0]);
  if (!existsSync(path)) {
    mkdirSync(`${folder}.tmp`, { recursive: true });
    LINKER_FILES.forEach((file, at) => writeFileSync(join(`${folder}.tmp`, file), contents[at]));
    chmodSync(join(`${folder}.tmp`, LINKER_FILES[0]), 0o755);
    rmSync(folder, { recursive: true, force: true });
    renameSync(`${folder}.tmp`, folder);
  }
  return path;
}

/** Fails when tachys is built with event delegation, which DEAD_FUNCTIONS assumes is off. */
function checkNoDelegation(env) {
  const features = execFileSync('cargo', ['tree', '-q', '-e', 'features', '-i', 'tachys', '--target', 'wasm32-unknown-unknown',
    '-p', 'inspraak-widgets'], { env, encoding: 'utf8' });
  if (features.includes('tachys feature "delegation"')) {
    throw new Error('tachys is built with its delegation feature: the release build would cut out its event delegation'
      + ' (DEAD_FUNCTIONS in scripts/wasm-release.mjs); drop the feature or that entry');
  }
}

export function releaseBuild(targetDir) {
  const rustc = execFileSync('rustc', ['--version']).toString().trim();
  if (!rustc.startsWith(`rustc ${CHECKED_WITH} `)) {
    console.warn(`[release build] warning: ${rustc}; the release build's unstable options were checked with rustc ${CHECKED_WITH}`
      + ' (docs/toolchain.md#pitfalls). Compare the size report with the ceilings before publishing.');
  }
  const flags = [
    process.env.CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS,
    '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none',
  ].filter(Boolean).join(' ');
  const dir = join(targetDir, 'build-std');
  checkNoDelegation(process.env);
  return {
    // Cargo adds these rustflags to those of .cargo/config.toml for the WebAssembly target only (build scripts and
    // proc macros run on the host without them, but see RUSTC_BOOTSTRAP in docs/toolchain.md).
    env: {
      ...process.env,
      RUSTC_BOOTSTRAP: '1',
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: flags,
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER: linkerIn(dir),
      INSPRAAK_UNEXPORTED: STREAM_CLASSES.map((name) => name.toLowerCase()).join(','),
      INSPRAAK_DEAD_FUNCTIONS: DEAD_FUNCTIONS.join('\n'),
      CARGO_TARGET_DIR: dir,
    },
    cargoArgs: ['-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size'],
    wasm: join(dir, 'wasm32-unknown-unknown', 'release', 'inspraak_widgets.wasm'),
  };
}
