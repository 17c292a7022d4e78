//! Eigenpairs: eigenvalues as a multiset, each eigenvector paired with its own eigenvalue and
//! right up to any nonzero scalar (complex for complex eigenvectors).
//!
//! Inside a repeated eigenvalue any basis of the eigenspace is right; a defective matrix has a
//! smaller eigenspace than its eigenvalue's multiplicity, so there the vectors need only span
//! the eigenspace (`/eigen` itself repeats the one eigenvector of `[[1, 1], [0, 1]]`).

use faer::{Mat, c64};
use serde_json::Value;

use crate::grading::compare::fmt_num;
use crate::grading::options::{Options, Requirement};
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code, Misconception};
use crate::wire::answer::{complex_list, complex_vectors};

fn fmt_c(z: c64) -> String {
    if z.im == 0.0 {
        fmt_num(z.re)
    } else {
        format!(
            "{}{}{}i",
            fmt_num(z.re),
            if z.im < 0.0 { "-" } else { "+" },
            fmt_num(z.im.abs())
        )
    }
}

fn close(tol: &Tolerance, given: c64, expected: c64) -> bool {
    (given - expected).norm() <= tol.bound(expected.norm())
}

/// Each expected value matched to the nearest unused given value: the largest distance, or the
/// first expected value without a match.
fn match_multiset(e: &[c64], g: &[c64], tol: &Tolerance) -> Result<f64, (c64, f64)> {
    let mut used = vec![false; g.len()];
    let mut worst = 0.0_f64;
    for x in e {
        let (j, d) = g
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .map(|(j, y)| (j, (x - y).norm()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("as many given as expected");
        used[j] = true;
        worst = worst.max(d);
        if !close(tol, g[j], *x) {
            return Err((*x, d));
        }
    }
    Ok(worst)
}

/// Eigenvalues as a multiset (in order when `order` is required).
pub fn check_eigenvalues(expected: &Value, given: &Value, opts: &Options) -> Check {
    let tol = &opts.tolerance;
    let (Some(e), Some(g)) = (complex_list(expected), complex_list(given)) else {
        return Check::fail(
            Code::WrongType,
            "eigenvalues must be numbers (or fractions) or {\"re\", \"im\"} objects",
        );
    };
    if e.len() != g.len() {
        return Check::fail(
            Code::WrongShape,
            format!("expected {} eigenvalues, got {}", e.len(), g.len()),
        )
        .blind(
            "the number of eigenvalues is wrong (an n x n matrix has n, counted with multiplicity)",
        );
    }
    match match_multiset(&e, &g, tol) {
        Ok(worst) => {
            let in_order = e.iter().zip(&g).all(|(x, y)| close(tol, *y, *x));
            if opts.requires(Requirement::Order) && !in_order {
                let reversed = e.iter().rev().zip(&g).all(|(x, y)| close(tol, *y, *x));
                let c = Check::fail(
                    Code::WrongOrder,
                    "the eigenvalues are right but not in the endpoint's order",
                );
                return if reversed {
                    c.because(Misconception::AscendingOrder)
                } else {
                    c
                };
            }
            Check::ok(Some(worst))
        }
        Err((missing, d)) => {
            let negated: Vec<c64> = e.iter().map(|x| -x).collect();
            let c = Check::fail(Code::WrongValues, "an eigenvalue is wrong")
                .with_error(d)
                .showing(format!("{} has no match in your answer", fmt_c(missing)));
            if e.iter().any(|x| x.norm() > 0.0) && match_multiset(&negated, &g, tol).is_ok() {
                c.because(Misconception::SignError)
            } else {
                c
            }
        }
    }
}

/// Eigenvectors by their defining property `A v = λ v`.
pub fn check_eigenvectors(a: &Mat<f64>, values: &[c64], given: &Value, opts: &Options) -> Check {
    let tol = &opts.tolerance;
    let Some(vs) = complex_vectors(given) else {
        return Check::fail(
            Code::WrongType,
            "eigenvectors must be a list of vectors of numbers or {\"re\", \"im\"} objects",
        );
    };
    let n = a.nrows();
    if vs.len() != values.len() || vs.iter().any(|v| v.len() != n) {
        return Check::fail(
            Code::WrongShape,
            format!(
                "expected {} vectors of length {n}, one per eigenvalue",
                values.len()
            ),
        );
    }
    let scale = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .fold(0.0_f64, |m, (i, j)| m.max(a[(i, j)].abs()));
    let bound = tol.residual(scale, n);
    let residual = |v: &[c64], lambda: c64| -> f64 {
        let norm = v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        if norm == 0.0 {
            return f64::INFINITY;
        }
        (0..n)
            .map(|i| {
                let av: c64 = (0..n).map(|j| v[j] * a[(i, j)]).sum();
                ((av - lambda * v[i]) / norm).norm()
            })
            .fold(0.0_f64, f64::max)
    };
    let right: Vec<bool> = vs
        .iter()
        .zip(values)
        .map(|(v, &l)| residual(v, l) <= bound)
        .collect();
    let flags = Value::Array(right.iter().map(|&f| Value::from(vec![f; n])).collect());
    let right_count = right.iter().filter(|&&f| f).count() * n;
    let total = right.len() * n;
    let worst = vs
        .iter()
        .zip(values)
        .map(|(v, &l)| residual(v, l))
        .fold(0.0_f64, f64::max);
    if let Some(k) = right.iter().position(|&f| !f) {
        return Check::fail(
            Code::NotEigenvector,
            "a vector is not an eigenvector for the eigenvalue it is paired with (check A v = λ v)",
        )
        .at(format!("vector {k}"))
        .showing(format!("paired with {}", fmt_c(values[k])))
        .with_error(worst)
        .entries(flags, right_count, total);
    }
    // Inside a repeated eigenvalue the vectors must span its eigenspace.
    let mut i = 0;
    while i < values.len() {
        let mut j = i + 1;
        while j < values.len() && (values[j] - values[i]).norm() <= bound {
            j += 1;
        }
        if j - i > 1 {
            let needed = (j - i).min(eigenspace_dimension(a, values[i], bound));
            if span_dimension(&vs[i..j], n) < needed {
                return Check::fail(
                    Code::DependentVectors,
                    format!(
                        "an eigenvalue repeats {} times and its eigenspace has dimension {needed}, but your vectors for it span less: give independent vectors spanning the eigenspace",
                        j - i
                    ),
                )
                .blind("the vectors for a repeated eigenvalue do not span its eigenspace: give independent ones")
                .at(format!("vectors {i} to {}", j - 1))
                .entries(flags, 0, total);
            }
        }
        i = j;
    }
    if opts.requires(Requirement::Unit)
        && let Some(k) = vs.iter().position(|v| {
            let norm = v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
            !tol.ok(norm, 1.0)
        })
    {
        return Check::fail(
            Code::NotNormalized,
            "the eigenvectors are right but not of unit length: divide each by its length",
        )
        .at(format!("vector {k}"))
        .entries(flags, right_count, total);
    }
    Check::ok(Some(worst)).entries(flags, right_count, total)
}

/// Complex vectors as real columns `[Re v; Im v]` of length 2n.
fn as_real_columns(vs: &[Vec<c64>], n: usize) -> Mat<f64> {
    Mat::from_fn(2 * n, vs.len(), |r, c| {
        let z = vs[c][r % n];
        if r < n { z.re } else { z.im }
    })
}

/// The dimension of the (complex) span of `vs`: their complex rank.
fn span_dimension(vs: &[Vec<c64>], n: usize) -> usize {
    // A complex family of rank r gives 2r independent real vectors among the real and
    // imaginary parts of v and i v.
    let doubled: Vec<Vec<c64>> = vs
        .iter()
        .flat_map(|v| {
            [
                v.clone(),
                v.iter().map(|z| z * c64::new(0.0, 1.0)).collect(),
            ]
        })
        .collect();
    let s = as_real_columns(&doubled, n)
        .singular_values()
        .unwrap_or_default();
    let top = s.first().copied().unwrap_or(0.0);
    s.iter().filter(|&&x| x > 1e-6 * top.max(1e-300)).count() / 2
}

/// The dimension of the eigenspace of `lambda`: n minus the rank of A - λI.
fn eigenspace_dimension(a: &Mat<f64>, lambda: c64, bound: f64) -> usize {
    let n = a.nrows();
    // (A - λI) as a 2n x 2n real matrix [[Re, -Im], [Im, Re]] has twice the complex rank.
    let m = Mat::from_fn(2 * n, 2 * n, |r, c| {
        let (i, j) = (r % n, c % n);
        let re = a[(i, j)] - if i == j { lambda.re } else { 0.0 };
        let im = if i == j { -lambda.im } else { 0.0 };
        match (r < n, c < n) {
            (true, true) | (false, false) => re,
            (true, false) => -im,
            (false, true) => im,
        }
    });
    let s = m.singular_values().unwrap_or_default();
    let rank = s.iter().filter(|&&x| x > bound.max(1e-9)).count() / 2;
    n - rank
}
