//! Eigenpairs: eigenvalues as a multiset, eigenvectors by `A v = λ v` up to any nonzero scalar.

use faer::{Mat, c64};
use serde_json::Value;

use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code};
use crate::wire::answer::{complex_list, complex_vectors};

/// Eigenvalues as a multiset: each expected value matched to the nearest unused given value.
pub fn check_eigenvalues(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let (Some(e), Some(g)) = (complex_list(expected), complex_list(given)) else {
        return Check::fail(
            Code::WrongType,
            "eigenvalues must be numbers or {\"re\", \"im\"} objects".into(),
        );
    };
    if e.len() != g.len() {
        return Check::fail(
            Code::WrongShape,
            format!("expected {} eigenvalues, got {}", e.len(), g.len()),
        );
    }
    let mut used = vec![false; g.len()];
    let mut worst = 0.0_f64;
    for x in &e {
        let (j, d) = g
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .map(|(j, y)| (j, (x - y).norm()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("as many given as expected");
        used[j] = true;
        worst = worst.max(d);
        if d > tol.abs + tol.rel * x.norm() {
            return Check::fail(
                Code::WrongValues,
                format!(
                    "the eigenvalue {} has no match in your answer (nearest is off by {d:.3e})",
                    fmt_c(*x)
                ),
            )
            .with_error(d);
        }
    }
    Check::ok(Some(worst))
}

pub fn fmt_c(z: c64) -> String {
    if z.im == 0.0 {
        format!("{}", z.re)
    } else {
        format!("{}{:+}i", z.re, z.im)
    }
}

/// Eigenvectors by their defining property `A v = λ v` (any scale or phase), unit length, and
/// linearly independent inside a repeated eigenvalue.
pub fn check_eigenvectors(a: &Mat<f64>, values: &[c64], given: &Value, tol: &Tolerance) -> Check {
    let Some(vs) = complex_vectors(given) else {
        return Check::fail(
            Code::WrongType,
            "eigenvectors must be a list of vectors".into(),
        );
    };
    let n = a.nrows();
    if vs.len() != values.len() || vs.iter().any(|v| v.len() != n) {
        return Check::fail(
            Code::WrongShape,
            format!("expected {} vectors of length {n}", values.len()),
        );
    }
    let scale = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .fold(0.0_f64, |m, (i, j)| m.max(a[(i, j)].abs()));
    let mut worst = 0.0_f64;
    for (k, (v, lambda)) in vs.iter().zip(values).enumerate() {
        let norm = v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        if (norm - 1.0).abs() > tol.scaled(1.0) * 10.0 {
            return Check::fail(
                Code::NotNormalized,
                format!("eigenvector {k} has length {norm:.6}; eigenvectors are unit vectors"),
            );
        }
        let residual = (0..n)
            .map(|i| {
                let av: c64 = (0..n).map(|j| v[j] * a[(i, j)]).sum();
                (av - lambda * v[i]).norm()
            })
            .fold(0.0_f64, f64::max);
        worst = worst.max(residual);
        if residual > tol.scaled(scale) * (n as f64).sqrt() * 10.0 {
            return Check::fail(
                Code::NotEigenvector,
                format!(
                    "vector {k} is not an eigenvector for {}: |A v - λ v| = {residual:.3e}",
                    fmt_c(*lambda)
                ),
            )
            .with_error(residual);
        }
    }
    // Inside a repeated eigenvalue the vectors must be independent (a basis of the eigenspace).
    let mut i = 0;
    while i < values.len() {
        let mut j = i + 1;
        while j < values.len() && (values[j] - values[i]).norm() <= tol.scaled(scale) * 10.0 {
            j += 1;
        }
        if j - i > 1 {
            let block = Mat::from_fn(n, 2 * (j - i), |r, c| {
                let z = vs[i + c / 2][r];
                if c % 2 == 0 { z.re } else { z.im }
            });
            let s = block.singular_values().unwrap_or_default();
            let rank = s.iter().filter(|&&x| x > 1e-6).count();
            if rank < j - i {
                return Check::fail(
                    Code::DependentVectors,
                    format!(
                        "the eigenvalue {} repeats {} times but your vectors for it are dependent; give a basis of its eigenspace",
                        fmt_c(values[i]),
                        j - i
                    ),
                );
            }
        }
        i = j;
    }
    Check::ok(Some(worst))
}
