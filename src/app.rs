//! Start-up: shared state, the router with its middleware, and serving until a signal.
//!
//! [`Application::build`] binds the listener (port 0 in tests) so the caller learns the real
//! address before serving; [`Application::run_until_stopped`] serves until the shutdown future
//! completes, then drains in-flight requests (readiness turns 503 first, so a load balancer
//! stops sending new work).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

use crate::api::{collections, design, docs, grading, matrices, ml, ops, tensors, vectors};
use crate::config::Config;
use crate::error::ApiError;
use crate::limits::Limits;
use crate::pool::ComputePool;
use crate::store::Store;

/// What every handler can reach. Cheap to clone: everything shared is behind an `Arc`.
#[derive(Clone)]
pub struct AppState {
    pub pool: Arc<ComputePool>,
    pub limits: Limits,
    pub ready: Arc<AtomicBool>,
    pub request_timeout: Duration,
    pub store: Arc<Store>,
    /// Who may call what (`--api-key`, `--api-key-all`).
    pub auth: Arc<crate::auth::Auth>,
    /// The finished router, for `/grade` and `/exercises` to run exercises in-process.
    pub router: Arc<std::sync::OnceLock<Router>>,
}

impl AppState {
    /// Opens the store (loading every collection) and starts the compute pool.
    pub fn new(config: &Config) -> std::io::Result<Self> {
        // Install the metrics recorder before the first request is counted.
        crate::telemetry::metrics_handle();
        let started = std::time::Instant::now();
        let store =
            Store::open(&config.data_dir).map_err(|e| std::io::Error::other(e.to_string()))?;
        tracing::info!(
            collections = store.list().len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            data_dir = %config.data_dir.display(),
            "collections loaded"
        );
        Ok(AppState {
            pool: Arc::new(ComputePool::new(
                config.threads(),
                config.max_queue,
                config.parallel_when_idle,
            )),
            limits: config.limits(),
            ready: Arc::new(AtomicBool::new(false)),
            request_timeout: config.request_timeout(),
            store: Arc::new(store),
            router: Arc::new(std::sync::OnceLock::new()),
            auth: Arc::new(crate::auth::Auth::new(
                config.api_key.clone(),
                config.api_key_all,
            )),
        })
    }
}

/// Every documented route, and the OpenAPI document generated from them.
pub fn api_router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut api) = OpenApiRouter::with_openapi(docs::ApiDoc::openapi())
        .routes(routes!(design::dot))
        .routes(routes!(design::matmul))
        .routes(routes!(design::svd))
        .routes(routes!(design::pca))
        .routes(routes!(design::cosine_search))
        .routes(routes!(vectors::cosine))
        .routes(routes!(vectors::norm))
        .routes(routes!(vectors::distance))
        .routes(routes!(vectors::linear_combination))
        .routes(routes!(vectors::project))
        .routes(routes!(vectors::cross))
        .routes(routes!(matrices::transpose))
        .routes(routes!(matrices::determinant))
        .routes(routes!(matrices::inverse))
        .routes(routes!(matrices::solve_system))
        .routes(routes!(matrices::lstsq))
        .routes(routes!(matrices::rank))
        .routes(routes!(matrices::subspaces))
        .routes(routes!(matrices::eigen))
        .routes(routes!(matrices::low_rank))
        .routes(routes!(matrices::qr))
        .routes(routes!(matrices::lu))
        .routes(routes!(matrices::cholesky))
        .routes(routes!(matrices::rref))
        .routes(routes!(tensors::reshape))
        .routes(routes!(tensors::transpose))
        .routes(routes!(tensors::permute))
        .routes(routes!(tensors::matmul))
        .routes(routes!(tensors::shapes))
        .routes(routes!(ml::softmax))
        .routes(routes!(ml::attention))
        .routes(routes!(ml::lora))
        .routes(routes!(
            collections::create_collection,
            collections::get_collection,
            collections::delete_collection
        ))
        .routes(routes!(collections::list_collections))
        .routes(routes!(collections::upsert_points))
        .routes(routes!(collections::get_point, collections::delete_point))
        .routes(routes!(collections::search_collection))
        .routes(routes!(grading::grade))
        .routes(routes!(grading::exercise))
        .routes(routes!(ops::health))
        .routes(routes!(ops::ready))
        .routes(routes!(ops::metrics))
        .split_for_parts();
    docs::add_problem_responses(&mut api);
    (router, api)
}

/// The OpenAPI document as served at `/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().1
}

/// The complete service: routes, docs, metrics and error handling around them.
pub fn app(state: AppState, config: &Config) -> Router {
    let (router, api) = api_router();
    let cell = Arc::clone(&state.router);
    let auth = Arc::clone(&state.auth);
    let router = router
        .route_layer(axum::middleware::from_fn(crate::telemetry::record_request))
        .merge(SwaggerUi::new("/docs").url("/openapi.json", api))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            auth,
            crate::auth::require_api_key,
        ))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state);
    let router = match cors_layer(&config.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    let _ = cell.set(router.clone());
    router
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

pub struct Application {
    listener: crate::net::IdleTimeoutListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Binds the listener and prepares the state; nothing is served yet.
    pub async fn build(config: &Config) -> std::io::Result<Self> {
        let state = AppState::new(config)?;
        let router = app(state.clone(), config);
        let listener = crate::net::IdleTimeoutListener::new(
            TcpListener::bind(config.addr).await?,
            config.idle_timeout(),
        );
        Ok(Application {
            listener,
            router,
            state,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        axum::serve::Listener::local_addr(&self.listener).expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then stops accepting and drains in-flight requests.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let ready = Arc::clone(&self.state.ready);
        ready.store(true, Ordering::Relaxed);
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async move {
                shutdown.await;
                ready.store(false, Ordering::Relaxed);
                tracing::info!("shutting down: draining in-flight requests");
            })
            .await
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
