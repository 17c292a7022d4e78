#!/usr/bin/env bash
# The clients' checks, as CI runs them (after the Rust tests, which build the release binary):
#
#   clients/check.sh [server binary]      (default: $CARGO_TARGET_DIR or target, release build)
#
# 1. the OpenAPI document passes openapi-spec-validator, Redocly (recommended) and Spectral
#    (spectral:oas) with zero errors;
# 2. the generated Python client and TypeScript types match the document (no drift);
# 3. the Python client's tests start the real server and call every operation;
# 4. the TypeScript usage file type-checks (its @ts-expect-error lines must stay errors), then
#    runs against the real server.
#
# Tools are pinned and installed once under ~/.cache (pip and npm caches there too).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="${1:-$target/release/linalg-server}"
tools="${LINALG_TOOLS:-$HOME/.cache/linalg-tools}"
export npm_config_cache="$HOME/.cache/npm" PIP_CACHE_DIR="$HOME/.cache/pip"

# -- linters ---------------------------------------------------------------------------------
lint="$tools/lint"
if [ ! -x "$lint/venv/bin/openapi-spec-validator" ]; then
    python3 -m venv "$lint/venv"
    "$lint/venv/bin/pip" install -q "openapi-spec-validator==0.9.0"
fi
if [ ! -x "$lint/node_modules/.bin/spectral" ]; then
    mkdir -p "$lint"
    (cd "$lint" && npm init -y >/dev/null && npm install --no-audit --no-fund -q \
        "@redocly/cli@2.77.0" "@stoplight/spectral-cli@6.16.3" >/dev/null)
fi
"$lint/venv/bin/openapi-spec-validator" openapi/openapi.json
if ! report="$("$lint/node_modules/.bin/redocly" lint --extends recommended openapi/openapi.json 2>&1)"; then
    echo "$report" >&2
    exit 1
fi
echo "$report" | grep -E "^(error|warning)|valid|You have" || true
"$lint/node_modules/.bin/spectral" lint --ruleset .spectral.yaml --fail-severity error openapi/openapi.json

# -- Python client ---------------------------------------------------------------------------
clients/python/generate.sh --check
venv="$tools/python-client-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "./clients/python[test]"
LINALG_SERVER_BIN="$bin" "$venv/bin/python" -m pytest -q -p no:cacheprovider clients/python/tests

# -- TypeScript types ------------------------------------------------------------------------
(
    cd clients/typescript
    npm ci --no-audit --no-fund -q >/dev/null
    npm run -s check
    npx tsc
)
port=18097
data="$(mktemp -d)"
"$bin" --addr "127.0.0.1:$port" --data-dir "$data" >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.05; done
node clients/typescript/dist/usage.js "http://127.0.0.1:$port"
echo "clients: all checks passed"
