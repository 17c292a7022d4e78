//! Optional API-key access control.
//!
//! With `--api-key`, the collection write endpoints (create or delete a collection, upsert or
//! delete points) need `Authorization: Bearer <key>`; with `--api-key-all` too, every endpoint
//! does except `/health` and `/ready` (probes must work without secrets). Keys are compared in
//! constant time (`subtle`) and never logged. Without `--api-key` everything is open.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::error::ApiError;

pub struct Auth {
    key: Option<Vec<u8>>,
    all: bool,
}

impl Auth {
    pub fn new(key: Option<String>, all: bool) -> Self {
        Auth {
            key: key.filter(|k| !k.is_empty()).map(String::into_bytes),
            all,
        }
    }

    /// Whether a request to `path` with `method` needs the key.
    pub fn protects(&self, method: &Method, path: &str) -> bool {
        if self.key.is_none() || matches!(path, "/health" | "/ready") {
            return false;
        }
        self.all || is_collection_write(method, path)
    }

    fn accepts(&self, header: Option<&str>) -> bool {
        let (Some(key), Some(given)) = (&self.key, header.and_then(|h| h.strip_prefix("Bearer ")))
        else {
            return false;
        };
        bool::from(key.as_slice().ct_eq(given.trim().as_bytes()))
    }
}

/// `PUT`/`DELETE /collections/{name}`, `POST /collections/{name}/points`,
/// `DELETE /collections/{name}/points/{id}`.
fn is_collection_write(method: &Method, path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/collections/") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [_] => matches!(*method, Method::PUT | Method::DELETE),
        [_, "points"] => *method == Method::POST,
        [_, "points", _] => *method == Method::DELETE,
        _ => false,
    }
}

pub async fn require_api_key(State(auth): State<Arc<Auth>>, req: Request, next: Next) -> Response {
    if auth.protects(req.method(), req.uri().path()) {
        let header = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if !auth.accepts(header) {
            let mut response = ApiError::Unauthorized(
                "this endpoint needs an API key: send Authorization: Bearer <key>".into(),
            )
            .into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            return response;
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_collection_writes_are_guarded_by_default() {
        let auth = Auth::new(Some("s3cret".into()), false);
        assert!(auth.protects(&Method::PUT, "/collections/docs"));
        assert!(auth.protects(&Method::DELETE, "/collections/docs"));
        assert!(auth.protects(&Method::POST, "/collections/docs/points"));
        assert!(auth.protects(&Method::DELETE, "/collections/docs/points/7"));
        assert!(!auth.protects(&Method::POST, "/collections/docs/search"));
        assert!(!auth.protects(&Method::GET, "/collections/docs"));
        assert!(!auth.protects(&Method::POST, "/svd"));
        let all = Auth::new(Some("s3cret".into()), true);
        assert!(all.protects(&Method::POST, "/svd"));
        assert!(!all.protects(&Method::GET, "/health") && !all.protects(&Method::GET, "/ready"));
        assert!(!Auth::new(None, true).protects(&Method::PUT, "/collections/docs"));
    }

    #[test]
    fn keys_must_match_exactly() {
        let auth = Auth::new(Some("s3cret".into()), false);
        assert!(auth.accepts(Some("Bearer s3cret")));
        assert!(!auth.accepts(Some("Bearer s3cre")));
        assert!(!auth.accepts(Some("Bearer s3cret2")));
        assert!(!auth.accepts(Some("s3cret")));
        assert!(!auth.accepts(None));
    }
}
