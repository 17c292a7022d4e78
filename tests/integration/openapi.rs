//! The committed `openapi/openapi.json` must equal the served document.
//!
//! Regenerate it with `UPDATE_OPENAPI=1 cargo test --test integration openapi`.

use std::path::Path;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_committed_openapi_document_matches_the_served_one() {
    let app = spawn_app().await;
    let served = app.get("/openapi.json").await.body;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let pretty = serde_json::to_string_pretty(&served).unwrap() + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &pretty).unwrap();
    }
    let committed = std::fs::read_to_string(&path).expect("openapi/openapi.json exists; regenerate it with UPDATE_OPENAPI=1 cargo test --test integration openapi");
    assert!(
        committed == pretty,
        "openapi/openapi.json differs from the served document; regenerate it with UPDATE_OPENAPI=1 cargo test --test integration openapi"
    );
}

#[tokio::test]
async fn every_operation_documents_its_errors_and_every_schema_has_an_example_or_description() {
    let app = spawn_app().await;
    let doc = app.get("/openapi.json").await.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for (path, item) in doc["paths"].as_object().unwrap() {
        if let Some(post) = item.get("post") {
            for status in ["200", "400", "413", "415", "422", "503"] {
                assert!(
                    post["responses"].get(status).is_some(),
                    "{path} documents {status}"
                );
            }
            assert!(
                post.get("requestBody").is_some(),
                "{path} documents its body"
            );
        }
    }
}

/// The request example a user sees for an operation: the body's own, else its schema's.
fn request_example(spec: &serde_json::Value, operation: &serde_json::Value) -> serde_json::Value {
    let content = &operation["requestBody"]["content"]["application/json"];
    if !content["example"].is_null() {
        return content["example"].clone();
    }
    let reference = content["schema"]["$ref"]
        .as_str()
        .expect("a request body names its schema");
    let name = reference.trim_start_matches("#/components/schemas/");
    spec["components"]["schemas"][name]["example"].clone()
}

#[tokio::test]
async fn every_documented_operation_succeeds_with_its_own_example() {
    let app = spawn_app().await;
    let spec = app.get("/openapi.json").await.body;
    let mut sent = 0;
    // The collection operations in the order a user would try them; `{name}` and `{id}` are
    // filled with the collection and a point of the examples.
    let collection_flow = [
        ("put", "/collections/{name}"),
        ("post", "/collections/{name}/points"),
        ("get", "/collections"),
        ("get", "/collections/{name}"),
        ("get", "/collections/{name}/points/{id}"),
        ("post", "/collections/{name}/search"),
        ("delete", "/collections/{name}/points/{id}"),
        ("delete", "/collections/{name}"),
    ];
    let mut calls: Vec<(String, String)> = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if !path.starts_with("/collections") {
                calls.push((method.clone(), path.clone()));
            }
        }
    }
    calls.extend(
        collection_flow
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string())),
    );
    let documented_collection_calls: usize = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, _)| path.starts_with("/collections"))
        .map(|(_, item)| item.as_object().unwrap().len())
        .sum();
    assert_eq!(
        documented_collection_calls,
        collection_flow.len(),
        "the flow covers every collection operation"
    );
    for (method, path) in calls {
        let operation = &spec["paths"][&path][&method];
        let url = app.url(&path.replace("{name}", "docs").replace("{id}", "1"));
        let request = match method.as_str() {
            "get" => app.client.get(url),
            "delete" => app.client.delete(url),
            "put" | "post" => {
                let example = request_example(&spec, operation);
                assert!(!example.is_null(), "{method} {path} has a request example");
                let builder = if method == "put" {
                    app.client.put(url)
                } else {
                    app.client.post(url)
                };
                builder.json(&example)
            }
            other => panic!("{other} {path} is not expected"),
        };
        let reply = app.send(request).await;
        assert!(
            reply.status.is_success(),
            "{method} {path} with its example: {} {}",
            reply.status,
            reply.body
        );
        let content_type = reply
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if path.starts_with("/visualize/") {
            // a picture, not JSON: `timing` is in Server-Timing
            assert!(
                content_type.starts_with("image/svg+xml"),
                "{path}: {content_type}"
            );
            assert!(reply.body.as_str().unwrap().starts_with("<svg"), "{path}");
            assert!(reply.headers.contains_key("server-timing"), "{path}");
        } else if reply.status != 204 && path != "/metrics" {
            reply.fields();
        }
        sent += 1;
    }
    let documented: usize = spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(sent, documented, "every documented operation was sent");
}
