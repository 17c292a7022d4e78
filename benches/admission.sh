#!/usr/bin/env bash
# Issue #20: defaults under real clients, for one or more server builds side by side.
#   benches/admission.sh [seconds]     BINS="before:/path/to/old after:target/release/linalg-server"
# Sections (wrk, one client thread, the shared bench bodies of ../shared/bench):
#   svd     /svd 256x256 at 4 and 64 clients, default server flags, wrk with no Accept-Encoding
#           and with "gzip, deflate" (what Python requests, browsers and oha's defaults send)
#   storm   the retry storm: 64 clients on /svd 256 with --max-queue 16; wrk re-sends every 503 at
#           once. Useful (2xx) req/s, 503s, p50 of all answers, /health p99 sampled every 50 ms
#   mixed   4 clients on /svd 256 and 32 on /dot at once: /dot latency and both throughputs
# Loopback only; every server is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-10}"; PORT="${PORT:-18091}"
BINS="${BINS:-after:target/release/linalg-server}"
BODIES="${LINALG_BENCH_CACHE:-$HOME/.cache/linalg-bench}/bodies"
[ -f "$BODIES/svd256.json" ] || { echo "run ../shared/bench/setup.sh first" >&2; exit 1; }
OUT="$(mktemp -d)"; DATA="$(mktemp -d)"; PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
URL="http://127.0.0.1:$PORT"

start() { # bin flags...
  local bin="$1"; shift
  "$bin" --addr "127.0.0.1:$PORT" --data-dir "$DATA" "$@" >"$OUT/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 200); do curl -fs "$URL/ready" >/dev/null && return; sleep 0.05; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=; }
load() { # out-file body path clients [accept-encoding]
  BODY_FILE="$BODIES/$2" ACCEPT_ENCODING="${5:-}" wrk -t1 -c"$4" -d"${SECS:-$DUR}s" --timeout 30s --latency \
    -s benches/scripts/status_count.lua "$URL$3" > "$1" 2>&1
}
[ -n "${ACCEPT_ENCODING:-}" ] && unset ACCEPT_ENCODING
ok_rps() { awk -v d="${SECS:-$DUR}" '/^status 200:/ {printf "%.1f", $3 / d; f=1} END {if (!f) print "0.0"}' "$1"; }
count() { awk -v s="$2" '$1 == "status" && $2 == s":" {print $3; f=1} END {if (!f) print 0}' "$1"; }
p50() { awk '/^p50_ms/ {print $2}' "$1"; }
p99() { awk '/^p50_ms/ {print $4}' "$1"; }
health_sampler() { # pid-to-watch out-file
  : > "$2"
  while kill -0 "$1" 2>/dev/null; do
    curl -s -o /dev/null -w '%{time_total}\n' "$URL/health" >> "$2" || echo fail >> "$2"; sleep 0.05
  done
}
health_p99() { sort -g "$1" | awk '$1 != "fail" {a[n++] = $1} END {i = int(n * 0.99); if (i >= n) i = n - 1; printf "%.1f", a[i] * 1000}'; }

echo "# admission.sh ${DUR}s per run, $(date -u +%FT%TZ), $(nproc) cores"
echo
echo "## /svd 256x256, default flags (req/s of 2xx, p50 / p99 ms)"
echo "| build | clients | no Accept-Encoding | Accept-Encoding: gzip, deflate |"
echo "|---|---|---|---|"
for entry in $BINS; do
  name="${entry%%:*}"; bin="${entry#*:}"
  start "$bin"
  for c in 4 64; do
    load "$OUT/p.txt" svd256.json /svd "$c"; load "$OUT/g.txt" svd256.json /svd "$c" "gzip, deflate"
    echo "| $name | $c | $(ok_rps "$OUT/p.txt") ($(p50 "$OUT/p.txt") / $(p99 "$OUT/p.txt")) | $(ok_rps "$OUT/g.txt") ($(p50 "$OUT/g.txt") / $(p99 "$OUT/g.txt")) |"
  done
  stop
done
echo
echo "## Retry storm: 64 clients on /svd 256, --max-queue 16"
echo "| build | 2xx req/s | 200s | 503s | p50 ms (all answers) | p99 ms | /health p99 ms | /metrics answered |"
echo "|---|---|---|---|---|---|---|---|"
for entry in $BINS; do
  name="${entry%%:*}"; bin="${entry#*:}"
  start "$bin" --max-queue 16
  load "$OUT/s.txt" svd256.json /svd 64 & W=$!
  health_sampler $W "$OUT/h.txt" & H=$!
  sleep $((DUR / 2)); m=$(curl -s -m 2 -o /dev/null -w '%{http_code} in %{time_total}s' "$URL/metrics" || echo failed)
  wait $W; wait $H
  echo "| $name | $(ok_rps "$OUT/s.txt") | $(count "$OUT/s.txt" 200) | $(count "$OUT/s.txt" 503) | $(p50 "$OUT/s.txt") | $(p99 "$OUT/s.txt") | $(health_p99 "$OUT/h.txt") | $m |"
  stop
done
echo
echo "## Mixed: 4 clients on /svd 256 and 32 on /dot at once"
echo "| build | /svd 2xx req/s | /dot 2xx req/s | /dot p50 ms | /dot p99 ms | /dot 503s |"
echo "|---|---|---|---|---|---|"
for entry in $BINS; do
  name="${entry%%:*}"; bin="${entry#*:}"
  start "$bin"
  SECS=$((DUR + 2)) load "$OUT/ms.txt" svd256.json /svd 4 & W=$!
  sleep 1; load "$OUT/md.txt" dot.json /dot 32; wait $W
  echo "| $name | $(SECS=$((DUR + 2)) ok_rps "$OUT/ms.txt") | $(ok_rps "$OUT/md.txt") | $(p50 "$OUT/md.txt") | $(p99 "$OUT/md.txt") | $(count "$OUT/md.txt" 503) |"
  stop
done
echo
echo "# raw output in $OUT"
