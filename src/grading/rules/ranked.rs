//! Ranked results: scores by position within tolerance; items may swap among equal scores.

use serde_json::Value;

use crate::grading::compare::compare_generic;
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code};
use crate::wire::answer;

/// Top-k results: scores by position within tolerance; indices may swap among equal scores.
pub fn check_ranked(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let (Some(e), Some(g)) = (expected.as_array(), given.as_array()) else {
        return compare_generic(expected, given, tol);
    };
    if e.first().is_some_and(Value::is_array) {
        if e.len() != g.len() {
            return Check::fail(
                Code::WrongShape,
                format!("expected {} result lists, got {}", e.len(), g.len()),
            );
        }
        for (q, (x, y)) in e.iter().zip(g).enumerate() {
            let c = check_ranked(x, y, tol);
            if !c.is_ok() {
                return Check {
                    message: format!("query {q}: {}", c.message),
                    ..c
                };
            }
        }
        return Check::ok(None);
    }
    if e.len() != g.len() {
        return Check::fail(
            Code::WrongShape,
            format!("expected {} results, got {}", e.len(), g.len()),
        );
    }
    let key = |h: &Value| {
        (
            h.get("index").or_else(|| h.get("id")).cloned(),
            h.get("score").and_then(answer::number),
        )
    };
    let mut seen = std::collections::HashSet::new();
    for (p, (x, y)) in e.iter().zip(g).enumerate() {
        let ((ei, Some(es)), (gi, Some(gs))) = (key(x), key(y)) else {
            return Check::fail(
                Code::WrongType,
                format!("result {p} needs an index (or id) and a score"),
            );
        };
        if !tol.ok(gs, es) {
            return Check::fail(
                Code::WrongValues,
                format!("result {p} should have score {es}, got {gs}"),
            )
            .with_error((gs - es).abs());
        }
        if gi != ei {
            // Allowed only when the given item has the same score in the expected list.
            let tied = e
                .iter()
                .any(|h| key(h).0 == gi && key(h).1.is_some_and(|s| tol.ok(s, es)));
            if !tied {
                return Check::fail(
                    Code::WrongOrder,
                    format!(
                        "result {p} should be {}, got {}",
                        ei.unwrap_or(Value::Null),
                        gi.unwrap_or(Value::Null)
                    ),
                );
            }
        }
        if !seen.insert(gi.map(|v| v.to_string())) {
            return Check::fail(Code::WrongValues, format!("result {p} repeats an item"));
        }
    }
    Check::ok(None)
}
