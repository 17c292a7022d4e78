//! Students' answers read as numbers.
//!
//! `/grade` receives an `answer` as free JSON (any subset of an operation's response fields), and
//! students write numbers the way they work them out: `0.6`, `"3/5"`, `"-1.25"`, `4`. This module
//! turns such a JSON value into numbers (a scalar, a vector or a matrix; complex numbers as
//! `{"re", "im"}`), keeping each number's exact rational where it was written exactly, and says
//! where it is not a number at all. The grading engine compares only what comes out of here.

use faer::c64;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use serde_json::Value;

use super::exact::{parse_decimal, parse_rational};

/// A JSON value seen as numbers: a scalar, a vector or a matrix (row-major).
#[derive(Debug, Clone, PartialEq)]
pub enum Numbers {
    Scalar(f64),
    Vector(Vec<f64>),
    Matrix(usize, usize, Vec<f64>),
}

impl Numbers {
    /// The entries, row-major.
    pub fn entries(&self) -> &[f64] {
        match self {
            Numbers::Scalar(x) => std::slice::from_ref(x),
            Numbers::Vector(v) => v,
            Numbers::Matrix(_, _, d) => d,
        }
    }

    /// `a number`, `a vector of length 3`, `a 2x3 matrix`.
    pub fn describe(&self) -> String {
        match self {
            Numbers::Scalar(_) => "a number".into(),
            Numbers::Vector(v) => format!("a vector of length {}", v.len()),
            Numbers::Matrix(r, c, _) => format!("a {r}x{c} matrix"),
        }
    }

    /// Where entry `i` is, in words: `entry (1, 2)`, `entry 3`, `the value`.
    pub fn position(&self, i: usize) -> String {
        match self {
            Numbers::Matrix(_, c, _) => format!("entry ({}, {})", i / c, i % c),
            Numbers::Vector(_) => format!("entry {i}"),
            Numbers::Scalar(_) => "the value".into(),
        }
    }
}

/// Why a value is not numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum NotNumbers {
    /// A string that is not an integer, a decimal or a fraction, at this position.
    BadString { position: String, text: String },
    /// Not a number, a vector or a matrix at all (an object, a ragged list, ...).
    Shape,
}

/// One number as a student may write it: a JSON number, or a string holding an integer, a
/// decimal or a fraction.
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_rational(s).and_then(|q| q.to_f64()),
        _ => None,
    }
}

/// The exact rational a student's number denotes (`0.1` is 1/10, `"-3/2"` is -3/2).
pub fn rational(v: &Value) -> Option<BigRational> {
    match v {
        Value::Number(n) => parse_decimal(&n.to_string()).ok(),
        Value::String(s) => parse_rational(s),
        _ => None,
    }
}

/// A real number, or a complex one written `{"re": x, "im": y}`.
pub fn complex(v: &Value) -> Option<c64> {
    match v {
        Value::Object(o) => Some(c64::new(number(o.get("re")?)?, number(o.get("im")?)?)),
        other => number(other).map(|x| c64::new(x, 0.0)),
    }
}

/// A list of real or complex numbers.
pub fn complex_list(v: &Value) -> Option<Vec<c64>> {
    v.as_array()?.iter().map(complex).collect()
}

/// A list of vectors of real or complex numbers.
pub fn complex_vectors(v: &Value) -> Option<Vec<Vec<c64>>> {
    v.as_array()?.iter().map(complex_list).collect()
}

fn is_numberish(v: &Value) -> bool {
    matches!(v, Value::Number(_) | Value::String(_))
}

fn read(v: &Value, position: impl FnOnce() -> String) -> Result<f64, NotNumbers> {
    number(v).ok_or_else(|| NotNumbers::BadString {
        position: position(),
        text: v.as_str().unwrap_or_default().to_string(),
    })
}

/// A value as numbers.
pub fn numbers(v: &Value) -> Result<Numbers, NotNumbers> {
    match v {
        Value::Number(_) | Value::String(_) => {
            read(v, || "the value".to_string()).map(Numbers::Scalar)
        }
        Value::Array(items) if items.iter().all(is_numberish) => items
            .iter()
            .enumerate()
            .map(|(i, x)| read(x, || format!("entry {i}")))
            .collect::<Result<Vec<f64>, _>>()
            .map(Numbers::Vector),
        Value::Array(rows) if !rows.is_empty() && rows.iter().all(Value::is_array) => {
            let cols = rows[0].as_array().map_or(0, Vec::len);
            let mut data = Vec::with_capacity(rows.len() * cols);
            for (i, row) in rows.iter().enumerate() {
                let row = row.as_array().ok_or(NotNumbers::Shape)?;
                if row.len() != cols || !row.iter().all(is_numberish) {
                    return Err(NotNumbers::Shape);
                }
                for (j, x) in row.iter().enumerate() {
                    data.push(read(x, || format!("entry ({i}, {j})"))?);
                }
            }
            Ok(Numbers::Matrix(rows.len(), cols, data))
        }
        _ => Err(NotNumbers::Shape),
    }
}

/// A list of vectors (a basis) as the rows of a matrix with `len` columns (none: an empty
/// basis), or `None` when it is not such a list.
pub fn rows(v: &Value, len: usize) -> Option<Vec<Vec<f64>>> {
    let items = v.as_array()?;
    items
        .iter()
        .map(|item| match numbers(item) {
            Ok(Numbers::Vector(x)) if x.len() == len => Some(x),
            _ => None,
        })
        .collect()
}

/// What a value is, in words, for "expected X, got Y".
pub fn describe(v: &Value) -> String {
    match numbers(v) {
        Ok(n) => n.describe(),
        Err(_) => match v {
            Value::Null => "null".into(),
            Value::Bool(_) => "a boolean".into(),
            Value::String(_) => "a string".into(),
            Value::Array(a) => format!("a list of {} items", a.len()),
            Value::Object(_) => "an object".into(),
            Value::Number(_) => "a number".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn students_numbers_may_be_strings() {
        assert_eq!(
            numbers(&json!(["3/5", "-1.25", 2])),
            Ok(Numbers::Vector(vec![0.6, -1.25, 2.0]))
        );
        assert_eq!(
            numbers(&json!([[1, "1/2"], [0, "2"]])),
            Ok(Numbers::Matrix(2, 2, vec![1.0, 0.5, 0.0, 2.0]))
        );
        assert_eq!(
            numbers(&json!([1, "two"])),
            Err(NotNumbers::BadString {
                position: "entry 1".into(),
                text: "two".into()
            })
        );
        assert_eq!(numbers(&json!([[1], [2, 3]])), Err(NotNumbers::Shape));
        assert_eq!(
            complex(&json!({"re": "1/2", "im": -1})),
            Some(c64::new(0.5, -1.0))
        );
        assert_eq!(rational(&json!(0.1)), parse_rational("1/10"));
    }
}
