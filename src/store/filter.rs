//! Search filters: payload field equality.

use serde_json::{Map, Value};

use super::model::{StoreError, StoreResult};

/// The boolean clauses of other vector stores' filter languages (Qdrant's `must`, ...). A filter
/// here is field equality only, so `{"must": [...]}` would silently match nothing: refused.
const CLAUSES: [&str; 4] = ["must", "should", "must_not", "min_should"];

/// A filter that this store reads as the client meant it, or a 422 saying why not.
pub fn check_filter(filter: &Map<String, Value>) -> StoreResult<()> {
    for (field, value) in filter {
        if CLAUSES.contains(&field.as_str()) && (value.is_array() || value.is_object()) {
            return Err(StoreError::Invalid(format!(
                "filter.{field} looks like a boolean clause; a filter here is payload field \
                 equality, {{\"field\": value, ...}}, every field required to match"
            )));
        }
    }
    Ok(())
}

/// Payload field equality, with numbers compared by value (`1` equals `1.0`).
pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

pub(crate) fn matches_filter(
    payload: Option<&Map<String, Value>>,
    filter: &Map<String, Value>,
) -> bool {
    filter.iter().all(|(field, want)| {
        payload
            .and_then(|p| p.get(field))
            .is_some_and(|have| json_equal(have, want))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn boolean_clauses_are_refused_and_fields_of_those_names_are_not() {
        let clause = json!({"must": [{"key": "lang", "match": {"value": "en"}}]});
        let err = check_filter(clause.as_object().unwrap()).unwrap_err();
        assert!(err.to_string().contains("filter.must"), "{err}");
        let field = json!({"must": "yes", "lang": "en"});
        assert!(check_filter(field.as_object().unwrap()).is_ok());
    }

    #[test]
    fn json_equality_compares_numbers_by_value() {
        assert!(json_equal(&json!(1), &json!(1.0)));
        assert!(!json_equal(&json!(1), &json!("1")));
        assert!(json_equal(&json!({"a": [1, 2]}), &json!({"a": [1.0, 2]})));
    }
}
