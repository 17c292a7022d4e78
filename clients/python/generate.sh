#!/usr/bin/env bash
# Regenerates linalg_server_api/ (the typed client) from ../../openapi/openapi.json.
#
#   clients/python/generate.sh            # rewrite linalg_server_api/
#   clients/python/generate.sh --check    # fail if linalg_server_api/ differs from the spec
#
# Uses the generator version pinned below, installed into ~/.cache/linalg-tools/pyclient-gen
# on first use. The generator's warnings about application/msgpack are expected: it generates
# the JSON side of each operation; MessagePack is the hand-written layer's (linalg_server_client).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spec="$here/../../openapi/openapi.json"
venv="${LINALG_TOOLS:-$HOME/.cache/linalg-tools}/pyclient-gen"
if [ ! -x "$venv/bin/openapi-python-client" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "openapi-python-client==0.29.1" "ruff==0.17.6"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
RUFF_NO_CACHE=true PATH="$venv/bin:$PATH" "$venv/bin/openapi-python-client" generate --path "$spec" \
    --config "$here/openapi-python-client.yaml" --meta none --output-path "$out/linalg_server_api" \
    > "$out/log" 2>&1 || { cat "$out/log"; exit 1; }
if [ "${1:-}" = "--check" ]; then
    if ! diff -r "$out/linalg_server_api" "$here/linalg_server_api" > "$out/diff"; then
        head -50 "$out/diff"
        echo "clients/python/linalg_server_api differs from openapi/openapi.json: run clients/python/generate.sh" >&2
        exit 1
    fi
    echo "clients/python/linalg_server_api matches openapi/openapi.json"
else
    rm -rf "$here/linalg_server_api"
    cp -r "$out/linalg_server_api" "$here/linalg_server_api"
    echo "regenerated clients/python/linalg_server_api"
fi
