//! MessagePack bodies: the same schemas and the same answers as JSON, chosen by Content-Type
//! and Accept.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, spawn_app};

const MSGPACK: &str = "application/msgpack";

/// Sends `body` as MessagePack, asking for MessagePack back; decodes the answer to JSON values.
async fn post_msgpack(app: &TestApp, path: &str, body: &Value) -> (StatusCode, Value, String) {
    let bytes = rmp_serde::to_vec_named(body).expect("encodes");
    let response = app
        .client
        .post(app.url(path))
        .header("content-type", MSGPACK)
        .header("accept", MSGPACK)
        .body(bytes)
        .send()
        .await
        .expect("answered");
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    let bytes = response.bytes().await.expect("a body");
    let value = if content_type == MSGPACK {
        rmp_serde::from_slice(&bytes).expect("a MessagePack body")
    } else {
        serde_json::from_slice(&bytes).expect("a JSON body")
    };
    (status, value, content_type)
}

fn without_timing(mut v: Value) -> Value {
    v.as_object_mut().expect("an object").remove("timing");
    v
}

#[tokio::test]
async fn every_kind_of_request_answers_the_same_in_both_formats() {
    let app = spawn_app().await;
    let q = json!([[1, 0], [0, 1], [1, 1]]);
    let cases = [
        ("/dot", json!({"a": [1, 2, 3], "b": [4, 5, 6]})),
        (
            "/matmul",
            json!({"a": [[1.5, -2], [3, 4e-3]], "b": {"random": {"shape": [2, 3], "seed": 5}}}),
        ),
        (
            "/svd",
            json!({"matrix": {"random": {"shape": [6, 4], "seed": 1, "distribution": "uniform"}}}),
        ),
        (
            "/pca",
            json!({"data": {"random": {"shape": [30, 5], "seed": 2}}, "n_components": 2}),
        ),
        (
            "/cosine-search",
            json!({"embeddings": [[1, 0], [0.6, 0.8], [-1, 0]], "queries": [[1, 0.1], [0, -1]], "k": 2}),
        ),
        ("/eigen", json!({"matrix": [[0, -1], [1, 0]]})),
        (
            "/attention",
            json!({"q": q, "k": q, "v": [[1, 2], [3, 4], [5, 6]], "mask": "causal"}),
        ),
        (
            "/attention",
            json!({"q": q, "k": q, "v": q, "mask": [[1, 0, 0], [1, 1, 0], [1, 1, 1]]}),
        ),
        ("/norm", json!({"vector": [3, 4], "ord": 3})),
        (
            "/tensor/permute",
            json!({"tensor": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}, "dims": [1, 0]}),
        ),
        (
            "/grade",
            json!({"op": "dot", "input": {"a": [1, 2, 3], "b": [4, 5, 6]}, "answer": {"dot": 32}}),
        ),
        ("/exercises", json!({"kind": "svd", "seed": 3})),
    ];
    for (path, body) in cases {
        let json_answer = app.ok(path, body.clone()).await;
        let (status, answer, content_type) = post_msgpack(&app, path, &body).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
        assert_eq!(content_type, MSGPACK, "{path}");
        assert!(answer["timing"]["total_us"].is_u64(), "{path}: {answer}");
        assert_eq!(
            without_timing(answer),
            without_timing(json_answer),
            "{path}: MessagePack and JSON differ"
        );
    }
}

#[tokio::test]
async fn collections_take_and_give_msgpack() {
    let app = spawn_app().await;
    let (status, created, _) =
        post_msgpack_put(&app, "/collections/mp", &json!({"dimension": 2})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let points = json!({"points": [
        {"id": 1, "vector": [1, 0], "payload": {"lang": "en"}},
        {"id": "b", "vector": [0.6, 0.8]},
    ]});
    let (status, upserted, _) = post_msgpack(&app, "/collections/mp/points", &points).await;
    assert_eq!(
        (status, upserted["upserted"].as_u64()),
        (StatusCode::OK, Some(2))
    );
    let search = json!({"query": [1, 0.5], "k": 2});
    let (_, binary, _) = post_msgpack(&app, "/collections/mp/search", &search).await;
    let text = app.ok("/collections/mp/search", search).await;
    assert_eq!(without_timing(binary), without_timing(text));
}

async fn post_msgpack_put(app: &TestApp, path: &str, body: &Value) -> (StatusCode, Value, String) {
    let response = app
        .client
        .put(app.url(path))
        .header("content-type", "application/x-msgpack")
        .header("accept", MSGPACK)
        .body(rmp_serde::to_vec_named(body).unwrap())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    let value = rmp_serde::from_slice(&response.bytes().await.unwrap()).unwrap();
    (status, value, content_type)
}

#[tokio::test]
async fn a_msgpack_request_without_accept_gets_json() {
    let app = spawn_app().await;
    let body = rmp_serde::to_vec_named(&json!({"a": [1, 2, 3], "b": [4, 5, 6]})).unwrap();
    let r = app.post_raw("/dot", MSGPACK, body).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.body["dot"], 32.0);
}

#[tokio::test]
async fn msgpack_errors_are_the_json_errors() {
    let app = spawn_app().await;
    let send = |body: Value| rmp_serde::to_vec_named(&body).unwrap();
    // the same 422 detail as JSON for a ragged matrix
    let ragged = json!({"matrix": [[1, 2], [3]]});
    let binary: Reply = app.post_raw("/svd", MSGPACK, send(ragged.clone())).await;
    let text = app.post("/svd", ragged).await;
    assert_eq!(
        binary.expect_problem(422, "invalid-input"),
        text.expect_problem(422, "invalid-input")
    );
    // NaN and infinity cannot be spelled in JSON and are refused in MessagePack
    let mut nan = send(json!({"a": [1.0], "b": [2.0]}));
    let at = nan.len() - 8;
    nan[at..].copy_from_slice(&f64::NAN.to_be_bytes());
    let d = app
        .post_raw("/dot", MSGPACK, nan)
        .await
        .expect_problem(400, "invalid-json")
        .to_string();
    assert!(d.contains("MessagePack") && d.contains("not finite"), "{d}");
    // not MessagePack at all, and the wrong schema
    let d = app
        .post_raw("/dot", MSGPACK, vec![0xc1])
        .await
        .expect_problem(400, "invalid-json")
        .to_string();
    assert!(d.contains("MessagePack"), "{d}");
    let d = app
        .post_raw("/dot", MSGPACK, send(json!({"a": "x", "b": [1]})))
        .await
        .expect_problem(400, "invalid-json")
        .to_string();
    assert!(d.contains("schema"), "{d}");
    // /rref reads decimal text and takes JSON only
    let d = app
        .post_raw("/rref", MSGPACK, send(json!({"matrix": [[1, 2]]})))
        .await
        .expect_problem(415, "unsupported-media-type")
        .to_string();
    assert!(d.contains("application/json"), "{d}");
}

#[tokio::test]
async fn the_spec_documents_msgpack_beside_json() {
    let app = spawn_app().await;
    let spec = app.get("/openapi.json").await.body;
    let svd = &spec["paths"]["/svd"]["post"];
    assert!(svd["requestBody"]["content"][MSGPACK].is_object());
    assert!(svd["responses"]["200"]["content"][MSGPACK].is_object());
    assert_eq!(
        svd["requestBody"]["content"][MSGPACK],
        svd["requestBody"]["content"]["application/json"]
    );
    assert!(spec["paths"]["/rref"]["post"]["requestBody"]["content"][MSGPACK].is_null());
}
