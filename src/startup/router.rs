//! The finished service: the API's routes with the middleware around them.
//!
//! From the outside in: a panic in a handler becomes a 500 problem for that request; every
//! request gets an id (`x-request-id`, kept when the client sends one) and runs in a tracing
//! span named after it, and the id goes back in the response; CORS when configured; the API key
//! check; the body limit; then the routes, each counted and timed for `/metrics`.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa_swagger_ui::SwaggerUi;

use crate::api::{self, AppState};
use crate::config::Config;
use crate::error::ApiError;
use crate::telemetry::{MakeRequestIds, REQUEST_ID, record_request, request_span};

/// The complete service: routes, docs, metrics and error handling around them.
pub fn app(state: AppState, config: &Config) -> Router {
    let (routes, openapi) = api::routes();
    let auth = std::sync::Arc::clone(&state.auth);
    let request_id = HeaderName::from_static(REQUEST_ID);
    let router = routes
        .route_layer(axum::middleware::from_fn(record_request))
        .merge(SwaggerUi::new("/docs").url("/openapi.json", openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            auth,
            api::auth::require_api_key,
        ))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .with_state(state);
    let router = match cors_layer(&config.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(
                    |response: &Response, latency: Duration, _span: &tracing::Span| {
                        tracing::debug!(
                            status = response.status().as_u16(),
                            latency_ms = latency.as_secs_f64() * 1000.0,
                            "answered"
                        );
                    },
                ),
        )
        .layer(SetRequestIdLayer::new(
            request_id,
            MakeRequestIds::default(),
        ))
        .layer(CatchPanicLayer::custom(panic_response))
}

/// CORS for the configured origins; none configured, no CORS headers at all.
fn cors_layer(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| o.parse().ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods(tower_http::cors::Any)
            .allow_headers(tower_http::cors::Any),
    )
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!(
        "no endpoint at {}; see /docs for the API",
        uri.path()
    ))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!(
        "{method} is not allowed on {}; see /docs for the API",
        uri.path()
    ))
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into());
    ApiError::Internal(format!("a handler panicked: {message}")).into_response()
}
