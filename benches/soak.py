#!/usr/bin/env python3
"""Soak: a mixed load over every endpoint group (compute, curriculum, tensors, ML, grading,
collection writes and searches) for a fixed time, sampling the server's RSS every 5 s.

    python3 benches/soak.py [--seconds 600] [--clients 8] [--bin target/release/linalg-server]

Reports requests and statuses per group, and RSS at start, per minute and at the end, with a
least-squares slope of RSS over the second half (a leak shows as a steady positive slope).
"""
import argparse, collections, random, socket, subprocess, tempfile, threading, time

import requests


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    return 0


def gen(shape, seed):
    return {"random": {"shape": shape, "seed": seed}}


REQUESTS = [
    ("compute", "/dot", lambda r: {"a": [1, 2, 3], "b": [4, 5, 6]}),
    ("compute", "/matmul", lambda r: {"a": gen([64, 64], r), "b": gen([64, 64], r + 1)}),
    ("compute", "/svd", lambda r: {"matrix": gen([96, 64], r)}),
    ("compute", "/pca", lambda r: {"data": gen([200, 10], r), "n_components": 3}),
    ("compute", "/cosine-search", lambda r: {"embeddings": gen([500, 32], r), "query": gen([32], r), "k": 5}),
    ("curriculum", "/eigen", lambda r: {"matrix": gen([20, 20], r)}),
    ("curriculum", "/inverse", lambda r: {"matrix": gen([30, 30], r)}),
    ("curriculum", "/rref", lambda r: {"matrix": [[1, 2, 3], [4, 5, 6], [7, 8, 10]]}),
    ("curriculum", "/subspaces", lambda r: {"matrix": gen([10, 6], r)}),
    ("tensors", "/tensor/matmul", lambda r: {"a": {"shape": [2, 3, 4], "data": list(range(24))}, "b": {"shape": [4, 2], "data": list(range(8))}}),
    ("tensors", "/shapes", lambda r: {"input": [8, 16, 32], "ops": [{"op": "transpose", "dim0": 1, "dim1": 2}]}),
    ("ml", "/attention", lambda r: {"q": gen([8, 4], r), "k": gen([8, 4], r + 1), "v": gen([8, 4], r + 2), "mask": "causal"}),
    ("ml", "/softmax", lambda r: {"matrix": gen([16, 16], r)}),
    ("grading", "/exercises", lambda r: {"kind": random.choice(["svd", "eigen", "inverse", "pca", "rref"]), "seed": r}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--bin", default="target/release/linalg-server")
    args = ap.parse_args()
    port = free_port(); base = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp(prefix="linalg-soak-")
    proc = subprocess.Popen([args.bin, "--addr", f"127.0.0.1:{port}", "--data-dir", data, "--max-queue", "8"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            if requests.get(f"{base}/ready", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.025)
    requests.put(f"{base}/collections/soak", json={"dimension": 16}, timeout=5)
    counts = collections.Counter()
    lock = threading.Lock()
    deadline = time.time() + args.seconds

    def client(i):
        s = requests.Session(); n = 0
        while time.time() < deadline:
            n += 1
            r = random.randrange(1 << 30)
            roll = random.random()
            try:
                if roll < 0.15:
                    pts = [{"id": random.randrange(20000), "vector": [random.uniform(-1, 1) for _ in range(16)], "payload": {"c": i}} for _ in range(20)]
                    res = s.post(f"{base}/collections/soak/points", json={"points": pts}, timeout=30); group = "collections-write"
                elif roll < 0.25:
                    res = s.post(f"{base}/collections/soak/search", json={"query": [random.uniform(-1, 1) for _ in range(16)], "k": 10, "filter": {"c": i % 4}}, timeout=30); group = "collections-search"
                elif roll < 0.28:
                    res = s.delete(f"{base}/collections/soak/points/{random.randrange(20000)}", timeout=30); group = "collections-delete"
                else:
                    g, path, body = random.choice(REQUESTS)
                    res = s.post(base + path, json=body(r), timeout=30); group = g
                    if path == "/exercises" and res.status_code == 200:
                        ex = res.json()
                        res = s.post(f"{base}/grade", json={"op": ex["op"], "input": ex["input"], "answer": ex["answer"]}, timeout=30)
                        group = "grading"
                        if res.status_code == 200 and not res.json()["correct"]:
                            with lock: counts[("grading", "WRONG-VERDICT")] += 1
                code = res.status_code
                if group == "collections-delete" and code == 404:
                    code = "404(expected)"
            except requests.RequestException as e:
                group, code = "transport", type(e).__name__
            with lock:
                counts[(group, code)] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for t in threads: t.start()
    samples = []
    start = time.time()
    while time.time() < deadline:
        samples.append((time.time() - start, rss_kib(proc.pid)))
        time.sleep(5)
    for t in threads: t.join()
    samples.append((time.time() - start, rss_kib(proc.pid)))
    proc.terminate(); proc.wait()
    print(f"# soak.py: {args.seconds}s, {args.clients} clients, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
    for (g, c), n in sorted(counts.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        print(f"{g:20s} {str(c):16s} {n}")
    per_min = [s for s in samples if int(s[0]) % 60 < 5]
    print("rss_MiB by minute:", " ".join(f"{r / 1024:.0f}" for _, r in per_min))
    half = samples[len(samples) // 2:]
    if len(half) > 2:
        n = len(half); mx = sum(t for t, _ in half) / n; my = sum(r for _, r in half) / n
        slope = sum((t - mx) * (r - my) for t, r in half) / max(sum((t - mx) ** 2 for t, _ in half), 1e-9)
        print(f"rss start {samples[0][1] / 1024:.1f} MiB, peak {max(r for _, r in samples) / 1024:.1f} MiB, end {samples[-1][1] / 1024:.1f} MiB, "
              f"second-half slope {slope * 60 / 1024:+.2f} MiB/min")
    bad = sum(n for (g, c), n in counts.items() if c not in (200, 201, 204, 503, "404(expected)"))
    print(f"non-503 errors: {bad}")


if __name__ == "__main__":
    main()
