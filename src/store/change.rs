//! What the durable stores hand the in-memory index: whole collections at load, and committed
//! changes after that.

use super::index::{IndexWriter, Row, Snapshot};
use super::model::{CollectionConfig, PointId};

/// A collection as a durable store hands it over: its configuration and its index, built as
/// its points were read (see [`super::index::Loader`]).
pub struct Loaded {
    pub name: String,
    pub config: CollectionConfig,
    /// Which creation of this name it is (PostgreSQL: the change that created it; redb: 0).
    pub incarnation: u64,
    pub index: (IndexWriter, Snapshot),
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
