//! linalg-server: linear algebra, equivalence-aware grading and embedding similarity search
//! over HTTP.
//!
//! Layers, from the wire inwards: [`app`] (start-up, router, middleware), [`api`] (handlers and
//! their DTOs, no faer), [`wire`] (the one place JSON becomes matrices), [`pool`] (the bounded
//! compute pool every heavy request runs on), [`linalg`] (pure math, no HTTP), and [`error`]
//! (the one place errors become responses).

pub mod api;
pub mod app;
pub mod auth;
pub mod config;
pub mod error;
pub mod grading;
pub mod json_body;
pub mod limits;
pub mod linalg;
pub mod net;
pub mod pool;
pub mod store;
pub mod telemetry;
pub mod wire;
