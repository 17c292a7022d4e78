//! The five design endpoints over HTTP: textbook values, every option, timing.

use serde_json::json;

use crate::helpers::{assert_close, matmul, matrix, spawn_app, transpose, vector};

#[tokio::test]
async fn dot_of_the_curriculum_vectors_is_32_with_timing() {
    let app = spawn_app().await;
    let r = app
        .post("/dot", json!({"a": [1, 2, 3], "b": [4, 5, 6]}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["dot"], 32.0);
    let t = &r.body["timing"];
    for key in ["queue_us", "compute_us", "total_us"] {
        assert!(t[key].is_u64(), "timing.{key} in {}", r.body);
    }
    assert!(t["total_us"].as_u64() >= t["compute_us"].as_u64());
    let header = r.headers["server-timing"].to_str().unwrap();
    assert!(
        header.starts_with("queue;dur=")
            && header.contains(", compute;dur=")
            && header.contains(", total;dur="),
        "{header}"
    );
}

#[tokio::test]
async fn matmul_of_a_pair_a_vector_and_a_chain() {
    let app = spawn_app().await;
    let r = app
        .ok(
            "/matmul",
            json!({"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}),
        )
        .await;
    assert_eq!(r["result"], json!([[19.0, 22.0], [43.0, 50.0]]));
    assert_eq!(r["shape"], json!([2, 2]));
    assert!(r.get("shapes").is_none());

    let r = app
        .ok("/matmul", json!({"a": [[1, 2], [3, 4]], "b": [1, 1]}))
        .await;
    assert_eq!(r["result"], json!([3.0, 7.0]));
    assert_eq!(r["shape"], json!([2]));

    let r = app
        .ok(
            "/matmul",
            json!({"matrices": [[[1, 2, 3]], [[1], [2], [3]], [[2, 0]]]}),
        )
        .await;
    assert_eq!(r["result"], json!([[28.0, 0.0]]));
    assert_eq!(r["shape"], json!([1, 2]));
    assert_eq!(r["shapes"], json!([[1, 1], [1, 2]]));
}

#[tokio::test]
async fn matmul_accepts_generated_operands_deterministically() {
    let app = spawn_app().await;
    let body = json!({"a": {"random": {"shape": [3, 4], "seed": 7}}, "b": {"random": {"shape": [4, 2], "seed": 8, "distribution": "uniform"}}});
    let first = app.ok("/matmul", body.clone()).await;
    let second = app.ok("/matmul", body).await;
    assert_eq!(first["result"], second["result"]);
    assert_eq!(first["shape"], json!([3, 2]));
}

#[tokio::test]
async fn svd_reconstructs_and_honours_its_options() {
    let app = spawn_app().await;
    let a = vec![vec![3.0, 0.0], vec![4.0, 5.0], vec![1.0, 2.0]];
    let r = app.ok("/svd", json!({"matrix": a})).await;
    let (u, s, vt) = (matrix(&r["u"]), vector(&r["s"]), matrix(&r["vt"]));
    assert_eq!((u.len(), u[0].len(), vt.len()), (3, 2, 2));
    let us: Vec<Vec<f64>> = u
        .iter()
        .map(|row| row.iter().zip(&s).map(|(x, s)| x * s).collect())
        .collect();
    assert_close(&matmul(&us, &vt), &a, 1e-12);
    assert!(s[0] >= s[1]);

    let full = app
        .ok("/svd", json!({"matrix": a, "full_matrices": true}))
        .await;
    let u = matrix(&full["u"]);
    assert_eq!((u.len(), u[0].len()), (3, 3));
    let identity: Vec<Vec<f64>> = (0..3)
        .map(|i| (0..3).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    assert_close(&matmul(&transpose(&u), &u), &identity, 1e-12);

    let only_s = app
        .ok("/svd", json!({"matrix": a, "compute_uv": false}))
        .await;
    assert!(only_s.get("u").is_none() && only_s.get("vt").is_none());
    assert_close(&[vector(&only_s["s"])], &[s], 1e-12);
}

#[tokio::test]
async fn pca_follows_scikit_learn_conventions() {
    let app = spawn_app().await;
    let data = json!([
        [2.5, 2.4],
        [0.5, 0.7],
        [2.2, 2.9],
        [1.9, 2.2],
        [3.1, 3.0],
        [2.3, 2.7],
        [2.0, 1.6],
        [1.0, 1.1],
        [1.5, 1.6],
        [1.1, 0.9]
    ]);
    let r = app
        .ok("/pca", json!({"data": data, "n_components": 1}))
        .await;
    // The classic Lindsay Smith tutorial data: first eigenvalue 1.28402771, vector (0.6779, 0.7352).
    let ev = vector(&r["explained_variance"]);
    assert!((ev[0] - 1.284_027_71).abs() < 1e-7, "{ev:?}");
    let c = matrix(&r["components"]);
    assert!(
        (c[0][0] - 0.677_873_4).abs() < 1e-6 && (c[0][1] - 0.735_178_7).abs() < 1e-6,
        "{c:?}"
    );
    let ratio = vector(&r["explained_variance_ratio"]);
    assert!(ratio[0] > 0.96 && ratio[0] <= 1.0);
    assert_eq!(vector(&r["mean"]).len(), 2);
    assert_eq!(matrix(&r["transformed"]).len(), 10);

    let w = app.ok("/pca", json!({"data": data, "whiten": true})).await;
    let t = matrix(&w["transformed"]);
    let var: f64 = t.iter().map(|row| row[0] * row[0]).sum::<f64>() / 9.0;
    assert!(
        (var - 1.0).abs() < 1e-9,
        "whitened scores have unit variance, got {var}"
    );
}

#[tokio::test]
async fn cosine_search_ranks_ties_and_batches() {
    let app = spawn_app().await;
    let emb = json!([[1, 0], [0, 1], [1, 1], [2, 0], [-1, 0]]);
    let r = app
        .ok(
            "/cosine-search",
            json!({"embeddings": emb, "query": [1, 0], "k": 3}),
        )
        .await;
    let idx: Vec<u64> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["index"].as_u64().unwrap())
        .collect();
    assert_eq!(
        idx,
        vec![0, 3, 2],
        "equal cosine 1.0 for rows 0 and 3: lower index first"
    );
    assert_eq!(r["results"][0]["score"], 1.0);

    let r = app
        .ok("/cosine-search", json!({"embeddings": emb, "queries": [[1, 0], [0, 1]], "k": 100, "metric": "euclidean"}))
        .await;
    let lists = r["results"].as_array().unwrap();
    assert_eq!(lists.len(), 2);
    assert_eq!(
        lists[0].as_array().unwrap().len(),
        5,
        "k beyond the set returns the whole set"
    );
    assert_eq!(lists[0][0]["index"], 0);
    assert_eq!(lists[0][0]["score"], 0.0);
    assert_eq!(lists[1][0]["index"], 1);

    let r = app
        .ok(
            "/cosine-search",
            json!({"embeddings": emb, "query": [1, 0], "k": 1, "metric": "dot"}),
        )
        .await;
    assert_eq!(r["results"][0]["index"], 3);
    assert_eq!(r["results"][0]["score"], 2.0);
}
