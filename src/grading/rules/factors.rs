//! Singular vectors: right up to paired signs (and rotation inside a repeated singular value).

use faer::Mat;
use serde_json::{Map, Value};

use super::{equal_groups, mat_of, max_abs_diff, orthonormality_error, same_spans};
use crate::grading::compare::compare_generic;
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code};
use crate::wire::answer::{Numbers, numbers};

/// SVD factors: orthonormality, then `U diag(s) Vt = A` jointly (with paired signs), or each
/// singular subspace's span when only one factor is given.
pub fn check_svd_factor(
    field: &str,
    a: &Mat<f64>,
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
    tol: &Tolerance,
) -> Check {
    let e = &expected[field];
    let g = &answer[field];
    let (Some(em), Some(gm)) = (mat_of(e), mat_of(g)) else {
        return compare_generic(e, g, tol);
    };
    if (em.nrows(), em.ncols()) != (gm.nrows(), gm.ncols()) {
        return Check::fail(
            Code::WrongShape,
            format!(
                "expected a {}x{} matrix, got {}x{}",
                em.nrows(),
                em.ncols(),
                gm.nrows(),
                gm.ncols()
            ),
        );
    }
    // As rows: u's columns are its singular vectors.
    let (e_rows, g_rows) = if field == "u" {
        (em.transpose().to_owned(), gm.transpose().to_owned())
    } else {
        (em.clone(), gm.clone())
    };
    let ortho = orthonormality_error(&g_rows);
    if ortho > tol.scaled(1.0) * 10.0 {
        return Check::fail(
            Code::NotOrthonormal,
            format!(
                "the singular vectors in {field} are not orthonormal (|{field}^T {field} - I| = {ortho:.3e})"
            ),
        );
    }
    let s: Vec<f64> = expected
        .get("s")
        .and_then(|v| numbers(v).ok())
        .and_then(|n| match n {
            Numbers::Vector(v) => Some(v),
            _ => None,
        })
        .unwrap_or_default();
    let k = s.len();
    let scale = s.first().copied().unwrap_or(1.0);
    let other = if field == "u" { "vt" } else { "u" };
    if let Some(other_m) = answer.get(other).and_then(mat_of) {
        let (u, vt) = if field == "u" {
            (gm.clone(), other_m)
        } else {
            (other_m, gm.clone())
        };
        if u.ncols() >= k && vt.nrows() >= k && u.nrows() == a.nrows() && vt.ncols() == a.ncols() {
            let us = Mat::from_fn(u.nrows(), k, |i, j| u[(i, j)] * s[j]);
            let recon = &us * vt.subrows(0, k);
            let err = max_abs_diff(&recon, a);
            if err <= tol.scaled(scale) * 10.0 {
                return Check::ok(Some(err));
            }
            // Each vector right up to sign, but the signs of u_i and v_i do not pair up.
            let groups = singular_groups(&s, e_rows.nrows(), tol.scaled(scale));
            if same_spans(&g_rows, &e_rows, &groups, tol.scaled(1.0) * 10.0).is_some() {
                return Check::fail(
            Code::WrongSignPairing,
                    format!("each singular vector in {field} is right up to sign, but flipping u_i requires flipping v_i too: u diag(s) vt differs from the matrix by {err:.3e}"),
                )
                .with_error(err);
            }
        }
    }
    let groups = singular_groups(&s, e_rows.nrows(), tol.scaled(scale));
    match same_spans(&g_rows, &e_rows, &groups, tol.scaled(1.0) * 10.0) {
        Some(err) => Check::ok(Some(err)),
        None => Check::fail(
            Code::WrongValues,
            format!(
                "the singular vectors in {field} do not match the matrix (not even up to sign)"
            ),
        ),
    }
}

/// Groups of singular-vector indices sharing a singular value; vectors beyond `s` (full
/// matrices) join the zero group.
fn singular_groups(s: &[f64], count: usize, tol: f64) -> Vec<Vec<usize>> {
    let extended: Vec<f64> = (0..count)
        .map(|i| s.get(i).copied().unwrap_or(0.0))
        .collect();
    equal_groups(&extended, tol)
}
