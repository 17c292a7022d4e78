//! Bases of subspaces: right when they are orthonormal bases of the expected subspace.

use serde_json::Value;

use super::{orthonormality_error, rows_of, same_spans};
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code};
use crate::wire::answer;

/// An orthonormal basis field (a list of vectors): dimension, orthonormality, then span.
pub fn check_basis(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let e_items = expected.as_array().map_or(0, Vec::len);
    let len = expected
        .as_array()
        .and_then(|a| a.first())
        .and_then(|v| v.as_array())
        .map(Vec::len);
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
                "expected a basis of {e_items} vectors (the subspace's dimension), got {}",
                g_items.len()
            ),
        );
    }
    let Some(len) = len else {
        return Check::ok(Some(0.0)); // both empty
    };
    let (Some(e), Some(g)) = (rows_of(expected, len), rows_of(given, len)) else {
        return Check::fail(
            Code::WrongShape,
            format!("expected vectors of length {len}"),
        );
    };
    let ortho = orthonormality_error(&g);
    if ortho > tol.scaled(1.0) * 10.0 {
        return Check::fail(
            Code::NotOrthonormal,
            format!(
                "the basis vectors are not orthonormal (|B B^T - I| = {ortho:.3e}); normalise them and make them mutually orthogonal"
            ),
        );
    }
    let all: Vec<usize> = (0..e.nrows()).collect();
    match same_spans(&g, &e, &[all], tol.scaled(1.0) * 10.0) {
        Some(err) => Check::ok(Some(err)),
        None => Check::fail(
            Code::WrongSpan,
            "the vectors do not span the expected subspace".into(),
        ),
    }
}
