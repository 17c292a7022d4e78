//! `/grade` and `/exercises`, sentence by sentence of the contract's "Grading and exercises"
//! section, and the regressions of issue #15's defects (named after them).

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn grade_with(app: &TestApp, body: Value) -> Value {
    app.ok("/grade", body).await
}

fn field<'a>(g: &'a Value, name: &str) -> &'a Value {
    g["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {g}"))
}

fn code(g: &Value, name: &str) -> String {
    field(g, name)["code"].as_str().unwrap().to_string()
}

// --- the defects of issue #15 ------------------------------------------------------------

#[tokio::test]
async fn defect_an_integer_determinant_within_the_tolerance_is_right_and_an_explicit_tolerance_is_honoured()
 {
    let app = spawn_app().await;
    let input = json!({"matrix": [[2, 4], [5, 3]]}); // det = -14
    let g = grade_with(
        &app,
        json!({"op": "determinant", "input": input, "answer": {"determinant": -14.000000000000004}}),
    )
    .await;
    assert_eq!(g["correct"], true, "NumPy's own answer: {g}");
    let g = grade_with(
        &app,
        json!({"op": "determinant", "input": input, "answer": {"determinant": -13.6}, "tolerance": {"abs": 0.5}}),
    )
    .await;
    assert_eq!(g["correct"], true, "the explicit tolerance: {g}");
}

#[tokio::test]
async fn defect_a_defective_matrix_may_repeat_its_single_eigenvector() {
    let app = spawn_app().await;
    let input = json!({"matrix": [[1, 1], [0, 1]]});
    let own = app.ok("/eigen", input.clone()).await;
    for answer in [
        json!({"eigenvalues": [1, 1], "eigenvectors": [[1, 0], [1, 0]]}),
        json!({"eigenvalues": own["eigenvalues"], "eigenvectors": own["eigenvectors"]}),
    ] {
        let g = grade_with(
            &app,
            json!({"op": "eigen", "input": input, "answer": answer}),
        )
        .await;
        assert_eq!(g["correct"], true, "{g}");
    }
}

#[tokio::test]
async fn defect_whole_number_fields_compare_exactly_whatever_the_tolerance() {
    let app = spawn_app().await;
    let g = grade_with(
        &app,
        json!({"op": "shapes", "input": {"input": [10000000], "ops": [{"op": "reshape", "shape": [-1]}]},
               "answer": {"shapes": [[10000001]]}, "tolerance": {"rel": 0.01}}),
    )
    .await;
    assert_eq!(g["correct"], false, "{g}");
    let g = grade_with(
        &app,
        json!({"op": "rank", "input": {"matrix": [[1, 2], [2, 4]]}, "answer": {"rank": 1.4},
               "tolerance": {"abs": 0.5}}),
    )
    .await;
    assert_eq!(g["correct"], false, "a rank is a whole number: {g}");
}

#[tokio::test]
async fn defect_a_tensor_of_the_wrong_shape_is_told_its_shape_is_wrong() {
    let app = spawn_app().await;
    let data: Vec<i64> = (0..24).collect();
    let g = grade_with(
        &app,
        json!({"op": "tensor/transpose",
               "input": {"tensor": {"shape": [2, 3, 4], "data": data}, "dim0": -1, "dim1": -2},
               "answer": {"tensor": {"shape": [4, 3, 2], "data": data}}}),
    )
    .await;
    assert_eq!(code(&g, "tensor"), "wrong-shape", "{g}");
    let feedback = g["feedback"].as_str().unwrap();
    assert!(!feedback.contains("shape is right"), "{feedback}");
    assert!(feedback.contains("[2,4,3]"), "{feedback}");
}

#[tokio::test]
async fn defect_a_null_space_vector_with_a_sign_slip_is_outside_the_subspace_not_unorthonormal() {
    let app = spawn_app().await;
    let h = 0.5f64.sqrt();
    let g = grade_with(
        &app,
        json!({"op": "subspaces", "input": {"matrix": [[1, 1, 0], [1, 1, 0]]},
               "answer": {"null_space": [[h, h, 0], [0, 0, 1]]}, "require": ["orthonormal"]}),
    )
    .await;
    assert_eq!(code(&g, "null_space"), "wrong-span", "{g}");
    assert!(!g["feedback"].as_str().unwrap().contains("Gram-Schmidt"));
}

#[tokio::test]
async fn defect_a_wrong_integer_is_a_sign_error_not_an_exactness_problem() {
    let app = spawn_app().await;
    let g = grade_with(
        &app,
        json!({"op": "determinant", "input": {"matrix": [[2, 4], [5, 3]]},
               "answer": {"determinant": 14}, "require": ["exact"]}),
    )
    .await;
    let f = field(&g, "determinant");
    assert_eq!(f["code"], "wrong-values", "{g}");
    assert_eq!(f["misconception"], "sign-error", "{g}");
}

