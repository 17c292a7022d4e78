//! The operation registry drives the routes, the docs, `/grade` and `/exercises`.

use serde_json::{Value, json};

use crate::helpers::spawn_app;
use linalg_server::api::ops::OPERATIONS;

/// The endpoints with a body that are not compute operations.
const NOT_OPERATIONS: [&str; 2] = ["/grade", "/exercises"];

#[tokio::test]
async fn every_post_route_is_a_registered_operation_and_every_operation_is_served() {
    let app = spawn_app().await;
    let spec = app.get("/openapi.json").await.body;
    let names: Vec<&str> = OPERATIONS.iter().map(|e| e.name).collect();
    let mut documented = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        if item.get("post").is_none()
            || path.starts_with("/collections")
            || path.starts_with("/visualize/")
            || NOT_OPERATIONS.contains(&path.as_str())
        {
            continue;
        }
        assert!(
            names.contains(&&path[1..]),
            "{path} is served but not in the registry"
        );
        documented += 1;
    }
    assert_eq!(documented, names.len(), "every operation is documented");
    assert_eq!(
        spec["components"]["schemas"]["OpName"]["enum"],
        json!(names),
        "the op and kind enums are the registry's names"
    );
    for name in names {
        let op = &spec["paths"][format!("/{name}")]["post"];
        let example = op["requestBody"]["content"]["application/json"]["example"].clone();
        let answer = app.ok(&format!("/{name}"), example.clone()).await;
        // the answer, as given, grades as correct
        let mut fields = answer.as_object().unwrap().clone();
        fields.remove("timing");
        let g = app
            .ok(
                "/grade",
                json!({"op": name, "input": example, "answer": Value::Object(fields)}),
            )
            .await;
        assert_eq!(g["correct"], true, "{name}: {g}");
    }
}

#[tokio::test]
async fn an_unregistered_name_is_not_gradable() {
    let app = spawn_app().await;
    for body in [
        json!({"op": "visualize/transform", "input": {}, "answer": {"x": 1}}),
        json!({"op": "collections", "input": {}, "answer": {"x": 1}}),
    ] {
        let detail = app.post("/grade", body).await;
        assert!(
            detail
                .expect_problem(422, "invalid-input")
                .contains("is not a gradable endpoint")
        );
    }
}
