//! Exercises on the machine-learning rungs.

use serde_json::json;

use super::{Exercise, ExerciseGen, text};

pub fn softmax(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let v = g.vec(n);
    Exercise::new(
        json!({"vector": v}),
        format!("Compute softmax({}).", text(&v)),
    )
}

pub fn attention(g: &mut ExerciseGen) -> Exercise {
    let (n, d) = (g.size(2, 3), 2);
    let (q, k, v) = (g.mat(n, d), g.mat(n, d), g.mat(n, d));
    Exercise::new(
        json!({"q": q, "k": k, "v": v, "mask": "causal"}),
        format!(
            "Compute causal scaled dot-product attention softmax(Q K^T / sqrt(d)) V for Q = {}, K = {}, V = {}: give the scores, the weights and the output.",
            text(&q),
            text(&k),
            text(&v)
        ),
    )
}

pub fn lora(g: &mut ExerciseGen) -> Exercise {
    let (d, k) = (g.size(2, 3), g.size(2, 4));
    let w = g.mat(d, k);
    let (a, b) = (vec![g.vec(k)], g.mat(d, 1));
    Exercise::new(
        json!({"w": w, "a": a, "b": b, "alpha": 1}),
        format!(
            "Merge the rank-1 LoRA update (alpha = 1, r = 1) with B = {} and A = {} into W = {}; give the merged weight, the update's rank and the parameter counts.",
            text(&b),
            text(&a),
            text(&w)
        ),
    )
}

pub fn pca(g: &mut ExerciseGen) -> Exercise {
    let (n, p) = (g.size(3, 6), g.size(2, 3));
    let mut data = g.mat(n, p);
    data[0][0] = data[1][0] + 1; // never all samples identical
    Exercise::new(
        json!({"data": data, "n_components": 1}),
        format!(
            "Run PCA on the samples (rows) {} and give the first principal component, its explained variance (ddof = 1) and the projected data.",
            text(&data)
        ),
    )
}
