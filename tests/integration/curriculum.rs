//! Every curriculum endpoint over HTTP: the textbook answer and its error classes.

use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_close, matmul, matrix, spawn_app, transpose, vector};

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().expect("a number") - b).abs() < 1e-12
}

#[tokio::test]
async fn vectors_and_geometry() {
    let app = spawn_app().await;
    let r = app.ok("/cosine", json!({"a": [1, 0], "b": [1, 1]})).await;
    assert!(
        close(&r["cosine"], 0.5f64.sqrt()) && close(&r["angle_degrees"], 45.0),
        "{r}"
    );
    assert!(close(&r["angle_radians"], std::f64::consts::FRAC_PI_4));
    let r = app
        .ok(
            "/cosine",
            json!({"a": [0.1, 0.2, 0.3], "b": [0.1, 0.2, 0.3]}),
        )
        .await;
    assert!(
        r["angle_radians"].as_f64().unwrap() >= 0.0,
        "clamped, never NaN"
    );

    assert_eq!(
        app.ok("/norm", json!({"vector": [3, 4]})).await["norm"],
        5.0
    );
    assert_eq!(
        app.ok("/norm", json!({"vector": [3, -4], "ord": "l1"}))
            .await["norm"],
        7.0
    );
    assert_eq!(
        app.ok("/norm", json!({"vector": [3, -4], "ord": "linf"}))
            .await["norm"],
        4.0
    );
    assert!(close(
        &app.ok("/norm", json!({"vector": [3, 4], "ord": 3})).await["norm"],
        91f64.powf(1.0 / 3.0)
    ));
    assert!(close(
        &app.ok("/norm", json!({"matrix": [[1, 2], [3, 4]]})).await["norm"],
        30f64.sqrt()
    ));
    assert!(close(
        &app.ok("/norm", json!({"matrix": [[3, 0], [0, -2]], "ord": "nuc"}))
            .await["norm"],
        5.0
    ));
    assert!(close(
        &app.ok(
            "/norm",
            json!({"matrix": [[3, 0], [0, -2]], "ord": "spectral"})
        )
        .await["norm"],
        3.0
    ));
    assert_eq!(
        app.ok("/norm", json!({"matrix": [[1, -2], [3, 4]], "ord": "l1"}))
            .await["norm"],
        6.0
    );
    assert_eq!(
        app.ok("/norm", json!({"matrix": [[1, -2], [3, 4]], "ord": "linf"}))
            .await["norm"],
        7.0
    );
    app.post("/norm", json!({"vector": [1], "ord": 0.5}))
        .await
        .expect_problem(422, "invalid-input");
    app.post("/norm", json!({"matrix": [[1]], "ord": "l2"}))
        .await
        .expect_problem(422, "invalid-input");
    app.post("/norm", json!({"vector": [1], "matrix": [[1]]}))
        .await
        .expect_problem(422, "invalid-input");

    assert_eq!(
        app.ok("/distance", json!({"a": [1, 2], "b": [4, 6]})).await["distance"],
        5.0
    );
    assert_eq!(
        app.ok(
            "/distance",
            json!({"a": [1, 2], "b": [4, 6], "metric": "manhattan"})
        )
        .await["distance"],
        7.0
    );
    assert_eq!(
        app.ok(
            "/distance",
            json!({"a": [1, 2], "b": [4, 6], "metric": "chebyshev"})
        )
        .await["distance"],
        4.0
    );
    assert!(close(
        &app.ok(
            "/distance",
            json!({"a": [1, 0], "b": [0, 1], "metric": "cosine"})
        )
        .await["distance"],
        1.0
    ));
    app.post(
        "/distance",
        json!({"a": [1], "b": [1], "metric": "hamming"}),
    )
    .await
    .expect_problem(422, "invalid-input");

    let r = app
        .ok(
            "/linear-combination",
            json!({"vectors": [[1, 0], [0, 1]], "coefficients": [2, 3]}),
        )
        .await;
    assert_eq!(r["result"], json!([2.0, 3.0]));
    let r = app
        .post(
            "/linear-combination",
            json!({"vectors": [[1, 0], [0, 1, 2]], "coefficients": [2, 3]}),
        )
        .await;
    assert!(
        r.expect_problem(422, "shape-mismatch")
            .contains("vectors[1]")
    );
    app.post(
        "/linear-combination",
        json!({"vectors": [[1]], "coefficients": [2, 3]}),
    )
    .await
    .expect_problem(422, "shape-mismatch");

    let r = app
        .ok("/project", json!({"vector": [2, 3], "onto": [1, 0]}))
        .await;
    assert_eq!(
        (
            r["projection"].clone(),
            r["residual"].clone(),
            r["coefficients"].clone()
        ),
        (json!([2.0, 0.0]), json!([0.0, 3.0]), json!([2.0]))
    );
    let r = app
        .ok(
            "/project",
            json!({"vector": [1, 2, 3], "onto_columns": [[1, 0], [0, 1], [0, 0]]}),
        )
        .await;
    assert_close(&[vector(&r["projection"])], &[vec![1.0, 2.0, 0.0]], 1e-12);
    assert_close(&[vector(&r["residual"])], &[vec![0.0, 0.0, 3.0]], 1e-12);
    app.post("/project", json!({"vector": [1, 2], "onto": [0, 0]}))
        .await
        .expect_problem(422, "invalid-input");

    assert_eq!(
        app.ok("/cross", json!({"a": [1, 0, 0], "b": [0, 1, 0]}))
            .await["cross"],
        json!([0.0, 0.0, 1.0])
    );
    app.post("/cross", json!({"a": [1, 0], "b": [0, 1]}))
        .await
        .expect_problem(422, "invalid-input");
}

