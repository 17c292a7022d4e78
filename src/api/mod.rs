//! The HTTP layer: handlers, their request and response types, and the OpenAPI document.
//!
//! Nothing here imports faer or ndarray (a test checks it): bodies become values in
//! `crate::wire`, the math is `crate::linalg`'s, and failures become responses in
//! `crate::error`. Compute operations are declared once each in [`ops`] and served, documented,
//! graded and turned into exercises from that one declaration ([`registry`]); every one of them
//! runs through one handler shell ([`compute`]). The other endpoints are ordinary handlers:
//! [`grading`] (`/grade`, `/exercises`), [`collections`], [`operations`] (health, readiness,
//! metrics), and [`visualize`] (the pictures of `crate::viz`, declared once each like the
//! operations, and the `/playground` page).

pub mod auth;
pub mod body;
pub mod collections;
pub mod compute;
pub mod docs;
pub mod grading;
pub mod operations;
pub mod ops;
pub mod registry;
pub mod state;
pub mod visualize;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use state::AppState;

/// Every route, and the OpenAPI document generated from the same declarations.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let mut router = OpenApiRouter::with_openapi(docs::ApiDoc::openapi());
    for entry in ops::OPERATIONS {
        router = router.route(&entry.path(), (entry.route)());
    }
    for picture in visualize::PICTURES {
        router = router.route(&picture.path(), (picture.route)());
    }
    // the page is a page, not an API operation: served, linked from /docs, not documented
    router = router.route("/playground", axum::routing::get(visualize::playground));
    let (router, mut api) = router
        .routes(routes!(
            collections::create_collection,
            collections::get_collection,
            collections::delete_collection
        ))
        .routes(routes!(collections::list_collections))
        .routes(routes!(collections::upsert_points))
        .routes(routes!(collections::get_point, collections::delete_point))
        .routes(routes!(collections::search_collection))
        .routes(routes!(grading::grade))
        .routes(routes!(grading::exercises))
        .routes(routes!(operations::health))
        .routes(routes!(operations::ready))
        .routes(routes!(operations::metrics))
        .split_for_parts();
    for entry in ops::OPERATIONS {
        (entry.document)(&mut api);
    }
    for picture in visualize::PICTURES {
        (picture.document)(&mut api);
    }
    docs::finish(&mut api);
    (router, api)
}

#[cfg(test)]
mod tests {
    /// The module doc's claim, checked: the HTTP layer names neither faer nor ndarray.
    #[test]
    fn nothing_in_the_http_layer_imports_faer_or_ndarray() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
        let mut files = vec![dir];
        let mut checked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    files.push(entry.unwrap().path());
                }
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for krate in ["faer", "ndarray"] {
                for needle in [format!("{krate}::"), format!("use {krate}")] {
                    assert!(
                        !text.contains(&needle),
                        "{} mentions {needle}",
                        path.display()
                    );
                }
            }
            checked += 1;
        }
        assert!(checked > 10, "the walk found the HTTP layer's files");
    }
}
