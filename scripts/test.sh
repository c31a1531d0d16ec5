#!/usr/bin/env bash
# Runs every test: formatting and lints, the API and server tests (in-process and over a socket), the widget
# tests in headless Chromium against a live server, the links of the docs, and the end-to-end tests with axe.
# Installs what it needs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
cd "$root"

say() { printf '[test] %s\n' "$*"; }
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

say "formatting and lints"
cargo fmt --all -- --check
cargo clippy -q --workspace --all-targets -- -D warnings
widget_crates=(-p inspraak-widget-core -p inspraak-poll -p inspraak-progress -p inspraak-quickscan -p inspraak-challenge -p inspraak-widgets)
cargo clippy -q "${widget_crates[@]}" -p inspraak-admin --target wasm32-unknown-unknown --all-targets -- -D warnings

say "building the bundle and the server"
"$root/scripts/build.sh"

say "API, server and catalogue tests"
cargo test --workspace 2>&1 | tee "$log/native.txt"

say "widget tests in headless Chromium"
# A fixed port: the widget tests are compiled with this address, so a new port would mean a rebuild.
wasm_api_port=18931
if (exec 3<>"/dev/tcp/127.0.0.1/$wasm_api_port") 2>/dev/null; then
  echo "[test] port $wasm_api_port is in use; stop what listens there and run again" >&2
  exit 1
