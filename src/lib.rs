//! linalg-server: linear algebra, equivalence-aware grading and embedding similarity search
//! over HTTP.
//!
//! Layers, from the outside in, each importing only those below it:
//!
//! - [`startup`]: configuration into state, the router with its middleware, serving;
//! - [`api`]: HTTP handlers and the operation registry (nothing of faer), with [`error`], the
//!   one place errors become responses;
//! - [`wire`] (the one place bodies become values and values become bytes), [`grading`]
//!   (equivalence-aware comparison, exercises), [`store`] (durable collections and their
//!   search index), [`pool`] (the bounded compute pool every heavy request runs on);
//! - [`viz`]: pictures (SVG, PNG) drawn from `linalg`'s results, no HTTP;
//! - [`linalg`]: pure math on faer and ndarray values, no HTTP, no serde.
//!
//! [`config`], [`limits`], [`telemetry`] and [`net`] are shared plumbing.

pub mod api;
pub mod config;
pub mod error;
pub mod grading;
pub mod limits;
pub mod linalg;
pub mod net;
pub mod pool;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod viz;
pub mod wire;
