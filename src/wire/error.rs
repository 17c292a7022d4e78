//! What can go wrong between bytes and values.

/// A request body that could not become the operation's values, or a response value that could
/// not become bytes. The class decides the HTTP status (in `crate::error`); the sentence names the
/// field at fault, which only the wire knows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WireError {
    /// Not JSON (or MessagePack), or not the request's schema: a wrong type, a missing field, a
    /// field the request does not know.
    #[error("{0}")]
    Malformed(String),
    /// Well-typed but invalid: an empty or ragged operand, a number beyond f64, a bad generated
    /// operand, ...
    #[error("{0}")]
    Invalid(String),
    /// Operand shapes that do not fit each other (a query of the wrong dimension).
    #[error("{0}")]
    ShapeMismatch(String),
    /// Over a configured size limit.
    #[error("{0}")]
    TooLarge(String),
    /// A compressed request body that inflates past the body limit.
    #[error("{0}")]
    BodyTooLarge(String),
    /// A response number is not finite, so it has no JSON spelling.
    #[error("a result is not finite (it overflows a 64-bit float); scale the input down")]
    NotFinite,
    /// Writing a response failed for another reason: a bug, never the client's doing.
    #[error("{0}")]
    Encode(String),
}

pub type WireResult<T> = Result<T, WireError>;
