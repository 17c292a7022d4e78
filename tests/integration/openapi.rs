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
