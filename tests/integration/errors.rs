//! Every error class of the contract comes out as problem+json with the right status and type.

use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn a_body_that_is_not_json_is_invalid_json() {
    let app = spawn_app().await;
    let r = app.post_raw("/dot", "application/json", "{not json").await;
    let detail = r.expect_problem(400, "invalid-json");
    assert!(detail.contains("not valid JSON"), "{detail}");
}

#[tokio::test]
async fn wrong_types_and_missing_fields_are_invalid_json_naming_the_field() {
    let app = spawn_app().await;
    let r = app.post("/dot", json!({"a": [1, 2]})).await;
    assert!(r.expect_problem(400, "invalid-json").contains("`b`"));
    let r = app.post("/dot", json!({"a": "one", "b": [1]})).await;
    r.expect_problem(400, "invalid-json");
    let r = app.post("/dot", json!({"a": [1, true], "b": [1, 2]})).await;
    r.expect_problem(400, "invalid-json");
    let r = app.post("/svd", json!({"matrix": [1, 2, 3]})).await;
    assert!(
        r.expect_problem(400, "invalid-json")
            .contains("matrix must be a matrix")
    );
    let r = app
        .post("/cosine-search", json!({"embeddings": [[1, 0]]}))
        .await;
    assert!(
        r.expect_problem(400, "invalid-json")
            .contains("'query' or 'queries'")
    );
}

#[tokio::test]
async fn a_wrong_content_type_is_415() {
    let app = spawn_app().await;
    let r = app
        .post_raw("/dot", "text/plain", r#"{"a": [1], "b": [1]}"#)
        .await;
    assert!(
        r.expect_problem(415, "unsupported-media-type")
            .contains("text/plain")
    );
    let r = app.send(app.client.post(app.url("/dot")).body("{}")).await;
    r.expect_problem(415, "unsupported-media-type");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_app_with(|c| c.max_body_bytes = 1024).await;
    let big = format!(r#"{{"a": [{}1], "b": [1]}}"#, "1, ".repeat(1000));
    let r = app.post_raw("/dot", "application/json", big).await;
    r.expect_problem(413, "payload-too-large");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = spawn_app().await;
    app.get("/no-such-thing")
        .await
        .expect_problem(404, "not-found");
    app.get("/dot")
        .await
        .expect_problem(405, "method-not-allowed");
}

#[tokio::test]
async fn invalid_values_are_422_invalid_input_naming_the_row() {
    let app = spawn_app().await;
    let r = app
        .post("/svd", json!({"matrix": [[1, 2, 3], [4, 5], [6, 7, 8]]}))
        .await;
    assert_eq!(
        r.expect_problem(422, "invalid-input"),
        "matrix is ragged: row 1 has 2 entries but row 0 has 3"
    );
    let r = app.post("/dot", json!({"a": [], "b": []})).await;
    assert!(
        r.expect_problem(422, "invalid-input")
            .contains("a is empty")
    );
    let r = app.post("/svd", json!({"matrix": [[]]})).await;
    r.expect_problem(422, "invalid-input");
    let emb = json!([[1, 0], [0, 1]]);
    let r = app
        .post(
            "/cosine-search",
            json!({"embeddings": emb, "query": [1, 0], "k": 0}),
        )
        .await;
    assert!(r.expect_problem(422, "invalid-input").contains("k is 0"));
    let r = app
        .post(
            "/cosine-search",
            json!({"embeddings": emb, "query": [1, 0], "metric": "manhattan"}),
        )
        .await;
    assert!(r.expect_problem(422, "invalid-input").contains("manhattan"));
    let r = app
        .post(
            "/cosine-search",
            json!({"embeddings": emb, "query": [1, 0], "queries": [[1, 0]]}),
        )
        .await;
    assert!(r.expect_problem(422, "invalid-input").contains("not both"));
    let r = app
        .post(
            "/cosine-search",
            json!({"embeddings": emb, "query": [0, 0]}),
        )
        .await;
    assert!(
        r.expect_problem(422, "invalid-input")
            .contains("zero vector")
    );
    let r = app.post("/pca", json!({"data": [[1, 2]]})).await;
    assert!(
        r.expect_problem(422, "invalid-input")
            .contains("at least 2 samples")
    );
    let r = app
        .post("/pca", json!({"data": [[1, 2], [3, 4]], "n_components": 3}))
        .await;
    r.expect_problem(422, "invalid-input");
    let r = app
        .post(
            "/matmul",
            json!({"a": [[1]], "b": [[1]], "matrices": [[[1]], [[1]]]}),
        )
        .await;
    r.expect_problem(422, "invalid-input");
    let r = app.post("/matmul", json!({"matrices": [[[1]]]})).await;
    assert!(
        r.expect_problem(422, "invalid-input")
            .contains("at least 2")
    );
}

#[tokio::test]
async fn mismatched_shapes_name_both_operands() {
    let app = spawn_app().await;
    let r = app.post("/matmul", json!({"a": [[1, 2, 3], [4, 5, 6]], "b": [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]})).await;
    assert_eq!(
        r.expect_problem(422, "shape-mismatch"),
        "matmul: a is 2x3 and b is 4x5; a's columns (3) must equal b's rows (4)"
    );
    let r = app.post("/dot", json!({"a": [1, 2], "b": [1, 2, 3]})).await;
    assert!(r.expect_problem(422, "shape-mismatch").contains("length 2"));
    let r = app
        .post(
            "/cosine-search",
            json!({"embeddings": [[1, 0]], "query": [1, 0, 0]}),
        )
        .await;
    assert!(
        r.expect_problem(422, "shape-mismatch")
            .contains("dimension 2")
    );
}

#[tokio::test]
async fn operands_over_the_limits_are_too_large() {
    let app = spawn_app_with(|c| {
        c.max_dim = 8;
        c.max_elements = 100;
    })
    .await;
    let r = app
        .post(
            "/svd",
            json!({"matrix": {"random": {"shape": [9, 2], "seed": 1}}}),
        )
        .await;
    assert!(r.expect_problem(422, "too-large").contains("9x2"));
    let r = app
        .post(
            "/dot",
            json!({"a": {"random": {"shape": [101], "seed": 1}}, "b": [1]}),
        )
        .await;
    r.expect_problem(422, "too-large");
    let r = app.post("/matmul", json!({"a": {"random": {"shape": [50, 1], "seed": 1}}, "b": {"random": {"shape": [1, 50], "seed": 2}}})).await;
    assert!(r.expect_problem(422, "too-large").contains("50x50"));
}

#[tokio::test]
async fn an_overflowing_result_is_not_finite_never_null() {
    let app = spawn_app().await;
    let r = app
        .post("/dot", json!({"a": [1e200, 1e200], "b": [1e200, 1e200]}))
        .await;
    r.expect_problem(422, "not-finite");
    let r = app
        .post("/matmul", json!({"a": [[1e300]], "b": [[1e300]]}))
        .await;
    r.expect_problem(422, "not-finite");
}

#[tokio::test]
async fn integers_beyond_f64_are_refused_as_non_finite_input() {
    let app = spawn_app().await;
    let huge = format!(r#"{{"a": [1{}], "b": [1]}}"#, "0".repeat(400));
    let r = app.post_raw("/dot", "application/json", huge).await;
    assert!(r.status.is_client_error(), "{}", r.body);
}
