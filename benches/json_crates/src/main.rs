//! Parse time of a 2000 x 128 `/cosine-search` body (~5 MB of shortest round-trip floats, like
//! the shared load scenario) into f64 rows: serde_json (`float_roundtrip`), sonic-rs and
//! simd-json into `Vec<Vec<f64>>`, and the service's own path (serde_json validates and lends
//! the raw text, `fast-float2` scans it into one flat buffer) as `linalg_server::wire::decode`
//! does it: framing the body so that serde_json never walks the operands. Median of 15 runs each; every
//! parser must give the same bits as serde_json.

use std::time::Instant;

use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use serde::Deserialize;

#[derive(Deserialize)]
struct Rows {
    embeddings: Vec<Vec<f64>>,
    query: Vec<f64>,
}

#[derive(Deserialize)]
struct Service {
    embeddings: linalg_server::wire::MatrixIn,
    query: linalg_server::wire::VectorIn,
}

fn flat(rows: &Rows) -> Vec<f64> {
    rows.embeddings
        .iter()
        .flatten()
        .chain(&rows.query)
        .copied()
        .collect()
}

fn median(mut f: impl FnMut() -> Vec<f64>) -> (f64, Vec<f64>) {
    let mut times = Vec::new();
    let mut out = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        out = f();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], out)
}

fn main() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut row =
        |n: usize| -> Vec<f64> { (0..n).map(|_| StandardNormal.sample(&mut rng)).collect() };
    let body = serde_json::to_vec(&serde_json::json!({
        "embeddings": (0..2000).map(|_| row(128)).collect::<Vec<_>>(),
        "query": row(128),
        "k": 10,
    }))
    .unwrap();
    let mb = body.len() as f64 / 1e6;
    let (t_serde, reference) = median(|| flat(&serde_json::from_slice::<Rows>(&body).unwrap()));
    let (t_sonic, sonic) = median(|| flat(&sonic_rs::from_slice::<Rows>(&body).unwrap()));
    let (t_simd, simd) = median(|| {
        let mut copy = body.clone();
        flat(&simd_json::serde::from_slice::<Rows>(&mut copy).unwrap())
    });
    let service_flat = |s: Service| -> Vec<f64> {
        let mut v = match s.embeddings.0 {
            linalg_server::wire::Numeric::Matrix { data, .. } => data,
            _ => unreachable!(),
        };
        match s.query.0 {
            linalg_server::wire::Numeric::Vector(q) => v.extend(q),
            _ => unreachable!(),
        }
        v
    };
    let (t_before, before) = median(|| service_flat(serde_json::from_slice(&body).unwrap()));
    let (t_service, service) =
        median(|| service_flat(linalg_server::wire::decode(&body, linalg_server::wire::Format::Json).unwrap()));
    let same = |v: &Vec<f64>| {
        v.len() == reference.len()
            && v.iter()
                .zip(&reference)
                .all(|(a, b)| a.to_bits() == b.to_bits())
    };
    println!("body: {:.2} MB (2000 x 128 + query)", mb);
    println!("| parser | ms | MB/s | same bits as serde_json |");
    println!("|---|---|---|---|");
    for (name, t, v) in [
        (
            "serde_json 1 (float_roundtrip) -> Vec<Vec<f64>>",
            t_serde,
            &reference,
        ),
        ("sonic-rs 0.5 -> Vec<Vec<f64>>", t_sonic, &sonic),
        (
            "simd-json 0.17 -> Vec<Vec<f64>> (incl. the copy it needs)",
            t_simd,
            &simd,
        ),
        (
            "linalg-server before: serde_json RawValue + fast-float2 scan, flat",
            t_before,
            &before,
        ),
        (
            "linalg-server: framed in one pass, fast-float2 scan, flat",
            t_service,
            &service,
        ),
    ] {
        println!("| {name} | {t:.2} | {:.0} | {} |", mb / (t / 1e3), same(v));
    }
}