#[tokio::test]
async fn determinants_are_exact_for_small_integer_matrices() {
    let app = spawn_app().await;
    assert_eq!(
        app.ok("/determinant", json!({"matrix": [[1, 2], [3, 4]]}))
            .await["determinant"],
        json!(-2.0)
    );
    assert_eq!(
        app.ok(
            "/determinant",
            json!({"matrix": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]})
        )
        .await["determinant"],
        json!(0.0)
    );
    assert!(close(
        &app.ok("/determinant", json!({"matrix": [[0.5, 0], [0, 4]]}))
            .await["determinant"],
        2.0
    ));
    let r = app
        .post("/determinant", json!({"matrix": [[1, 2, 3], [4, 5, 6]]}))
        .await;
    assert!(r.expect_problem(422, "shape-mismatch").contains("2x3"));
    let huge: Vec<Vec<f64>> = (0..4)
        .map(|i| (0..4).map(|j| if i == j { 1e100 } else { 0.0 }).collect())
        .collect();
    app.post("/determinant", json!({"matrix": huge}))
        .await
        .expect_problem(422, "not-finite");
}

#[tokio::test]
async fn inverse_solve_and_least_squares() {
    let app = spawn_app().await;
    let r = app
        .ok("/inverse", json!({"matrix": [[4, 7], [2, 6]]}))
        .await;
    assert_close(
        &matrix(&r["inverse"]),
        &[vec![0.6, -0.7], vec![-0.2, 0.4]],
        1e-14,
    );
    let r = app
        .post("/inverse", json!({"matrix": [[1, 2], [2, 4]]}))
        .await;
    assert!(
        r.expect_problem(422, "singular-matrix")
            .contains("singular")
    );
    app.post(
        "/inverse",
        json!({"matrix": [[1, 1], [1, 1.00000000000000001]]}),
    )
    .await
    .expect_problem(422, "singular-matrix");

    let r = app
        .ok("/solve", json!({"a": [[2, 1], [1, 3]], "b": [3, 5]}))
        .await;
    assert_close(&[vector(&r["x"])], &[vec![0.8, 1.4]], 1e-14);
    let r = app
        .ok(
            "/solve",
            json!({"a": [[2, 0], [0, 4]], "b": [[2, 4], [4, 8]]}),
        )
        .await;
    assert_close(&matrix(&r["x"]), &[vec![1.0, 2.0], vec![1.0, 2.0]], 1e-14);
    app.post("/solve", json!({"a": [[1, 2], [2, 4]], "b": [1, 1]}))
        .await
        .expect_problem(422, "singular-matrix");
    app.post("/solve", json!({"a": [[1, 0], [0, 1]], "b": [1, 1, 1]}))
        .await
        .expect_problem(422, "shape-mismatch");

    let r = app
        .ok(
            "/lstsq",
            json!({"a": [[1, 0], [1, 1], [1, 2]], "b": [1, 2, 2]}),
        )
        .await;
    assert_close(&[vector(&r["x"])], &[vec![7.0 / 6.0, 0.5]], 1e-12);
    assert_eq!(r["rank"], 2);
    assert_close(&[vector(&r["residuals"])], &[vec![1.0 / 6.0]], 1e-12);
    assert_eq!(vector(&r["singular_values"]).len(), 2);
    let r = app
        .ok("/lstsq", json!({"a": [[1, 1], [1, 1]], "b": [2, 2]}))
        .await;
    assert_eq!(
        (r["rank"].clone(), r["residuals"].clone()),
        (json!(1), json!([]))
    );
}

