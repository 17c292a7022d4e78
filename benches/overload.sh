#!/usr/bin/env bash
# Overload: far more concurrent clients than compute workers. Shows that every request gets a
# result or a fast 503 + Retry-After, /health stays fast, RSS stays bounded and throughput stays
# at the saturated level. Bounded in time; loopback only.
#   benches/overload.sh [seconds]        (needs wrk and a release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-20}"; PORT="${PORT:-18090}"; BIN="${BIN:-target/release/linalg-server}"
DATA="$(mktemp -d)"; OUT="$(mktemp -d)"
echo '{"matrix": {"random": {"shape": [160, 160], "seed": 1}}}' > "$OUT/svd.json"
"$BIN" --addr "127.0.0.1:$PORT" --data-dir "$DATA" --threads 2 --max-queue 16 >"$OUT/server.log" 2>&1 &
PID=$!; trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.05; done
run() { # connections seconds
  BODY_FILE="$OUT/svd.json" wrk -t1 -c"$1" -d"$2s" --timeout 30s --latency -s benches/scripts/status_count.lua \
    "http://127.0.0.1:$PORT/svd" > "$OUT/wrk-$1.txt" 2>&1
}
sample() { # health latency and RSS every 200 ms while the load runs
  : > "$OUT/samples.txt"
  while kill -0 "$1" 2>/dev/null; do
    h=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/health" || echo fail)
    r=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
    echo "$h $r" >> "$OUT/samples.txt"; sleep 0.2
  done
}
echo "# overload.sh: svd 160x160 (generated server-side), 2 workers, queue 16, ${DUR}s per run, $(date -u +%FT%TZ)"
printf '%-12s %10s %8s %8s %8s %10s %10s %12s %12s\n' clients "req/s(2xx)" 200s 503s other p50_ms p99_ms health_max_ms peak_rss_MiB
for c in 4 64 256; do
  run "$c" "$DUR" & W=$!; sample $W; wait $W
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$c.txt")
  ok=$(awk '/^status 200:/ {print $3}' "$OUT/wrk-$c.txt"); ok=${ok:-0}
  busy=$(awk '/^status 503:/ {print $3}' "$OUT/wrk-$c.txt"); busy=${busy:-0}
  other=$(awk '/^status / && $2 != "200:" && $2 != "503:" {s += $3} END {print s + 0}' "$OUT/wrk-$c.txt")
  errs=$(awk '/Socket errors/ {print}' "$OUT/wrk-$c.txt")
  read -r p50 p99 <<<"$(awk '/^p50_ms/ {print $2, $4}' "$OUT/wrk-$c.txt")"
  hmax=$(awk '$1 != "fail" {if ($1 > m) m = $1} END {printf "%.1f", m * 1000}' "$OUT/samples.txt")
  rss=$(awk '{if ($2 > m) m = $2} END {printf "%.1f", m / 1024}' "$OUT/samples.txt")
  okrps=$(awk -v ok="$ok" -v d="$DUR" 'BEGIN {printf "%.1f", ok / d}')
  printf '%-12s %10s %8s %8s %8s %10s %10s %12s %12s %s\n' "$c" "$okrps" "$ok" "$busy" "$other" "$p50" "$p99" "$hmax" "$rss" "$errs"
done
grep -c '"overloaded"' "$OUT/server.log" >/dev/null || true
echo "# raw output in $OUT (total req/s incl. 503s: $(awk '/Requests\/sec/ {print $2}' "$OUT"/wrk-256.txt) at 256 clients)"
