#!/usr/bin/env bash
# Regenerates the README's pictures from the service itself (its PNG rendering), and the
# playground screenshot (headless Chromium, via tests/browser.sh):
#
#   docs/images/regenerate.sh [server binary]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bin="${1:-${CARGO_TARGET_DIR:-$root/target}/release/linalg-server}"
port=18099
data="$(mktemp -d)"
"$bin" --addr "127.0.0.1:$port" --data-dir "$data" >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.05; done
png() { # picture body name
    curl -fsS "http://127.0.0.1:$port/visualize/$1" -H 'content-type: application/json' \
        -H 'accept: image/png' -d "$2" -o "docs/images/$3.png"
    echo "docs/images/$3.png"
}
png transform '{"matrix": [[2, 1], [1, 3]]}' transform-2113
png transform '{"matrix": [[1, 1], [0, 1]]}' transform-shear
png transform '{"matrix": [[0, 1], [1, 0]]}' transform-reflection
png svd '{"matrix": [[3, 0], [4, 5]]}' svd-3045
png projection '{"vector": [2, 3], "onto": [4, 1]}' projection
png pca "@docs/images/pca-tilted.json" pca-tilted
png attention '{"q": {"random": {"shape": [8, 4], "seed": 1}}, "k": {"random": {"shape": [8, 4], "seed": 2}}, "v": {"random": {"shape": [8, 4], "seed": 3}}, "mask": "causal"}' attention-causal
png matrix '{"matrix": [[1, -2, 3], [-4, 5, -6], [7, -8, 9]]}' matrix-heatmap
kill $pid 2>/dev/null || true
tests/browser.sh "$bin" docs/images/playground.png
