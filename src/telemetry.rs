//! Logging and metrics.
//!
//! Logs go through `tracing` (`RUST_LOG` filters, `--log-format json` for log shippers); request
//! bodies and keys are never logged. Every request runs in a span named after its request id
//! (the client's `x-request-id`, or a new one, returned in the response either way), and compute
//! jobs carry that span onto the pool's threads, so a log line about a slow SVD names the request
//! it belongs to. Metrics use the `metrics` facade with a Prometheus recorder installed once per
//! process and rendered by `/metrics`.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Span;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// When the request arrived, stamped by [`record_request`] before the body is read.
#[derive(Debug, Clone, Copy)]
pub struct Arrival(pub Instant);

/// The header that carries a request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// New request ids: a random per-process prefix and a counter, shaped like a UUID
/// (`3f9c0e7a-12b4-d856-0000-000000000001`).
///
/// Unique across servers and restarts like a UUID, without asking the OS for randomness on
/// every request (`MakeRequestUuid` did, and showed in the profile of tiny requests).
#[derive(Debug, Clone)]
pub struct MakeRequestIds {
    prefix: u64,
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Default for MakeRequestIds {
    fn default() -> Self {
        use std::hash::{BuildHasher, Hasher};
        // std seeds every RandomState from the OS once per thread: a random u64 for free
        let prefix = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        Self {
            prefix,
            next: Default::default(),
        }
    }
}

impl tower_http::request_id::MakeRequestId for MakeRequestIds {
    fn make_request_id<B>(
        &mut self,
        _: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = self.prefix;
        let id = format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            p >> 32,
            (p >> 16) & 0xffff,
            p & 0xffff,
            (n >> 48) & 0xffff,
            n & 0xffff_ffff_ffff
        );
        axum::http::HeaderValue::from_str(&id).ok().map(Into::into)
    }
}

/// The span every request runs in: its id, method and path.
pub fn request_span<B>(req: &axum::http::Request<B>) -> Span {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.uri().path()
    )
}

/// Installs the global tracing subscriber. Safe to call more than once (later calls are no-ops).
pub fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("linalg_server=info,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Latency buckets in seconds, from 100 µs (a `/dot`) to 60 s (a 4096 SVD).
const LATENCY_BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0, 30.0, 60.0,
];

/// The process-wide Prometheus recorder, installed on first use.
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
            .expect("valid buckets")
            .install_recorder()
            .expect("installing the Prometheus recorder");
        let upkeep = handle.clone();
        std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                }
            })
            .expect("spawning the metrics upkeep thread");
        handle
    })
}

/// Route middleware: stamps the arrival time (for `timing`) and records the request's count
/// and latency by method, route template and status.
pub async fn record_request(mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    req.extensions_mut().insert(Arrival(start));
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = req.method().to_string();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    response
}
