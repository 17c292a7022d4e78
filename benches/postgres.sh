#!/usr/bin/env bash
# The two stores side by side (issue #19), over HTTP, with a throwaway PostgreSQL cluster:
#
#   benches/postgres.sh [N] [D] [WRITES]
#
# For redb (--data-dir) and PostgreSQL (--database-url): N x D random vectors uploaded in
# batches of 1,000 (points/s, each batch acknowledged only after its commit), the start-up time
# of a server over that data (process start until /ready says the collections are available),
# and the latency of single-query searches (k = 10, 200 queries, median and p99). Then two
# servers on one database: WRITES single-point upserts through one, each timed until the other
# counts it (the replication delay, median and max). PostgreSQL runs with its defaults (fsync
# on). Needs the bench virtualenv (numpy, requests) and Debian's postgresql package.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"; D="${2:-384}"; WRITES="${3:-1000}"
BIN="${BIN:-${CARGO_TARGET_DIR:-target}/release/linalg-server}"
PY="${LINALG_BENCH_CACHE:-$HOME/.cache/linalg-bench}/venv/bin/python"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PGPORT="${PGPORT:-15439}"; PORT_A=18095; PORT_B=18096
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

PGDIR="$(mktemp -d)"; DATA="$(mktemp -d)"
[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
as_pg "$PGBIN/initdb" -D "$PGDIR" -U postgres -A trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1" start >/dev/null
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR" "$DATA"
}
trap cleanup EXIT
DBURL="postgres://postgres@127.0.0.1:$PGPORT/postgres"

# start PORT STORE-ARGS...: a server, waited for until its collections are available
start() {
  local port=$1; shift
  "$BIN" --addr "127.0.0.1:$port" "$@" >>"$DATA/server-$port.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 6000); do
    curl -fs "http://127.0.0.1:$port/ready" 2>/dev/null | grep -q '"available":true' && return
    sleep 0.01
  done
  echo "no start" >&2; exit 1
}
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }

printf "%-9s %12s %12s %16s %16s\n" store upsert_pts_s startup_s search_p50_ms search_p99_ms
for store in redb postgres; do
  if [ "$store" = redb ]; then args=(--data-dir "$DATA/redb"); else args=(--database-url "$DBURL"); fi
  start $PORT_A "${args[@]}"
  "$PY" - "http://127.0.0.1:$PORT_A" "$N" "$D" >"$DATA/upload" <<'PYEOF'
import sys, time, numpy as np, requests
url, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = requests.Session(); rng = np.random.default_rng(1)
assert s.put(f"{url}/collections/bench", json={"dimension": d, "metric": "cosine"}).status_code == 201
# the bodies are encoded before the clock starts: Python's JSON encoder is slower than the server
import json
bodies = []
for b in range(0, n, 1000):
    x = rng.standard_normal((min(1000, n - b), d))
    body = {"points": [{"id": b + i, "vector": v} for i, v in enumerate(x.tolist())]}
    bodies.append(json.dumps(body).encode())
t0 = time.perf_counter()
for body in bodies:
    r = s.post(f"{url}/collections/bench/points", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
print(f"{n / (time.perf_counter() - t0):.0f}")
PYEOF
  stop_all
  t0=$(date +%s.%N); start $PORT_A "${args[@]}"; startup=$(echo "$(date +%s.%N) - $t0" | bc)
  read -r p50 p99 < <("$PY" - "http://127.0.0.1:$PORT_A" "$D" <<'PYEOF'
import sys, time, numpy as np, requests
url, d = sys.argv[1], int(sys.argv[2])
s = requests.Session(); rng = np.random.default_rng(2); times = []
for q in rng.standard_normal((220, d)).tolist():
    t0 = time.perf_counter()
    r = s.post(f"{url}/collections/bench/search", json={"query": q, "k": 10, "with_payload": False})
    assert r.status_code == 200, r.text
    times.append(time.perf_counter() - t0)
times = np.array(times[20:]) * 1e3
print(f"{np.median(times):.2f} {np.percentile(times, 99):.2f}")
PYEOF
)
  stop_all
  printf "%-9s %12s %12.2f %16s %16s\n" "$store" "$(cat "$DATA/upload")" "$startup" "$p50" "$p99"
done

# replication delay: a write through A, timed until B counts it
start $PORT_A --database-url "$DBURL"; start $PORT_B --database-url "$DBURL"
"$PY" - "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$WRITES" <<'PYEOF'
import sys, time, numpy as np, requests
a, b, writes = sys.argv[1], sys.argv[2], int(sys.argv[3])
sa, sb = requests.Session(), requests.Session()
assert sa.put(f"{a}/collections/rep", json={"dimension": 2}).status_code == 201
own, delays = [], []
for i in range(writes):
    r = sa.post(f"{a}/collections/rep/points", json={"points": [{"id": i, "vector": [1.0, float(i)]}]})
    assert r.status_code == 200, r.text
    t0 = time.perf_counter()
    own.append(sa.get(f"{a}/collections/rep").json()["count"] == i + 1)
    while sb.get(f"{b}/collections/rep").json().get("count", 0) < i + 1:
        pass
    delays.append(time.perf_counter() - t0)
d = np.array(delays) * 1e3
print(f"replication over {writes} writes: median {np.median(d):.1f} ms, p99 {np.percentile(d, 99):.1f} ms, "
      f"max {d.max():.1f} ms; visible on the writing server at once: {sum(own)}/{writes}")
PYEOF
