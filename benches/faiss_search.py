"""FAISS IndexFlatIP reference for exact top-k search (issue #5), one thread.

    python benches/faiss_search.py [points] [dimension]     (defaults 100000 384)

Same shape of data as `cargo bench --bench store_load` and `cargo bench --bench kernels --
cosine_search`: uniform [-1, 1) vectors, L2-normalised, float32, k = 10. Prints the median
single-query latency (of 20) and 100-query batch latency (of 5), in milliseconds.
"""

import sys
import time

import faiss
import numpy as np


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    d = int(sys.argv[2]) if len(sys.argv) > 2 else 384
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(1)
    data = rng.uniform(-1, 1, (n, d)).astype(np.float32)
    faiss.normalize_L2(data)
    index = faiss.IndexFlatIP(d)
    index.add(data)

    def timed(q: int, rounds: int) -> float:
        times = []
        for _ in range(rounds):
            queries = rng.uniform(-1, 1, (q, d)).astype(np.float32)
            faiss.normalize_L2(queries)
            start = time.perf_counter()
            index.search(queries, 10)
            times.append((time.perf_counter() - start) * 1e3)
        return float(np.median(times))

    one, hundred = timed(1, 20), timed(100, 5)
    print(f"| {n} x {d} | FAISS {faiss.__version__} IndexFlatIP, 1 thread | 1 query {one:.2f} ms | 100 queries {hundred:.1f} ms |")


if __name__ == "__main__":
    main()
