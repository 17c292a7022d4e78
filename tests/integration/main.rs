//! One integration-test binary (faster to link than one per file): every test starts the real
//! server on port 0 and talks HTTP to it.

mod admission;
mod collections;
mod core;
mod corpus;
mod curriculum;
mod errors;
mod grading;
mod grading_contract;
mod helpers;
mod msgpack;
mod openapi;
mod ops;
mod pg;
mod registry;
mod replication;
mod security;
mod strict;
mod transport;
mod visualize;
