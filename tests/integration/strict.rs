//! Strict requests (the contract's Conventions): a field the endpoint does not know is a 400
//! `invalid-json` whose detail names it and lists the accepted ones, in JSON and in MessagePack,
//! at the top level and inside nested objects; never silently ignored.

use serde_json::{Value, json};

use crate::helpers::spawn_app;

/// (path, body with one unknown field, the unknown field, one of the accepted fields)
fn cases() -> Vec<(&'static str, Value, &'static str, &'static str)> {
    vec![
        (
            "/cosine-search",
            json!({"query": [1, 0], "embeddings": [[1, 0], [0, 1]], "limit": 1}),
            "limit",
            "k",
        ),
        (
            "/dot",
            json!({"a": [1, 2], "b": [3, 4], "c": [5, 6]}),
            "c",
            "b",
        ),
        (
            "/grade",
            json!({"op": "dot", "input": {"a": [1], "b": [2]}, "answer": {"dot": 2}, "tolerence": {"abs": 1}}),
            "tolerence",
            "tolerance",
        ),
        (
            "/grade",
            json!({"op": "dot", "input": {"a": [1], "b": [2]}, "answer": {"dot": 2}, "tolerance": {"abs": 1, "relative": 0.1}}),
            "relative",
            "rel",
        ),
        (
            "/matmul",
            json!({"a": {"random": {"shape": [2, 2], "sed": 1}}, "b": [[1], [2]]}),
            "sed",
            "seed",
        ),
        (
            "/exercises",
            json!({"kind": "dot", "level": 2}),
            "level",
            "difficulty",
        ),
        (
            "/collections/strict/search",
            json!({"query": [1, 0], "limit": 1}),
            "limit",
            "k",
        ),
        (
            "/collections/strict/points",
            json!({"points": [{"id": 1, "vector": [1, 0], "metadata": {"a": 1}}]}),
            "metadata",
            "payload",
        ),
    ]
}

#[tokio::test]
async fn unknown_fields_are_named_with_the_accepted_ones_in_json_and_msgpack() {
    let app = spawn_app().await;
    let created = app
        .send(
            app.client
                .put(app.url("/collections/strict"))
                .json(&json!({"dimension": 2})),
        )
        .await;
    assert_eq!(created.status, 201);
    for (path, body, unknown, accepted) in cases() {
        let as_json = app.post(path, body.clone()).await;
        let as_msgpack = app
            .post_raw(
                path,
                "application/msgpack",
                rmp_serde::to_vec_named(&body).unwrap(),
            )
            .await;
        for (format, reply) in [("JSON", as_json), ("MessagePack", as_msgpack)] {
            let detail = reply.expect_problem(400, "invalid-json");
            assert!(
                detail.contains(&format!("`{unknown}`"))
                    && detail.contains(&format!("`{accepted}`")),
                "{format} {path}: {detail}"
            );
        }
    }
}

#[tokio::test]
async fn a_qdrant_style_filter_is_refused_rather_than_matching_nothing() {
    let app = spawn_app().await;
    app.send(
        app.client
            .put(app.url("/collections/q"))
            .json(&json!({"dimension": 2})),
    )
    .await;
    app.ok(
        "/collections/q/points",
        json!({"points": [{"id": 1, "vector": [1, 0], "payload": {"lang": "en"}}]}),
    )
    .await;
    let filter = json!({"must": [{"key": "lang", "match": {"value": "en"}}]});
    let detail = app
        .post(
            "/collections/q/search",
            json!({"query": [1, 0], "filter": filter}),
        )
        .await
        .expect_problem(422, "invalid-input")
        .to_string();
    assert!(detail.contains("filter.must"), "{detail}");
    let hits = app
        .ok(
            "/collections/q/search",
            json!({"query": [1, 0], "filter": {"lang": "en"}}),
        )
        .await;
    assert_eq!(hits["results"][0]["id"], 1);
}

#[tokio::test]
async fn a_wrong_type_or_an_explicit_null_names_the_field_it_is_in() {
    let app = spawn_app().await;
    // (path, body, the field path the detail must name)
    let cases = [
        (
            "/distance",
            json!({"a": [1], "b": [2], "metric": 5}),
            "metric: invalid type",
        ),
        (
            "/distance",
            // JSON says "null", MessagePack "unit value"
            json!({"a": [1], "b": [2], "metric": null}),
            "metric: invalid type",
        ),
        (
            "/grade",
            json!({"op": "dot", "input": {"a": [1], "b": [2]}, "answer": {"dot": 2}, "tolerance": {"abs": "small"}}),
            "tolerance.abs: invalid type",
        ),
        (
            "/matmul",
            json!({"a": {"random": {"shape": [2, 2], "seed": 1, "distribution": null}}, "b": [[1], [2]]}),
            "distribution",
        ),
        (
            "/svd",
            json!({"matrix": [[1, 2], [3, 4]], "full_matrices": "yes"}),
            "full_matrices: invalid type",
        ),
    ];
    for (path, body, names) in cases {
        let as_json = app.post(path, body.clone()).await;
        let as_msgpack = app
            .post_raw(
                path,
                "application/msgpack",
                rmp_serde::to_vec_named(&body).unwrap(),
            )
            .await;
        for (format, reply) in [("JSON", as_json), ("MessagePack", as_msgpack)] {
            let detail = reply.expect_problem(400, "invalid-json");
            assert!(detail.contains(names), "{format} {path}: {detail}");
        }
    }
    // null where it means something: a point without a payload
    app.send(
        app.client
            .put(app.url("/collections/nulls"))
            .json(&json!({"dimension": 1})),
    )
    .await;
    let stored = app
        .ok(
            "/collections/nulls/points",
            json!({"points": [{"id": 1, "vector": [1], "payload": null}]}),
        )
        .await;
    assert_eq!(stored["upserted"], 1);
}
