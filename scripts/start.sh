#!/usr/bin/env bash
# Builds everything and starts the reference server at http://127.0.0.1:8080 with the demo page and a sample
# poll, on the SQLite file inspraak.sqlite. Set INSPRAAK_ADMIN_TOKEN to turn the admin API on.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/build.sh"
source "$root/scripts/setup.sh" >/dev/null
cd "$root"
echo "[start] open http://127.0.0.1:8080/ for the demo; Ctrl-C stops the server"
exec "$CARGO_TARGET_DIR/release/inspraak-server" serve --seed demo/sample-poll.json --seed-progress demo/sample-progress.json \
    --seed-quickscan demo/sample-quickscan.json --seed-challenge demo/sample-challenge-form.json "$@"
