//! The one place where failures become HTTP responses.
//!
//! Every error the service can return is an [`ApiError`] variant, and [`ApiError::kind`] maps each
//! variant to its status, RFC 9457 `type` and `title` in a single exhaustive `match` with no `_`
//! arm: adding a variant forces a decision about how clients see it. The math layer reports
//! [`LinalgError`]s, which know nothing of HTTP; the `From` impl below is the bridge.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::linalg::LinalgError;
use crate::store::StoreError;

/// Seconds a client is told to wait after a 503 from a full compute queue.
pub const RETRY_AFTER_SECS: u32 = 1;

/// Everything that can go wrong in a request, each with a sentence for the client.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// Body is not JSON, or not the request's schema.
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
    /// Well-typed but invalid values.
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    ShapeMismatch(String),
    #[error("{0}")]
    SingularMatrix(String),
    #[error("{0}")]
    NotPositiveDefinite(String),
    /// Dimensions over the configured compute limits.
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    NotFinite(String),
    /// The compute queue is full.
    #[error("{0}")]
    Overloaded(String),
    /// A bug: never caused by client input. The detail is logged, not sent.
    #[error("{0}")]
    Internal(String),
}

/// Status, stable problem `type` slug and human title of one error class.
pub struct ProblemKind {
    pub status: StatusCode,
    pub slug: &'static str,
    pub title: &'static str,
}

impl ApiError {
    pub fn kind(&self) -> ProblemKind {
        let (status, slug, title) = match self {
            ApiError::InvalidJson(_) => (StatusCode::BAD_REQUEST, "invalid-json", "Invalid JSON"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::MethodNotAllowed(_) => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            ApiError::RequestTimeout(_) => (
                StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                "Request timeout",
            ),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict", "Conflict"),
            ApiError::PayloadTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
            ),
            ApiError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            ApiError::InvalidInput(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-input",
                "Invalid input",
            ),
            ApiError::ShapeMismatch(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "shape-mismatch",
                "Shape mismatch",
            ),
            ApiError::SingularMatrix(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "singular-matrix",
                "Singular matrix",
            ),
            ApiError::NotPositiveDefinite(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not-positive-definite",
                "Matrix not positive definite",
            ),
            ApiError::TooLarge(_) => (StatusCode::UNPROCESSABLE_ENTITY, "too-large", "Too large"),
            ApiError::NotFinite(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not-finite",
                "Result not finite",
            ),
            ApiError::Overloaded(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "overloaded", "Overloaded")
            }
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal server error",
            ),
        };
        ProblemKind {
            status,
            slug,
            title,
        }
    }

    /// The RFC 9457 body of this error.
    pub fn problem(&self) -> Problem {
        let kind = self.kind();
        let detail = match self {
            // 5xx details may hold internals: log them, send a generic sentence.
            ApiError::Internal(_) => {
                "the server failed to process this request; it has been logged".to_string()
            }
            other => other.to_string(),
        };
        Problem {
            r#type: format!("/problems/{}", kind.slug),
            title: kind.title.to_string(),
            status: kind.status.as_u16(),
            detail,
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
        let status = self.kind().status;
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if matches!(self, ApiError::Overloaded(_)) {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response
    }
}

impl From<LinalgError> for ApiError {
    fn from(err: LinalgError) -> Self {
        match err {
            LinalgError::InvalidInput(d) => ApiError::InvalidInput(d),
            LinalgError::ShapeMismatch(d) => ApiError::ShapeMismatch(d),
            LinalgError::Singular(d) => ApiError::SingularMatrix(d),
            LinalgError::NotPositiveDefinite(d) => ApiError::NotPositiveDefinite(d),
            LinalgError::NotFinite(d) => ApiError::NotFinite(d),
            LinalgError::TooLarge(d) => ApiError::TooLarge(d),
            LinalgError::NoConvergence(d) => ApiError::InvalidInput(format!(
                "{d}: the iteration did not converge for this input"
            )),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(d) => ApiError::NotFound(d),
            StoreError::Conflict(d) => ApiError::Conflict(d),
            StoreError::Invalid(d) => ApiError::InvalidInput(d),
            StoreError::ShapeMismatch(d) => ApiError::ShapeMismatch(d),
            StoreError::TooLarge(d) => ApiError::TooLarge(d),
            StoreError::NotFinite(d) => ApiError::NotFinite(d),
            StoreError::Storage(d) => ApiError::Internal(d),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
