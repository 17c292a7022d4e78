//! Connection-level behaviour: gzip for large responses when asked, and HTTP/2 without TLS.

use std::io::Read;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test]
async fn large_responses_are_gzipped_when_the_client_asks() {
    let app = spawn_app().await;
    let body = json!({"matrix": {"random": {"shape": [120, 120], "seed": 9}}});
    let plain = app.ok("/svd", body.clone()).await;
    let response = app
        .client
        .post(app.url("/svd"))
        .header("accept-encoding", "gzip")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    assert_eq!(response.headers()["vary"], "accept-encoding");
    let gzipped = response.bytes().await.unwrap();
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_end(&mut text)
        .unwrap();
    assert!(
        gzipped.len() * 2 < text.len(),
        "{} -> {}",
        text.len(),
        gzipped.len()
    );
    let mut unzipped: Value = serde_json::from_slice(&text).unwrap();
    let mut plain = plain;
    unzipped.as_object_mut().unwrap().remove("timing");
    plain.as_object_mut().unwrap().remove("timing");
    assert_eq!(unzipped, plain);

    // small responses go as they are
    let response = app
        .client
        .post(app.url("/dot"))
        .header("accept-encoding", "gzip")
        .json(&json!({"a": [1, 2, 3], "b": [4, 5, 6]}))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("content-encoding").is_none());
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["dot"], 32.0);
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
