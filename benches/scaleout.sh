#!/usr/bin/env bash
# Scale-out proof on one machine: 3 release servers on loopback behind Debian's nginx, using the
# same routing rules as docker/compose.yaml (docker/nginx/linalg.conf). Runs a bounded compute
# load through nginx, SIGKILLs one replica mid-run and restarts it, and reports requests,
# errors and throughput; then checks that collections land on exactly one replica each.
#   benches/scaleout.sh [seconds]        (needs nginx, wrk, curl and cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR="${1:-30}"; BIN="${BIN:-target/release/linalg-server}"
WORK="$(mktemp -d)"; PORTS=(18101 18102 18103); PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT
start_replica() { # index
  "$BIN" --addr "127.0.0.1:${PORTS[$1]}" --data-dir "$WORK/data-$1" --threads 1 >"$WORK/replica-$1.log" 2>&1 &
  PIDS[$1]=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:${PORTS[$1]}/ready" >/dev/null && return; sleep 0.05; done
}
for i in 0 1 2; do start_replica "$i"; done
servers() { for p in "${PORTS[@]}"; do echo "        server 127.0.0.1:$p $1;"; done; }
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events {}
http {
    access_log off;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    upstream linalg_compute {
$(servers "max_fails=1 fail_timeout=2s")
        keepalive 32;
    }
    upstream linalg_collections {
        hash \$linalg_collection consistent;
$(servers "")
    }
    include $PWD/docker/nginx/linalg.conf;
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK"
for _ in $(seq 100); do curl -fs http://127.0.0.1:8080/health >/dev/null && break; sleep 0.05; done

echo '{"a": {"random": {"shape": [48, 48], "seed": 1}}, "b": {"random": {"shape": [48, 48], "seed": 2}}}' >"$WORK/body.json"
echo "# scaleout.sh: 3 replicas (1 worker each) behind nginx $(nginx -v 2>&1 | cut -d/ -f2), /matmul 48x48 generated, 32 clients, ${DUR}s, $(date -u +%FT%TZ)"
BODY_FILE="$WORK/body.json" wrk -t1 -c32 -d"${DUR}s" --timeout 10s -s benches/scripts/status_count.lua \
  http://127.0.0.1:8080/matmul >"$WORK/wrk.txt" 2>&1 &
W=$!
sleep $((DUR / 3)); kill -9 "${PIDS[1]}"; echo "t=$((DUR / 3))s: replica 2 killed (SIGKILL)"
sleep $((DUR / 3)); start_replica 1; echo "t=$((2 * DUR / 3))s: replica 2 restarted"
wait $W
grep -E "requests in|Requests/sec|Socket errors|^status|p50_ms" "$WORK/wrk.txt" || true
non2xx=$(awk '/^status / && $2 != "200:" {s += $3} END {print s + 0}' "$WORK/wrk.txt")
sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$WORK/wrk.txt"); sock=${sock:-0}
echo "compute errors while a replica was down: non-2xx=$non2xx socket=$sock"

# Collections: each lives on exactly one replica, chosen by a consistent hash of its name.
for name in alpha beta gamma delta epsilon zeta eta theta; do
  curl -fs -X PUT -H 'Content-Type: application/json' -d '{"dimension": 2}' "http://127.0.0.1:8080/collections/$name" >/dev/null
  curl -fs -H 'Content-Type: application/json' -d '{"points": [{"id": 1, "vector": [1, 0]}]}' "http://127.0.0.1:8080/collections/$name/points" >/dev/null
done
placement=""; bad=0
for name in alpha beta gamma delta epsilon zeta eta theta; do
  owners=0; where=""
  for i in 0 1 2; do
    if curl -fs "http://127.0.0.1:${PORTS[$i]}/collections/$name" >/dev/null; then owners=$((owners + 1)); where="$where$((i + 1))"; fi
  done
  [ "$owners" -eq 1 ] || bad=$((bad + 1))
  placement="$placement $name->replica$where"
  curl -fs "http://127.0.0.1:8080/collections/$name/points/1" >/dev/null || bad=$((bad + 1))
done
echo "collection placement:$placement; misplaced or unreachable: $bad"
[ "$non2xx" -eq 0 ] && [ "$sock" -eq 0 ] && [ "$bad" -eq 0 ]
