//! Exercises on factorizations.

use rand::Rng;
use serde_json::json;

use super::{Exercise, ExerciseGen, IntMat, diag, integer_inverse, mul, text, transpose};
use crate::grading::options::Requirement;

/// A matrix with an integer SVD that is not a disguised diagonal: `Q diag(s) P` with `Q` an
/// orthogonal matrix of simple fractions (the 3-4-5 rotation, or the 1-2-2 matrix / 3), `s`
/// multiples of its denominator (so every entry is an integer) and `P` a signed permutation.
/// `A^T A = P^T diag(s^2) P` is then diagonal up to the permutation: workable by hand.
fn integer_svd_matrix(g: &mut ExerciseGen) -> (IntMat, usize) {
    let three = g.difficulty > 1 && g.rng.random_bool(0.5);
    let (q, denominator): (IntMat, i64) = if three {
        (vec![vec![1, 2, 2], vec![2, 1, -2], vec![2, -2, 1]], 3)
    } else if g.rng.random_bool(0.5) {
        (vec![vec![3, -4], vec![4, 3]], 5)
    } else {
        (vec![vec![4, 3], vec![3, -4]], 5)
    };
    let n = q.len();
    // distinct scales, descending, so the singular vectors are determined up to sign
    let mut scales: Vec<i64> = Vec::new();
    while scales.len() < n {
        let x = g.rng.random_range(1..=(n as i64 + g.difficulty as i64));
        if !scales.contains(&x) {
            scales.push(x);
        }
    }
    scales.sort_unstable_by(|a, b| b.cmp(a));
    let p = g.signed_permutation(n);
    // Q diag(scales) P has entries (integer * scale), since Q's denominator divides into the
    // scales' implicit factor: Q = q / denominator and s = denominator * scale.
    let qs = mul(&q, &diag(&scales));
    let a = mul(&qs, &p);
    debug_assert!(denominator > 0);
    (a, n)
}

pub fn svd(g: &mut ExerciseGen) -> Exercise {
    let (a, _) = integer_svd_matrix(g);
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Find the singular value decomposition A = U diag(s) Vt of A = {} (singular values descending; hint: A^T A is diagonal up to a reordering).",
            text(&a)
        ),
    )
}

pub fn eigen(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 3);
    if g.difficulty == 1 || g.rng.random_bool(0.5) {
        let (a, b) = (g.int(), g.nonzero());
        let m = vec![vec![a, b], vec![b, a]];
        Exercise::new(
            json!({"matrix": m}),
            format!(
                "Find the eigenvalues and unit eigenvectors of the symmetric matrix {}.",
                text(&m)
            ),
        )
        .requiring(&[Requirement::Unit])
    } else {
        let p = g.unimodular(n);
        let d = g.distinct_ints(n);
        let m = mul(&mul(&p, &diag(&d)), &integer_inverse(&p));
        Exercise::new(
            json!({"matrix": m}),
            format!(
                "Find the eigenvalues and unit eigenvectors of {} (its eigenvalues are integers).",
                text(&m)
            ),
        )
        .requiring(&[Requirement::Unit])
    }
}

pub fn low_rank(g: &mut ExerciseGen) -> Exercise {
    let (a, _) = integer_svd_matrix(g);
    Exercise::new(
        json!({"matrix": a, "k": 1}),
        format!(
            "Give the best rank-1 approximation of {} (Eckart-Young), its factors, both errors and the parameter counts.",
            text(&a)
        ),
    )
}

pub fn qr(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 3);
    let a = g.unimodular(n);
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Compute the reduced QR decomposition of {} with a non-negative diagonal in R.",
            text(&a)
        ),
    )
}

pub fn lu(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 3);
    let a = g.unimodular(n);
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Compute the LU decomposition with partial pivoting P A = L U of A = {}.",
            text(&a)
        ),
    )
}

pub fn cholesky(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 3);
    let l: IntMat = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if j < i {
                        g.int()
                    } else if j == i {
                        g.rng.random_range(1..=g.range())
                    } else {
                        0
                    }
                })
                .collect()
        })
        .collect();
    let a = mul(&l, &transpose(&l));
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Find the Cholesky factor L (lower triangular, L L^T = A) of A = {}.",
            text(&a)
        ),
    )
}
