//! Requests with two alternative fields: `query` or `queries`, `vector` or `matrix`, ...

use super::error::{WireError, WireResult};

/// Which of two alternative request fields was sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Exactly one of two alternative fields. Both is a 422 (well-typed but invalid, as the contract
/// lists it), neither is a 400 (a required field is missing).
pub fn one_of<A, B>(a: Option<A>, b: Option<B>, names: (&str, &str)) -> WireResult<Either<A, B>> {
    match (a, b) {
        (Some(a), None) => Ok(Either::Left(a)),
        (None, Some(b)) => Ok(Either::Right(b)),
        (Some(_), Some(_)) => Err(WireError::Invalid(format!(
            "give either '{}' or '{}', not both",
            names.0, names.1
        ))),
        (None, None) => Err(WireError::Malformed(format!(
            "missing field: give '{}' or '{}'",
            names.0, names.1
        ))),
    }
}

/// Fields that must come together (`a` with `b`): both or neither.
pub fn both_or_neither<A, B>(
    a: Option<A>,
    b: Option<B>,
    names: (&str, &str),
) -> WireResult<Option<(A, B)>> {
    match (a, b) {
        (Some(a), Some(b)) => Ok(Some((a, b))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(WireError::Malformed(format!(
            "missing field '{}' ({} is given)",
            names.1, names.0
        ))),
        (None, Some(_)) => Err(WireError::Malformed(format!(
            "missing field '{}' ({} is given)",
            names.0, names.1
        ))),
    }
}
