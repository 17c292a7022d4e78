//! Operations endpoints, saturation behaviour and docs.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, wait_for_load};

#[tokio::test]
async fn health_and_ready_answer() {
    let app = spawn_app().await;
    let r = app.get("/health").await;
    assert_eq!(
        (r.status.as_u16(), r.fields()),
        (200, json!({"status": "ok"}))
    );
    let r = app.get("/ready").await;
    assert_eq!(
        (r.status.as_u16(), r.fields()),
        (
            200,
            json!({"status": "ready", "collections": {"store": "redb", "available": true}})
        )
    );
}

#[tokio::test]
async fn metrics_count_requests_per_route_and_status() {
    let app = spawn_app().await;
    app.ok("/dot", json!({"a": [1], "b": [2]})).await;
    app.post("/dot", json!({"a": [1], "b": [2, 3]})).await;
    let r = app.send(app.client.get(app.url("/metrics"))).await;
    assert_eq!(r.status, 200);
    let text = r.body.as_str().expect("text");
    assert!(
        text.contains(r#"http_requests_total{method="POST",route="/dot",status="200"}"#),
        "{text}"
    );
    assert!(text.contains(r#"route="/dot",status="422""#));
    assert!(text.contains("http_request_duration_seconds_bucket"));
    assert!(text.contains("linalg_pool_queue_depth"));
    assert!(text.contains("linalg_pool_busy_threads"));
}

#[tokio::test]
async fn the_docs_page_is_served_without_network() {
    let app = spawn_app().await;
    let r = app.send(app.client.get(app.url("/docs/"))).await;
    assert_eq!(r.status, 200);
    let html = r.body.as_str().expect("html");
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("https://"),
        "no asset may come from the network"
    );
    let r = app.get("/openapi.json").await;
    assert_eq!(
        r.body["openapi"].as_str().unwrap().chars().next(),
        Some('3')
    );
}

/// The pool saturated by large SVDs: `/health` still answers quickly and extra requests get
/// 503 with Retry-After instead of waiting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_and_extra_work_is_refused_while_the_pool_is_saturated() {
    let app = spawn_app_with(|c| {
        c.threads = Some(1);
        c.max_queue = 1;
    })
    .await;
    let app = std::sync::Arc::new(app);
    let heavy = json!({"matrix": {"random": {"shape": [900, 900], "seed": 3}}});
    let mut running = Vec::new();
    for _ in 0..2 {
        let app = app.clone();
        let body = heavy.clone();
        running.push(tokio::spawn(async move {
            app.post("/svd", body).await.status.as_u16()
        }));
    }
    // one running, one queued: the pool is full (waiting on its gauges, not on a guess of
    // how long an SVD takes on a busy machine)
    wait_for_load(&app, (1, 1)).await;
    let start = Instant::now();
    let r = app.get("/health").await;
    assert_eq!(r.status, 200);
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "health took {:?}",
        start.elapsed()
    );

    let start = Instant::now();
    let r = app.post("/svd", heavy.clone()).await;
    assert!(
        r.expect_problem(503, "overloaded")
            .contains("queue is full")
    );
    assert_eq!(r.headers["retry-after"], "1");
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "the 503 took {:?}",
        start.elapsed()
    );
    for h in running {
        assert_eq!(h.await.unwrap(), 200);
    }
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_408() {
    let app = spawn_app_with(|c| c.request_timeout_secs = 1).await;
    let r = app
        .post(
            "/svd",
            json!({"matrix": {"random": {"shape": [1500, 1500], "seed": 1}}}),
        )
        .await;
    r.expect_problem(408, "request-timeout");
}

#[tokio::test]
async fn every_response_carries_its_request_id() {
    let app = spawn_app().await;
    let r = app.get("/health").await;
    let minted = r.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(minted.len(), 36, "shaped like a UUID: {minted}");
    let again = app.get("/health").await;
    assert_ne!(again.headers["x-request-id"], minted.as_str());
    // a client's own id is kept, on success and on error alike
    for body in [
        json!({"a": [1, 2], "b": [3, 4]}),
        json!({"a": [1], "b": [3, 4]}),
    ] {
        let r = app
            .send(
                app.client
                    .post(app.url("/dot"))
                    .header("x-request-id", "client-req-42")
                    .json(&body),
            )
            .await;
        assert_eq!(r.headers["x-request-id"], "client-req-42");
    }
}
