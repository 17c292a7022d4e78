//! Singular vectors: right up to paired signs (and rotation inside a repeated singular value).
//!
//! With both factors given, `u diag(s) vt` must rebuild the matrix, which pairs the signs; with
//! one, each singular subspace must be spanned. Singular vectors are orthonormal by definition,
//! so that is checked first. A factor given as the other one (V for Vt, or u for v) is named.

use faer::Mat;
use serde_json::{Map, Value};

use super::{equal_groups, mat_of, max_abs_diff, orthonormality_error, same_spans};
use crate::grading::compare::compare;
use crate::grading::options::Options;
use crate::grading::verdict::{Check, Code, Misconception};
use crate::wire::answer::{Numbers, numbers};

/// The singular vectors of a factor, as rows: u's columns, vt's rows.
fn as_rows(field: &str, m: &Mat<f64>) -> Mat<f64> {
    if field == "u" {
        m.transpose().to_owned()
    } else {
        m.clone()
    }
}

/// `u` or `vt` of an SVD of `a`, given the expected response (for `s`) and the whole answer (for
/// the other factor).
pub fn check_svd_factor(
    field: &str,
    a: &Mat<f64>,
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
    opts: &Options,
) -> Check {
    let tol = &opts.tolerance;
    let e = &expected[field];
    let g = &answer[field];
    let (Some(em), Some(gm)) = (mat_of(e), mat_of(g)) else {
        return compare(e, g, tol);
    };
    let s: Vec<f64> = expected
        .get("s")
        .and_then(|v| numbers(v).ok())
        .and_then(|n| match n {
            Numbers::Vector(v) => Some(v),
            _ => None,
        })
        .unwrap_or_default();
    let e_rows = as_rows(field, &em);
    let scale = s.first().copied().unwrap_or(1.0);
    let groups = singular_groups(&s, e_rows.nrows(), tol.bound(scale).max(tol.bound(1.0)));
    let spans_tol = tol.residual(1.0, e_rows.ncols());
    // The other factor's singular vectors, laid out as this field's: V for Vt, u^T for vt.
    let swapped = |candidate: &Mat<f64>| {
        (candidate.nrows(), candidate.ncols()) == (em.nrows(), em.ncols())
            && same_spans(&as_rows(field, candidate), &e_rows, &groups, spans_tol).is_some()
    };
    if (em.nrows(), em.ncols()) != (gm.nrows(), gm.ncols()) {
        let c = Check::fail(
            Code::WrongShape,
            format!(
                "expected a {}x{} matrix, got a {}x{} matrix",
                em.nrows(),
                em.ncols(),
                gm.nrows(),
                gm.ncols()
            ),
        )
        .blind(format!(
            "the shape is wrong: you gave a {}x{} matrix",
            gm.nrows(),
            gm.ncols()
        ));
        let t = gm.transpose().to_owned();
        return if swapped(&t) {
            c.because(Misconception::FactorsSwapped)
        } else {
            c
        };
    }
    let g_rows = as_rows(field, &gm);
    let ortho = orthonormality_error(&g_rows);
    if ortho > spans_tol {
        return Check::fail(
            Code::NotOrthonormal,
            format!("the singular vectors in {field} are not orthonormal; they must be unit vectors at right angles"),
        )
        .with_error(ortho);
    }
    let k = s.len();
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
            if err <= tol.residual(scale, a.nrows().max(a.ncols())) {
                return Check::ok(Some(err));
            }
            // Each vector right up to sign, but the signs of u_i and v_i do not pair up.
            if same_spans(&g_rows, &e_rows, &groups, spans_tol).is_some() {
                return Check::fail(
                    Code::WrongSignPairing,
                    format!("each singular vector in {field} is right up to sign, but the signs do not pair up: flipping u_i requires flipping v_i too, so that u diag(s) vt rebuilds the matrix"),
                )
                .with_error(err);
            }
        }
    }
    match same_spans(&g_rows, &e_rows, &groups, spans_tol) {
        Some(err) => Check::ok(Some(err)),
        None => {
            let c = Check::fail(
                Code::WrongValues,
                format!(
                    "the singular vectors in {field} do not match the matrix, not even up to sign"
                ),
            );
            // V for Vt (the transpose), or the other side's singular vectors (u for v)
            let other_side = expected.get(other).and_then(mat_of).is_some_and(|o| {
                let o_rows = as_rows(other, &o);
                o_rows.ncols() == g_rows.ncols()
                    && o_rows.nrows() == g_rows.nrows()
                    && same_spans(&g_rows, &o_rows, &groups, spans_tol).is_some()
            });
            if other_side || swapped(&gm.transpose().to_owned()) {
                c.because(Misconception::FactorsSwapped)
            } else {
                c
            }
        }
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
