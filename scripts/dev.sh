#!/usr/bin/env bash
# Live reload while editing styles: builds once if needed, serves the demo with its sample data on
# http://127.0.0.1:8090/?live (INSPRAAK_DEV_LISTEN to change), and rebuilds on every change (scripts/dev-watch.mjs);
# the demo page reloads itself after each rebuild and keeps its language, theme and edited properties.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh" >/dev/null
cd "$root"

listen=${INSPRAAK_DEV_LISTEN:-127.0.0.1:8090}
if [ ! -f pkg/manifest.json ] || [ ! -x "$CARGO_TARGET_DIR/release/inspraak-server" ] || [ ! -f demo/themes/presets.json ]; then
  ./scripts/build.sh
fi
data=$(mktemp -d)
"$CARGO_TARGET_DIR/release/inspraak-server" serve --listen "$listen" --database "$data/dev.sqlite" \
  --widgets-dir pkg --demo-dir demo --seed demo/sample-poll.json --seed-progress demo/sample-progress.json \
  --seed-quickscan demo/sample-quickscan.json &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$data"' EXIT
trap 'exit 130' INT TERM
echo "[dev] the demo: http://$listen/?live (reloads after each rebuild; Ctrl+C stops)"
node scripts/dev-watch.mjs
