//! What the durable stores hand the in-memory index: whole collections at load, and committed
//! changes after that.

use super::index::{Columns, Row};
use super::model::{CollectionConfig, PointId};

/// A collection as a durable store hands it over: its configuration and its points as columns.
pub struct Loaded {
    pub name: String,
    pub config: CollectionConfig,
    /// Which creation of this name it is (PostgreSQL: the change that created it; redb: 0).
    pub incarnation: u64,
    pub columns: Columns,
    /// `known[i]`: row i carries its sequence number (rows written before they were stored
    /// get theirs at load).
    pub known: Vec<bool>,
}

/// One committed write, as the in-memory index applies it.
pub enum Change {
    /// A collection created, or dropped and created again: it starts empty.
    Create {
        name: String,
        config: CollectionConfig,
        incarnation: u64,
    },
    Drop {
        name: String,
    },
    /// Points written, with their sequence numbers (the last of a repeated id wins).
    Upsert {
        name: String,
        rows: Vec<Row>,
    },
    Delete {
        name: String,
        ids: Vec<PointId>,
    },
}
