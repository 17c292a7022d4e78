//! Exercises on the machine-learning rungs.

use rand::Rng;
use serde_json::json;

use super::{Exercise, ExerciseGen, IntMat, text};
use crate::grading::options::Requirement;

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

/// Samples along two orthogonal directions with simple-fraction coordinates: the mean plus
/// `x_i (3, 4) + y_i (-4, 3)` with `sum x = sum y = x . y = 0`, so the covariance is diagonal
/// in that basis, the components are (3/5, 4/5) and (-4/5, 3/5), and the variances are
/// `25 sum x^2 / (n - 1)`: simple fractions.
pub fn pca(g: &mut ExerciseGen) -> Exercise {
    // (x, y) patterns with sum x = sum y = x . y = 0 and sum x^2 > sum y^2
    const PATTERNS: [(&[i64], &[i64]); 3] = [
        (&[-2, 0, 2], &[1, -2, 1]),
        (&[-2, -1, 1, 2], &[1, -1, -1, 1]),
        (&[-3, -1, 1, 3], &[1, -1, -1, 1]),
    ];
    let (xs, ys) = PATTERNS[g.rng.random_range(0..PATTERNS.len())];
    let (u, v) = if g.rng.random_bool(0.5) {
        ([3, 4], [-4, 3])
    } else {
        ([4, 3], [-3, 4])
    };
    let mean = [g.int(), g.int()];
    let data: IntMat = xs
        .iter()
        .zip(ys)
        .map(|(&x, &y)| vec![mean[0] + x * u[0] + y * v[0], mean[1] + x * u[1] + y * v[1]])
        .collect();
    Exercise::new(
        json!({"data": data, "n_components": 1}),
        format!(
            "Run PCA on the samples (rows) {}: give the first principal component, its explained variance (ddof = 1) and the projected data.",
            text(&data)
        ),
    )
    .requiring(&[Requirement::Unit])
}
