//! The comparison engine: entry by entry within the tolerance, shape first.
//!
//! Numbers come from [`crate::wire::answer`], which reads students' numbers whichever way they
//! were written; whole-number fields (shapes, ranks, pivots, indices, counts) compare exactly.

use serde_json::Value;

use super::tolerance::Tolerance;
use super::verdict::{Check, Code};
use crate::wire::answer::{self, Numbers};

/// Entry-wise comparison of two numeric values of the same kind.
pub fn compare_numbers(expected: &Numbers, given: &Numbers, tol: &Tolerance) -> Check {
    let (e, g) = match (expected, given) {
        (Numbers::Scalar(_), Numbers::Scalar(_)) => (expected.entries(), given.entries()),
        (Numbers::Vector(e), Numbers::Vector(g)) if e.len() == g.len() => (&e[..], &g[..]),
        (Numbers::Matrix(r, c, e), Numbers::Matrix(r2, c2, g)) if (r, c) == (r2, c2) => {
            (&e[..], &g[..])
        }
        _ => {
            return Check::fail(
                Code::WrongShape,
                format!("expected {}, got {}", expected.describe(), given.describe()),
            );
        }
    };
    let mut worst = (0.0_f64, 0usize);
    let mut bad = None;
    for (i, (x, y)) in e.iter().zip(g).enumerate() {
        let err = (x - y).abs();
        if err > worst.0 {
            worst = (err, i);
        }
        if bad.is_none() && !tol.ok(*y, *x) {
            bad = Some(i);
        }
    }
    match bad {
        None => Check::ok(Some(worst.0)),
        Some(_) => Check::fail(
            Code::WrongValues,
            format!(
                "{} is off by {:.3e} (expected {}, got {})",
                expected.position(worst.1),
                worst.0,
                e[worst.1],
                g[worst.1]
            ),
        )
        .with_error(worst.0),
    }
}

/// Structural comparison of any two JSON values (objects, lists of objects, numbers, ...).
pub fn compare_generic(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    if let (Ok(e), Ok(g)) = (answer::numbers(expected), answer::numbers(given)) {
        // Integers (counts, ranks, indices) compare exactly.
        if let (Numbers::Scalar(x), Numbers::Scalar(y)) = (&e, &g)
            && (expected.is_u64() || expected.is_i64())
        {
            return if x == y {
                Check::ok(Some(0.0))
            } else {
                Check::fail(Code::WrongValues, format!("expected {x}, got {y}"))
                    .with_error((x - y).abs())
            };
        }
        return compare_numbers(&e, &g, tol);
    }
    match (expected, given) {
        (Value::Bool(a), Value::Bool(b)) if a == b => Check::ok(None),
        (Value::Bool(a), Value::Bool(_)) => Check::fail(Code::WrongValues, format!("expected {a}")),
        (Value::String(a), Value::String(b)) if a == b => Check::ok(None),
        (Value::String(a), Value::String(b)) => {
            Check::fail(Code::WrongValues, format!("expected {a:?}, got {b:?}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Check::fail(
                    Code::WrongShape,
                    format!("expected {} items, got {}", a.len(), b.len()),
                );
            }
            let mut worst: Option<f64> = None;
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let c = compare_generic(x, y, tol);
                if !c.is_ok() {
                    return c.prefixed(&format!("item {i}"));
                }
                worst = max_opt(worst, c.max_abs_error);
            }
            Check::ok(worst)
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut worst = None;
            for (k, x) in a {
                let Some(y) = b.get(k) else {
                    return Check::fail(Code::Missing, format!("'{k}' is missing"));
                };
                let c = compare_generic(x, y, tol);
                if !c.is_ok() {
                    return c.prefixed(k);
                }
                worst = max_opt(worst, c.max_abs_error);
            }
            Check::ok(worst)
        }
        _ => Check::fail(
            Code::WrongType,
            format!(
                "expected {}, got {}",
                answer::describe(expected),
                answer::describe(given)
            ),
        ),
    }
}

pub fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
