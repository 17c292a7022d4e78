//! Exact answers: where the endpoint has an exact value (`/rref`'s rationals, the determinant of
//! an integer matrix), an answer is graded within the tolerance like any other, and with
//! `require: ["exact"]` it must also equal the exact value (`"3/2"`, `1.5`, not `1.5000001`).

use serde_json::Value;

use crate::grading::compare::compare;
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code};
use crate::linalg::exact::format_rational;
use crate::wire::answer::rational;

/// The numbers of a scalar, vector or matrix value, in order, as written.
fn leaves(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().flat_map(leaves).collect(),
        other => vec![other],
    }
}

/// Graded within `tol`; when `exact`, an answer right within `tol` must also equal the exact
/// value entry by entry.
pub fn check_exact(expected: &Value, given: &Value, tol: &Tolerance, exact: bool) -> Check {
    let numeric = compare(expected, given, tol);
    if !exact || !numeric.is_ok() {
        return numeric;
    }
    for (i, (x, y)) in leaves(expected).into_iter().zip(leaves(given)).enumerate() {
        let (Some(x), Some(y)) = (rational(x), rational(y)) else {
            return Check::fail(
                Code::WrongType,
                "exact answers are integers, decimals or fractions such as \"-3/2\"",
            );
        };
        if x != y {
            return Check::fail(
                Code::NotExact,
                "right to the tolerance but not exact: give exact values (fractions such as \"3/2\"), not rounded decimals",
            )
            .at(format!("number {i} (row-major)"))
            .showing(format!(
                "exactly {}, got {}",
                format_rational(&x),
                format_rational(&y)
            ));
        }
    }
    numeric
}
