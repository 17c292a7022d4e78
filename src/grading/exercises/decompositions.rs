//! Exercises on factorizations.

use rand::Rng;
use serde_json::json;

use super::{Exercise, ExerciseGen, IntMat, diag, integer_inverse, mul, text, transpose};

pub fn svd(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let scales: Vec<i64> = {
        let mut s: Vec<i64> = (0..n)
            .map(|_| g.rng.random_range(1..=g.range() + 2))
            .collect();
        s.sort_unstable_by(|a, b| b.cmp(a));
        s
    };
    let (p, q) = (g.signed_permutation(n), g.signed_permutation(n));
    let a = mul(&mul(&p, &diag(&scales)), &q);
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Find the singular value decomposition A = U diag(s) Vt of A = {} (singular values descending).",
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
    }
}

pub fn low_rank(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let scales: Vec<i64> = {
        let mut s: Vec<i64> = (0..n)
            .map(|i| 2 * (n - i) as i64 + g.rng.random_range(0..2))
            .collect();
        s.sort_unstable_by(|a, b| b.cmp(a));
        s
    };
    let (p, q) = (g.signed_permutation(n), g.signed_permutation(n));
    let a = mul(&mul(&p, &diag(&scales)), &q);
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
