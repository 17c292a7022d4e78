//! The one place where failures become HTTP responses.
//!
//! Every error the service returns is an [`ApiError`], and [`ApiError::problem_type`] maps each
//! variant to its [`ProblemType`] in one exhaustive `match` with no `_` arm: adding a variant
//! forces a decision about how clients see it. [`ProblemType::describe`] is the status table
//! (status, RFC 9457 `type`, title, and when it happens); the OpenAPI document's table and every
//! operation's documented error responses are generated from it.
//!
//! The layers below report typed errors that know nothing of HTTP: [`WireError`] (bodies),
//! [`LinalgError`] (math, naming operands by position), [`StoreError`] (collections),
//! [`PoolError`] (admission). Their `From` impls below are the bridges, each an exhaustive
//! match on the error's class; an operation's failure ([`OpError`]) gets the operation's name and
//! its operands' field names once, in [`ApiError::from_op`].

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::linalg::{ErrorClass, LinalgError, LinalgResult};
use crate::pool::PoolError;
use crate::store::StoreError;
use crate::wire::WireError;

/// Seconds a client is told to wait after a 503 when nothing better is known.
pub const RETRY_AFTER_SECS: u64 = 1;

/// The classes of problem the service reports, each with a stable `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType {
    InvalidJson,
    Unauthorized,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    InvalidInput,
    ShapeMismatch,
    SingularMatrix,
    NotPositiveDefinite,
    TooLarge,
    NotFinite,
    Overloaded,
    Unavailable,
    Internal,
}

/// One row of the status table.
#[derive(Debug, Clone, Copy)]
pub struct ProblemDoc {
    pub status: StatusCode,
    pub slug: &'static str,
    pub title: &'static str,
    /// When it happens, for the docs.
    pub when: &'static str,
}

impl ProblemType {
    /// Every problem type, in the order the docs list them.
    pub const ALL: [ProblemType; 17] = [
        ProblemType::InvalidJson,
        ProblemType::Unauthorized,
        ProblemType::NotFound,
        ProblemType::MethodNotAllowed,
        ProblemType::RequestTimeout,
        ProblemType::Conflict,
        ProblemType::PayloadTooLarge,
        ProblemType::UnsupportedMediaType,
        ProblemType::InvalidInput,
        ProblemType::ShapeMismatch,
        ProblemType::SingularMatrix,
        ProblemType::NotPositiveDefinite,
        ProblemType::TooLarge,
        ProblemType::NotFinite,
        ProblemType::Overloaded,
        ProblemType::Unavailable,
        ProblemType::Internal,
    ];

    pub fn describe(self) -> ProblemDoc {
        let (status, slug, title, when) = match self {
            ProblemType::InvalidJson => (
                StatusCode::BAD_REQUEST,
                "invalid-json",
                "Invalid JSON",
                "the body is not JSON (or MessagePack), or not the request's schema: a wrong type, a missing field, or a field the endpoint does not know (the detail names it and lists the accepted ones)",
            ),
            ProblemType::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Unauthorized",
                "an API key is configured and the request lacks the right one",
            ),
            ProblemType::NotFound => (
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                "unknown collection, point or path",
            ),
            ProblemType::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                "the path exists but not with this method",
            ),
            ProblemType::RequestTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                "Request timeout",
                "the request did not finish within the configured time limit",
            ),
            ProblemType::Conflict => (
                StatusCode::CONFLICT,
                "conflict",
                "Conflict",
                "the collection exists with another configuration",
            ),
            ProblemType::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
                "the body is over the configured limit",
            ),
            ProblemType::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "the body is neither application/json nor application/msgpack (or MessagePack where only JSON text can carry the request)",
            ),
            ProblemType::InvalidInput => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-input",
                "Invalid input",
                "well-typed but invalid values: ragged rows, an empty vector or matrix, a wrong length, k = 0, an unknown metric or op, both alternatives of a request at once",
            ),
            ProblemType::ShapeMismatch => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "shape-mismatch",
                "Shape mismatch",
                "operand shapes that do not fit the operation",
            ),
            ProblemType::SingularMatrix => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "singular-matrix",
                "Singular matrix",
                "inverse or solve of a matrix singular to working precision",
            ),
            ProblemType::NotPositiveDefinite => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not-positive-definite",
                "Matrix not positive definite",
                "Cholesky of a matrix that is not symmetric positive definite",
            ),
            ProblemType::TooLarge => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "too-large",
                "Too large",
                "dimensions over the configured compute limits",
            ),
            ProblemType::NotFinite => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not-finite",
                "Result not finite",
                "a result would overflow to infinity (e.g. the determinant of a huge matrix)",
            ),
            ProblemType::Overloaded => (
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "Overloaded",
                "the compute queue is full; retry after Retry-After seconds",
            ),
            ProblemType::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Unavailable",
                "the collection store (the database) is unreachable or still loading; retry after Retry-After seconds",
            ),
            ProblemType::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal server error",
                "a bug; never caused by client input (the detail is logged, not sent)",
            ),
        };
        ProblemDoc {
            status,
            slug,
            title,
            when,
        }
    }

    /// The status table as Markdown, for the OpenAPI document's description.
    pub fn markdown_table() -> String {
        let mut out = String::from("| status | type | when |\n|---|---|---|\n");
        for p in ProblemType::ALL {
            let d = p.describe();
            out.push_str(&format!(
                "| {} | `/problems/{}` | {} |\n",
                d.status.as_u16(),
                d.slug,
                d.when
            ));
        }
        out
    }
}

