#!/usr/bin/env bash
# Scale-out with --database-url on one machine: a throwaway PostgreSQL cluster, 3 release
# servers on it behind Debian's nginx with the PostgreSQL mode's routing rules
# (docker/nginx/round-robin.conf: everything round-robin). A client writes single points through
# nginx and searches through nginx for each point right after its write; one replica is
# SIGKILLed a third of the way in and restarted at two thirds. Then every replica must count every
# acknowledged point.
#   benches/scaleout_postgres.sh [seconds]   (needs nginx, curl, the bench venv, postgresql)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-15}"; BIN="${BIN:-${CARGO_TARGET_DIR:-target}/release/linalg-server}"
PY="${LINALG_BENCH_CACHE:-$HOME/.cache/linalg-bench}/venv/bin/python"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"; PGPORT=15440
WORK="$(mktemp -d)"; PORTS=(18111 18112 18113); PIDS=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDIR="$(mktemp -d)"; [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK" "$PGDIR"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR" -U postgres -A trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1" start >/dev/null
DBURL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
start_replica() { # index
  "$BIN" --addr "127.0.0.1:${PORTS[$1]}" --database-url "$DBURL" --threads 1 >"$WORK/replica-$1.log" 2>&1 &
  PIDS[$1]=$!
  for _ in $(seq 200); do
    curl -fs "http://127.0.0.1:${PORTS[$1]}/ready" | grep -q '"available":true' && return; sleep 0.05
  done
}
for i in 0 1 2; do start_replica "$i"; done
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events {}
http {
    access_log off;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    upstream linalg {
$(for p in "${PORTS[@]}"; do echo "        server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"; done)
        keepalive 32;
    }
    include $PWD/docker/nginx/round-robin.conf;
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK"
for _ in $(seq 100); do curl -fs http://127.0.0.1:8080/health >/dev/null && break; sleep 0.05; done
echo "# scaleout_postgres.sh: 3 replicas on one PostgreSQL behind nginx $(nginx -v 2>&1 | cut -d/ -f2), ${DUR}s, $(date -u +%FT%TZ)"

"$PY" - "$DUR" "${PORTS[@]}" >"$WORK/client.txt" <<'PYEOF' &
import sys, time, requests
dur, ports = float(sys.argv[1]), sys.argv[2:]
s = requests.Session(); url = "http://127.0.0.1:8080"
assert s.put(f"{url}/collections/shared", json={"dimension": 2}).status_code == 201
acked, status, missing, i = [], {}, 0, 0
t_end = time.time() + dur
while time.time() < t_end:
    try:
        r = s.post(f"{url}/collections/shared/points", json={"points": [{"id": i, "vector": [1.0, float(i)]}]})
        status[r.status_code] = status.get(r.status_code, 0) + 1
        if r.status_code == 200:
            acked.append(i)
            # the next request usually lands on another replica: within 1 s it must find it
            deadline = time.time() + 1.0
            while True:
                h = s.post(f"{url}/collections/shared/search", json={"query": [1.0, float(i)], "k": 1}).json()
                if h.get("results") and h["results"][0]["id"] == i:
                    break
                if time.time() > deadline:
                    missing += 1
                    break
    except requests.RequestException:
        status["conn"] = status.get("conn", 0) + 1
    i += 1
time.sleep(1.0)
counts = [requests.get(f"http://127.0.0.1:{p}/collections/shared").json().get("count") for p in ports]
print(f"writes through nginx: {i}, statuses {status}, acknowledged {len(acked)}")
print(f"acknowledged points not found by a search through nginx within 1 s: {missing}")
print(f"count on each replica after 1 s: {counts} (acknowledged: {len(acked)})")
ok = missing == 0 and all(c is not None and c >= len(acked) for c in counts) and len(set(counts)) == 1
print("ok" if ok else "FAILED")
PYEOF
CLIENT=$!
sleep "$(echo "$DUR / 3" | bc -l)"; kill -9 "${PIDS[1]}"; echo "t=$((DUR / 3))s: replica 2 killed (SIGKILL)"
sleep "$(echo "$DUR / 3" | bc -l)"; start_replica 1; echo "t=$((2 * DUR / 3))s: replica 2 restarted"
wait $CLIENT || true
cat "$WORK/client.txt"
grep -q '^ok$' "$WORK/client.txt"
