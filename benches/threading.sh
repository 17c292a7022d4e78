#!/usr/bin/env bash
# Threading sweep (issue #6): 1, 4 and 32 clients against a server whose lone requests may use
# every core (--parallel-when-idle true, the default) and one that always runs faer on one core
# per request (false), alternating A B A B per cell. Generated operands, so the server, not the
# network, is measured. Loopback only, bounded in time.
#   benches/threading.sh [seconds] [rounds]   (wrk and a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-6}"; ROUNDS="${2:-2}"; PORT="${PORT:-18092}"
BIN="${BIN:-target/release/linalg-server}"
OUT="$(mktemp -d)"; trap 'kill $PID 2>/dev/null; rm -rf "$OUT"' EXIT
echo '{"a": {"random": {"shape": [1024, 1024], "seed": 1}}, "b": {"random": {"shape": [1024, 1024], "seed": 2}}}' > "$OUT/matmul1024.json"
echo '{"matrix": {"random": {"shape": [512, 512], "seed": 3}}}' > "$OUT/svd512.json"
echo '{"matrix": {"random": {"shape": [256, 256], "seed": 4}}, "compute_uv": false}' > "$OUT/svd256.json"
echo '{"a": [1, 2, 3], "b": [4, 5, 6]}' > "$OUT/dot.json"
PID=
start() { # parallel_when_idle
  [ -n "$PID" ] && { kill "$PID"; wait "$PID" 2>/dev/null || true; }
  "$BIN" --addr "127.0.0.1:$PORT" --data-dir "$OUT/data" --parallel-when-idle "$1" >"$OUT/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.05; done
}
run() { # body path clients
  BODY_FILE="$OUT/$1.json" wrk -t1 -c"$3" -d"${DUR}s" --timeout 60s -s benches/scripts/status_count.lua \
    "http://127.0.0.1:$PORT$2" > "$OUT/wrk.txt" 2>&1
  printf '%10s %8s %8s' "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")" \
    "$(awk '/^p50_ms/ {print $2}' "$OUT/wrk.txt")" "$(awk '/^p50_ms/ {print $4}' "$OUT/wrk.txt")"
  awk '/^status/ && $2 != "200:" {printf "  (status %s %s)", $2, $3}' "$OUT/wrk.txt"
}
echo "# threading.sh: ${DUR}s per run, $ROUNDS rounds, $(nproc) cores, $(date -u +%FT%TZ)"
printf '%-10s %7s %-20s %10s %8s %8s\n' scenario clients parallel_when_idle req/s p50_ms p99_ms
for _ in $(seq "$ROUNDS"); do
  for s in "matmul1024 /matmul" "svd512 /svd" "svd256 /svd" "dot /dot"; do
    set -- $s
    for c in 1 4 32; do
      for mode in true false; do
        start "$mode"
        printf '%-10s %7s %-20s ' "$1" "$c" "$mode"; run "$1" "$2" "$c"; echo
      done
    done
  done
done