/// Everything that can go wrong in a request, each with a sentence for the client.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    InvalidJson(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    ShapeMismatch(String),
    #[error("{0}")]
    SingularMatrix(String),
    #[error("{0}")]
    NotPositiveDefinite(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    NotFinite(String),
    /// The compute queue is full; retry after this many seconds.
    #[error("{detail}")]
    Overloaded {
        detail: String,
        retry_after_secs: u64,
    },
    /// The collection store is unreachable or loading; retry after this many seconds.
    #[error("{detail}")]
    Unavailable {
        detail: String,
        retry_after_secs: u64,
    },
    /// A bug: never caused by client input. The detail is logged, not sent.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn problem_type(&self) -> ProblemType {
        match self {
            ApiError::InvalidJson(_) => ProblemType::InvalidJson,
            ApiError::Unauthorized(_) => ProblemType::Unauthorized,
            ApiError::NotFound(_) => ProblemType::NotFound,
            ApiError::MethodNotAllowed(_) => ProblemType::MethodNotAllowed,
            ApiError::RequestTimeout(_) => ProblemType::RequestTimeout,
            ApiError::Conflict(_) => ProblemType::Conflict,
            ApiError::PayloadTooLarge(_) => ProblemType::PayloadTooLarge,
            ApiError::UnsupportedMediaType(_) => ProblemType::UnsupportedMediaType,
            ApiError::InvalidInput(_) => ProblemType::InvalidInput,
            ApiError::ShapeMismatch(_) => ProblemType::ShapeMismatch,
            ApiError::SingularMatrix(_) => ProblemType::SingularMatrix,
            ApiError::NotPositiveDefinite(_) => ProblemType::NotPositiveDefinite,
            ApiError::TooLarge(_) => ProblemType::TooLarge,
            ApiError::NotFinite(_) => ProblemType::NotFinite,
            ApiError::Overloaded { .. } => ProblemType::Overloaded,
            ApiError::Unavailable { .. } => ProblemType::Unavailable,
            ApiError::Internal(_) => ProblemType::Internal,
        }
    }

    /// The same error with `context: ` in front of its detail (an operation's name).
    pub fn in_context(self, context: &str) -> ApiError {
        let wrap = |d: String| format!("{context}: {d}");
        match self {
            ApiError::InvalidJson(d) => ApiError::InvalidJson(wrap(d)),
            ApiError::Unauthorized(d) => ApiError::Unauthorized(wrap(d)),
            ApiError::NotFound(d) => ApiError::NotFound(wrap(d)),
            ApiError::MethodNotAllowed(d) => ApiError::MethodNotAllowed(wrap(d)),
            ApiError::RequestTimeout(d) => ApiError::RequestTimeout(wrap(d)),
            ApiError::Conflict(d) => ApiError::Conflict(wrap(d)),
            ApiError::PayloadTooLarge(d) => ApiError::PayloadTooLarge(wrap(d)),
            ApiError::UnsupportedMediaType(d) => ApiError::UnsupportedMediaType(wrap(d)),
            ApiError::InvalidInput(d) => ApiError::InvalidInput(wrap(d)),
            ApiError::ShapeMismatch(d) => ApiError::ShapeMismatch(wrap(d)),
            ApiError::SingularMatrix(d) => ApiError::SingularMatrix(wrap(d)),
            ApiError::NotPositiveDefinite(d) => ApiError::NotPositiveDefinite(wrap(d)),
            ApiError::TooLarge(d) => ApiError::TooLarge(wrap(d)),
            ApiError::NotFinite(d) => ApiError::NotFinite(wrap(d)),
            ApiError::Overloaded {
                detail,
                retry_after_secs,
            } => ApiError::Overloaded {
                detail: wrap(detail),
                retry_after_secs,
            },
            ApiError::Unavailable {
                detail,
                retry_after_secs,
            } => ApiError::Unavailable {
                detail: wrap(detail),
                retry_after_secs,
            },
            ApiError::Internal(d) => ApiError::Internal(wrap(d)),
        }
    }

    /// An operation's failure. A computation's error gets the operation's name in front
    /// ("matmul: a is 2x3 and b is 4x5; ..."), except a step of a chain, which names its own
    /// step ("step 2 (matmul): ..."); a request field's error names the field, which is enough
    /// ("matrix is ragged: row 1 has ...").
    pub fn from_op(op: &str, error: OpError) -> ApiError {
        match error {
            OpError::Wire(e) => ApiError::from(e),
            OpError::Linalg { error, operands } => {
                let named_step = matches!(*error, LinalgError::Step { .. });
                let e = linalg_error(&error, operands);
                if named_step { e } else { e.in_context(op) }
            }
            OpError::Store(e) => ApiError::from(e),
            OpError::Limit(detail) => ApiError::TooLarge(detail).in_context(op),
        }
    }

    /// The RFC 9457 body of this error.
    pub fn problem(&self) -> Problem {
        let doc = self.problem_type().describe();
        let detail = match self {
            // 5xx details may hold internals: log them, send a generic sentence.
            ApiError::Internal(_) => {
                "the server failed to process this request; it has been logged".to_string()
            }
            other => other.to_string(),
        };
        Problem {
            r#type: format!("/problems/{}", doc.slug),
            title: doc.title.to_string(),
            status: doc.status.as_u16(),
            detail,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Overloaded {
                retry_after_secs, ..
            }
            | ApiError::Unavailable {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

/// RFC 9457 problem details, sent as `application/problem+json` for every error.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/shape-mismatch",
    "title": "Shape mismatch",
    "status": 422,
    "detail": "matmul: a is 2x3 and b is 4x5; a's columns (3) must equal b's rows (4)"
}))]
pub struct Problem {
    /// Stable relative URI naming the error class, e.g. `/problems/shape-mismatch`.
    pub r#type: String,
    /// Short human summary of the error class.
    pub title: String,
    /// The HTTP status code, repeated.
    pub status: u16,
    /// What went wrong in this request, naming the field, row or dimensions at fault.
    pub detail: String,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let problem = self.problem();
        let status = self.problem_type().describe().status;
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(secs) = self.retry_after() {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// How an operation failed, before the edge adds its name.
#[derive(Debug, Clone, PartialEq)]
pub enum OpError {
    /// Its request did not become values (the sentence names the field).
    Wire(WireError),
    /// A math function failed; `operands[i]` is the request field of the function's argument
    /// at position `i`.
    Linalg {
        error: Box<LinalgError>,
        operands: &'static [&'static str],
    },
    /// A stored collection refused it.
    Store(StoreError),
    /// An operand over a compute limit (the sentence names the field).
    Limit(String),
}

impl From<WireError> for OpError {
    fn from(e: WireError) -> Self {
        OpError::Wire(e)
    }
}

impl From<StoreError> for OpError {
    fn from(e: StoreError) -> Self {
        OpError::Store(e)
    }
}

pub type OpResult<T> = Result<T, OpError>;

/// Names a math function's operands with the request fields they came from.
pub trait Operands<T> {
    fn operands(self, names: &'static [&'static str]) -> OpResult<T>;
}

