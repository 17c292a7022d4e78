//! Connection-level behaviour: content codings (responses compressed only when configured,
//! compressed request bodies always read), and HTTP/2 without TLS.

use std::io::Read;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{spawn_app, spawn_app_with};

/// A large SVD body, answered with and without `Accept-Encoding`.
fn svd_body() -> Value {
    json!({"matrix": {"random": {"shape": [120, 120], "seed": 9}}})
}

async fn post_accepting(
    app: &crate::helpers::TestApp,
    path: &str,
    body: &Value,
    accept: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("accept-encoding", accept)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn without_timing(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("timing");
    v
}

#[tokio::test]
async fn responses_are_not_compressed_by_default_even_when_the_client_accepts_it() {
    let app = spawn_app().await;
    let response = post_accepting(&app, "/svd", &svd_body(), "gzip, deflate, zstd").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("content-encoding").is_none());
    assert!(response.headers().get("vary").is_none());
}

#[tokio::test]
async fn with_compression_configured_large_responses_use_the_accepted_codec() {
    for (flag, token) in [
        (linalg_server::config::CompressionFlag::Gzip, "gzip"),
        (linalg_server::config::CompressionFlag::Zstd, "zstd"),
    ] {
        let app = spawn_app_with(|c| c.compression = flag).await;
        let plain = without_timing(app.ok("/svd", svd_body()).await);
        let response = post_accepting(&app, "/svd", &svd_body(), &format!("br, {token}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-encoding"], token);
        assert_eq!(response.headers()["vary"], "accept-encoding");
        let packed = response.bytes().await.unwrap();
        let mut text = Vec::new();
        match token {
            "gzip" => {
                flate2::read::GzDecoder::new(&packed[..])
                    .read_to_end(&mut text)
                    .unwrap();
            }
            _ => text = zstd::stream::decode_all(&packed[..]).unwrap(),
        }
        assert!(
            packed.len() * 2 < text.len(),
            "{token}: {} -> {}",
            text.len(),
            packed.len()
        );
        assert_eq!(
            without_timing(serde_json::from_slice(&text).unwrap()),
            plain
        );
        // a client that does not accept the codec, and small answers, get plain bodies
        let other = if token == "gzip" { "zstd" } else { "gzip" };
        let response = post_accepting(&app, "/svd", &svd_body(), other).await;
        assert!(response.headers().get("content-encoding").is_none());
        let response = post_accepting(
            &app,
            "/dot",
            &json!({"a": [1, 2, 3], "b": [4, 5, 6]}),
            token,
        )
        .await;
        assert!(response.headers().get("content-encoding").is_none());
        let v: Value = response.json().await.unwrap();
        assert_eq!(v["dot"], 32.0);
    }
}

#[tokio::test]
async fn compressed_request_bodies_are_read_up_to_the_body_limit() {
    use std::io::Write;
    let app = spawn_app_with(|c| c.max_body_bytes = 1 << 20).await;
    let body = serde_json::to_vec(&json!({"a": [1, 2, 3], "b": [4, 5, 6]})).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&body).unwrap();
    let gzipped = gz.finish().unwrap();
    let zstded = zstd::bulk::compress(&body, 1).unwrap();
    for (coding, bytes) in [("gzip", gzipped), ("zstd", zstded)] {
        let r = app
            .send(
                app.client
                    .post(app.url("/dot"))
                    .header("content-type", "application/json")
                    .header("content-encoding", coding)
                    .body(bytes),
            )
            .await;
        assert_eq!(r.status, 200, "{coding}: {}", r.body);
        assert_eq!(r.body["dot"], 32.0);
    }
    // 8 MiB of spaces inside a JSON body packs into a few KiB: under the limit as sent, over it
    // once inflated
    let mut bomb = b"{\"a\": [1], \"b\": [2]".to_vec();
    bomb.extend(std::iter::repeat_n(b' ', 8 << 20));
    bomb.push(b'}');
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bomb).unwrap();
    let packed = gz.finish().unwrap();
    assert!(packed.len() < 64 << 10);
    let r = app
        .send(
            app.client
                .post(app.url("/dot"))
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body(packed),
        )
        .await;
    assert!(
        r.expect_problem(413, "payload-too-large")
            .contains("after decompression")
    );
    // a coding the server does not read
    let r = app
        .send(
            app.client
                .post(app.url("/dot"))
                .header("content-type", "application/json")
                .header("content-encoding", "br")
                .body(body),
        )
        .await;
    assert!(
        r.expect_problem(415, "unsupported-media-type")
            .contains("Content-Encoding")
    );
}

#[tokio::test]
async fn http2_without_tls_is_served() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let response = client
        .post(app.url("/dot"))
        .json(&json!({"a": [1, 2, 3], "b": [4, 5, 6]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(response.status(), StatusCode::OK);
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["dot"], 32.0);
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let request = |a: i32| {
        let body = format!(r#"{{"a": [{a}], "b": [2]}}"#);
        format!(
            "POST /dot HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    // three requests in one write, before any response has been read
    let pipelined = [request(1), request(2), request(3)].concat();
    stream.write_all(pipelined.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    while String::from_utf8_lossy(&received)
        .matches("\"dot\":")
        .count()
        < 3
    {
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
            .await
            .expect("the three answers arrive")
            .unwrap();
        assert!(n > 0, "the connection closed early");
        received.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&received);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 3, "{text}");
    let order: Vec<usize> = ["\"dot\":2.0", "\"dot\":4.0", "\"dot\":6.0"]
        .iter()
        .map(|d| text.find(d).unwrap_or_else(|| panic!("{d} in {text}")))
        .collect();
    assert!(order.is_sorted(), "answers out of order: {text}");
}