#[tokio::test]
async fn rank_and_the_four_subspaces() {
    let app = spawn_app().await;
    let a = json!([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
    let r = app.ok("/rank", json!({"matrix": a})).await;
    assert_eq!(r["rank"], 2);
    assert!(r["tol"].as_f64().unwrap() > 0.0);
    let r = app.ok("/rank", json!({"matrix": a, "tol": 100})).await;
    assert_eq!(
        (r["rank"].clone(), r["tol"].clone()),
        (json!(0), json!(100.0))
    );
    app.post("/rank", json!({"matrix": a, "tol": -1}))
        .await
        .expect_problem(422, "invalid-input");

    let r = app.ok("/subspaces", json!({"matrix": a})).await;
    assert_eq!(r["rank"], 2);
    let dims: Vec<usize> = ["column_space", "row_space", "null_space", "left_null_space"]
        .iter()
        .map(|k| r[*k].as_array().unwrap().len())
        .collect();
    assert_eq!(dims, vec![2, 2, 1, 1]);
    let full = app
        .ok("/subspaces", json!({"matrix": [[1, 0], [0, 1]]}))
        .await;
    assert_eq!(full["null_space"], json!([]));
}

#[tokio::test]
async fn eigenpairs_symmetric_and_general() {
    let app = spawn_app().await;
    let r = app.ok("/eigen", json!({"matrix": [[2, 1], [1, 2]]})).await;
    assert_eq!(r["symmetric"], true);
    assert_close(&[vector(&r["eigenvalues"])], &[vec![1.0, 3.0]], 1e-12);
    let h = 0.5f64.sqrt();
    assert_close(
        &matrix(&r["eigenvectors"]),
        &[vec![h, -h], vec![h, h]],
        1e-12,
    );

    let r = app.ok("/eigen", json!({"matrix": [[0, -1], [1, 0]]})).await;
    assert_eq!(r["symmetric"], false);
    assert!(
        close(&r["eigenvalues"][0]["im"], -1.0) && close(&r["eigenvalues"][1]["im"], 1.0),
        "{r}"
    );
    for v in r["eigenvectors"].as_array().unwrap() {
        assert!(
            v[0]["re"].as_f64().unwrap() > 0.0 && v[0]["im"] == 0.0,
            "phase fixed: {v}"
        );
    }
    let r = app
        .ok(
            "/eigen",
            json!({"matrix": [[2, 0], [0, 3]], "symmetric": false}),
        )
        .await;
    assert_eq!(
        r["eigenvalues"],
        json!([{"re": 2.0, "im": 0.0}, {"re": 3.0, "im": 0.0}])
    );
    app.post(
        "/eigen",
        json!({"matrix": [[1, 2], [3, 4]], "symmetric": true}),
    )
    .await
    .expect_problem(422, "invalid-input");
    app.post("/eigen", json!({"matrix": [[1, 2, 3]]}))
        .await
        .expect_problem(422, "shape-mismatch");
}

#[tokio::test]
async fn low_rank_qr_lu_cholesky() {
    let app = spawn_app().await;
    let r = app
        .ok("/low-rank", json!({"matrix": [[3, 0], [0, 1]], "k": 1}))
        .await;
    assert_close(
        &matrix(&r["approximation"]),
        &[vec![3.0, 0.0], vec![0.0, 0.0]],
        1e-12,
    );
    assert!(
        close(&r["error_fro"], 1.0)
            && close(&r["error_spectral"], 1.0)
            && close(&r["energy_retained"], 0.9)
    );
    assert_eq!(
        (r["params_full"].clone(), r["params_low_rank"].clone()),
        (json!(4), json!(4))
    );
    assert_eq!(matrix(&r["u"])[0].len(), 1);
    app.post("/low-rank", json!({"matrix": [[1, 2]], "k": 2}))
        .await
        .expect_problem(422, "invalid-input");
    app.post("/low-rank", json!({"matrix": [[1, 2]], "k": 0}))
        .await
        .expect_problem(422, "invalid-input");
    app.post("/low-rank", json!({"matrix": [[1, 2]]}))
        .await
        .expect_problem(400, "invalid-json");

    let a = vec![vec![3.0, 4.0], vec![4.0, -2.0], vec![0.0, 1.0]];
    let r = app.ok("/qr", json!({"matrix": a})).await;
    let (q, rr) = (matrix(&r["q"]), matrix(&r["r"]));
    assert_close(&matmul(&q, &rr), &a, 1e-12);
    assert!(rr[0][0] >= 0.0 && rr[1][1] >= 0.0 && rr[1][0] == 0.0);
    assert!(close(&r["r"][0][0], 5.0));

    let a = vec![vec![1.0, 2.0], vec![3.0, 4.0]];
    let r = app.ok("/lu", json!({"matrix": a})).await;
    let (p, l, u) = (matrix(&r["p"]), matrix(&r["l"]), matrix(&r["u"]));
    assert_close(&matmul(&p, &a), &matmul(&l, &u), 1e-12);
    assert_eq!(p, vec![vec![0.0, 1.0], vec![1.0, 0.0]]);

    let r = app
        .ok("/cholesky", json!({"matrix": [[4, 2], [2, 3]]}))
        .await;
    let l = matrix(&r["l"]);
    assert_close(
        &matmul(&l, &transpose(&l)),
        &[vec![4.0, 2.0], vec![2.0, 3.0]],
        1e-12,
    );
    assert_eq!(l[0][1], 0.0);
    app.post("/cholesky", json!({"matrix": [[1, 2], [2, 1]]}))
        .await
        .expect_problem(422, "not-positive-definite");
    app.post("/cholesky", json!({"matrix": [[4, 1], [0, 4]]}))
        .await
        .expect_problem(422, "not-positive-definite");
}

#[tokio::test]
async fn rref_is_exact_and_reads_decimals_exactly() {
    let app = spawn_app().await;
    let r = app
        .ok("/rref", json!({"matrix": [[2, 4, 1], [1, 2, 0]]}))
        .await;
    assert_eq!(r["rref"], json!([["1", "2", "0"], ["0", "0", "1"]]));
    assert_eq!(
        (r["pivots"].clone(), r["rank"].clone()),
        (json!([0, 2]), json!(2))
    );
    let r = app
        .post_raw(
            "/rref",
            "application/json",
            r#"{"matrix": [[0.1, 0.2], [0.3, 0.5]]}"#,
        )
        .await;
    assert_eq!(r.body["rref"], json!([["1", "0"], ["0", "1"]]));
    let r = app
        .post_raw(
            "/rref",
            "application/json",
            r#"{"matrix": [[2, 3], [0.1, 0.15]]}"#,
        )
        .await;
    assert_eq!(
        r.body["rref"],
        json!([["1", "3/2"], ["0", "0"]]),
        "0.1 is exactly 1/10"
    );
    let r = app
        .ok(
            "/rref",
            json!({"matrix": [[2, 4, 1], [1, 2, 0]], "exact": false}),
        )
        .await;
    assert_eq!(r["rref"], json!([[1.0, 2.0, 0.0], [0.0, 0.0, 1.0]]));
    let big = format!(r#"{{"matrix": [[1.{}]]}}"#, "0".repeat(450));
    app.post_raw("/rref", "application/json", big)
        .await
        .expect_problem(422, "too-large");
    let r = app
        .post(
            "/rref",
            json!({"matrix": {"random": {"shape": [64, 64], "seed": 7}}}),
        )
        .await;
    assert!(
        r.expect_problem(422, "too-large")
            .contains("significant digits"),
        "bounded exact work"
    );
    let r = app.post("/rref", json!({"matrix": [[1, 2], [3]]})).await;
    assert!(r.expect_problem(422, "invalid-input").contains("ragged"));
}

#[tokio::test]
async fn tensors_follow_pytorch() {
    let app = spawn_app().await;
    let t = json!({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]});
    let r = app
        .ok("/tensor/reshape", json!({"tensor": t, "shape": [3, -1]}))
        .await;
    assert_eq!(
        r["tensor"],
        json!({"shape": [3, 2], "data": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    );
    app.post("/tensor/reshape", json!({"tensor": t, "shape": [4, -1]}))
        .await
        .expect_problem(422, "shape-mismatch");
    app.post("/tensor/reshape", json!({"tensor": t, "shape": [-1, -1]}))
        .await
        .expect_problem(422, "invalid-input");

    let r = app
        .ok(
            "/tensor/transpose",
            json!({"tensor": t, "dim0": 0, "dim1": -1}),
        )
        .await;
    assert_eq!(
        r["tensor"],
        json!({"shape": [3, 2], "data": [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]})
    );
    app.post(
        "/tensor/transpose",
        json!({"tensor": t, "dim0": 0, "dim1": 2}),
    )
    .await
    .expect_problem(422, "invalid-input");

    let t3 = json!({"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]});
    let r = app
        .ok("/tensor/permute", json!({"tensor": t3, "dims": [2, 0, 1]}))
        .await;
    assert_eq!(r["tensor"]["shape"], json!([3, 1, 2]));
    assert_eq!(r["tensor"]["data"], json!([1.0, 4.0, 2.0, 5.0, 3.0, 6.0]));
    app.post("/tensor/permute", json!({"tensor": t3, "dims": [0, 0, 1]}))
        .await
        .expect_problem(422, "invalid-input");

    let a = json!({"shape": [2, 2, 3], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]});
    let r = app
        .ok(
            "/tensor/matmul",
            json!({"a": a, "b": {"shape": [3], "data": [1, 0, -1]}}),
        )
        .await;
    assert_eq!(
        r["tensor"],
        json!({"shape": [2, 2], "data": [-2.0, -2.0, -2.0, -2.0]})
    );
    let r = app
        .post(
            "/tensor/matmul",
            json!({"a": a, "b": {"shape": [2], "data": [1, 0]}}),
        )
        .await;
    assert!(
        r.expect_problem(422, "shape-mismatch")
            .contains("inner dimensions 3 and 2 differ")
    );
    app.post(
        "/tensor/matmul",
        json!({"a": {"shape": [2], "data": [1]}, "b": a}),
    )
    .await
    .expect_problem(422, "invalid-input");
}

#[tokio::test]
async fn shapes_names_the_failing_step() {
    let app = spawn_app().await;
    let r = app
        .ok("/shapes", json!({"input": [32, 10, 64], "ops": [{"op": "transpose", "dim0": 1, "dim1": 2}, {"op": "matmul", "other": [32, 10, 5]}, {"op": "reshape", "shape": [-1]}, {"op": "permute", "dims": [0]}]}))
        .await;
    assert_eq!(
        r["shapes"],
        json!([[32, 64, 10], [32, 64, 5], [10240], [10240]])
    );
    let r = app.post("/shapes", json!({"input": [32, 10, 64], "ops": [{"op": "reshape", "shape": [32, 10, 64]}, {"op": "transpose", "dim0": 0, "dim1": 0}, {"op": "matmul", "other": [128, 64]}]})).await;
    assert!(r.expect_problem(422, "shape-mismatch").starts_with(
        "step 2 (matmul): [32, 10, 64] @ [128, 64]: inner dimensions 64 and 128 differ"
    ));
    let r = app
        .post("/shapes", json!({"input": [2], "ops": [{"op": "flip"}]}))
        .await;
    assert!(r.expect_problem(422, "invalid-input").contains("step 0"));
    let r = app
        .post(
            "/shapes",
            json!({"input": [2, 2], "ops": [{"op": "transpose", "dim0": 0}]}),
        )
        .await;
    assert!(r.expect_problem(400, "invalid-json").contains("dim1"));
    let r = app
        .post(
            "/shapes",
            json!({"input": [4294967296_i64, 4294967296_i64], "ops": []}),
        )
        .await;
    r.expect_problem(422, "too-large");
}

async fn softmax_rows_sum_to_one(app: &TestApp, body: Value) {
    let r = app.ok("/softmax", body).await;
    for row in matrix(&r["result"]) {
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}

#[tokio::test]
async fn softmax_attention_and_lora() {
    let app = spawn_app().await;
    let r = app.ok("/softmax", json!({"vector": [1000, 1000]})).await;
    assert_eq!(r["result"], json!([0.5, 0.5]));
    softmax_rows_sum_to_one(
        &app,
        json!({"matrix": [[1, 2, 3], [-500, 0, 500]], "temperature": 0.5}),
    )
    .await;
    app.post("/softmax", json!({"vector": [1], "temperature": 0}))
        .await
        .expect_problem(422, "invalid-input");

    let q = json!([[1, 0], [0, 1], [1, 1]]);
    let r = app
        .ok(
            "/attention",
            json!({"q": q, "k": q, "v": [[1, 2], [3, 4], [5, 6]], "mask": "causal"}),
        )
        .await;
    let w = matrix(&r["weights"]);
    assert_eq!((w[0][0], w[0][1], w[1][2]), (1.0, 0.0, 0.0));
    assert_close(&[matrix(&r["output"])[0].clone()], &[vec![1.0, 2.0]], 1e-12);
    let s = matrix(&r["scores"]);
    assert!(
        (s[0][1] - 0.0).abs() < 1e-15 && (s[2][2] - 2.0 / 2f64.sqrt()).abs() < 1e-12,
        "scores before masking"
    );
    let r = app
        .post(
            "/attention",
            json!({"q": q, "k": q, "v": q, "mask": [[1, 0, 0], [0, 0, 0], [1, 1, 1]]}),
        )
        .await;
    assert!(
        r.expect_problem(422, "invalid-input")
            .contains("mask row 1")
    );
    app.post(
        "/attention",
        json!({"q": q, "k": q, "v": q, "mask": [[1, 0], [0, 1]]}),
    )
    .await
    .expect_problem(422, "shape-mismatch");
    app.post(
        "/attention",
        json!({"q": q, "k": q, "v": q, "mask": "future"}),
    )
    .await
    .expect_problem(422, "invalid-input");
    app.post("/attention", json!({"q": [[1, 2, 3]], "k": q, "v": q}))
        .await
        .expect_problem(422, "shape-mismatch");

    let r = app
        .ok(
            "/lora",
            json!({"w": [[0, 0, 0], [0, 0, 0]], "a": [[1, 2, 3]], "b": [[1], [1]], "alpha": 2}),
        )
        .await;
    assert_eq!(r["merged"], json!([[2.0, 4.0, 6.0], [2.0, 4.0, 6.0]]));
    assert_eq!(
        (
            r["delta_rank"].clone(),
            r["params_full"].clone(),
            r["params_lora"].clone()
        ),
        (json!(1), json!(6), json!(5))
    );
    assert!(close(&r["compression_ratio"], 5.0 / 6.0));
    let r = app
        .ok(
            "/lora",
            json!({"w": [[1, 0], [0, 1]], "a": [[1, 1]], "b": [[1], [0]]}),
        )
        .await;
    assert_eq!(
        r["merged"],
        json!([[2.0, 1.0], [0.0, 1.0]]),
        "alpha defaults to r"
    );
    app.post(
        "/lora",
        json!({"w": [[1, 0], [0, 1]], "a": [[1, 1, 1]], "b": [[1], [0]]}),
    )
    .await
    .expect_problem(422, "shape-mismatch");
}
