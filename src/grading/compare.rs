//! The comparison engine: entry by entry within the tolerance, shape first.
//!
//! Numbers come from [`crate::wire::answer`], which reads students' numbers whichever way they
//! were written (`0.6`, `"3/5"`). Whole-number fields (shapes, ranks, pivots, indices, counts:
//! the endpoint writes them as JSON integers) compare exactly, whatever the tolerance.

use serde_json::Value;

use super::tolerance::Tolerance;
use super::verdict::{Check, Code};
use crate::wire::answer::{self, NotNumbers, Numbers};

/// A number as feedback shows it: integers as integers, others to 6 significant figures with
/// trailing zeros dropped (no `-0.7000000000000001`).
pub fn fmt_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = 5 - magnitude;
    if decimals < 0 && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    if (0..=12).contains(&decimals) {
        let s = format!("{x:.*}", decimals as usize);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".into() } else { s.into() }
    } else {
        format!("{x:.5e}")
    }
}

/// Whether every number in `v` is written as a JSON integer: a whole-number field.
pub fn is_whole(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_i64() || n.is_u64(),
        Value::Array(items) => !items.is_empty() && items.iter().all(is_whole),
        _ => false,
    }
}

/// Booleans shaped like `n`, from one flag per entry.
fn flags_like(n: &Numbers, flags: &[bool]) -> Value {
    match n {
        Numbers::Scalar(_) => Value::Bool(flags[0]),
        Numbers::Vector(_) => Value::from(flags.to_vec()),
        Numbers::Matrix(_, c, _) => Value::Array(
            flags
                .chunks(*c)
                .map(|row| Value::from(row.to_vec()))
                .collect(),
        ),
    }
}

/// Entry-wise comparison of two numeric values; `exact` for whole-number fields.
pub fn compare_numbers(expected: &Numbers, given: &Numbers, tol: &Tolerance, exact: bool) -> Check {
    let same_shape = match (expected, given) {
        (Numbers::Scalar(_), Numbers::Scalar(_)) => true,
        (Numbers::Vector(e), Numbers::Vector(g)) => e.len() == g.len(),
        (Numbers::Matrix(r, c, _), Numbers::Matrix(r2, c2, _)) => (r, c) == (r2, c2),
        _ => false,
    };
    if !same_shape {
        return Check::fail(
            Code::WrongShape,
            format!("expected {}, got {}", expected.describe(), given.describe()),
        )
        .blind(format!("the shape is wrong: you gave {}", given.describe()));
    }
    let (e, g) = (expected.entries(), given.entries());
    let right = |x: f64, y: f64| if exact { x == y } else { tol.ok(y, x) };
    let flags: Vec<bool> = e.iter().zip(g).map(|(&x, &y)| right(x, y)).collect();
    let worst = e
        .iter()
        .zip(g)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0_f64, f64::max);
    let right_count = flags.iter().filter(|&&f| f).count();
    let entries = |c: Check| match expected {
        Numbers::Scalar(_) => c,
        _ => c.entries(flags_like(expected, &flags), right_count, flags.len()),
    };
    match flags.iter().position(|&f| !f) {
        None => entries(Check::ok(Some(worst))),
        Some(i) => {
            let wrong = flags.len() - right_count;
            let what = match expected {
                Numbers::Scalar(_) => "the value is wrong".to_string(),
                _ if wrong == 1 => "one entry is wrong".to_string(),
                _ => format!("{wrong} of {} entries are wrong", flags.len()),
            };
            let check = Check::fail(Code::WrongValues, what)
                .with_error(worst)
                .showing(format!("expected {}, got {}", fmt_num(e[i]), fmt_num(g[i])));
            // a single number has no place to point at ("wrong (at the value)" says nothing)
            entries(match expected {
                Numbers::Scalar(_) => check,
                _ => check.at(expected.position(i)),
            })
        }
    }
}

/// Structural comparison of any two JSON values (numbers, lists of numbers, objects, lists of
/// objects, strings).
pub fn compare(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let whole = is_whole(expected);
    match (answer::numbers(expected), answer::numbers(given)) {
        (Ok(e), Ok(g)) => return compare_numbers(&e, &g, tol, whole),
        (Ok(_), Err(NotNumbers::BadString { position, text })) => {
            return Check::fail(
                Code::WrongType,
                format!("{text:?} is not a number, a decimal or a fraction such as \"3/5\""),
            )
            .at(position);
        }
        _ => {}
    }
    match (expected, given) {
        (Value::Bool(a), Value::Bool(b)) if a == b => Check::ok(None),
        (Value::Bool(_), Value::Bool(_)) => Check::fail(Code::WrongValues, "the value is wrong"),
        (Value::String(a), Value::String(b)) if a == b => Check::ok(None),
        (Value::String(a), Value::String(b)) => {
            Check::fail(Code::WrongValues, "the value is wrong")
                .showing(format!("expected {a:?}, got {b:?}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Check::fail(
                    Code::WrongShape,
                    format!("expected {} items, got {}", a.len(), b.len()),
                )
                .blind(format!(
                    "the number of items is wrong: you gave {}",
                    b.len()
                ));
            }
            let mut worst: Option<f64> = None;
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let c = compare(x, y, tol);
                if !c.is_ok() {
                    return within(c, &format!("item {i}"));
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
                let c = compare(x, y, tol);
                if !c.is_ok() {
                    return within(c, k);
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

/// A failure inside part `part` of a composite value: the place names the part.
fn within(c: Check, part: &str) -> Check {
    let place = match &c.place {
        Some(p) => format!("{part}, {p}"),
        None => part.to_string(),
    };
    Check {
        correct_entries: None,
        credit: 0.0,
        ..c.at(place)
    }
}

pub fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shown_numbers_are_rounded_sensibly() {
        assert_eq!(fmt_num(-0.7000000000000001), "-0.7");
        assert_eq!(fmt_num(43.0), "43");
        assert_eq!(fmt_num(1.0 / 3.0), "0.333333");
        assert_eq!(fmt_num(6.708203932499369), "6.7082");
        assert_eq!(fmt_num(1234567.891), "1234568");
        assert_eq!(fmt_num(1.5e-9), "1.50000e-9");
    }

    #[test]
    fn whole_number_fields_compare_exactly() {
        let tol = Tolerance::Decimals(0);
        let c = compare(&json!([10000000]), &json!([10000001]), &tol);
        assert_eq!(c.code, Code::WrongValues);
        assert!(compare(&json!([2, 3]), &json!([2, 3]), &tol).is_ok());
        // a float field within the tolerance
        assert!(compare(&json!([2.0]), &json!([2.3]), &tol).is_ok());
    }

    #[test]
    fn entries_are_flagged_and_strings_read_as_numbers() {
        let c = compare(
            &json!([[1.0, 0.5], [0.0, 2.0]]),
            &json!([[1, "1/2"], [0, 3]]),
            &Tolerance::default(),
        );
        assert_eq!(c.code, Code::WrongValues);
        assert_eq!(
            c.correct_entries,
            Some(json!([[true, true], [true, false]]))
        );
        assert_eq!(c.credit, 0.75);
        assert_eq!(c.place.as_deref(), Some("entry (1, 1)"));
        let c = compare(&json!([1.0]), &json!(["one"]), &Tolerance::default());
        assert_eq!(c.code, Code::WrongType);
    }

    #[test]
    fn a_wrong_number_is_not_given_a_place() {
        let c = compare(&json!(-9.0), &json!(-2), &Tolerance::default());
        assert_eq!(c.code, Code::WrongValues);
        assert_eq!(c.place, None, "a single number has no entry to point at");
    }
}
