#!/usr/bin/env python3
"""Crash safety: SIGKILL the server during a stream of collection upserts, restart it, and
verify that every acknowledged batch is there in full and no batch is there in part.

    python3 benches/crash_loop.py [--kills 20] [--bin target/release/linalg-server]

Needs `requests` (the bench virtualenv from ../shared/bench/setup.sh has it). Loopback only;
each kill happens after a random 0.2-1.2 s of writes. Prints one line per kill and a summary.
"""
import argparse, os, random, signal, socket, subprocess, sys, tempfile, threading, time

import requests

BATCH = 100
DIM = 8


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, data_dir, port):
    p = subprocess.Popen([binary, "--addr", f"127.0.0.1:{port}", "--data-dir", data_dir],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            if requests.get(f"http://127.0.0.1:{port}/ready", timeout=1).status_code == 200:
                return p
        except requests.RequestException:
            pass
        time.sleep(0.025)
    raise SystemExit("server did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--bin", default="target/release/linalg-server")
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="linalg-crash-")
    acked, attempted, next_batch = set(), set(), 0
    failures = 0
    for k in range(args.kills):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start(args.bin, data, port)
        # verify what the previous run acknowledged
        info = requests.get(f"{base}/collections/crash", timeout=5)
        present = set()
        if info.status_code == 200:
            for b in attempted:
                first = requests.get(f"{base}/collections/crash/points/{b * BATCH}", timeout=5).status_code == 200
                last = requests.get(f"{base}/collections/crash/points/{b * BATCH + BATCH - 1}", timeout=5).status_code == 200
                if first != last:
                    print(f"kill {k}: batch {b} is partially present"); failures += 1
                if first:
                    present.add(b)
            count = info.json()["count"]
            if count != BATCH * len(present):
                print(f"kill {k}: count {count} != {BATCH} x {len(present)} complete batches"); failures += 1
        lost = acked - present
        if lost:
            print(f"kill {k}: acknowledged batches lost: {sorted(lost)}"); failures += 1
        acked = set(present)  # a batch that landed without its ack is fine, and now known
        requests.put(f"{base}/collections/crash", json={"dimension": DIM, "metric": "dot"}, timeout=5)
        stop = threading.Event()

        def writer():
            nonlocal next_batch
            s = requests.Session()
            while not stop.is_set():
                b = next_batch; next_batch += 1
                attempted.add(b)
                pts = [{"id": b * BATCH + i, "vector": [float(b)] * (DIM - 1) + [float(i)], "payload": {"batch": b}}
                       for i in range(BATCH)]
                try:
                    r = s.post(f"{base}/collections/crash/points", json={"points": pts}, timeout=10)
                    if r.status_code == 200:
                        acked.add(b)
                except requests.RequestException:
                    return

        t = threading.Thread(target=writer); t.start()
        time.sleep(random.uniform(0.2, 1.2))
        proc.send_signal(signal.SIGKILL); proc.wait()
        stop.set(); t.join()
        print(f"kill {k + 1:2d}: {len(acked)} batches acknowledged so far, {len(attempted)} attempted")
    # final verification
    port = free_port(); base = f"http://127.0.0.1:{port}"
    proc = start(args.bin, data, port)
    count = requests.get(f"{base}/collections/crash", timeout=5).json()["count"]
    missing = [b for b in acked if requests.get(f"{base}/collections/crash/points/{b * BATCH + BATCH - 1}", timeout=5).status_code != 200]
    proc.terminate(); proc.wait()
    print(f"summary: {args.kills} kills, {len(acked)} acknowledged batches ({len(acked) * BATCH} points), "
          f"final count {count}, missing acknowledged batches {len(missing)}, failures {failures}")
    sys.exit(1 if failures or missing else 0)


if __name__ == "__main__":
    main()