fi
seeds=()
for poll in tests/fixtures/polls/*.json; do seeds+=(--seed "$poll"); done
for progress in tests/fixtures/progress/*.json; do seeds+=(--seed-progress "$progress"); done
for scan in tests/fixtures/quickscans/*.json; do seeds+=(--seed-quickscan "$scan"); done
for form in tests/fixtures/challenges/*.json; do seeds+=(--seed-challenge "$form"); done
"$CARGO_TARGET_DIR/release/inspraak-server" serve --listen "127.0.0.1:$wasm_api_port" \
  --database "$log/widgets.sqlite" --widgets-dir pkg --demo-dir demo "${seeds[@]}" >"$log/server.txt" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$log"' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$log/server.txt" && break; sleep 0.1; done
grep -q '^listening on' "$log/server.txt" || { cat "$log/server.txt" >&2; exit 1; }
INSPRAAK_TEST_API="http://127.0.0.1:$wasm_api_port/v1" CHROMEDRIVER=$(command -v chromedriver) \
  cargo test "${widget_crates[@]}" --target wasm32-unknown-unknown 2>&1 | tee "$log/wasm.txt"
kill $server_pid

say "the documentation: every relative link, anchor and code path resolves, nothing points outside the clone"
node --test tests/docs/ 2>&1 | tee "$log/docs.txt"

say "the widget registry against the crates, the loader, reserve.css and the docs; the npm package, installed offline"
node --test tests/build/ 2>&1 | tee "$log/build.txt"

say "end-to-end tests (Playwright, Debian's Chromium, axe)"
node --test --test-concurrency=1 tests/e2e/ 2>&1 | tee "$log/e2e.txt"

say "conformance suite against the reference server (as another vendor would run it against theirs)"
conformance_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
INSPRAAK_ADMIN_TOKEN=$conformance_token "$CARGO_TARGET_DIR/release/inspraak-server" serve --listen 127.0.0.1:0 --database "$log/conformance.sqlite" \
  --widgets-dir pkg --demo-dir demo >"$log/conformance-server.txt" 2>&1 &
conformance_pid=$!
trap 'kill $server_pid $conformance_pid 2>/dev/null || true; rm -rf "$log"' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$log/conformance-server.txt" && break; sleep 0.1; done
conformance_url=$(sed -n 's/^listening on //p' "$log/conformance-server.txt")
INSPRAAK_BASE_URL=$conformance_url INSPRAAK_ADMIN_TOKEN=$conformance_token \
  node --test tests/conformance/ 2>&1 | tee "$log/conformance.txt"

say "the server tests and the conformance suite again, on PostgreSQL (a throwaway cluster in a temporary folder)"
# The cluster runs as the postgres system user (PostgreSQL refuses root); scripts/postgres.sh installs Debian's
# postgresql when it is missing. Every in-process server test gets a database of its own in it
# (tests/common/postgres.rs); the tests that start the binary on a file of their own stay on SQLite. The tests
# skipped here reach into SQLite itself (its pools, PRAGMAs, SQLite's SQL, the file); what they check of the API
# runs on PostgreSQL in tests/postgres.rs (two servers, SIGKILL, pg_dump) and in the other tests.
pg_dir=$(mktemp -d /tmp/inspraak-pg.XXXXXX)
trap 'kill $server_pid $conformance_pid 2>/dev/null || true; "$root/scripts/postgres.sh" stop "$pg_dir"; rm -rf "$log"' EXIT
pg_url=$("$root/scripts/postgres.sh" start "$pg_dir")
sqlite_only=(
  --skip a_disabled_account --skip a_change_in_a_session --skip a_session_ends --skip accounts_are_made
  --skip an_account_token_works --skip each_role_reaches --skip failed_logins_slow --skip logging_in_sets
  --skip logging_out_ends --skip over_https_the_cookie --skip the_audit_trail_keeps --skip without_a_token_or_accounts
  --skip applications_are_deleted_after_the_retention --skip erasure_deletes_the_application
  --skip nothing_about_the_client_is_stored --skip a_draft_comes_back_for_its_code
  --skip an_invitation_code_makes_one_response --skip a_key_belongs_to_the_route
  --skip the_voter_id_is_stored_only_as_a_keyed_hash --skip a_retried_request_for_codes_voids
  --skip vote_rows_and_codes_go_a_month --skip a_request_to_complete_suspends
  --skip the_form_follows_the_verordening --skip the_acknowledgement_goes_out_once
  --skip a_mail_refused_for_good --skip a_mail_not_delivered_within --skip an_image_an_option_stops_showing
)
INSPRAAK_TEST_POSTGRES=$pg_url cargo test -p inspraak-server -- "${sqlite_only[@]}" 2>&1 | tee "$log/postgres.txt"
# Two servers on one database, SIGKILL, pg_dump: ignored without a cluster, so run by name here.
INSPRAAK_TEST_POSTGRES=$pg_url cargo test -p inspraak-server --test postgres -- --ignored 2>&1 | tee -a "$log/postgres.txt"
pg_conformance=$("$root/scripts/postgres.sh" createdb "$pg_dir" conformance)
printf 'hmac-sha256 %s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$log/pg.key"
chmod 600 "$log/pg.key"
INSPRAAK_ADMIN_TOKEN=$conformance_token "$CARGO_TARGET_DIR/release/inspraak-server" serve --listen 127.0.0.1:0 \
  --database "$pg_conformance" --key-file "$log/pg.key" --widgets-dir pkg --demo-dir demo \
  >"$log/pg-conformance-server.txt" 2>&1 &
pg_conformance_pid=$!
trap 'kill $server_pid $conformance_pid $pg_conformance_pid 2>/dev/null || true; "$root/scripts/postgres.sh" stop "$pg_dir"; rm -rf "$log"' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$log/pg-conformance-server.txt" && break; sleep 0.1; done
pg_conformance_url=$(sed -n 's/^listening on //p' "$log/pg-conformance-server.txt")
[ -n "$pg_conformance_url" ] || { cat "$log/pg-conformance-server.txt" >&2; exit 1; }
INSPRAAK_BASE_URL=$pg_conformance_url INSPRAAK_ADMIN_TOKEN=$conformance_token \
  node --test tests/conformance/ 2>&1 | tee "$log/pg-conformance.txt"
kill $pg_conformance_pid
wait $pg_conformance_pid 2>/dev/null || true
"$root/scripts/postgres.sh" stop "$pg_dir"
trap 'kill $server_pid $conformance_pid 2>/dev/null || true; rm -rf "$log"' EXIT

say "a client generated from the served OpenAPI document (openapi-typescript, openapi-fetch): type-checked, then run"
# Generated anew each run from what the server serves; a document that no longer fits the test fails the type check.
# Without --default-non-nullable false, a request field with a default would be typed as required.
rm -rf tests/client/generated tests/client/build
tests/client/node_modules/.bin/openapi-typescript "$conformance_url/v1/openapi.json" --default-non-nullable false \
  -o tests/client/generated/api.d.ts
tests/client/node_modules/.bin/tsc -p tests/client
INSPRAAK_BASE_URL=$conformance_url INSPRAAK_ADMIN_TOKEN=$conformance_token \
  node --test tests/client/build/ 2>&1 | tee "$log/client.txt"
kill $conformance_pid

say "schemathesis against the reference server's OpenAPI document"
# A server of its own: the samples of demo/ give the ids in tests/contract/schemathesis.toml something to find, and
# no vote or upload limit and room for the wrong admin tokens the fuzzer sends on purpose, so the fuzzer meets the
# API and not the limiter. It knows a public https origin, as a production
# server behind its TLS proxy does, so the document's servers entry is that origin (the API Design Rules lint).
contract_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
INSPRAAK_ADMIN_TOKEN=$contract_token "$CARGO_TARGET_DIR/release/inspraak-server" serve --listen 127.0.0.1:0 \
  --database "$log/contract.sqlite" --widgets-dir pkg --demo-dir demo --votes-per-minute 0 --uploads-per-hour 0 \
  --admin-failures-per-minute 10000 \
  --public-origin https://inspraak.example.nl \
  --seed demo/sample-poll.json --seed-quickscan demo/sample-quickscan.json \
  --seed-challenge demo/sample-challenge-form.json --seed-progress demo/sample-progress.json \
  >"$log/contract-server.txt" 2>&1 &
contract_pid=$!
trap 'kill $server_pid $conformance_pid $contract_pid 2>/dev/null || true; rm -rf "$log"' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$log/contract-server.txt" && break; sleep 0.1; done
contract_url=$(sed -n 's/^listening on //p' "$log/contract-server.txt")
[ -n "$contract_url" ] || { cat "$log/contract-server.txt" >&2; exit 1; }
HYPOTHESIS_STORAGE_DIRECTORY="$log/hypothesis" INSPRAAK_ADMIN_TOKEN=$contract_token \
  "$SCHEMATHESIS_VENV/bin/schemathesis" --config-file tests/contract/schemathesis.toml \
  run "$contract_url/v1/openapi.json" --url "$contract_url" --no-color 2>&1 | tee "$log/schemathesis.txt"
# A panic aborts the release build: the server must still be there after the fuzzing.
kill -0 $contract_pid 2>/dev/null || { echo "[test] the server died while fuzzed:" >&2; tail -20 "$log/contract-server.txt" >&2; exit 1; }

say "the OpenAPI document against the Dutch API Design Rules (Spectral, tests/contract/adr-ruleset.yaml)"
curl -fsS "$contract_url/v1/openapi.json" -o "$log/openapi.json"
node_modules/.bin/spectral lint --fail-severity=warn --ruleset tests/contract/adr-ruleset.yaml "$log/openapi.json"
kill $contract_pid
awk '/^  Tested: [0-9]+$/ { ops = $2 } /generated, .* passed/ { cases = $1 }
  END { printf "[test] schemathesis: %d operations, %d cases, every check on, none failed; API Design Rules lint passed\n", ops, cases }' \
  "$log/schemathesis.txt"

passed=$(cat "$log/native.txt" "$log/wasm.txt" "$log/docs.txt" "$log/build.txt" "$log/e2e.txt" "$log/conformance.txt" \
  "$log/client.txt" "$log/postgres.txt" "$log/pg-conformance.txt" |
  awk '/^test result: ok\./ { n += $4 } /^# pass [0-9]+$/ { n += $3 } END { print n + 0 }')
# Each operation Schemathesis tested counts as one passed test.
passed=$((passed + $(awk '/^  Tested: [0-9]+$/ { print $2 }' "$log/schemathesis.txt")))
echo
echo "all suites: $passed passed, 0 failed"
