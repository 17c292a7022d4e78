#!/usr/bin/env python3
"""NumPy/OpenBLAS timings with one thread for the kernels benches/kernels.rs measures in Rust.

    OPENBLAS_NUM_THREADS=1 python3 benches/numpy_kernels.py     (bench virtualenv's python)

Median of several runs per kernel, in milliseconds, as a Markdown table. Run it right after
`cargo bench --bench kernels` on the same machine and compare ratios, not absolutes.
"""
import os, statistics, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402


def bench(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


rng = np.random.default_rng(1)
rows = []
for n in (512, 1024):
    a, b = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
    rows.append((f"matmul {n}", bench(lambda: a @ b, 7)))
for n in (256, 512):
    a = rng.uniform(-1, 1, (n, n))
    rows.append((f"thin SVD {n}", bench(lambda: np.linalg.svd(a, full_matrices=False), 5)))
a = rng.uniform(-1, 1, (512, 512)); s = a + a.T
rows.append(("symmetric eigen 512", bench(lambda: np.linalg.eigh(s), 5)))
rows.append(("inverse 512", bench(lambda: np.linalg.inv(a), 7)))
x = rng.uniform(-1, 1, (10000, 100))


def pca():
    c = x - x.mean(axis=0)
    u, sv, vt = np.linalg.svd(c, full_matrices=False)
    return u * sv, vt


rows.append(("PCA 10000x100", bench(pca, 5)))
print(f"numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
print("| kernel | numpy ms |\n|---|---|")
for name, ms in rows:
    print(f"| {name} | {ms:.2f} |")
