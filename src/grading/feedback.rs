//! Putting verdicts in words, as far as the teacher's `reveal` allows.
//!
//! - `none`: what is wrong, in words, with nothing taken from the expected answer;
//! - `hint` (the default): also where (the first wrong entry, row or vector), the expected
//!   structure (shapes, counts) and the recognised misconception;
//! - `full`: also the expected values (rounded sensibly).
//!
//! `fields[].expected` is always returned, for the backend; only the sentences change.

use serde_json::Value;

use super::advice::advice_for;
use super::misconceptions::explain;
use super::options::{Options, Reveal};
use super::verdict::{Check, FieldVerdict, Grade};

/// One field's message at this level of reveal.
fn message(field: &str, c: &Check, reveal: Reveal) -> String {
    if c.is_ok() {
        return format!("{field} is correct");
    }
    let mut out = match (reveal, &c.blind) {
        (Reveal::None, Some(blind)) => format!("{field}: {blind}"),
        _ => format!("{field}: {}", c.what),
    };
    if reveal >= Reveal::Hint
        && let Some(place) = &c.place
    {
        out.push_str(&format!(" (at {place})"));
    }
    if reveal == Reveal::Full
        && let Some(values) = &c.values
    {
        out.push_str(&format!("; {values}"));
    }
    out
}

/// The advice after the first wrong field: the reversed-product hint, the misconception's
/// explanation (not under `none`), or the code's general advice.
fn advice(c: &Check, hint: Option<String>, reveal: Reveal) -> String {
    if reveal >= Reveal::Hint {
        if let Some(h) = hint {
            return h;
        }
        if let Some(m) = c.misconception {
            return explain(m).to_string();
        }
    }
    advice_for(c.code).to_string()
}

/// The grade of the checked fields, with messages and feedback at the options' reveal.
pub fn grade(
    checked: Vec<(&str, &Value, Check)>,
    hint: Option<String>,
    options: &Options,
) -> Grade {
    let reveal = options.reveal;
    let total = checked.len();
    let right = checked.iter().filter(|(_, _, c)| c.is_ok()).count();
    let score = if options.partial_credit {
        checked.iter().map(|(_, _, c)| c.credit).sum::<f64>() / total as f64
    } else {
        right as f64 / total as f64
    };
    let feedback = match checked.iter().find(|(_, _, c)| !c.is_ok()) {
        None => format!(
            "All {total} answered field{} correct.",
            if total == 1 { " is" } else { "s are" }
        ),
        Some((field, _, c)) => {
            let m = message(field, c, reveal);
            format!(
                "{right} of {total} answered fields are correct. Fix {field} first: {}. {}",
                m.trim_start_matches(&format!("{field}: ")),
                advice(c, hint, reveal)
            )
        }
    };
    let fields = checked
        .into_iter()
        .map(|(field, expected, c)| FieldVerdict {
            field: field.to_string(),
            correct: c.is_ok(),
            code: c.code,
            misconception: c.misconception,
            expected: expected.clone(),
            max_abs_error: c.max_abs_error,
            message: message(field, &c, reveal),
            correct_entries: c.correct_entries,
        })
        .collect();
    Grade {
        correct: right == total,
        score,
        fields,
        feedback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::verdict::{Code, Misconception};

    fn wrong() -> Check {
        Check::fail(Code::WrongValues, "one entry is wrong")
            .at("entry (1, 1)")
            .showing("expected 43, got 42")
            .because(Misconception::ProductOrder)
    }

    #[test]
    fn each_level_of_reveal_shows_more() {
        let none = message("result", &wrong(), Reveal::None);
        assert_eq!(none, "result: one entry is wrong");
        let hint = message("result", &wrong(), Reveal::Hint);
        assert_eq!(hint, "result: one entry is wrong (at entry (1, 1))");
        let full = message("result", &wrong(), Reveal::Full);
        assert!(full.ends_with("; expected 43, got 42"), "{full}");
        let value = Value::Null;
        let g = |reveal| {
            grade(
                vec![("result", &value, wrong())],
                None,
                &Options {
                    reveal,
                    ..Options::default()
                },
            )
            .feedback
        };
        assert!(!g(Reveal::None).contains("wrong order") && !g(Reveal::None).contains("43"));
        assert!(g(Reveal::Hint).contains("wrong order") && !g(Reveal::Hint).contains("43"));
        assert!(g(Reveal::Full).contains("43"));
    }
}