impl<T> Operands<T> for LinalgResult<T> {
    fn operands(self, names: &'static [&'static str]) -> OpResult<T> {
        self.map_err(|error| OpError::Linalg {
            error: Box::new(error),
            operands: names,
        })
    }
}

fn linalg_error(error: &LinalgError, names: &[&str]) -> ApiError {
    let detail = error.describe(names);
    match error.class() {
        ErrorClass::InvalidInput => ApiError::InvalidInput(detail),
        ErrorClass::ShapeMismatch => ApiError::ShapeMismatch(detail),
        ErrorClass::Singular => ApiError::SingularMatrix(detail),
        ErrorClass::NotPositiveDefinite => ApiError::NotPositiveDefinite(detail),
        ErrorClass::NotFinite => ApiError::NotFinite(detail),
        ErrorClass::TooLarge => ApiError::TooLarge(detail),
    }
}

impl From<WireError> for ApiError {
    fn from(e: WireError) -> Self {
        let detail = e.to_string();
        match e {
            WireError::Malformed(_) => ApiError::InvalidJson(detail),
            WireError::Invalid(_) => ApiError::InvalidInput(detail),
            WireError::ShapeMismatch(_) => ApiError::ShapeMismatch(detail),
            WireError::TooLarge(_) => ApiError::TooLarge(detail),
            WireError::BodyTooLarge(_) => ApiError::PayloadTooLarge(detail),
            WireError::NotFinite => ApiError::NotFinite(detail),
            WireError::Encode(_) => ApiError::Internal(detail),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let detail = e.to_string();
        match e {
            StoreError::NotFound(_) => ApiError::NotFound(detail),
            StoreError::Conflict(_) => ApiError::Conflict(detail),
            StoreError::Invalid(_) => ApiError::InvalidInput(detail),
            StoreError::ShapeMismatch(_) => ApiError::ShapeMismatch(detail),
            StoreError::TooLarge(_) => ApiError::TooLarge(detail),
            StoreError::NotFinite(_) => ApiError::NotFinite(detail),
            StoreError::Unavailable(_) => ApiError::Unavailable {
                detail,
                retry_after_secs: RETRY_AFTER_SECS,
            },
            StoreError::Storage(_) => ApiError::Internal(detail),
        }
    }
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> Self {
        let detail = e.to_string();
        match e {
            PoolError::Overloaded {
                retry_after_secs, ..
            } => ApiError::Overloaded {
                detail,
                retry_after_secs,
            },
            PoolError::Panicked(_) | PoolError::Stopped => ApiError::Internal(detail),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_problem_type_once() {
        // `ALL` is complete: every variant's position is its discriminant.
        for (i, p) in ProblemType::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
        }
        assert_eq!(ProblemType::ALL.len(), ProblemType::Internal as usize + 1);
        let table = ProblemType::markdown_table();
        for p in ProblemType::ALL {
            assert!(table.contains(&format!("/problems/{}", p.describe().slug)));
        }
    }

    #[test]
    fn an_operation_error_names_the_operation_and_its_fields() {
        let e = crate::linalg::products::matmul(&faer::Mat::zeros(2, 3), &faer::Mat::zeros(4, 5))
            .operands(&["a", "b"])
            .unwrap_err();
        assert_eq!(
            ApiError::from_op("matmul", e),
            ApiError::ShapeMismatch(
                "matmul: a is 2x3 and b is 4x5; a's columns (3) must equal b's rows (4)".into()
            )
        );
    }

    #[test]
    fn overload_carries_retry_after() {
        let r = ApiError::from(PoolError::Overloaded {
            reason: crate::pool::Refusal::WaitOverBudget,
            waiting: 4,
            expected_wait_ms: 2400,
            budget_ms: 1000,
            retry_after_secs: 3,
        })
        .into_response();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()[header::RETRY_AFTER], "3");
    }
}
