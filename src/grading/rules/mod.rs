//! The rules for fields that are defined only up to sign, scale, order or basis, one file per
//! family, and the linear algebra they share.

pub mod bases;
pub mod eigen;
pub mod exact;
pub mod factors;
pub mod pca;
pub mod product;
pub mod ranked;
pub mod tensor;

use faer::Mat;
use serde_json::Value;

use crate::wire::answer::{self, Numbers};

/// A JSON matrix as a faer matrix (students' numbers read as [`answer`] reads them).
pub fn mat_of(v: &Value) -> Option<Mat<f64>> {
    match answer::numbers(v).ok()? {
        Numbers::Matrix(r, c, d) => Some(Mat::from_fn(r, c, |i, j| d[i * c + j])),
        _ => None,
    }
}

/// A list of vectors (a basis) as the rows of a matrix with `len` columns; empty allowed.
pub fn rows_of(v: &Value, len: usize) -> Option<Mat<f64>> {
    let rows = answer::rows(v, len)?;
    Some(Mat::from_fn(rows.len(), len, |i, j| rows[i][j]))
}

pub fn max_abs_diff(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
    let mut worst = 0.0_f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            worst = worst.max((a[(i, j)] - b[(i, j)]).abs());
        }
    }
    worst
}

/// How far the rows of `b` are from orthonormal: max |B B^T - I|.
pub fn orthonormality_error(rows: &Mat<f64>) -> f64 {
    let gram = rows * rows.transpose();
    let n = gram.nrows();
    max_abs_diff(&gram, &Mat::identity(n, n))
}

/// Projector onto the row space of orthonormal rows.
pub fn projector(rows: &Mat<f64>) -> Mat<f64> {
    rows.transpose() * rows
}

/// Groups of indices whose values are equal within `tol` (values sorted either way).
pub fn equal_groups(values: &[f64], tol: f64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if (values[*g.last().expect("non-empty")] - v).abs() <= tol => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

fn select_rows(m: &Mat<f64>, rows: &[usize]) -> Mat<f64> {
    Mat::from_fn(rows.len(), m.ncols(), |i, j| m[(rows[i], j)])
}

/// Whether the rows of `given` span the same space as the rows of `expected`, group by group;
/// the largest projector difference when they do.
pub fn same_spans(
    given: &Mat<f64>,
    expected: &Mat<f64>,
    groups: &[Vec<usize>],
    tol: f64,
) -> Option<f64> {
    let mut worst = 0.0_f64;
    for g in groups {
        let err = max_abs_diff(
            &projector(&select_rows(given, g)),
            &projector(&select_rows(expected, g)),
        );
        worst = worst.max(err);
        if err > tol {
            return None;
        }
    }
    Some(worst)
}
