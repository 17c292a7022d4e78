//! Criterion benches of the compute kernels, in process (no HTTP, no JSON).
//!
//! `cargo bench --bench kernels` runs them all; `cargo bench --bench kernels -- svd` one group.
//! Results and the machine they ran on are recorded in `benches/README.md`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use faer::Mat;
use linalg_server::linalg::search::{Metric, normalize_rows, search};
use linalg_server::linalg::{decomp, pca, products};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One thread per kernel, as in the server's compute pool (and as NumPy with one BLAS thread).
fn sequential() {
    faer::set_global_parallelism(faer::Par::Seq);
}

fn random_mat(rows: usize, cols: usize, seed: u64) -> Mat<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Mat::from_fn(rows, cols, |_, _| rng.random_range(-1.0..=1.0))
}

fn random_vec(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| rng.random_range(-1.0..=1.0)).collect()
}

fn bench_dot(c: &mut Criterion) {
    sequential();
    let mut g = c.benchmark_group("dot");
    for n in [64, 4096, 1 << 20] {
        let (a, b) = (random_vec(n, 1), random_vec(n, 2));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bench, _| {
            bench.iter(|| products::dot(&a, &b).unwrap())
        });
    }
    g.finish();
}

fn bench_matmul(c: &mut Criterion) {
    sequential();
    let mut g = c.benchmark_group("matmul");
    g.sample_size(10);
    for n in [64, 256, 512, 1024] {
        let (a, b) = (random_mat(n, n, 1), random_mat(n, n, 2));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bench, _| {
            bench.iter(|| products::matmul(&a, &b).unwrap())
        });
    }
    g.finish();
}

fn bench_svd(c: &mut Criterion) {
    sequential();
    let mut g = c.benchmark_group("thin_svd");
    g.sample_size(10);
    for n in [64, 256, 512, 1024] {
        let a = random_mat(n, n, 3);
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bench, _| {
            bench.iter(|| decomp::svd(&a, false).unwrap())
        });
    }
    g.finish();
}

fn bench_eigen_inverse(c: &mut Criterion) {
    sequential();
    let mut g = c.benchmark_group("eigen_inverse");
    g.sample_size(10);
    let a = random_mat(512, 512, 7);
    let sym = &a + a.transpose();
    g.bench_function("symmetric_eigen_512", |b| {
        b.iter(|| decomp::eigen(&sym, Some(true)).unwrap())
    });
    g.bench_function("inverse_512", |b| {
        b.iter(|| linalg_server::linalg::solve::inverse(&a).unwrap())
    });
    g.finish();
}

fn bench_pca(c: &mut Criterion) {
    sequential();
    let mut g = c.benchmark_group("pca");
    g.sample_size(10);
    for (n, p) in [(1000, 50), (10_000, 100)] {
        let data = random_mat(n, p, 4);
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{n}x{p}")),
            &n,
            |bench, _| bench.iter(|| pca::pca(&data, None, false).unwrap()),
        );
    }
    g.finish();
}

fn bench_search(c: &mut Criterion) {
    sequential();
    let mut g = c.benchmark_group("cosine_search");
    g.sample_size(10);
    for (n, d, q) in [(2000, 128, 1), (100_000, 384, 1), (100_000, 384, 100)] {
        let mut emb: Vec<f32> = random_vec(n * d, 5).into_iter().map(|x| x as f32).collect();
        normalize_rows(&mut emb, d).unwrap();
        let mut queries: Vec<f32> = random_vec(q * d, 6).into_iter().map(|x| x as f32).collect();
        normalize_rows(&mut queries, d).unwrap();
        let e = faer::MatRef::from_row_major_slice(&emb, n, d);
        let qs = faer::MatRef::from_row_major_slice(&queries, q, d);
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{n}x{d}_q{q}_f32")),
            &n,
            |bench, _| bench.iter(|| search(e, qs, 10, Metric::Cosine, None).unwrap()),
        );
    }
    g.finish();
}

criterion_group!(
    kernels,
    bench_dot,
    bench_matmul,
    bench_svd,
    bench_eigen_inverse,
    bench_pca,
    bench_search
);
criterion_main!(kernels);
