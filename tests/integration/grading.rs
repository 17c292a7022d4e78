//! `/grade` and `/exercises` over HTTP: equivalences accepted, mistakes named.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn grade(app: &TestApp, op: &str, input: Value, answer: Value) -> Value {
    app.ok(
        "/grade",
        json!({"op": op, "input": input, "answer": answer}),
    )
    .await
}

fn code(g: &Value, field: &str) -> String {
    g["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == field)
        .unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string()
}

fn negate(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(-n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.iter().map(negate).collect()),
        other => other.clone(),
    }
}

/// Negates column `j` of a matrix.
fn negate_column(m: &Value, j: usize) -> Value {
    Value::Array(
        m.as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let mut r = row.as_array().unwrap().clone();
                r[j] = negate(&r[j]);
                Value::Array(r)
            })
            .collect(),
    )
}

#[tokio::test]
async fn every_generated_exercise_grades_as_correct_and_is_reproducible() {
    let app = spawn_app().await;
    let kinds = linalg_server::api::ops::OPERATIONS.iter().map(|e| e.name);
    for kind in kinds {
        for difficulty in 1..=3 {
            for seed in [1u64, 2] {
                let ex = app
                    .ok(
                        "/exercises",
                        json!({"kind": kind, "seed": seed, "difficulty": difficulty}),
                    )
                    .await;
                assert!(!ex["prompt"].as_str().unwrap().is_empty());
                let again = app
                    .ok(
                        "/exercises",
                        json!({"kind": kind, "seed": seed, "difficulty": difficulty}),
                    )
                    .await;
                assert_eq!(ex["input"], again["input"], "{kind} reproducible");
                let g = grade(&app, kind, ex["input"].clone(), ex["answer"].clone()).await;
                assert_eq!(g["correct"], true, "{kind} d{difficulty} s{seed}: {g}");
                assert_eq!(g["score"], 1.0);
            }
        }
    }
    app.post("/exercises", json!({"kind": "nope"}))
        .await
        .expect_problem(422, "invalid-input");
    app.post("/exercises", json!({"kind": "dot", "difficulty": 4}))
        .await
        .expect_problem(422, "invalid-input");
    let r = app.ok("/exercises", json!({"kind": "dot"})).await;
    assert!(r["seed"].is_u64(), "a random seed is reported");
}

