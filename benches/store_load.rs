//! Collection store at scale, in process: upsert throughput (batches of 1,000), the checkpoint
//! saved at shutdown, start-up load time from the database (as after a crash) and from the
//! checkpoint, resident memory after loading, single-query / 100-query search latency, and
//! single-query latency while another thread upserts batches of 1,000 (half replacing existing
//! points, half new) as fast as it can: searches read a snapshot and never wait for the writer.
//!
//! `cargo bench --bench store_load -- [points] [dimension]` (defaults 100000 384). Prints a
//! Markdown table; the data goes to a temporary directory that is removed afterwards.

use std::time::Instant;

use linalg_server::linalg::search::Metric;
use linalg_server::store::{CollectionConfig, Point, PointId, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
            })
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let d: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(384);
    faer::set_global_parallelism(faer::Par::Seq);
    // RUST_LOG=linalg_server=debug shows each start-up and checkpoint's time
    if std::env::var_os("RUST_LOG").is_some() {
        linalg_server::telemetry::init_tracing(linalg_server::config::LogFormat::Pretty);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let config = CollectionConfig {
        dimension: d,
        metric: Metric::Cosine,
    };
    let (upsert_secs, checkpoint_secs) = {
        let store = Store::open(dir.path()).expect("open");
        store.create("bench", config).expect("create");
        let start = Instant::now();
        for batch in 0..n.div_ceil(1000) {
            let points = (batch * 1000..((batch + 1) * 1000).min(n))
                .map(|i| Point {
                    id: PointId::Int(i as u64),
                    vector: (0..d).map(|_| rng.random_range(-1.0..1.0)).collect(),
                    payload: None,
                })
                .collect();
            store.upsert("bench", points).expect("upsert");
        }
        let upserts = start.elapsed().as_secs_f64();
        let start = Instant::now();
        store.checkpoint().expect("checkpoint");
        (upserts, start.elapsed().as_secs_f64())
    };
    // as after a crash: no checkpoint, every vector read from the database
    let rebuild_secs = {
        for entry in std::fs::read_dir(dir.path().join("index")).expect("index dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "ckpt") {
                std::fs::remove_file(path).expect("remove");
            }
        }
        let start = Instant::now();
        let store = Store::open(dir.path()).expect("reopen");
        let secs = start.elapsed().as_secs_f64();
        store.checkpoint().expect("checkpoint");
        secs
    };
    let before = rss_mib();
    let start = Instant::now();
    let store = Store::open(dir.path()).expect("reopen from the checkpoint");
    let load_secs = start.elapsed().as_secs_f64();
    let loaded_rss = rss_mib();
    let query = |rng: &mut ChaCha8Rng, q: usize| -> Vec<f64> {
        (0..q * d).map(|_| rng.random_range(-1.0..1.0)).collect()
    };
    let mut single = Vec::new();
    for _ in 0..20 {
        let q = query(&mut rng, 1);
        let t = Instant::now();
        store.search("bench", q, 10, None, false).expect("search");
        single.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut batch = Vec::new();
    for _ in 0..5 {
        let q = query(&mut rng, 100);
        let t = Instant::now();
        store.search("bench", q, 10, None, false).expect("search");
        batch.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    // Searches while a writer thread upserts: median and worst single-query latency.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (mut contended, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut rng = ChaCha8Rng::seed_from_u64(2);
            let mut written = 0usize;
            let mut next_new = n;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let points = (0..1000)
                    .map(|i| {
                        let id = if i % 2 == 0 {
                            rng.random_range(0..n)
                        } else {
                            next_new += 1;
                            next_new
                        };
                        Point {
                            id: PointId::Int(id as u64),
                            vector: (0..d).map(|_| rng.random_range(-1.0..1.0)).collect(),
                            payload: None,
                        }
                    })
                    .collect();
                store.upsert("bench", points).expect("upsert");
                written += 1000;
            }
            written
        });
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut times = Vec::new();
        let start = Instant::now();
        while start.elapsed().as_secs_f64() < 10.0 {
            let q = query(&mut rng, 1);
            let t = Instant::now();
            store.search("bench", q, 10, None, false).expect("search");
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        (times, writer.join().expect("writer"))
    });
    let worst = contended.iter().copied().fold(0.0, f64::max);
    // the scan of a cosine collection reads each row as int8 codes
    let scanned_gb = (n * d) as f64 / 1e9;
    let one = median(&mut single);
    println!(
        "| points x dim | upsert points/s (batches of 1000, fsync each) | checkpoint s | start-up s: from the checkpoint / from the database | RSS after load MiB (before {before:.0}) | 1 query ms (int8 scan GB/s) | 100 queries ms | 1 query ms while upserting: median / worst (searches, points written in 10 s) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {n} x {d} | {:.0} | {checkpoint_secs:.2} | {load_secs:.2} / {rebuild_secs:.2} | {loaded_rss:.0} | {one:.2} ({:.1}) | {:.1} | {:.2} / {worst:.1} ({}, {written}) |",
        n as f64 / upsert_secs,
        scanned_gb / (one / 1e3),
        median(&mut batch),
        median(&mut contended),
        contended.len(),
    );
}