// --- equivalences --------------------------------------------------------------------------

#[tokio::test]
async fn singular_vectors_may_rotate_inside_a_repeated_singular_value() {
    let app = spawn_app().await;
    // 2I: any rotation R gives u = R, vt = R^T
    let (c, s) = (0.6, 0.8);
    let g = grade_with(
        &app,
        json!({"op": "svd", "input": {"matrix": [[2, 0], [0, 2]]},
               "answer": {"u": [[c, -s], [s, c]], "s": [2, 2], "vt": [[c, s], [-s, c]]}}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
}

#[tokio::test]
async fn a_basis_is_right_when_it_is_a_basis_of_the_subspace_orthonormal_only_on_request() {
    let app = spawn_app().await;
    let input = json!({"matrix": [[1, 1, 0], [1, 1, 0]]});
    let basis = json!({"null_space": [[1, -1, 0], [1, -1, 5]]});
    let g = grade_with(
        &app,
        json!({"op": "subspaces", "input": input, "answer": basis}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    let g = grade_with(
        &app,
        json!({"op": "subspaces", "input": input, "answer": basis, "require": ["orthonormal"]}),
    )
    .await;
    assert_eq!(code(&g, "null_space"), "not-orthonormal");
    let g = grade_with(
        &app,
        json!({"op": "subspaces", "input": input, "answer": {"null_space": [[1, -1, 0], [-2, 2, 0]]}}),
    )
    .await;
    assert_eq!(code(&g, "null_space"), "dependent-vectors");
}

#[tokio::test]
async fn eigenvalues_in_the_endpoints_order_only_when_order_is_required() {
    let app = spawn_app().await;
    let body = |require: Value| {
        json!({"op": "eigen", "input": {"matrix": [[2, 1], [1, 2]]},
               "answer": {"eigenvalues": [3, 1], "eigenvectors": [[1, 1], [1, -1]]}, "require": require})
    };
    let g = grade_with(&app, body(json!([]))).await;
    assert_eq!(g["correct"], true, "{g}");
    let g = grade_with(&app, body(json!(["order"]))).await;
    assert_eq!(code(&g, "eigenvalues"), "wrong-order");
    assert_eq!(field(&g, "eigenvalues")["misconception"], "ascending-order");
}

// --- tolerances ----------------------------------------------------------------------------

#[tokio::test]
async fn tolerances_in_decimals_and_significant_figures() {
    let app = spawn_app().await;
    let third = json!({"op": "inverse", "input": {"matrix": [[3]]}});
    let with = |answer: Value, tolerance: Value| {
        let mut b = third.clone();
        b["answer"] = json!({"inverse": [[answer]]});
        b["tolerance"] = tolerance;
        b
    };
    for (answer, tolerance, right) in [
        (json!(0.33), json!({"decimals": 2}), true),
        (json!(0.3), json!({"decimals": 2}), false),
        (json!(0.333), json!({"sig_figs": 3}), true),
        (json!(0.33), json!({"sig_figs": 3}), false),
        (json!(0.4), json!({"abs": 0.1}), true),
        (json!(0.4), json!({"abs": 0.01}), false),
        (json!("1/3"), json!({"abs": 0}), true),
    ] {
        let g = grade_with(&app, with(answer.clone(), tolerance.clone())).await;
        assert_eq!(g["correct"], right, "{answer} with {tolerance}: {g}");
    }
    // an expected 0 under sig_figs: |given| <= 0.5 * 10^-s
    let g = grade_with(
        &app,
        json!({"op": "dot", "input": {"a": [1, 1], "b": [1, -1]}, "answer": {"dot": 0.0004}, "tolerance": {"sig_figs": 3}}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    // complex entries: the bound applies to |given - expected|
    let g = grade_with(
        &app,
        json!({"op": "eigen", "input": {"matrix": [[0, -1], [1, 0]]},
               "answer": {"eigenvalues": [{"re": 0.003, "im": -1.003}, {"re": 0, "im": 1}]},
               "tolerance": {"decimals": 2}}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
}

#[tokio::test]
async fn a_near_miss_asks_for_more_digits() {
    let app = spawn_app().await;
    let g = grade_with(
        &app,
        json!({"op": "inverse", "input": {"matrix": [[3]]}, "answer": {"inverse": [[0.3]]}, "tolerance": {"decimals": 2}}),
    )
    .await;
    assert_eq!(
        field(&g, "inverse")["misconception"],
        "too-few-digits",
        "{g}"
    );
    assert!(g["feedback"].as_str().unwrap().contains("fewer digits"));
}

#[tokio::test]
async fn bad_tolerances_requirements_and_reveals_are_422() {
    let app = spawn_app().await;
    let base = json!({"op": "dot", "input": {"a": [1], "b": [2]}, "answer": {"dot": 2}});
    for (key, value) in [
        ("tolerance", json!({"decimals": 13})),
        ("tolerance", json!({"decimals": -1})),
        ("tolerance", json!({"sig_figs": 0})),
        ("tolerance", json!({"sig_figs": 16})),
        ("tolerance", json!({"abs": -1})),
        ("tolerance", json!({"abs": 0.1, "decimals": 2})),
        ("require", json!(["units"])),
        ("reveal", json!("everything")),
    ] {
        let mut body = base.clone();
        body[key] = value.clone();
        let r = app.post("/grade", body).await;
        r.expect_problem(422, "invalid-input");
        let _ = value;
    }
    // an unknown key inside the tolerance is an unknown field: 400 naming it
    let mut body = base.clone();
    body["tolerance"] = json!({"absolute": 0.1});
    let detail = app.post("/grade", body).await;
    assert!(
        detail
            .expect_problem(400, "invalid-json")
            .contains("absolute")
    );
}

// --- answers as students write them ---------------------------------------------------------

#[tokio::test]
async fn numbers_may_be_strings_and_other_strings_are_wrong_type() {
    let app = spawn_app().await;
    let input = json!({"matrix": [[4, 7], [2, 6]]});
    let g = grade_with(
        &app,
        json!({"op": "inverse", "input": input, "answer": {"inverse": [["3/5", "-0.7"], ["-1/5", "2/5"]]}}),
    )
    .await;
    assert_eq!(g["correct"], true, "{g}");
    let g = grade_with(
        &app,
        json!({"op": "inverse", "input": input, "answer": {"inverse": [["3/5", "-7/10"], ["-1/5", "two fifths"]]}}),
    )
    .await;
    assert_eq!(code(&g, "inverse"), "wrong-type", "{g}");
}

// --- reveal ----------------------------------------------------------------------------------

#[tokio::test]
async fn reveal_none_hint_and_full_show_more_and_more() {
    let app = spawn_app().await;
    let body = |reveal: &str| {
        json!({"op": "matmul", "input": {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]},
               "answer": {"result": [[19, 22], [43, 51]]}, "reveal": reveal})
    };
    let texts = |g: &Value| format!("{} {}", g["feedback"], field(g, "result")["message"]);
    let none = grade_with(&app, body("none")).await;
    let hint = grade_with(&app, body("hint")).await;
    let full = grade_with(&app, body("full")).await;
    for g in [&none, &hint] {
        for expected_value in ["43", "50", "19", "22"] {
            assert!(!texts(g).contains(expected_value), "{}", texts(g));
        }
    }
    assert!(!texts(&none).contains("(1, 1)"), "none does not say where");
    assert!(texts(&hint).contains("entry (1, 1)"), "{}", texts(&hint));
    assert!(
        texts(&full).contains("expected 50, got 51"),
        "{}",
        texts(&full)
    );
    for g in [&none, &hint, &full] {
        assert_eq!(
            field(g, "result")["expected"],
            json!([[19.0, 22.0], [43.0, 50.0]])
        );
    }
    // the misconception is named from hint on
    let reversed = |reveal: &str| {
        json!({"op": "matmul", "input": {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]},
               "answer": {"result": [[23, 34], [31, 46]]}, "reveal": reveal})
    };
    let none = grade_with(&app, reversed("none")).await;
    let hint = grade_with(&app, reversed("hint")).await;
    assert_eq!(field(&none, "result")["misconception"], "product-order");
    assert!(!none["feedback"].as_str().unwrap().contains("order"));
    assert!(hint["feedback"].as_str().unwrap().contains("wrong order"));
}

// --- partial credit --------------------------------------------------------------------------

#[tokio::test]
async fn partial_credit_scores_the_share_of_right_entries() {
    let app = spawn_app().await;
    let input = json!({"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]});
    let body = |partial: bool| {
        json!({"op": "matmul", "input": input, "answer": {"result": [[19, 22], [43, 51]], "shape": [3, 3]},
               "partial_credit": partial})
    };
    let g = grade_with(&app, body(true)).await;
    assert_eq!(g["score"], json!((0.75 + 0.0) / 2.0), "{g}");
    assert_eq!(
        field(&g, "result")["correct_entries"],
        json!([[true, true], [true, false]])
    );
    let g = grade_with(&app, body(false)).await;
    assert_eq!(g["score"], 0.0, "{g}");
    assert_eq!(
        field(&g, "result")["correct_entries"],
        json!([[true, true], [true, false]]),
        "correct_entries is returned either way"
    );
    // a field of the wrong shape scores 0 and has no correct_entries
    let g = grade_with(
        &app,
        json!({"op": "matmul", "input": input, "answer": {"result": [[19, 22, 0]]}, "partial_credit": true}),
    )
    .await;
    assert_eq!(g["score"], 0.0);
    assert!(field(&g, "result").get("correct_entries").is_none());
}

// --- exercises --------------------------------------------------------------------------------

#[tokio::test]
async fn exercises_say_how_they_are_graded_and_grade_with_it() {
    let app = spawn_app().await;
    for kind in ["eigen", "rref", "subspaces", "pca", "inverse", "svd"] {
        let ex = app
            .ok(
                "/exercises",
                json!({"kind": kind, "seed": 3, "difficulty": 1}),
            )
            .await;
        let prompt = ex["prompt"].as_str().unwrap();
        assert!(ex["tolerance"].is_object(), "{ex}");
        assert!(prompt.contains("decimal places"), "{prompt}");
        for r in ex["require"].as_array().unwrap() {
            let words = match r.as_str().unwrap() {
                "unit" => "unit length",
                "orthonormal" => "orthonormal",
                "exact" => "exact values",
                "order" => "order",
                other => panic!("{other}"),
            };
            assert!(prompt.contains(words), "{kind}: {prompt}");
        }
        let g = app
            .ok(
                "/grade",
                json!({"op": kind, "input": ex["input"], "answer": ex["answer"],
                       "tolerance": ex["tolerance"], "require": ex["require"]}),
            )
            .await;
        assert_eq!(g["correct"], true, "{kind}: {g}");
    }
}

/// Every number of a JSON value.
fn numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap()),
        Value::Array(a) => a.iter().for_each(|x| numbers(x, out)),
        Value::Object(o) => o.values().for_each(|x| numbers(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn difficulty_one_is_hand_workable_and_never_degenerate() {
    let app = spawn_app().await;
    let mut determinants = Vec::new();
    let mut chains = std::collections::HashSet::new();
    for seed in 0..12u64 {
        let ex = |kind: &'static str| {
            let app = &app;
            async move {
                app.ok(
                    "/exercises",
                    json!({"kind": kind, "seed": seed, "difficulty": 1}),
                )
                .await
            }
        };
        // SVD: not diagonal, integer singular values
        let svd = ex("svd").await;
        let m = &svd["input"]["matrix"];
        let off_diagonal = m[0][1].as_f64().unwrap() != 0.0 || m[1][0].as_f64().unwrap() != 0.0;
        let on_diagonal = m[0][0].as_f64().unwrap() != 0.0 || m[1][1].as_f64().unwrap() != 0.0;
        assert!(off_diagonal && on_diagonal, "a disguised diagonal: {m}");
        for s in svd["answer"]["s"].as_array().unwrap() {
            let s = s.as_f64().unwrap();
            assert!((s - s.round()).abs() < 1e-9, "integer singular values: {s}");
        }
        // inverses: small determinants, not always +-1, simple fractions
        let inv = ex("inverse").await;
        let det = app.ok("/determinant", inv["input"].clone()).await["determinant"]
            .as_f64()
            .unwrap();
        determinants.push(det);
        let mut xs = Vec::new();
        numbers(&inv["answer"]["inverse"], &mut xs);
        for x in xs {
            assert!((x * det - (x * det).round()).abs() < 1e-9, "{x} is k / det");
        }
        // PCA: variances that are simple fractions, no 7-figure answers
        let pca = ex("pca").await;
        let variance = pca["answer"]["explained_variance"][0].as_f64().unwrap();
        let n = pca["input"]["data"].as_array().unwrap().len() as f64;
        let scaled = variance * (n - 1.0);
        assert!(
            (scaled - scaled.round()).abs() < 1e-6,
            "variance {variance} = k / (n - 1)"
        );
        // shape chains: distinct dimensions, differing from seed to seed
        let shapes = ex("shapes").await;
        let input: Vec<i64> = serde_json::from_value(shapes["input"]["input"].clone()).unwrap();
        let mut distinct = input.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            input.len(),
            "distinct dimensions: {input:?}"
        );
        chains.insert(shapes["input"].to_string());
    }
    assert!(
        determinants.iter().any(|d| d.abs() != 1.0),
        "{determinants:?}"
    );
    assert!(
        chains.len() >= 10,
        "{} different chains in 12 seeds",
        chains.len()
    );
}
