//! Access control, CORS and hostile input.

use proptest::prelude::*;
use serde_json::json;

use crate::helpers::spawn_app_with;

#[tokio::test]
async fn an_api_key_guards_collection_writes_only() {
    let app = spawn_app_with(|c| c.api_key = Some("s3cret".into())).await;
    let put = || {
        app.client
            .put(app.url("/collections/docs"))
            .json(&json!({"dimension": 2}))
    };
    let r = app.send(put()).await;
    r.expect_problem(401, "unauthorized");
    assert_eq!(r.headers["www-authenticate"], "Bearer");
    app.send(put().bearer_auth("wrong"))
        .await
        .expect_problem(401, "unauthorized");
    assert_eq!(app.send(put().bearer_auth("s3cret")).await.status, 201);
    let points = json!({"points": [{"id": 1, "vector": [1, 0]}]});
    app.post("/collections/docs/points", points.clone())
        .await
        .expect_problem(401, "unauthorized");
    let r = app
        .send(
            app.client
                .post(app.url("/collections/docs/points"))
                .bearer_auth("s3cret")
                .json(&points),
        )
        .await;
    assert_eq!(r.status, 200);
    // reads and compute stay open
    assert_eq!(
        app.post("/collections/docs/search", json!({"query": [1, 0]}))
            .await
            .status,
        200
    );
    assert_eq!(app.get("/collections/docs").await.status, 200);
    assert_eq!(
        app.post("/dot", json!({"a": [1], "b": [1]})).await.status,
        200
    );
    app.send(app.client.delete(app.url("/collections/docs/points/1")))
        .await
        .expect_problem(401, "unauthorized");
    app.send(app.client.delete(app.url("/collections/docs")))
        .await
        .expect_problem(401, "unauthorized");
}

#[tokio::test]
async fn api_key_all_guards_everything_but_the_probes() {
    let app = spawn_app_with(|c| {
        c.api_key = Some("k".into());
        c.api_key_all = true;
    })
    .await;
    app.post("/dot", json!({"a": [1], "b": [1]}))
        .await
        .expect_problem(401, "unauthorized");
    app.get("/openapi.json")
        .await
        .expect_problem(401, "unauthorized");
    let r = app
        .send(
            app.client
                .post(app.url("/dot"))
                .bearer_auth("k")
                .json(&json!({"a": [1], "b": [1]})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(app.get("/health").await.status, 200);
    assert_eq!(app.get("/ready").await.status, 200);
}

#[tokio::test]
async fn cors_is_off_by_default_and_configurable() {
    let app = spawn_app_with(|_| {}).await;
    let r = app
        .send(
            app.client
                .get(app.url("/health"))
                .header("origin", "https://example.org"),
        )
        .await;
    assert!(r.headers.get("access-control-allow-origin").is_none());
    let app = spawn_app_with(|c| c.cors_origins = vec!["https://course.example".into()]).await;
    let r = app
        .send(
            app.client
                .get(app.url("/health"))
                .header("origin", "https://course.example"),
        )
        .await;
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "https://course.example"
    );
    let r = app
        .send(
            app.client
                .get(app.url("/health"))
                .header("origin", "https://evil.example"),
        )
        .await;
    assert!(r.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn deep_or_large_payloads_are_refused() {
    let app = spawn_app_with(|_| {}).await;
    let r = app
        .send(
            app.client
                .put(app.url("/collections/p"))
                .json(&json!({"dimension": 1})),
        )
        .await;
    assert_eq!(r.status, 201);
    let mut deep = json!(1);
    for _ in 0..40 {
        deep = json!([deep]);
    }
    let r = app
        .post(
            "/collections/p/points",
            json!({"points": [{"id": 1, "vector": [1], "payload": {"x": deep}}]}),
        )
        .await;
    r.expect_problem(422, "too-large");
    let big = "x".repeat(70_000);
    let r = app
        .post(
            "/collections/p/points",
            json!({"points": [{"id": 1, "vector": [1], "payload": {"x": big}}]}),
        )
        .await;
    r.expect_problem(422, "too-large");
    let r = app
        .post(
            "/collections/p/points",
            json!({"points": [{"id": "y".repeat(300), "vector": [1]}]}),
        )
        .await;
    r.expect_problem(422, "invalid-input");
}

/// Cases per fuzz property: 256 in the suite, more with `FUZZ_CASES=200000 cargo test ... never_panic`.
fn fuzz_cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases()))]

    /// The wire layer never panics, whatever the bytes.
    #[test]
    fn arbitrary_bodies_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = linalg_server::wire::decode::<linalg_server::api::ops::decompositions::SvdRequest>(&bytes, linalg_server::wire::Format::Json);
        let _ = linalg_server::wire::decode::<linalg_server::api::ops::tensors::ShapesRequest>(&bytes, linalg_server::wire::Format::Json);
        let _ = linalg_server::wire::Numeric::from_json_text(&String::from_utf8_lossy(&bytes));
    }

    /// JSON-shaped garbage: brackets, numbers, commas and junk in any order.
    #[test]
    fn json_like_operands_never_panic(tokens in proptest::collection::vec(prop_oneof![
        Just("["), Just("]"), Just(","), Just("-"), Just("1e400"), Just("0.5"), Just("true"),
        Just("\"x\""), Just("{"), Just("}"), Just("null"), Just(" "), Just("-0"), Just("12345678901234567890123")
    ], 0..40)) {
        let text: String = tokens.concat();
        let limits = linalg_server::limits::Limits::default();
        if let Ok(n) = linalg_server::wire::Numeric::from_json_text(&text) {
            let _ = n.clone().into_mat("m", &limits);
            let _ = n.into_vec("v", &limits);
        }
        let body = format!("{{\"matrix\": {text}}}");
        let _ = linalg_server::wire::decode::<linalg_server::api::ops::decompositions::SvdRequest>(body.as_bytes(), linalg_server::wire::Format::Json);
    }

    /// The exact-rational reader never panics and never accepts what is not a number.
    #[test]
    fn the_rational_parser_never_panics(text in "[-+0-9.eE]{0,30}") {
        if let Ok(q) = linalg_server::wire::exact::parse_decimal(&text) {
            prop_assert!(text.parse::<f64>().is_ok(), "{text} parsed as {q}");
        }
    }
}

#[tokio::test]
async fn idle_and_stalled_connections_are_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(|c| c.idle_timeout_secs = Some(1)).await;
    // A client that sends half a request and stalls.
    let mut stalled = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stalled
        .write_all(b"POST /dot HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        stalled.read_to_end(&mut buf),
    )
    .await;
    assert!(
        read.is_ok(),
        "the server closes a stalled connection within the idle timeout"
    );
    // The server is still serving others.
    assert_eq!(app.get("/health").await.status, 200);
}
