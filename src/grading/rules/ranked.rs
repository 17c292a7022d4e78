//! Ranked results: scores by position within tolerance; items may swap among equal scores.

use serde_json::Value;

use crate::grading::compare::{compare, fmt_num};
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code, Misconception};
use crate::wire::answer;

/// An item's index (or id) and score.
fn key(h: &Value) -> (Option<Value>, Option<f64>) {
    (
        h.get("index").or_else(|| h.get("id")).cloned(),
        h.get("score").and_then(answer::number),
    )
}

/// Whether the given indices are the expected ones plus one, position by position.
fn one_based(e: &[Value], g: &[Value]) -> bool {
    e.iter().zip(g).all(|(x, y)| {
        match (
            key(x).0.and_then(|v| v.as_u64()),
            key(y).0.and_then(|v| answer::number(&v)),
        ) {
            (Some(i), Some(j)) => j == (i + 1) as f64,
            _ => false,
        }
    })
}

/// Top-k results: a list for one query, a list of lists for a batch.
pub fn check_ranked(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let (Some(e), Some(g)) = (expected.as_array(), given.as_array()) else {
        return compare(expected, given, tol);
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
                let place = c
                    .place
                    .clone()
                    .map_or(format!("query {q}"), |p| format!("query {q}, {p}"));
                return c.at(place);
            }
        }
        return Check::ok(None);
    }
    if e.len() != g.len() {
        return Check::fail(
            Code::WrongShape,
            format!("expected {} results, got {}", e.len(), g.len()),
        )
        .blind(format!(
            "the number of results is wrong: you gave {}",
            g.len()
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (p, (x, y)) in e.iter().zip(g).enumerate() {
        let ((ei, Some(es)), (gi, Some(gs))) = (key(x), key(y)) else {
            return Check::fail(
                Code::WrongType,
                "each result needs an index (or id) and a score",
            )
            .at(format!("result {p}"));
        };
        if !tol.ok(gs, es) {
            return Check::fail(Code::WrongValues, "a result's score is wrong")
                .at(format!("result {p}"))
                .showing(format!("expected {}, got {}", fmt_num(es), fmt_num(gs)))
                .with_error((gs - es).abs());
        }
        if gi != ei {
            // Allowed only when the given item has the same score in the expected list.
            let tied = e
                .iter()
                .any(|h| key(h).0 == gi && key(h).1.is_some_and(|s| tol.ok(s, es)));
            if !tied {
                let c = Check::fail(
                    Code::WrongOrder,
                    "the results are not the best ones in order (only equal scores may come in any order)",
                )
                .at(format!("result {p}"))
                .showing(format!(
                    "expected {}, got {}",
                    ei.unwrap_or(Value::Null),
                    gi.unwrap_or(Value::Null)
                ));
                return if one_based(e, g) {
                    c.because(Misconception::OneBased)
                } else {
                    c
                };
            }
        }
        if !seen.insert(gi.map(|v| v.to_string())) {
            return Check::fail(Code::WrongValues, "an item appears twice")
                .at(format!("result {p}"));
        }
    }
    Check::ok(None)
}
