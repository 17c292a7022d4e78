#!/usr/bin/env python3
"""Stored-collection search over HTTP: upload N x D random unit vectors (batches of 1000), then
time single-query and 100-query searches (k = 10) against a running server.

    python3 benches/http_search.py http://127.0.0.1:18080 [N] [D]     (bench virtualenv)
"""
import statistics, sys, time

import numpy as np
import requests

base = sys.argv[1].rstrip("/"); n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000; d = int(sys.argv[3]) if len(sys.argv) > 3 else 384
rng = np.random.default_rng(1)
s = requests.Session()
s.delete(f"{base}/collections/httpbench")
assert s.put(f"{base}/collections/httpbench", json={"dimension": d, "metric": "cosine"}).status_code == 201
t = time.perf_counter()
for b in range(0, n, 1000):
    x = rng.standard_normal((min(1000, n - b), d))
    pts = [{"id": b + i, "vector": v} for i, v in enumerate(x.tolist())]
    r = s.post(f"{base}/collections/httpbench/points", json={"points": pts}); assert r.status_code == 200, r.text
up = time.perf_counter() - t


def timed(body, reps):
    out = []
    for _ in range(reps):
        t = time.perf_counter(); r = s.post(f"{base}/collections/httpbench/search", json=body); out.append(time.perf_counter() - t)
        assert r.status_code == 200, r.text
    return statistics.median(out) * 1e3, r.json()["timing"]


one, t1 = timed({"query": rng.standard_normal(d).tolist(), "k": 10, "with_payload": False}, 20)
many, t100 = timed({"queries": rng.standard_normal((100, d)).tolist(), "k": 10, "with_payload": False}, 5)
print(f"| {n} x {d} over HTTP | upload {n / up:.0f} points/s (client JSON encoding included) | 1 query {one:.1f} ms (server compute {t1['compute_us'] / 1e3:.1f} ms) | 100 queries {many:.0f} ms (server compute {t100['compute_us'] / 1e3:.0f} ms) |")
