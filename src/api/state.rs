//! What every handler can reach.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::auth::Auth;
use crate::limits::Limits;
use crate::pool::ComputePool;
use crate::store::Store;
use crate::wire::compress::ResponseCompression;

/// Shared by every handler. Cheap to clone: everything shared is behind an `Arc`.
#[derive(Clone)]
pub struct AppState {
    pub pool: Arc<ComputePool>,
    pub limits: Limits,
    /// Whether `/ready` says 200: false while starting or draining.
    pub ready: Arc<AtomicBool>,
    /// How long a request may take before it is answered with 408.
    pub request_timeout: Duration,
    pub store: Arc<Store>,
    /// Who may call what (`--api-key`, `--api-key-all`).
    pub auth: Arc<Auth>,
    /// Whether large responses are compressed (`--compression`).
    pub compression: ResponseCompression,
}
