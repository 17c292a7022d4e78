#!/usr/bin/env bash
# Resident memory of the whole process with a stored collection (issue #18's first question:
# where does it go?), for one or more server builds side by side:
#
#   BINS="before:/path/old after:target/release/linalg-server" benches/memory.sh [N] [D]
#
# For each build: a fresh data dir, N x D random vectors uploaded over HTTP in batches of 1,000
# (cosine), RSS after 20 s idle; then a restart that reloads the collection, RSS after 20 s idle.
# The restart is a SIGTERM, so the server saves its checkpoints and the reload reads them. Also
# prints the data file's size and the index's own count (int8 codes, 1 byte per dimension per
# point for cosine, plus ~60 bytes per point; the f64 originals are in a file, not in memory).
# Needs the bench virtualenv (numpy, requests).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"; D="${2:-384}"; PORT="${PORT:-18093}"
BINS="${BINS:-after:target/release/linalg-server}"
PY="${LINALG_BENCH_CACHE:-$HOME/.cache/linalg-bench}/venv/bin/python"
URL="http://127.0.0.1:$PORT"
rss() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
start() { "$1" --addr "127.0.0.1:$PORT" --data-dir "$2" >"$2.log" 2>&1 & PID=$!
  for _ in $(seq 600); do curl -fs "$URL/ready" >/dev/null && return; sleep 0.1; done; echo "no start" >&2; exit 1; }
printf "%-8s %10s %12s %14s %14s %12s %12s\n" build upload_s rss_MiB reload_s rss_reload_MiB file_MiB index_MiB
for entry in $BINS; do
  name="${entry%%:*}"; bin="${entry#*:}"; data="$(mktemp -d)"
  start "$bin" "$data"
  t0=$(date +%s.%N)
  "$PY" - "$URL" "$N" "$D" <<'PYEOF'
import sys, numpy as np, requests
url, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = requests.Session(); rng = np.random.default_rng(1)
assert s.put(f"{url}/collections/mem", json={"dimension": d, "metric": "cosine"}).status_code == 201
for b in range(0, n, 1000):
    x = rng.standard_normal((min(1000, n - b), d))
    r = s.post(f"{url}/collections/mem/points", json={"points": [{"id": b + i, "vector": v} for i, v in enumerate(x.tolist())]})
    assert r.status_code == 200, r.text
PYEOF
  up=$(echo "$(date +%s.%N) - $t0" | bc); sleep 20; r1=$(rss $PID)
  kill $PID; wait $PID 2>/dev/null || true
  t0=$(date +%s.%N); start "$bin" "$data"; re=$(echo "$(date +%s.%N) - $t0" | bc); sleep 20; r2=$(rss $PID)
  kill $PID; wait $PID 2>/dev/null || true
  file=$(du -m "$data/collections.redb" | cut -f1); index=$(du -sm "$data/index" | cut -f1)
  printf "%-8s %10.1f %12s %14.2f %14s %12s %12s\n" "$name" "$up" "$r1" "$re" "$r2" "$file" "$index"
  rm -rf "$data" "$data.log"
done
echo "index alone (int8 codes + ~60 B per row: bound, slot, seq, id, payload): $(( (N * D + N * 60) / 1048576 )) MiB"
