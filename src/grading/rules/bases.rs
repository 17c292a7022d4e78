//! Bases of subspaces: right when they are a basis of the expected subspace.
//!
//! In order, so the first complaint is the one to fix first: the number of vectors (the
//! subspace's dimension), each vector inside the subspace, the vectors independent, and (only
//! when `orthonormal` is required) orthonormality.

use faer::Mat;
use serde_json::Value;

use super::{orthonormality_error, projector, rows_of};
use crate::grading::options::{Options, Requirement};
use crate::grading::verdict::{Check, Code};
use crate::wire::answer;

/// Numerical rank of the rows of `m`, relative to its largest singular value.
pub fn rank_of(m: &Mat<f64>) -> usize {
    if m.nrows() == 0 {
        return 0;
    }
    let s = m.singular_values().unwrap_or_default();
    let top = s.first().copied().unwrap_or(0.0);
    s.iter()
        .filter(|&&x| x > 1e-9 * top.max(f64::MIN_POSITIVE))
        .count()
}

pub fn check_basis(expected: &Value, given: &Value, opts: &Options) -> Check {
    let e_items = expected.as_array().map_or(0, Vec::len);
    let Some(g_items) = given.as_array() else {
        return Check::fail(
            Code::WrongType,
            format!(
                "expected a list of vectors, got {}",
                answer::describe(given)
            ),
        );
    };
    if g_items.len() != e_items {
        return Check::fail(
            Code::WrongDimension,
            format!(
                "the subspace has dimension {e_items}, so a basis has {e_items} vectors; you gave {}",
                g_items.len()
            ),
        )
        .blind("the number of vectors is not the subspace's dimension: recount it from the rank");
    }
    let Some(len) = expected
        .as_array()
        .and_then(|a| a.first())
        .and_then(Value::as_array)
        .map(Vec::len)
    else {
        return Check::ok(Some(0.0)); // both empty
    };
    let (Some(e), Some(g)) = (rows_of(expected, len), rows_of(given, len)) else {
        return Check::fail(
            Code::WrongShape,
            format!("expected vectors of length {len}"),
        );
    };
    let p = projector(&e);
    let tol = opts.tolerance.residual(1.0, len);
    let inside: Vec<bool> = (0..g.nrows())
        .map(|i| {
            let v = g.row(i).transpose().to_owned();
            let norm = v.norm_l2();
            norm > 0.0 && (&v - &p * &v).norm_l2() <= tol * norm
        })
        .collect();
    let flags = Value::Array(inside.iter().map(|&f| Value::from(vec![f; len])).collect());
    let right = inside.iter().filter(|&&f| f).count();
    if let Some(i) = inside.iter().position(|&f| !f) {
        let what = if g.row(i).norm_l2() == 0.0 {
            "a zero vector belongs to no basis".to_string()
        } else {
            "a vector does not lie in the subspace".to_string()
        };
        return Check::fail(Code::WrongSpan, what)
            .at(format!("vector {i}"))
            .entries(flags, right * len, inside.len() * len);
    }
    if rank_of(&g) < g.nrows() {
        return Check::fail(
            Code::DependentVectors,
            "the vectors lie in the subspace but are not independent, so they do not span it",
        )
        .entries(flags, 0, inside.len() * len);
    }
    if opts.requires(Requirement::Orthonormal) {
        let err = orthonormality_error(&g);
        if err > tol {
            return Check::fail(
                Code::NotOrthonormal,
                "the vectors are a basis but not an orthonormal one: normalise them and make them mutually orthogonal",
            )
            .entries(flags, right * len, inside.len() * len);
        }
    }
    Check::ok(Some(0.0)).entries(flags, right * len, inside.len() * len)
}
