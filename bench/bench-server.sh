#!/usr/bin/env bash
# Load benchmark of the reference server on loopback, with wrk (Debian): durable votes/s and p50/p99 latency at 1,
# 16 and 256 concurrent clients, side by side with a baseline route of the same server that returns a fixed 201
# without the database; results reads/s with 10^3 and 10^6 stored votes; quick scan responses/s (each answered
# with the respondent's scores and the aggregate) on a scan with 10^3 and 10^5 earlier responses, and aggregate
# reads/s at those sizes; the server's memory under load. Then the same votes on PostgreSQL (a throwaway cluster,
# scripts/postgres.sh): one server, and two servers on the one database with the clients split between them.
# Prints a table and writes bench/report-server.json. Usage: bench/bench-server.sh [seconds per run, default 10]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/scripts/setup.sh"
cd "$root"
seconds=${1:-10}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build -q --release -p inspraak-server
server_bin="$CARGO_TARGET_DIR/release/inspraak-server"

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/bench.sqlite"
cat >"$work/poll.json" <<'JSON'
{"id": "bench", "question": "Benchmark?", "options": [{"id": "ja", "label": "Ja"}, {"id": "nee", "label": "Nee"}]}
JSON
"$server_bin" poll create "$work/poll.json" --database "$db" >/dev/null
for size in 1000 1000000; do
  sed "s/\"bench\"/\"read-$size\"/; s/Benchmark?/Read $size?/" "$work/poll.json" >"$work/read.json"
  "$server_bin" poll create "$work/read.json" --database "$db" >/dev/null
  # Stored votes written straight into the file: counts kept as the server keeps them, then the poll closed so
  # its results are public.
  sqlite3 "$db" "
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $size)
    INSERT INTO votes (poll_id, voter_hash, choices, cast_at) SELECT 'read-$size', printf('%064x', i), '[\"ja\"]', 0 FROM n;
    UPDATE polls SET voters = $size, results = 'after_close', closes_at = 1 WHERE id = 'read-$size';
    UPDATE poll_options SET votes = $size WHERE poll_id = 'read-$size' AND id = 'ja';"
done

# Quick scans with the shipped questionnaire and 10^3 or 10^5 earlier responses (7 theme scores each), written
# straight into the file as the server writes them.
for size in 1000 100000; do
  printf '{"id": "scan-%s", "title": {"nl": "Bench"}, "round": {"id": "r1", "name": "Ronde 1"}}' "$size" >"$work/scan.json"
  "$server_bin" quickscan create "$work/scan.json" --database "$db" >/dev/null
  sqlite3 "$db" "
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $size)
    INSERT INTO quickscan_responses (scan_id, round_id, role, submitted_on, answers)
      SELECT 'scan-$size', 'r1', CASE i % 5 WHEN 0 THEN 'inwoner' WHEN 1 THEN 'raadslid' WHEN 2 THEN 'collegelid'
        WHEN 3 THEN 'ambtenaar' ELSE 'anders' END, '2026-11-30', '{\"role\":\"inwoner\",\"statements\":{}}' FROM n;
    INSERT INTO quickscan_scores (response_id, theme_id, score, grade)
      SELECT r.id, t.value, 1 + (r.id % 5), 1 + (r.id % 10) FROM quickscan_responses r,
        json_each('[\"gemeenteraad\",\"ambtsdragers\",\"inwoners\",\"organisatie\",\"gemeenschap\",\"digitaal\",\"weerbaar\"]') t
      WHERE r.scan_id = 'scan-$size';"
done

"$server_bin" serve --listen 127.0.0.1:0 --database "$db" --bench-routes --votes-per-minute 0 --global-per-minute 0 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/server.log" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/server.log")
echo "[bench] server $base (pid $server_pid), database $db, $seconds s per run, $(nproc) cores"

