//! Admission (issue #20): refusals before the body is read, a Retry-After that follows the
//! queue, and a light lane for tiny requests.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, spawn_app_with, wait_for_load};

/// Starts `n` requests in the background; their statuses come back from the handles.
fn spawn_posts(
    app: &Arc<TestApp>,
    path: &'static str,
    body: &Value,
    n: usize,
) -> Vec<tokio::task::JoinHandle<u16>> {
    (0..n)
        .map(|_| {
            let (app, body) = (Arc::clone(app), body.clone());
            tokio::spawn(async move { app.post(path, body).await.status.as_u16() })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_request_is_answered_before_its_body_has_been_sent() {
    let app = Arc::new(
        spawn_app_with(|c| {
            c.threads = Some(1);
            c.max_queue = 0;
        })
        .await,
    );
    let heavy = json!({"matrix": {"random": {"shape": [1200, 1200], "seed": 3}}});
    let running = spawn_posts(&app, "/svd", &heavy, 1);
    wait_for_load(&app, (1, 0)).await;

    // headers announcing 8 MB, then only the first 64 KiB of the body
    let mut socket = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = "POST /svd HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: 8000000\r\n\r\n";
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&[b' '; 64 * 1024]).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut answer))
        .await
        .expect("the refusal arrives while the body is still unsent")
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..read]).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 503"), "{text}");
    assert!(text.contains("retry-after:"), "{text}");
    assert!(text.contains("application/problem+json"), "{text}");
    // and the connection is closed, not drained: the unsent megabytes are never waited for
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut rest))
        .await
        .expect("the server closes the connection of a refused request")
        .ok();
    for h in running {
        assert_eq!(h.await.unwrap(), 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_is_the_queues_drain_time_and_tiny_requests_still_get_through() {
    const WAITING: usize = 30;
    let app = Arc::new(
        spawn_app_with(|c| {
            c.threads = Some(1);
            c.max_queue = WAITING;
            c.max_queue_wait_ms = 0;
        })
        .await,
    );
    let svd = json!({"matrix": {"random": {"shape": [400, 400], "seed": 5}}});
    let dot = json!({"a": [1, 2, 3], "b": [4, 5, 6]});
    // the pool learns what each costs
    let mut cost_us = 0;
    for _ in 0..2 {
        cost_us = app.ok("/svd", svd.clone()).await["timing"]["compute_us"]
            .as_u64()
            .unwrap();
    }
    for _ in 0..3 {
        app.ok("/dot", dot.clone()).await;
    }

    // one SVD running and WAITING more queued: the next is refused
    let queued = spawn_posts(&app, "/svd", &svd, 1 + WAITING);
    wait_for_load(&app, (1, WAITING as u64)).await;
    let refused = app.post("/svd", svd.clone()).await;
    assert!(
        refused
            .expect_problem(503, "overloaded")
            .contains("queue is full")
    );
    let retry_after: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // about WAITING SVDs (plus what is left of the running one) on one worker
    let drain_secs = (WAITING as f64 * cost_us as f64) / 1e6;
    assert!(
        (retry_after as f64) >= drain_secs.ceil() - 1.0
            && (retry_after as f64) <= drain_secs.ceil() + 2.0,
        "Retry-After {retry_after} s for a queue of about {drain_secs:.2} s"
    );

    // a /dot of 3-vectors does not wait behind them
    let started = std::time::Instant::now();
    let answer = app.ok("/dot", dot.clone()).await;
    assert_eq!(answer["dot"], 32.0);
    assert!(
        started.elapsed().as_secs_f64() < drain_secs / 2.0 + 0.2,
        "the dot took {:?} behind {drain_secs:.2} s of SVDs",
        started.elapsed()
    );
    for h in queued {
        assert_eq!(h.await.unwrap(), 200);
    }

    // with the queue drained, a refusal (none now) would come back sooner: the next SVD runs
    let answer = app.ok("/svd", svd).await;
    assert!(answer["s"].is_array());
}
