//! `/visualize/*` and `/playground` over HTTP: SVG and PNG, determinism, the same problems as
//! the compute endpoints, golden pictures, and the page.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use linalg_server::api::visualize::PICTURES;

/// POSTs and returns (status, content type, raw body).
async fn picture(
    app: &TestApp,
    path: &str,
    body: Value,
    accept: Option<&str>,
) -> (u16, String, Vec<u8>) {
    let mut request = app.client.post(app.url(path)).json(&body);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// The value of `attribute` on the first element carrying `class="{class}"`.
fn attribute_of_class<'a>(svg: &'a str, class: &str, attribute: &str) -> &'a str {
    let at = svg
        .find(&format!(r#"class="{class}""#))
        .unwrap_or_else(|| panic!("no element of class {class}"));
    let rest = &svg[at..];
    let start = rest.find(&format!(r#" {attribute}=""#)).unwrap() + attribute.len() + 3;
    let end = rest[start..].find('"').unwrap();
    &rest[start..start + end]
}

fn points(list: &str) -> Vec<(f64, f64)> {
    list.split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn every_picture_draws_its_example_as_svg_and_png_the_same_bytes_each_time() {
    let app = spawn_app().await;
    let spec = app.get("/openapi.json").await.body;
    for entry in PICTURES {
        let path = entry.path();
        let op = &spec["paths"][&path]["post"];
        assert_eq!(op["tags"][0], "visualize", "{path} is documented");
        let content = &op["responses"]["200"]["content"];
        assert!(content["image/svg+xml"].is_object() && content["image/png"].is_object());
        let example = (entry.example)();
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["example"],
            example
        );

        let (status, kind, svg) = picture(&app, &path, example.clone(), None).await;
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&svg));
        assert_eq!(kind, "image/svg+xml; charset=utf-8");
        let text = String::from_utf8(svg.clone()).expect("UTF-8");
        assert!(
            text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "),
            "{path}"
        );
        let title = &text[text.find("<title>").unwrap() + 7..text.find("</title>").unwrap()];
        assert!(
            title.len() > 20,
            "{path}: a title that says what it shows: {title}"
        );
        let (_, _, again) = picture(&app, &path, example.clone(), None).await;
        assert_eq!(svg, again, "{path}: same request, same bytes");

        let (status, kind, png) = picture(&app, &path, example.clone(), Some("image/png")).await;
        assert_eq!((status, kind.as_str()), (200, "image/png"), "{path}");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{path}");
        let (_, _, again) = picture(&app, &path, example, Some("image/png")).await;
        assert_eq!(png, again, "{path}: same PNG bytes");
    }
}

#[tokio::test]
async fn the_transform_shows_the_columns_the_determinant_and_the_eigen_lines() {
    let app = spawn_app().await;
    let (_, _, svg) = picture(
        &app,
        "/visualize/transform",
        json!({"matrix": [[2, 1], [1, 3]]}),
        None,
    )
    .await;
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains(">det = 5</text>"));
    assert_eq!(
        svg.matches(r#"class="eigen-line""#).count(),
        2,
        "two real eigenvalues"
    );
    assert!(svg.contains(">A i = (2, 1)</text>") && svg.contains(">A j = (1, 3)</text>"));
    // the parallelogram, read back from the picture, has 5 times the unit square's area
    let unit: f64 = svg
        .split(r#"data-unit=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let p = points(attribute_of_class(&svg, "parallelogram", "points"));
    let twice: f64 = (0..4)
        .map(|k| p[k].0 * p[(k + 1) % 4].1 - p[(k + 1) % 4].0 * p[k].1)
        .sum();
    let area = (twice / 2.0).abs();
    assert!(
        (area / (unit * unit) - 5.0).abs() < 0.01,
        "area {area} px², unit {unit} px"
    );

    let (_, _, shear) = picture(
        &app,
        "/visualize/transform",
        json!({"matrix": [[1, 1], [0, 1]]}),
        None,
    )
    .await;
    let shear = String::from_utf8(shear).unwrap();
    assert_eq!(
        shear.matches(r#"class="eigen-line""#).count(),
        1,
        "a shear has one eigen-line"
    );
    let (_, _, rotation) = picture(
        &app,
        "/visualize/transform",
        json!({"matrix": [[0, -1], [1, 0]]}),
        None,
    )
    .await;
    let rotation = String::from_utf8(rotation).unwrap();
    assert_eq!(
        rotation.matches(r#"class="eigen-line""#).count(),
        0,
        "a rotation has none"
    );
    let (_, _, flip) = picture(
        &app,
        "/visualize/transform",
        json!({"matrix": [[0, 1], [1, 0]]}),
        None,
    )
    .await;
    let flip = String::from_utf8(flip).unwrap();
    assert!(flip.contains(">det = -1</text>") && flip.contains("orientation flips"));
}

#[tokio::test]
async fn pictures_refuse_bad_input_with_the_usual_problems() {
    let app = spawn_app().await;
    let cases = [
        (
            "/visualize/transform",
            json!({"matrix": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}),
            422,
            "shape-mismatch",
            "matrix is 3x3; a picture of the plane needs a 2x2 matrix",
        ),
        (
            "/visualize/svd",
            json!({"matrix": [[1, 2]]}),
            422,
            "shape-mismatch",
            "matrix is 1x2",
        ),
        (
            "/visualize/projection",
            json!({"vector": [1, 2, 3], "onto": [1, 0]}),
            422,
            "shape-mismatch",
            "vector has length 3; a picture of the plane needs a vector of length 2",
        ),
        (
            "/visualize/projection",
            json!({"vector": [1, 2], "onto": [0, 0]}),
            422,
            "invalid-input",
            "onto",
        ),
        (
            "/visualize/pca",
            json!({"data": [[1, 2, 3], [4, 5, 6]]}),
            422,
            "shape-mismatch",
            "needs 2 columns",
        ),
        (
            "/visualize/pca",
            json!({"data": [[1, 2]]}),
            422,
            "invalid-input",
            "data",
        ),
        (
            "/visualize/matrix",
            json!({"matrix": {"random": {"shape": [100, 100], "seed": 1}}}),
            422,
            "too-large",
            "10000 cells; a picture shows at most 4096",
        ),
        (
            "/visualize/matrix",
            json!({"matrix": [[1, 2], [3]]}),
            422,
            "invalid-input",
            "matrix",
        ),
        (
            "/visualize/attention",
            json!({"q": [[1, 0]], "k": [[1, 0, 0]], "v": [[1]]}),
            422,
            "shape-mismatch",
            "q",
        ),
        (
            "/visualize/transform",
            json!({"matrix": [[1, 0], [0, 1]], "scale": 2}),
            400,
            "invalid-json",
            "scale",
        ),
        (
            "/visualize/transform",
            json!({}),
            400,
            "invalid-json",
            "matrix",
        ),
    ];
    for (path, body, status, kind, needle) in cases {
        for accept in [None, Some("image/png")] {
            let mut request = app.client.post(app.url(path)).json(&body);
            if let Some(a) = accept {
                request = request.header("accept", a);
            }
            let reply = app.send(request).await;
            let detail = reply.expect_problem(status, kind);
            assert!(detail.contains(needle), "{path} {body}: {detail}");
        }
    }
    let reply = app
        .post_raw("/visualize/transform", "text/plain", "x")
        .await;
    reply.expect_problem(415, "unsupported-media-type");
}

#[tokio::test]
async fn huge_and_tiny_entries_still_give_a_picture_with_readable_numbers() {
    let app = spawn_app().await;
    for matrix in [
        json!([[1000, 0], [0, 2000]]),
        json!([[0.001, 0.002], [0, 0.001]]),
    ] {
        let (status, _, svg) = picture(
            &app,
            "/visualize/transform",
            json!({"matrix": matrix}),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let svg = String::from_utf8(svg).unwrap();
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        let p = points(attribute_of_class(&svg, "parallelogram", "points"));
        let span = |f: fn(&(f64, f64)) -> f64| {
            p.iter().map(f).fold(f64::MIN, f64::max) - p.iter().map(f).fold(f64::MAX, f64::min)
        };
        let size = span(|q| q.0).max(span(|q| q.1));
        assert!(size > 150.0, "{matrix}: the parallelogram spans {size} px");
    }
}

#[tokio::test]
async fn pictures_are_not_gradable_and_have_no_exercises() {
    let app = spawn_app().await;
    let reply = app
        .post("/exercises", json!({"kind": "visualize/transform"}))
        .await;
    reply.expect_problem(422, "invalid-input");
}

#[tokio::test]
async fn the_playground_is_one_self_contained_page_linked_from_the_docs() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/playground")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    for needle in [
        "/visualize/transform",
        "/visualize/svd",
        "/visualize/projection",
        "/exercises",
        "/grade",
    ] {
        assert!(page.contains(needle), "the page uses {needle}");
    }
    // nothing leaves the server: no absolute URLs to fetch scripts, styles or fonts from
    for forbidden in [
        "http://",
        "https://",
        "//cdn",
        "<script src",
        "<link rel=\"stylesheet\"",
    ] {
        assert!(
            !page.contains(forbidden),
            "the page must not load {forbidden}"
        );
    }
    let spec = app.get("/openapi.json").await.body;
    assert!(
        spec["info"]["description"]
            .as_str()
            .unwrap()
            .contains("(/playground)")
    );
}

/// Pictures reviewed by eye once (`docs/images/` holds their PNGs), then pinned: a change to
/// the drawing shows up here. `UPDATE_GOLDEN=1` rewrites them after a deliberate change.
#[tokio::test]
async fn golden_pictures_are_unchanged() {
    let app = spawn_app().await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let cases = [
        (
            "transform-2113",
            "/visualize/transform",
            json!({"matrix": [[2, 1], [1, 3]]}),
        ),
        (
            "svd-3045",
            "/visualize/svd",
            json!({"matrix": [[3, 0], [4, 5]]}),
        ),
        (
            "attention-causal",
            "/visualize/attention",
            json!({"q": {"random": {"shape": [8, 4], "seed": 1}}, "k": {"random": {"shape": [8, 4], "seed": 2}}, "v": {"random": {"shape": [8, 4], "seed": 3}}, "mask": "causal"}),
        ),
    ];
    for (name, path, body) in cases {
        let (status, _, svg) = picture(&app, path, body, None).await;
        assert_eq!(status, 200);
        let file = dir.join(format!("{name}.svg"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &svg).unwrap();
        }
        let pinned =
            std::fs::read(&file).unwrap_or_else(|_| panic!("{} is missing", file.display()));
        assert!(
            pinned == svg,
            "{path} no longer draws {}; look at the new picture, then UPDATE_GOLDEN=1",
            file.display()
        );
    }
}

/// Entries from the edges of f64 (huge, tiny, subnormal, zero, overflowing) give a picture or
/// a 422, never a 500, never NaN or infinity in the SVG, and no SVG bloated by coordinates
/// of shapes far outside the view.
#[tokio::test]
async fn extreme_entries_give_a_picture_or_a_problem_never_a_failure() {
    let app = spawn_app().await;
    let matrices = [
        json!([[1e200, 0], [0, 1e-200]]),
        json!([[1e300, 1e300], [1e300, 1e300]]),
        json!([[1e-300, 0], [0, 1e-300]]),
        json!([[0, 0], [0, 0]]),
        json!([[1e154, 1], [1, 1e154]]),
        json!([[5e-324, 0], [0, 5e-324]]),
        json!([[1, 2], [2, 4]]),
    ];
    for matrix in matrices {
        for path in [
            "/visualize/transform",
            "/visualize/svd",
            "/visualize/matrix",
        ] {
            let (status, _, body) = picture(&app, path, json!({"matrix": matrix}), None).await;
            let text = String::from_utf8_lossy(&body);
            assert!(
                status == 200 || status == 422,
                "{path} {matrix}: {status} {text}"
            );
            if status == 200 {
                assert!(
                    !text.contains("NaN") && !text.contains("inf"),
                    "{path} {matrix}"
                );
                assert!(body.len() < 60_000, "{path} {matrix}: {} bytes", body.len());
            }
        }
    }
}
