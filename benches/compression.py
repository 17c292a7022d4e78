"""Which response compression pays, and below which link speed.

    python benches/compression.py http://127.0.0.1:8080      (with zstandard, brotli, msgpack)

Fetches the heavy responses of the load scenarios (JSON and MessagePack), compresses each with
gzip, zstd and brotli at their fastest settings (one core, best of several runs), and prints
for each: size, ratio, compression and decompression speed, and the break-even link speed:
compressing pays only when the bytes it saves take longer to send than compressing and
decompressing them takes, i.e. on links slower than

    saved_bits / (compress_s + decompress_s)

Faster links (10 Gbit/s in a data centre, loopback) lose throughput to compression.
"""

from __future__ import annotations

import gzip
import sys
import time
import zlib

import brotli
import httpx
import numpy as np
import zstandard

rng = np.random.default_rng(7)
SCENARIOS = {
    "svd 256x256": ("/svd", {"matrix": rng.standard_normal((256, 256)).tolist()}),
    "pca 1000x50": ("/pca", {"data": rng.standard_normal((1000, 50)).tolist()}),
    "search 2000x128, k=10": (
        "/cosine-search",
        {"query": rng.standard_normal(128).tolist(), "embeddings": rng.standard_normal((2000, 128)).tolist(), "k": 10},
    ),
    "search 2000x128, k=2000": (
        "/cosine-search",
        {"query": rng.standard_normal(128).tolist(), "embeddings": rng.standard_normal((2000, 128)).tolist(), "k": 2000},
    ),
}

CODECS = {
    "gzip-1": (lambda b: gzip.compress(b, compresslevel=1, mtime=0), gzip.decompress),
    "zstd-1": (
        lambda b: zstandard.ZstdCompressor(level=1).compress(b),
        lambda b: zstandard.ZstdDecompressor().decompress(b),
    ),
    "zstd--3": (  # zstd's "fast" levels trade ratio for speed
        lambda b: zstandard.ZstdCompressor(level=-3).compress(b),
        lambda b: zstandard.ZstdDecompressor().decompress(b),
    ),
    "brotli-0": (lambda b: brotli.compress(b, quality=0), brotli.decompress),
}
_ = zlib  # gzip uses zlib; imported to make the dependency explicit


def best_time(f, arg, runs: int = 7) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        f(arg)
        best = min(best, time.perf_counter() - t)
    return best


def main(url: str) -> None:
    print("| response | format | bytes | codec | ratio | compress MB/s | decompress MB/s | pays below |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (path, body) in SCENARIOS.items():
        for fmt in ("json", "msgpack"):
            accept = "application/json" if fmt == "json" else "application/msgpack"
            r = httpx.post(url + path, json=body, headers={"accept": accept, "accept-encoding": "identity"}, timeout=60)
            r.raise_for_status()
            raw = r.content
            for codec, (compress, decompress) in CODECS.items():
                packed = compress(raw)
                tc = best_time(compress, raw)
                td = best_time(decompress, packed)
                saved_bits = (len(raw) - len(packed)) * 8
                pays_below = saved_bits / (tc + td) / 1e9 if saved_bits > 0 else 0.0
                print(
                    f"| {name} | {fmt} | {len(raw):,} | {codec} | {len(raw) / len(packed):.2f}x "
                    f"| {len(raw) / tc / 1e6:.0f} | {len(raw) / td / 1e6:.0f} | {pays_below:.2f} Gbit/s |"
                )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
