//! Criterion benches of the wire layer: parsing matrix bodies and writing matrix responses.
//!
//! `cargo bench --bench wire`. These are the costs that dominate most requests (see
//! `benches/README.md`), measured apart from HTTP and from the math.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use faer::Mat;
use linalg_server::limits::Limits;
use linalg_server::wire::{MatOut, Numeric};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn matrix_json(rows: usize, cols: usize) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let m: Vec<Vec<f64>> = (0..rows)
        .map(|_| (0..cols).map(|_| rng.random_range(-1.0..1.0)).collect())
        .collect();
    serde_json::to_string(&m).unwrap()
}

fn bench_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_matrix");
    for (r, cols) in [(64, 64), (256, 256), (2000, 128)] {
        let text = matrix_json(r, cols);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{r}x{cols}")),
            &text,
            |b, text| {
                b.iter(|| {
                    let n: Numeric = serde_json::from_str(text).unwrap();
                    n.into_row_major("m", &Limits::default()).unwrap()
                })
            },
        );
    }
    g.finish();
}

fn bench_write(c: &mut Criterion) {
    let mut g = c.benchmark_group("write_matrix");
    for n in [64, 256] {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let m = MatOut(Mat::from_fn(n, n, |_, _| rng.random_range(-1.0..1.0)));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{n}x{n}")),
            &m,
            |b, m| b.iter(|| serde_json::to_vec(m).unwrap()),
        );
    }
    g.finish();
}

criterion_group!(wire, bench_parse, bench_write);
criterion_main!(wire);
