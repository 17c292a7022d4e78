//! Start-up: build the state from the configuration, bind the listener, serve until a signal.
//!
//! [`Application::build`] opens the store, starts the compute pool and binds the listener (port
//! 0 in tests) so the caller learns the real address before serving;
//! [`Application::run_until_stopped`] serves until the shutdown future completes, then drains
//! in-flight requests (readiness turns 503 first, so a load balancer stops sending new work).

mod router;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use tokio::net::TcpListener;

pub use router::app;

use crate::api::AppState;
use crate::api::auth::Auth;
use crate::config::Config;
use crate::pool::ComputePool;
use crate::store::Store;

/// Opens the store (loading every collection) and starts the compute pool.
pub fn state(config: &Config) -> std::io::Result<AppState> {
    // Install the metrics recorder before the first request is counted.
    crate::telemetry::metrics_handle();
    let store = open_store(config).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(AppState {
        pool: Arc::new(ComputePool::new(
            config.threads(),
            config.max_queue,
            config.max_queue_wait(),
            config.parallel_when_idle,
        )),
        compression: config.response_compression(),
        limits: config.limits(),
        ready: Arc::new(AtomicBool::new(false)),
        request_timeout: config.request_timeout(),
        store,
        auth: Arc::new(Auth::new(config.api_key.clone(), config.api_key_all)),
    })
}

/// The redb file in `--data-dir`, loaded before serving; or, with `--database-url`, the
/// PostgreSQL store, which loads in the background (collection requests answer 503 until it
/// has, compute endpoints serve at once), so that a server starts even while its database is
/// down.
fn open_store(config: &Config) -> Result<Arc<Store>, crate::store::StoreError> {
    if let Some(url) = &config.database_url {
        tracing::info!("collections in PostgreSQL (--database-url); loading in the background");
        return Store::connect(url);
    }
    let started = std::time::Instant::now();
    let store = Arc::new(Store::open(&config.data_dir)?);
    store.start_checkpoints()?;
    tracing::info!(
        collections = store.counts().len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        data_dir = %config.data_dir.display(),
        "collections loaded"
    );
    Ok(store)
}

pub struct Application {
    listener: crate::net::IdleTimeoutListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Binds the listener and prepares the state; nothing is served yet.
    pub async fn build(config: &Config) -> std::io::Result<Self> {
        let state = state(config)?;
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
        let store = Arc::clone(&self.state.store);
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async move {
                shutdown.await;
                ready.store(false, Ordering::Relaxed);
                tracing::info!("shutting down: draining in-flight requests");
            })
            .await?;
        // the collections written since their last checkpoint, so the next start reads no vector
        let saved = tokio::task::spawn_blocking(move || store.checkpoint())
            .await
            .map_err(std::io::Error::other)?;
        match saved {
            Ok(n) => tracing::info!(collections = n, "checkpoints saved"),
            Err(e) => {
                tracing::warn!(error = %e, "a checkpoint failed; the next start reads the database")
            }
        }
        Ok(())
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
