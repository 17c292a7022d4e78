#!/usr/bin/env bash
# The playground in a real browser, as CI runs it:
#
#   tests/browser.sh [server binary] [screenshot.png]
#
# Installs Debian's chromium and chromium-driver when missing (apt, as root) and a pinned
# Selenium in a cached venv, starts the server on a loopback port, and runs
# tests/browser/playground.py against it (headless; every host but 127.0.0.1 unresolvable).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="${1:-$target/release/linalg-server}"
shot="${2:-}"
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q chromium chromium-driver >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q chromium chromium-driver >/dev/null; }
fi
venv="${LINALG_TOOLS:-$HOME/.cache/linalg-tools}/browser-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    python3 -m venv "$venv"
    PIP_CACHE_DIR="$HOME/.cache/pip" "$venv/bin/pip" install -q "selenium==4.51.0"
fi
port=18098
data="$(mktemp -d)"
"$bin" --addr "127.0.0.1:$port" --data-dir "$data" >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.05; done
SE_OFFLINE=true "$venv/bin/python" tests/browser/playground.py "http://127.0.0.1:$port" $shot
