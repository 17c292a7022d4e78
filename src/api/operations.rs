//! Operations endpoints: liveness, readiness and Prometheus metrics.
//!
//! These run on the async runtime, never on the compute pool, so they answer in milliseconds
//! even when every worker is busy: that is what a load balancer's health check needs.

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::{RequestHead, answer_now};
use super::state::AppState;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Status {
    /// `ok` (health), `ready` or `draining` (readiness).
    pub status: String,
    /// Readiness only: whether collection requests are served now. Compute endpoints do not
    /// depend on it, so a server whose database is down stays ready (200) for them while its
    /// collection requests answer 503.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collections: Option<CollectionsStatus>,
}

/// Where the collections live and whether they can be served.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"store": "postgres", "available": false, "detail": "the collections are still loading from the database"}))]
pub struct CollectionsStatus {
    /// `redb` (the file in --data-dir) or `postgres` (--database-url).
    pub store: String,
    /// False while the database is unreachable or the collections are still loading.
    pub available: bool,
    /// Why they are not available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Liveness: the process is up and its runtime answers.
///
/// Answered on the async runtime, never queued behind compute work: a load balancer's check
/// gets its answer in milliseconds even while every worker is busy. Never needs an API key.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "Alive", body = Status)))]
pub async fn health(head: RequestHead) -> Response {
    answer_now(
        head,
        StatusCode::OK,
        Status {
            status: "ok".into(),
            collections: None,
        },
    )
}

/// Readiness: 200 while serving, 503 while starting or draining.
///
/// Turns 503 when a shutdown signal arrives, so that a load balancer stops sending new
/// requests while those in flight finish. Never needs an API key. `collections` reports the
/// store: with --database-url, `available` is false while the database is unreachable or the
/// collections are still loading (collection requests then answer 503 with Retry-After; the
/// server stays ready for compute).
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses(
        (status = 200, description = "Serving", body = Status, example = json!({"status": "ready", "collections": {"store": "redb", "available": true}, "timing": {"queue_us": 0, "compute_us": 0, "total_us": 3}})),
        (status = 503, description = "Starting or draining", body = Status, example = json!({"status": "draining", "timing": {"queue_us": 0, "compute_us": 0, "total_us": 3}}))))]
pub async fn ready(State(state): State<AppState>, head: RequestHead) -> Response {
    let (status, word) = if state.ready.load(Ordering::Relaxed) {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "draining")
    };
    let (store, unavailable) = state.store.status();
    answer_now(
        head,
        status,
        Status {
            status: word.into(),
            collections: Some(CollectionsStatus {
                store: store.into(),
                available: unavailable.is_none(),
                detail: unavailable,
            }),
        },
    )
}

/// Prometheus metrics: request counts and latency histograms per route and status, compute
/// queue depth and busy workers, collection sizes.
///
/// Text exposition format 0.0.4, for a Prometheus scrape; answered on the runtime like
/// `/health`.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let stats = state.pool.stats();
    metrics::gauge!("linalg_pool_queue_depth").set(stats.queued.load(Ordering::Relaxed) as f64);
    metrics::gauge!("linalg_pool_busy_threads").set(stats.busy.load(Ordering::Relaxed) as f64);
    metrics::gauge!("linalg_pool_threads").set(state.pool.threads() as f64);
    for (name, count) in state.store.counts() {
        metrics::gauge!("linalg_collection_points", "collection" => name).set(count as f64);
    }
    let body = crate::telemetry::metrics_handle().render();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
