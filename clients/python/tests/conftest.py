"""Starts the real linalg-server for the tests: the binary named by LINALG_SERVER_BIN, else the
release build of this repository (`cargo build --release`)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]


def _binary() -> Path:
    named = os.environ.get("LINALG_SERVER_BIN")
    if named:
        return Path(named)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "release" / "linalg-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    binary = _binary()
    if not binary.exists():
        pytest.fail(f"{binary} does not exist: run `cargo build --release` or set LINALG_SERVER_BIN")
    port = _free_port()
    data = tmp_path_factory.mktemp("data")
    process = subprocess.Popen(
        [str(binary), "--addr", f"127.0.0.1:{port}", "--data-dir", str(data)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("linalg-server did not become ready within 30 s")
        time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="session")
def spec() -> dict:
    import json

    return json.loads((REPO / "openapi" / "openapi.json").read_text())
