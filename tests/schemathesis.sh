#!/usr/bin/env bash
# Schema fuzzing: schemathesis generates requests for every operation of the served
# /openapi.json and checks each response against the documented schema and statuses
# (no server errors, conforming bodies, documented status codes, content types).
#
#   tests/schemathesis.sh [max-examples] [server binary]     (default 25, target/debug/linalg-server)
#
# Installs schemathesis into a virtualenv under ~/.cache (PyPI) once. Loopback only, bounded:
# --max-examples per operation, a request timeout, and a wall-clock limit.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES="${1:-25}"; BIN="${2:-target/debug/linalg-server}"; PORT="${PORT:-18095}"
VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/linalg-schemathesis}"
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==4.32.5" "msgpack==1.1.2"
fi
# venvs made before MessagePack bodies were documented lack msgpack
"$VENV/bin/python" -c "import msgpack" 2>/dev/null || "$VENV/bin/pip" install -q "msgpack==1.1.2"
DATA="$(mktemp -d)"
"$BIN" --addr "127.0.0.1:$PORT" --data-dir "$DATA" --max-dim 256 --max-elements 65536 --request-timeout-secs 10 \
  --api-key schemathesis-key \
  >"$DATA/server.log" 2>&1 &
PID=$!; trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.05; done
# Small limits keep generated operands cheap; 413/422/503 are documented, so they conform.
# positive_data_acceptance is excluded: a schema cannot say "rows of equal length" or "a's
# columns equal b's rows", so schema-valid bodies that break those rules rightly get a 422.
PYTHONPATH="$PWD/tests" SCHEMATHESIS_HOOKS=schemathesis_hooks \
timeout 900 "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/openapi.json" \
  --checks all --exclude-checks positive_data_acceptance \
  -H "Authorization: Bearer schemathesis-key" \
  --max-examples "$EXAMPLES" --request-timeout 20 --max-response-time 10 --seed 1 --no-color
