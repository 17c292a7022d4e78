#!/usr/bin/env bash
# JSON against MessagePack bodies on the heavy load scenarios of ../shared/bench (same data: the
# scenario's JSON body re-encoded), alternating J M J M, wrk with one thread and the scenario's
# concurrency. Requests and responses in the same format. Loopback only, bounded in time.
#   benches/msgpack_load.sh [seconds] [rounds]   (wrk, the bench venv with msgpack, a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-8}"; ROUNDS="${2:-2}"; PORT="${PORT:-18091}"
BIN="${BIN:-target/release/linalg-server}"
C="${LINALG_BENCH_CACHE:-$HOME/.cache/linalg-bench}"; PY="$C/venv/bin/python"
"$PY" -c "import msgpack" 2>/dev/null || "$C/venv/bin/pip" install -q "msgpack==1.1.2"
"$PY" ../shared/bench/make_bodies.py "$C/bodies" >/dev/null
DATA="$(mktemp -d)"; OUT="$(mktemp -d)"
for b in search2000x128 pca1000x50 svd256 matmul64; do
  "$PY" -c "import json, msgpack, sys; sys.stdout.buffer.write(msgpack.packb(json.load(open(sys.argv[1]))))" \
    "$C/bodies/$b.json" > "$OUT/$b.msgpack"
done
"$BIN" --addr "127.0.0.1:$PORT" --data-dir "$DATA" >"$OUT/server.log" 2>&1 &
PID=$!; trap 'kill $PID 2>/dev/null; rm -rf "$DATA" "$OUT"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.05; done
run() { # scenario path concurrency format
  local body="$C/bodies/$1.json" ct=application/json
  if [ "$4" = msgpack ]; then body="$OUT/$1.msgpack"; ct=application/msgpack; fi
  BODY_FILE="$body" CONTENT_TYPE="$ct" ACCEPT="$ct" wrk -t1 -c"$3" -d"${DUR}s" --timeout 30s \
    -s benches/scripts/status_count.lua "http://127.0.0.1:$PORT$2" > "$OUT/wrk.txt" 2>&1
  local rps p50 p99 ok
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  ok=$(awk '/^status 200:/ {print $3}' "$OUT/wrk.txt")
  p50=$(awk '/^p50_ms/ {print $2}' "$OUT/wrk.txt"); p99=$(awk '/^p50_ms/ {print $4}' "$OUT/wrk.txt")
  printf '%-16s %-8s %6s KB %10s %8s %8s %8s\n' "$1" "$4" "$(( $(stat -c %s "$body") / 1024 ))" "$rps" "${ok:-0}" "$p50" "$p99"
}
echo "# msgpack_load.sh: ${DUR}s per run, $ROUNDS rounds, $(date -u +%FT%TZ)"
printf '%-16s %-8s %9s %10s %8s %8s %8s\n' scenario format body req/s 200s p50_ms p99_ms
for _ in $(seq "$ROUNDS"); do
  for s in "search2000x128 /cosine-search 4" "pca1000x50 /pca 4" "svd256 /svd 4" "matmul64 /matmul 16"; do
    set -- $s
    run "$1" "$2" "$3" json; run "$1" "$2" "$3" msgpack
  done
done
