//! Tensors, `{"shape", "data"}`: the shape exactly, before the data.

use serde_json::Value;

use crate::grading::compare::compare;
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code};

pub fn check_tensor(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let (Some(es), Some(gs)) = (expected.get("shape"), given.get("shape")) else {
        return compare(expected, given, tol);
    };
    if es != gs && !compare(es, gs, tol).is_ok() {
        return Check::fail(
            Code::WrongShape,
            format!("expected a tensor of shape {es}, got shape {gs}"),
        )
        .blind(format!("the shape is wrong: you gave shape {gs}"));
    }
    match (expected.get("data"), given.get("data")) {
        (Some(ed), Some(gd)) => {
            let c = compare(ed, gd, tol);
            if c.is_ok() {
                c
            } else {
                let place = c
                    .place
                    .clone()
                    .map_or("data".to_string(), |p| format!("data {p}"));
                c.at(place)
            }
        }
        _ => compare(expected, given, tol),
    }
}
