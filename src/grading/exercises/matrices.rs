//! Exercises on matrices: products, transposes, determinants, inverses, systems, rank.

use rand::Rng;
use serde_json::json;

use super::{Exercise, ExerciseGen, IntMat, mul, text};
use crate::grading::options::Requirement;

pub fn matmul(g: &mut ExerciseGen) -> Exercise {
    let (n, k, m) = (g.size(2, 4), g.size(2, 4), g.size(1, 4));
    let (a, b) = (g.mat(n, k), g.mat(k, m));
    Exercise::new(
        json!({"a": a, "b": b}),
        format!(
            "Compute the matrix product A B for A = {} ({n}x{k}) and B = {} ({k}x{m}); give result and shape.",
            text(&a),
            text(&b)
        ),
    )
}

pub fn transpose(g: &mut ExerciseGen) -> Exercise {
    let (m, n) = (g.size(2, 4), g.size(2, 5));
    let a = g.mat(m, n);
    Exercise::new(
        json!({"matrix": a}),
        format!("Transpose the {m}x{n} matrix {}.", text(&a)),
    )
}

pub fn determinant(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let a = g.mat(n, n);
    Exercise::new(
        json!({"matrix": a}),
        format!("Compute the determinant of {}.", text(&a)),
    )
}

/// An integer matrix whose determinant is small but not +-1, so its inverse has simple
/// fractions that show whether 1/det was applied.
fn small_determinant_matrix(g: &mut ExerciseGen) -> (IntMat, i64) {
    let n = if g.difficulty == 1 { 2 } else { 3 };
    loop {
        let a = g.mat(n, n);
        let det = integer_determinant(&a);
        if (2..=6).contains(&det.abs()) {
            return (a, det);
        }
    }
}

/// The determinant of a small integer matrix, by cofactor expansion.
fn integer_determinant(a: &IntMat) -> i64 {
    match a.len() {
        1 => a[0][0],
        2 => a[0][0] * a[1][1] - a[0][1] * a[1][0],
        n => (0..n)
            .map(|j| {
                let minor: IntMat = a[1..]
                    .iter()
                    .map(|row| (0..n).filter(|&c| c != j).map(|c| row[c]).collect())
                    .collect();
                let sign = if j % 2 == 0 { 1 } else { -1 };
                sign * a[0][j] * integer_determinant(&minor)
            })
            .sum(),
    }
}

pub fn inverse(g: &mut ExerciseGen) -> Exercise {
    let (a, det) = small_determinant_matrix(g);
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Find the inverse of {} (its determinant is {det}).",
            text(&a)
        ),
    )
}

pub fn solve(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let a = g.unimodular(n);
    let x = g.vec(n);
    let b: Vec<i64> = a
        .iter()
        .map(|r| r.iter().zip(&x).map(|(p, q)| p * q).sum())
        .collect();
    Exercise::new(
        json!({"a": a, "b": b}),
        format!("Solve A x = b for A = {} and b = {}.", text(&a), text(&b)),
    )
}

pub fn lstsq(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 3);
    let m = n + g.size(1, 3);
    let mut a = g.mat(m, n);
    for (i, row) in a.iter_mut().enumerate().take(n) {
        row.iter_mut().enumerate().for_each(|(j, x)| {
            if i == j {
                *x = nonzero_or_one(*x)
            }
        });
    }
    let b = g.vec(m);
    Exercise::new(
        json!({"a": a, "b": b}),
        format!(
            "Find the least-squares solution of A x ≈ b for A = {} and b = {}; give x, the residual sum of squares, the rank and the singular values.",
            text(&a),
            text(&b)
        ),
    )
}

/// An m x n integer matrix of a chosen rank r, as a product of m x r and r x n factors.
fn matrix_of_chosen_rank(g: &mut ExerciseGen) -> Vec<Vec<i64>> {
    let (m, n) = (g.size(2, 4), g.size(3, 5));
    let r = g.rng.random_range(1..=m.min(n));
    let left = g.mat(m, r);
    let right = g.mat(r, n);
    mul(&left, &right)
}

pub fn rank(g: &mut ExerciseGen) -> Exercise {
    let a = matrix_of_chosen_rank(g);
    Exercise::new(
        json!({"matrix": a}),
        format!("What is the rank of {}?", text(&a)),
    )
    .whole_numbers()
}

pub fn subspaces(g: &mut ExerciseGen) -> Exercise {
    let a = matrix_of_chosen_rank(g);
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Give orthonormal bases of the column space, row space, null space and left null space of {}, and its rank.",
            text(&a)
        ),
    )
    .requiring(&[Requirement::Orthonormal])
}

pub fn rref(g: &mut ExerciseGen) -> Exercise {
    let a = matrix_of_chosen_rank(g);
    Exercise::new(
        json!({"matrix": a}),
        format!(
            "Row-reduce {} to reduced row echelon form (exact fractions); give the pivot columns and the rank.",
            text(&a)
        ),
    )
    .requiring(&[Requirement::Exact])
}

/// Keeps diagonal entries non-zero (full column rank for least squares).
fn nonzero_or_one(x: i64) -> i64 {
    if x == 0 { 1 } else { x }
}
