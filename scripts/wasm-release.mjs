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
// (STREAM_CLASSES): 3.5 to 3.8 KB brotli less per page than dropping them after linking (poll 92,706 -> 89,056).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHECKED_WITH = '1.95.0';
/** The classes wasm-streams (through leptos' server_fn, which the widgets never call) exports to JavaScript. */
export const STREAM_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
/** Whether `text` (an export's name, or the whole glue) names one of STREAM_CLASSES, in any case: wasm-bindgen writes
 * the classes as they are spelled in the glue and lower-cased in the module's export names. */
export const namesStreamClass = (text) => STREAM_CLASSES.some((name) => text.toLowerCase().includes(name.toLowerCase()));
const linkerSource = join(dirname(fileURLToPath(import.meta.url)), 'unexport-wasm-ld.mjs');

// Cargo counts the linker's path in every unit's fingerprint, so a path inside the clone would rebuild the whole
// directory (the standard library too) for each clone that shares it. A copy in the target directory, named by its
// content, changes its path only when the script changes.
function linkerIn(dir) {
  const script = readFileSync(linkerSource);
  const path = join(dir, `unexport-wasm-ld-${createHash('sha256').update(script).digest('hex').slice(0, 12)}.mjs`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${path}.tmp`, script);
    chmodSync(`${path}.tmp`, 0o755);
    renameSync(`${path}.tmp`, path);
  }
  return path;
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
  return {
    // Cargo adds these rustflags to those of .cargo/config.toml for the WebAssembly target only (build scripts and
    // proc macros run on the host without them, but see RUSTC_BOOTSTRAP in docs/toolchain.md).
    env: {
      ...process.env,
      RUSTC_BOOTSTRAP: '1',
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: flags,
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER: linkerIn(dir),
      INSPRAAK_UNEXPORTED: STREAM_CLASSES.map((name) => name.toLowerCase()).join(','),
      CARGO_TARGET_DIR: dir,
    },
    cargoArgs: ['-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size'],
    wasm: join(dir, 'wasm32-unknown-unknown', 'release', 'inspraak_widgets.wasm'),
  };
}