#[tokio::test]
async fn shapes_values_missing_and_unknown_fields() {
    let app = spawn_app().await;
    let input = json!({"a": [[1, 2, 3], [4, 5, 6]], "b": [[1, 0], [0, 1], [1, 1]]});
    let g = grade(
        &app,
        "matmul",
        input.clone(),
        json!({"result": [[4, 5], [10, 11]], "shape": [2, 2]}),
    )
    .await;
    assert_eq!(g["correct"], true);

    let g = grade(
        &app,
        "matmul",
        input.clone(),
        json!({"result": [[4, 5], [10, 11.5]]}),
    )
    .await;
    assert_eq!(code(&g, "result"), "wrong-values");
    assert!(g["fields"][0]["max_abs_error"].as_f64().unwrap() >= 0.5);
    assert!(
        g["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("entry (1, 1)")
    );

    // B A is 3x3 here
    let g = grade(
        &app,
        "matmul",
        input.clone(),
        json!({"result": [[1, 2, 3], [4, 5, 6], [5, 7, 9]], "shape": [2, 2]}),
    )
    .await;
    assert_eq!(code(&g, "result"), "wrong-shape");
    assert_eq!(g["score"], 0.5);
    assert!(
        g["feedback"]
            .as_str()
            .unwrap()
            .contains("shape of B A, not A B"),
        "{}",
        g["feedback"]
    );

    let g = grade(
        &app,
        "transpose",
        json!({"matrix": [[1, 2, 3], [4, 5, 6]]}),
        json!({"result": [[1, 2, 3], [4, 5, 6]]}),
    )
    .await;
    assert!(
        g["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("expected a 3x2 matrix, got a 2x3 matrix")
    );

    let g = grade(
        &app,
        "dot",
        json!({"a": [1, 2, 3], "b": [4, 5, 6]}),
        json!({"dot": null}),
    )
    .await;
    assert_eq!(code(&g, "dot"), "missing");

    let r = app
        .post(
            "/grade",
            json!({"op": "dot", "input": {"a": [1], "b": [2]}, "answer": {"dot": 2, "angle": 1}}),
        )
        .await;
    assert!(r.expect_problem(422, "invalid-input").contains("angle"));
    let r = app.post("/grade", json!({"op": "matmul", "input": {"a": [[1, 2]], "b": [[1, 2]]}, "answer": {"shape": [1, 2]}})).await;
    assert!(
        r.expect_problem(422, "shape-mismatch")
            .contains("a's columns (2) must equal b's rows (1)")
    );
    app.post(
        "/grade",
        json!({"op": "collections", "input": {}, "answer": {"x": 1}}),
    )
    .await
    .expect_problem(422, "invalid-input");
    let g = app.ok("/grade", json!({"op": "dot", "input": {"a": [1], "b": [2]}, "answer": {"dot": 2.01}, "tolerance": {"abs": 0.1, "rel": 0}})).await;
    assert_eq!(g["correct"], true, "tolerance is honoured");
}

#[tokio::test]
async fn svd_factors_up_to_paired_signs() {
    let app = spawn_app().await;
    let input = json!({"matrix": [[3, 0], [4, 5]]});
    let e = app.ok("/svd", input.clone()).await;
    let (u, s, vt) = (e["u"].clone(), e["s"].clone(), e["vt"].clone());
    // flip u's column 0 together with vt's row 0
    let mut vt_flipped = vt.clone();
    vt_flipped[0] = negate(&vt[0]);
    let g = grade(
        &app,
        "svd",
        input.clone(),
        json!({"u": negate_column(&u, 0), "s": s, "vt": vt_flipped}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    // flip only u's column: each vector right up to sign, the pairing wrong
    let g = grade(
        &app,
        "svd",
        input.clone(),
        json!({"u": negate_column(&u, 0), "vt": vt}),
    )
    .await;
    assert_eq!(code(&g, "u"), "wrong-sign-pairing", "{g}");
    let g = grade(&app, "svd", input.clone(), json!({"u": [[1, 0], [0, 2]]})).await;
    assert_eq!(code(&g, "u"), "not-orthonormal");
}

#[tokio::test]
async fn eigenpairs_in_any_order_sign_and_basis() {
    let app = spawn_app().await;
    let input = json!({"matrix": [[2, 1], [1, 2]]});
    let h = 0.5f64.sqrt();
    let g = grade(
        &app,
        "eigen",
        input.clone(),
        json!({"eigenvalues": [3, 1], "eigenvectors": [[-h, -h], [h, -h]]}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    // any nonzero multiple is right; unit length only when it is required
    let scaled = json!({"eigenvalues": [1, 3], "eigenvectors": [[1, -1], [1, 1]]});
    let g = grade(&app, "eigen", input.clone(), scaled.clone()).await;
    assert_eq!(g["correct"], true, "{g}");
    let g = app
        .ok(
            "/grade",
            json!({"op": "eigen", "input": input, "answer": scaled, "require": ["unit"]}),
        )
        .await;
    assert_eq!(code(&g, "eigenvectors"), "not-normalized");
    let g = grade(
        &app,
        "eigen",
        input.clone(),
        json!({"eigenvalues": [1, 3], "eigenvectors": [[h, h], [h, -h]]}),
    )
    .await;
    assert_eq!(code(&g, "eigenvectors"), "not-eigenvector");
    // a repeated eigenvalue: any orthonormal basis of the plane is right
    let input = json!({"matrix": [[2, 0, 0], [0, 2, 0], [0, 0, 5]]});
    let (c, s) = (0.6, 0.8);
    let g = grade(
        &app,
        "eigen",
        input.clone(),
        json!({"eigenvalues": [2, 2, 5], "eigenvectors": [[c, s, 0], [-s, c, 0], [0, 0, 1]]}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    let g = grade(
        &app,
        "eigen",
        input,
        json!({"eigenvalues": [2, 2, 5], "eigenvectors": [[c, s, 0], [c, s, 0], [0, 0, 1]]}),
    )
    .await;
    assert_eq!(code(&g, "eigenvectors"), "dependent-vectors");
    // complex eigenvectors up to a phase
    let rot = json!({"matrix": [[0, -1], [1, 0]]});
    let e = app.ok("/eigen", rot.clone()).await;
    let times_i: Vec<Value> = e["eigenvectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            Value::Array(
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|z| json!({"re": -z["im"].as_f64().unwrap(), "im": z["re"]}))
                    .collect(),
            )
        })
        .collect();
    let g = grade(
        &app,
        "eigen",
        rot,
        json!({"eigenvalues": e["eigenvalues"], "eigenvectors": times_i}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
}

#[tokio::test]
async fn pca_components_up_to_sign_with_scores_flipped_to_match() {
    let app = spawn_app().await;
    let input = json!({"data": [[1, 2], [2, 3.5], [3, 6], [4, 8.5]], "n_components": 1});
    let e = app.ok("/pca", input.clone()).await;
    let g = grade(
        &app,
        "pca",
        input.clone(),
        json!({"components": negate(&e["components"]), "transformed": negate(&e["transformed"])}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    let g = grade(
        &app,
        "pca",
        input,
        json!({"components": negate(&e["components"]), "transformed": e["transformed"]}),
    )
    .await;
    assert_eq!(code(&g, "transformed"), "wrong-values");
}

#[tokio::test]
async fn bases_compare_by_span_and_exact_answers_exactly() {
    let app = spawn_app().await;
    let input = json!({"matrix": [[1, 1, 0], [1, 1, 0]]});
    let h = 0.5f64.sqrt();
    // null space is spanned by (1, -1, 0)/sqrt2 and (0, 0, 1): any rotation of that basis
    let (c, s) = (0.6, 0.8);
    let rotated = json!([[c * h, -c * h, s], [-s * h, s * h, c]]);
    let g = grade(
        &app,
        "subspaces",
        input.clone(),
        json!({"rank": 1, "null_space": rotated}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    let g = grade(
        &app,
        "subspaces",
        input.clone(),
        json!({"null_space": [[1, 0, 0], [0, 0, 1]]}),
    )
    .await;
    assert_eq!(code(&g, "null_space"), "wrong-span");
    let g = grade(
        &app,
        "subspaces",
        input.clone(),
        json!({"null_space": [[0, 0, 1]]}),
    )
    .await;
    assert_eq!(code(&g, "null_space"), "wrong-dimension");

    let g = grade(
        &app,
        "rref",
        json!({"matrix": [[2, 3], [4, 6]]}),
        json!({"rref": [["1", "3/2"], ["0", "0"]], "pivots": [0], "rank": 1}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    // within the tolerance by default; exactly when exact is required
    let exact = |op: &str, input: Value, answer: Value| json!({"op": op, "input": input, "answer": answer, "require": ["exact"]});
    let third = (
        json!({"matrix": [[3, 1], [6, 2]]}),
        json!({"rref": [[1, 0.3333333], [0, 0]]}),
    );
    let g = grade(&app, "rref", third.0.clone(), third.1.clone()).await;
    assert_eq!(g["correct"], true, "{g}");
    let g = app.ok("/grade", exact("rref", third.0, third.1)).await;
    assert_eq!(code(&g, "rref"), "not-exact");
    let det = (
        json!({"matrix": [[1, 2], [3, 4]]}),
        json!({"determinant": -2.0000000001}),
    );
    let g = grade(&app, "determinant", det.0.clone(), det.1.clone()).await;
    assert_eq!(g["correct"], true, "{g}");
    let g = app.ok("/grade", exact("determinant", det.0, det.1)).await;
    assert_eq!(code(&g, "determinant"), "not-exact");
    let g = grade(
        &app,
        "determinant",
        json!({"matrix": [[0.5, 2], [3, 4]]}),
        json!({"determinant": -4.0000000001}),
    )
    .await;
    assert_eq!(
        g["correct"], true,
        "decimal answers within tolerance for non-exact ops"
    );
}

#[tokio::test]
async fn search_results_with_ties_in_any_order() {
    let app = spawn_app().await;
    let input = json!({"embeddings": [[1, 0], [2, 0], [0, 1]], "query": [1, 0], "k": 2});
    let g = grade(
        &app,
        "cosine-search",
        input.clone(),
        json!({"results": [{"index": 1, "score": 1.0}, {"index": 0, "score": 1.0}]}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    let g = grade(
        &app,
        "cosine-search",
        input,
        json!({"results": [{"index": 2, "score": 1.0}, {"index": 0, "score": 1.0}]}),
    )
    .await;
    assert_eq!(g["correct"], false);
}