results="$work/results.tsv"
: >"$results"
peak_rss=0
run_number=0
run() { # name connections path [lua]
  local name=$1 connections=$2 path=$3 script=${4:-}
  local threads=$(( connections < 2 ? 1 : 2 ))
  local args=(-t"$threads" -c"$connections" -d"${seconds}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  local out
  run_number=$((run_number + 1))
  out=$(wrk "${args[@]}" "$base$path" -- "$path" "$run_number")
  record "$name" "$connections" "$out"
}
record() { # name connections wrk-output
  local name=$1 connections=$2 out=$3
  local rps p50 p99 errors rss
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out"); errors=${errors:-0}
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
  peak_rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$connections" "$rps" "$p50" "$p99" "$errors" "$rss" >>"$results"
}

# Reads first, on a quiet database, then the writes.
for size in 1000 1000000; do
  run "results-$size" 16 "/v1/polls/read-$size/results"
done
for size in 1000 100000; do
  run "scan-results-$size" 16 "/v1/quickscans/scan-$size/results"
done
for connections in 1 16 256; do
  run vote "$connections" /v1/polls/bench/votes bench/vote.lua
  run baseline "$connections" /v1/bench/baseline bench/vote.lua
done
for size in 1000 100000; do
  run "scan-response-$size" 16 "/v1/quickscans/scan-$size/responses" bench/quickscan.lua
done
kill -TERM $server_pid; wait $server_pid 2>/dev/null || true

# --- PostgreSQL: the same durable votes, on one server and on two servers sharing one database.
pg_dir=$(mktemp -d /tmp/inspraak-bench-pg.XXXXXX)
trap 'kill $server_pid ${pg_pids:-} 2>/dev/null || true; "$root/scripts/postgres.sh" stop "$pg_dir"; rm -rf "$work"' EXIT
pg_url=$("$root/scripts/postgres.sh" start "$pg_dir")
printf 'hmac-sha256 %s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$work/pg.key"
chmod 600 "$work/pg.key"
"$server_bin" poll create "$work/poll.json" --database "$pg_url" --key-file "$work/pg.key" >/dev/null
pg_bases=()
pg_pids=""
for instance in a b; do
  "$server_bin" serve --listen 127.0.0.1:0 --database "$pg_url" --key-file "$work/pg.key" --votes-per-minute 0 --global-per-minute 0 \
    >"$work/pg-$instance.log" 2>&1 &
  pg_pids="$pg_pids $!"
  for _ in $(seq 100); do grep -q '^listening on' "$work/pg-$instance.log" && break; sleep 0.1; done
  pg_bases+=("$(sed -n 's/^listening on //p' "$work/pg-$instance.log")")
done
# The memory column of the PostgreSQL runs is the first server's.
server_pid=${pg_pids# }; server_pid=${server_pid%% *}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
echo "[bench] PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'): servers ${pg_bases[*]}"
for connections in 1 16 256; do
  base=${pg_bases[0]}
  run pg-vote "$connections" /v1/polls/bench/votes bench/vote.lua
done
# Two servers: the clients split between them (one each at "1", so two in all), both wrk runs at once; their
# requests/s add up and the slower p99 counts.
for connections in 1 16 256; do
  half=$(( connections < 2 ? 1 : connections / 2 ))
  threads=$(( half < 2 ? 1 : 2 ))
  outs=()
  for instance in 0 1; do
    run_number=$((run_number + 1))
    wrk -t"$threads" -c"$half" -d"${seconds}s" --latency -s bench/vote.lua "${pg_bases[$instance]}/v1/polls/bench/votes" \
      -- /v1/polls/bench/votes "$run_number" >"$work/wrk-$instance.txt" &
    outs+=($!)
  done
  wait "${outs[@]}"
  combined=$(awk '
    /^Requests\/sec/ { rps += $2 }
    $1 == "50%" { v = $2; if (v + 0 > p50v) { p50v = v + 0; p50 = v } }
    $1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); n = v + 0; if (u == "ms") n *= 1000; if (u == "s") n *= 1000000;
                  if (n > p99n) { p99n = n; p99 = v } }
    /Non-2xx or 3xx responses/ { errors += $5 }
    END { printf "Requests/sec: %.2f\n    50%% %s\n    99%% %s\n", rps, p50, p99; if (errors) printf "  Non-2xx or 3xx responses: %d\n", errors }' \
    "$work/wrk-0.txt" "$work/wrk-1.txt")
  record pg-2-vote "$connections" "$combined"
done
kill $pg_pids 2>/dev/null || true
wait $pg_pids 2>/dev/null || true
pg_stored=$("$pg_bin/psql" "$pg_url" -tAc "SELECT COUNT(*) FROM votes WHERE poll_id = 'bench'")
pg_counted=$("$pg_bin/psql" "$pg_url" -tAc "SELECT voters FROM polls WHERE id = 'bench'")

stored=$(sqlite3 "$db" "SELECT COUNT(*) FROM votes WHERE poll_id = 'bench'")
counted=$(sqlite3 "$db" "SELECT voters FROM polls WHERE id = 'bench'")
echo
printf '%-16s %6s %12s %10s %10s %8s %10s\n' run clients 'req/s' p50 p99 non-2xx 'rss KiB'
while IFS=$'\t' read -r name connections rps p50 p99 errors rss; do
  printf '%-16s %6s %12s %10s %10s %8s %10s\n' "$name" "$connections" "$rps" "$p50" "$p99" "$errors" "$rss"
done <"$results"
echo
echo "votes stored: $stored (counted on the poll: $counted); peak server RSS: ${peak_rss} KiB"
echo "PostgreSQL votes stored: $pg_stored (counted on the poll: $pg_counted)"
printf '\n%-8s %22s %22s %22s %22s\n' clients 'SQLite votes/s p99' 'PostgreSQL 1 server' 'PostgreSQL 2 servers' 'baseline (fixed 201)'
for connections in 1 16 256; do
  awk -F'\t' -v c="$connections" '$2 == c { r[$1] = sprintf("%9.0f %10s", $3, $5) }
    END { printf "%-8s %22s %22s %22s %22s\n", c, r["vote"], r["pg-vote"], r["pg-2-vote"], r["baseline"] }' "$results"
done
for connections in 1 16 256; do
  awk -F'\t' -v c="$connections" '$2 == c && $1 == "vote" {v=$3} $2 == c && $1 == "baseline" {b=$3}
    END { if (b > 0) printf "votes/baseline at %s clients: %.3f\n", c, v / b }' "$results"
done
awk -F'\t' '$1 == "results-1000" {a=$3} $1 == "results-1000000" {b=$3}
  END { if (a > 0) printf "results reads/s with 10^6 votes vs 10^3: %.2f\n", b / a }' "$results"

node -e '
  const fs = require("fs");
  const [file, out, stored, counted, peak, seconds, pgStored, pgCounted] = process.argv.slice(1);
  const runs = fs.readFileSync(file, "utf8").trim().split("\n").map((line) => {
    const [name, clients, rps, p50, p99, non2xx, rssKiB] = line.split("\t");
    return { name, clients: +clients, requestsPerSecond: +rps, p50, p99, non2xx: +non2xx, rssKiB: +rssKiB };
  });
  fs.writeFileSync(out, JSON.stringify({ generated: new Date().toISOString(), secondsPerRun: +seconds,
    votesStored: +stored, votesCounted: +counted, postgresVotesStored: +pgStored, postgresVotesCounted: +pgCounted,
    peakRssKiB: +peak, runs }, null, 2) + "\n");
' "$results" bench/report-server.json "$stored" "$counted" "$peak_rss" "$seconds" "$pg_stored" "$pg_counted"
echo "[bench] wrote bench/report-server.json"
if [ "$stored" != "$counted" ]; then echo "[bench] stored and counted votes differ" >&2; exit 1; fi
if [ "$pg_stored" != "$pg_counted" ]; then echo "[bench] PostgreSQL: stored and counted votes differ" >&2; exit 1; fi
