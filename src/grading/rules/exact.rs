//! Exact rationals compare exactly.

use serde_json::Value;

use crate::grading::verdict::{Check, Code};
use crate::linalg::exact;
use crate::wire::answer::rational;

/// An exact matrix (`/rref`): every entry equal as a rational.
pub fn check_exact_matrix(expected: &Value, given: &Value) -> Check {
    let rows = |v: &Value| -> Option<Vec<Vec<Value>>> {
        v.as_array()?
            .iter()
            .map(|r| r.as_array().cloned())
            .collect()
    };
    let (Some(e), Some(g)) = (rows(expected), rows(given)) else {
        return Check::fail(
            Code::WrongType,
            "expected a matrix of exact rationals such as \"-3/2\"".into(),
        );
    };
    let shape = |m: &Vec<Vec<Value>>| (m.len(), m.first().map_or(0, Vec::len));
    if shape(&e) != shape(&g) || g.iter().any(|r| r.len() != shape(&g).1) {
        return Check::fail(
            Code::WrongShape,
            format!("expected a {}x{} matrix", shape(&e).0, shape(&e).1),
        );
    }
    for (i, (er, gr)) in e.iter().zip(&g).enumerate() {
        for (j, (x, y)) in er.iter().zip(gr).enumerate() {
            let (Some(x), Some(y)) = (rational(x), rational(y)) else {
                return Check::fail(
                    Code::WrongType,
                    format!("entry ({i}, {j}) is not a number or a rational such as \"-3/2\""),
                );
            };
            if x != y {
                return Check::fail(
                    Code::NotExact,
                    format!(
                        "entry ({i}, {j}) should be exactly {}, got {}",
                        exact::format_rational(&x),
                        exact::format_rational(&y)
                    ),
                );
            }
        }
    }
    Check::ok(Some(0.0))
}

/// A number the endpoint knows exactly (the determinant of an integer matrix): equal to it.
pub fn check_exact_number(expected: &Value, given: &Value) -> Option<Check> {
    let (x, y) = (expected.as_f64()?, crate::wire::answer::number(given)?);
    Some(if x == y {
        Check::ok(Some(0.0))
    } else {
        Check::fail(
            Code::NotExact,
            format!("the determinant of this integer matrix is exactly {x}, got {y}"),
        )
        .with_error((x - y).abs())
    })
}
