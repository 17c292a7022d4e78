//! Stored embedding collections: durable in redb, searched from memory.
//!
//! **Durability.** Every collection's configuration and every point (the id, the vector exactly
//! as sent in f64, the payload) live in one redb database in `--data-dir`. An upsert batch or a
//! delete is one write transaction committed with `Durability::Immediate` (fsync) *before* the
//! request is acknowledged, so an acknowledged write survives a crash and a batch is all or
//! nothing. Collection names never become paths: they are keys inside the one database file, and
//! are limited to ASCII letters, digits, `-` and `_` anyway.
//!
//! **Search.** At start-up each collection is loaded into an in-memory index (see [`index`]):
//! immutable segments holding a contiguous f32 scan matrix (unit rows for cosine) beside the
//! original f64 vectors, ids, payloads and sequence numbers. Searches read a snapshot of it with no
//! lock held and rescore the f32 scan's candidates exactly in f64. Writes are serialized by one
//! writer lock: commit to disk first, then build the next snapshot and publish it with one pointer
//! swap, so a write blocks searches for no longer than that swap.

mod index;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde_json::{Map, Value};

use crate::linalg::search::{self, Metric};
use index::{Columns, IndexWriter, Row, Snapshot};

const COLLECTIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("collections");
/// Key: collection name, 0x00, encoded point id. Value: encoded vector and payload.
const POINTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("points");

/// Longest collection name.
pub const MAX_NAME_LEN: usize = 64;
/// Largest payload, serialized.
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024;
/// Deepest nesting inside a payload.
pub const MAX_PAYLOAD_DEPTH: usize = 32;
/// Longest string id.
pub const MAX_ID_LEN: usize = 256;
/// Largest dimension of a collection.
pub const MAX_DIMENSION: usize = 65_536;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    ShapeMismatch(String),
    #[error("{0}")]
    TooLarge(String),
    /// A score would overflow f64.
    #[error("{0}")]
    NotFinite(String),
    /// The disk or the database failed; not the client's doing.
    #[error("storage error: {0}")]
    Storage(String),
}

type StoreResult<T> = Result<T, StoreError>;

fn storage<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Storage(e.to_string())
}

/// A point id: a non-negative integer or a string (distinct even when they look alike).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PointId {
    Int(u64),
    Str(String),
}

impl PointId {
    /// The id named by a URL path segment: all ASCII digits name the integer id.
    pub fn from_path(segment: &str) -> PointId {
        let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
        match segment.parse() {
            Ok(n) if digits => PointId::Int(n),
            _ => PointId::Str(segment.to_string()),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            PointId::Int(n) => Value::from(*n),
            PointId::Str(s) => Value::from(s.clone()),
        }
    }

    fn encode(&self) -> Vec<u8> {
        match self {
            PointId::Int(n) => [&[b'i'][..], &n.to_be_bytes()].concat(),
            PointId::Str(s) => [&[b's'][..], s.as_bytes()].concat(),
        }
    }

    fn decode(bytes: &[u8]) -> Option<PointId> {
        match bytes.split_first()? {
            (b'i', rest) => Some(PointId::Int(u64::from_be_bytes(rest.try_into().ok()?))),
            (b's', rest) => Some(PointId::Str(String::from_utf8(rest.to_vec()).ok()?)),
            _ => None,
        }
    }
}

impl std::fmt::Display for PointId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PointId::Int(n) => write!(f, "{n}"),
            PointId::Str(s) => write!(f, "{s:?}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CollectionConfig {
    pub dimension: usize,
    pub metric: Metric,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CollectionInfo {
    pub name: String,
    pub config: CollectionConfig,
    pub count: usize,
}

/// A payload: any JSON object.
pub type Payload = Map<String, Value>;

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub id: PointId,
    pub vector: Vec<f64>,
    pub payload: Option<Map<String, Value>>,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPoint {
    pub id: PointId,
    pub score: f64,
    pub payload: Option<Map<String, Value>>,
}

pub struct Collection {
    config: CollectionConfig,
    /// What searches read: replaced, never changed in place.
    snapshot: RwLock<Arc<Snapshot>>,
    /// Where each id lives; only touched while the store's writer lock is held.
    writer: Mutex<IndexWriter>,
}

impl Collection {
    fn new(config: CollectionConfig, writer: IndexWriter, snapshot: Snapshot) -> Collection {
        Collection {
            config,
            snapshot: RwLock::new(Arc::new(snapshot)),
            writer: Mutex::new(writer),
        }
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().expect("snapshot lock"))
    }

    /// Swaps in the next snapshot; the old one is freed (if no search holds it) after the lock.
    fn publish(&self, next: Snapshot) {
        let old = std::mem::replace(
            &mut *self.snapshot.write().expect("snapshot lock"),
            Arc::new(next),
        );
        drop(old);
    }

    fn count(&self) -> usize {
        self.snapshot().count()
    }
}

pub struct Store {
    db: Database,
    collections: RwLock<HashMap<String, Arc<Collection>>>,
    /// Serializes writes so the disk and the index apply them in the same order.
    writer: Mutex<()>,
}

/// Checks a collection name: 1 to 64 ASCII letters, digits, `-` or `_`.
pub fn validate_name(name: &str) -> StoreResult<()> {
    if name.is_empty()
        || name.len() > MAX_NAME_LEN
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(StoreError::Invalid(format!(
            "collection name {name:?} is not valid: use 1 to {MAX_NAME_LEN} ASCII letters, digits, '-' or '_'"
        )));
    }
    Ok(())
}

/// Checks a point id from a request body.
pub fn validate_id(id: &PointId, field: &str) -> StoreResult<()> {
    if let PointId::Str(s) = id
        && (s.is_empty() || s.len() > MAX_ID_LEN)
    {
        return Err(StoreError::Invalid(format!(
            "{field} is a string of {} bytes; a string id has 1 to {MAX_ID_LEN} bytes",
            s.len()
        )));
    }
    Ok(())
}

fn payload_depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(payload_depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(payload_depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Checks a payload's size and nesting depth.
pub fn validate_payload(payload: &Map<String, Value>, field: &str) -> StoreResult<()> {
    let depth = payload.values().map(payload_depth).max().unwrap_or(0) + 1;
    if depth > MAX_PAYLOAD_DEPTH {
        return Err(StoreError::TooLarge(format!(
            "{field} is nested {depth} levels deep; the limit is {MAX_PAYLOAD_DEPTH}"
        )));
    }
    let size = serde_json::to_vec(payload)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_PAYLOAD_BYTES {
        return Err(StoreError::TooLarge(format!(
            "{field} is {size} bytes as JSON; the limit is {MAX_PAYLOAD_BYTES}"
        )));
    }
    Ok(())
}

fn point_key(collection: &str, id: &PointId) -> Vec<u8> {
    [collection.as_bytes(), &[0], &id.encode()].concat()
}

/// The key range holding every point of `collection`: `name 0x00 ..` up to `name 0x01`.
fn collection_range(collection: &str) -> (Vec<u8>, Vec<u8>) {
    (
        [collection.as_bytes(), &[0]].concat(),
        [collection.as_bytes(), &[1]].concat(),
    )
}

/// Marks a stored point that carries its sequence number (the high bit of the length word;
/// dimensions are far below it). Points written before sequence numbers lack it.
const HAS_SEQ: u32 = 1 << 31;

/// A stored point: u32 dimension (| [`HAS_SEQ`]), the f64 vector, the u64 sequence number, the
/// payload as JSON (absent: no payload). Little-endian throughout.
fn encode_point(vector: &[f64], seq: u64, payload: &Option<Map<String, Value>>) -> Vec<u8> {
    let payload = payload
        .as_ref()
        .map(|p| serde_json::to_vec(p).expect("a JSON map serializes"))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(12 + vector.len() * 8 + payload.len());
    out.extend_from_slice(&(vector.len() as u32 | HAS_SEQ).to_le_bytes());
    for x in vector {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// A decoded point's sequence number (if stored) and payload.
type StoredMeta = (Option<u64>, Option<Payload>);

/// Decodes a stored point, appending its vector (which must have `dimension` entries) to `out`.
fn decode_point_into(bytes: &[u8], dimension: usize, out: &mut Vec<f64>) -> Option<StoredMeta> {
    let word = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
    let dim = (word & !HAS_SEQ) as usize;
    if dim != dimension {
        return None;
    }
    let end = 4 + dim * 8;
    out.extend(
        bytes
            .get(4..end)?
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes"))),
    );
    let (seq, rest) = if word & HAS_SEQ != 0 {
        let seq = u64::from_le_bytes(bytes.get(end..end + 8)?.try_into().ok()?);
        (Some(seq), &bytes[end + 8..])
    } else {
        (None, &bytes[end..])
    };
    let payload = if rest.is_empty() {
        None
    } else {
        Some(serde_json::from_slice(rest).ok()?)
    };
    Some((seq, payload))
}

/// Payload field equality, with numbers compared by value (`1` equals `1.0`).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

fn matches_filter(payload: Option<&Map<String, Value>>, filter: &Map<String, Value>) -> bool {
    filter.iter().all(|(field, want)| {
        payload
            .and_then(|p| p.get(field))
            .is_some_and(|have| json_equal(have, want))
    })
}

/// Whether `v` cannot be scaled to unit length: its norm is zero or underflows to zero, the same
/// test [`search::normalize_rows`] applies.
fn zero_norm(v: &[f64]) -> bool {
    v.iter().map(|x| x * x).sum::<f64>().sqrt() == 0.0
}

impl Store {
    /// Opens (or creates) the database in `dir` and loads every collection into memory.
    pub fn open(dir: &Path) -> StoreResult<Store> {
        std::fs::create_dir_all(dir).map_err(storage)?;
        let db = Database::create(dir.join("collections.redb")).map_err(storage)?;
        {
            let txn = db.begin_write().map_err(storage)?;
            txn.open_table(COLLECTIONS).map_err(storage)?;
            txn.open_table(POINTS).map_err(storage)?;
            txn.commit().map_err(storage)?;
        }
        let mut collections = HashMap::new();
        {
            let txn = db.begin_read().map_err(storage)?;
            let configs = txn.open_table(COLLECTIONS).map_err(storage)?;
            let points = txn.open_table(POINTS).map_err(storage)?;
            for entry in configs.iter().map_err(storage)? {
                let (name, config) = entry.map_err(storage)?;
                let name = name.value().to_string();
                let config: CollectionConfig =
                    serde_json::from_slice(config.value()).map_err(storage)?;
                let (lo, hi) = collection_range(&name);
                let mut columns = Columns::default();
                let mut known = Vec::new();
                for entry in points
                    .range(lo.as_slice()..hi.as_slice())
                    .map_err(storage)?
                {
                    let (key, value) = entry.map_err(storage)?;
                    let id = PointId::decode(&key.value()[name.len() + 1..]).ok_or_else(|| {
                        StoreError::Storage(format!("a corrupt point key in {name}"))
                    })?;
                    let (seq, payload) =
                        decode_point_into(value.value(), config.dimension, &mut columns.originals)
                            .ok_or_else(|| {
                                StoreError::Storage(format!("a corrupt point in {name}"))
                            })?;
                    columns.ids.push(id);
                    columns.seqs.push(seq.unwrap_or(0));
                    known.push(seq.is_some());
                    columns.payloads.push(payload.map(Arc::new));
                }
                let (writer, snapshot) =
                    IndexWriter::load(config.metric, config.dimension, columns, &known);
                collections.insert(name, Arc::new(Collection::new(config, writer, snapshot)));
            }
        }
        Ok(Store {
            db,
            collections: RwLock::new(collections),
            writer: Mutex::new(()),
        })
    }

    fn collection(&self, name: &str) -> StoreResult<Arc<Collection>> {
        self.collections
            .read()
            .expect("collections lock")
            .get(name)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("collection {name:?} does not exist")))
    }

    /// Creates a collection; the same configuration again is not an error (`false`: existed).
    pub fn create(
        &self,
        name: &str,
        config: CollectionConfig,
    ) -> StoreResult<(CollectionInfo, bool)> {
        validate_name(name)?;
        if config.dimension < 1 || config.dimension > MAX_DIMENSION {
            return Err(StoreError::Invalid(format!(
                "dimension is {}; it must be between 1 and {MAX_DIMENSION}",
                config.dimension
            )));
        }
        let _writer = self.writer.lock().expect("writer lock");
        if let Ok(existing) = self.collection(name) {
            if existing.config == config {
                return Ok((self.info(name, &existing), false));
            }
            return Err(StoreError::Conflict(format!(
                "collection {name:?} exists with dimension {} and metric {:?}; delete it first to change its configuration",
                existing.config.dimension,
                existing.config.metric.name()
            )));
        }
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut table = txn.open_table(COLLECTIONS).map_err(storage)?;
            let bytes = serde_json::to_vec(&config).map_err(storage)?;
            table.insert(name, bytes.as_slice()).map_err(storage)?;
        }
        txn.commit().map_err(storage)?;
        let (writer, snapshot) = IndexWriter::empty(config.metric, config.dimension);
        let collection = Arc::new(Collection::new(config, writer, snapshot));
        self.collections
            .write()
            .expect("collections lock")
            .insert(name.to_string(), Arc::clone(&collection));
        Ok((self.info(name, &collection), true))
    }

    fn info(&self, name: &str, c: &Collection) -> CollectionInfo {
        CollectionInfo {
            name: name.to_string(),
            config: c.config,
            count: c.count(),
        }
    }

    pub fn get(&self, name: &str) -> StoreResult<CollectionInfo> {
        let c = self.collection(name)?;
        Ok(self.info(name, &c))
    }

    /// Every collection, sorted by name.
    pub fn list(&self) -> Vec<CollectionInfo> {
        let map = self.collections.read().expect("collections lock");
        let mut all: Vec<CollectionInfo> = map.iter().map(|(n, c)| self.info(n, c)).collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }

    pub fn delete(&self, name: &str) -> StoreResult<()> {
        let _writer = self.writer.lock().expect("writer lock");
        self.collection(name)?;
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut configs = txn.open_table(COLLECTIONS).map_err(storage)?;
            configs.remove(name).map_err(storage)?;
            let mut points = txn.open_table(POINTS).map_err(storage)?;
            let (lo, hi) = collection_range(name);
            points
                .retain_in(lo.as_slice()..hi.as_slice(), |_, _| false)
                .map_err(storage)?;
        }
        txn.commit().map_err(storage)?;
        self.collections
            .write()
            .expect("collections lock")
            .remove(name);
        Ok(())
    }

    /// Validates and durably stores a batch (all or nothing), then publishes it to searches.
    pub fn upsert(&self, name: &str, points: Vec<Point>) -> StoreResult<usize> {
        let _writer = self.writer.lock().expect("writer lock");
        let c = self.collection(name)?;
        let d = c.config.dimension;
        for (i, p) in points.iter().enumerate() {
            validate_id(&p.id, &format!("points[{i}].id"))?;
            if p.vector.len() != d {
                return Err(StoreError::ShapeMismatch(format!(
                    "points[{i}].vector has length {} but collection {name:?} has dimension {d}",
                    p.vector.len()
                )));
            }
            if let Some(payload) = &p.payload {
                validate_payload(payload, &format!("points[{i}].payload"))?;
            }
            if c.config.metric == Metric::Cosine && zero_norm(&p.vector) {
                return Err(StoreError::Invalid(format!(
                    "points[{i}].vector is a zero vector; cosine similarity is undefined for it"
                )));
            }
        }
        let mut index = c.writer.lock().expect("index writer lock");
        let seqs = index.sequence_numbers(points.iter().map(|p| &p.id));
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut table = txn.open_table(POINTS).map_err(storage)?;
            for (p, &seq) in points.iter().zip(&seqs) {
                let key = point_key(name, &p.id);
                let value = encode_point(&p.vector, seq, &p.payload);
                table
                    .insert(key.as_slice(), value.as_slice())
                    .map_err(storage)?;
            }
        }
        txn.commit().map_err(storage)?;
        let count = points.len();
        let rows = points
            .into_iter()
            .zip(seqs)
            .map(|(p, seq)| Row {
                id: p.id,
                seq,
                vector: p.vector,
                payload: p.payload.map(Arc::new),
            })
            .collect();
        let next = index.upsert(&c.snapshot(), rows);
        c.publish(next);
        Ok(count)
    }

    /// A point exactly as it was sent.
    pub fn get_point(&self, name: &str, id: &PointId) -> StoreResult<Point> {
        let c = self.collection(name)?;
        let txn = self.db.begin_read().map_err(storage)?;
        let table = txn.open_table(POINTS).map_err(storage)?;
        let value = table
            .get(point_key(name, id).as_slice())
            .map_err(storage)?
            .ok_or_else(|| {
                StoreError::NotFound(format!("point {id} is not in collection {name:?}"))
            })?;
        let mut vector = Vec::with_capacity(c.config.dimension);
        let (_, payload) = decode_point_into(value.value(), c.config.dimension, &mut vector)
            .ok_or_else(|| StoreError::Storage(format!("a corrupt point in {name}")))?;
        Ok(Point {
            id: id.clone(),
            vector,
            payload,
        })
    }

    pub fn delete_point(&self, name: &str, id: &PointId) -> StoreResult<()> {
        let _writer = self.writer.lock().expect("writer lock");
        let c = self.collection(name)?;
        let mut index = c.writer.lock().expect("index writer lock");
        if !index.contains(id) {
            return Err(StoreError::NotFound(format!(
                "point {id} is not in collection {name:?}"
            )));
        }
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut table = txn.open_table(POINTS).map_err(storage)?;
            table
                .remove(point_key(name, id).as_slice())
                .map_err(storage)?;
        }
        txn.commit().map_err(storage)?;
        let next = index
            .delete(&c.snapshot(), id)
            .expect("the id was checked under the same lock");
        c.publish(next);
        Ok(())
    }

    /// Exact top-k for each query row (row-major `queries`, `dimension` columns).
    pub fn search(
        &self,
        name: &str,
        mut queries: Vec<f64>,
        k: usize,
        filter: Option<&Map<String, Value>>,
        with_payload: bool,
    ) -> StoreResult<Vec<Vec<ScoredPoint>>> {
        let c = self.collection(name)?;
        let d = c.config.dimension;
        if !queries.len().is_multiple_of(d) || queries.is_empty() {
            return Err(StoreError::ShapeMismatch(format!(
                "collection {name:?} has dimension {d} but the query has length {}",
                queries.len()
            )));
        }
        let nq = queries.len() / d;
        if c.config.metric == Metric::Cosine {
            search::normalize_rows(&mut queries, d).map_err(|i| {
                StoreError::Invalid(if nq == 1 {
                    "the query is a zero vector; cosine similarity is undefined for it".to_string()
                } else {
                    format!("queries[{i}] is a zero vector; cosine similarity is undefined for it")
                })
            })?;
        }
        c.snapshot()
            .search(&queries, k, filter, with_payload)
            .map_err(|e| match e {
                crate::linalg::LinalgError::NotFinite(m) => StoreError::NotFinite(m),
                other => StoreError::Invalid(other.to_string()),
            })
    }

    /// Point counts per collection, for `/metrics`.
    pub fn counts(&self) -> Vec<(String, usize)> {
        self.list().into_iter().map(|i| (i.name, i.count)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn point(id: PointId, vector: Vec<f64>, payload: Value) -> Point {
        Point {
            id,
            vector,
            payload: payload.as_object().cloned(),
        }
    }

    const COSINE3: CollectionConfig = CollectionConfig {
        dimension: 3,
        metric: Metric::Cosine,
    };

    #[test]
    fn names_cannot_escape_or_trick() {
        for bad in ["", "../x", "a/b", "a b", "é", "a\0b", &"x".repeat(65)] {
            assert!(validate_name(bad).is_err(), "{bad:?}");
        }
        assert!(validate_name("docs-v2_large").is_ok());
    }

    #[test]
    fn ids_from_paths() {
        assert_eq!(PointId::from_path("42"), PointId::Int(42));
        assert_eq!(PointId::from_path("042x"), PointId::Str("042x".into()));
        assert_eq!(
            PointId::from_path("99999999999999999999999"),
            PointId::Str("99999999999999999999999".into())
        );
    }

    #[test]
    fn create_is_idempotent_and_conflicts_on_another_config() {
        let (_d, s) = open();
        assert!(s.create("a", COSINE3).unwrap().1);
        assert!(!s.create("a", COSINE3).unwrap().1);
        let other = CollectionConfig {
            dimension: 4,
            ..COSINE3
        };
        assert!(matches!(s.create("a", other), Err(StoreError::Conflict(_))));
    }

    #[test]
    fn points_survive_a_reopen_exactly_as_sent() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            s.create("c", COSINE3).unwrap();
            s.upsert(
                "c",
                vec![
                    point(PointId::Int(1), vec![0.1, 0.2, 0.3], json!({"tag": "x"})),
                    point(PointId::Str("1".into()), vec![3.0, 0.0, 0.0], Value::Null),
                ],
            )
            .unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.get("c").unwrap().count, 2);
        let p = s.get_point("c", &PointId::Int(1)).unwrap();
        assert_eq!(p.vector, vec![0.1, 0.2, 0.3]);
        assert_eq!(p.payload.unwrap()["tag"], "x");
        assert_eq!(
            s.get_point("c", &PointId::Str("1".into())).unwrap().vector,
            vec![3.0, 0.0, 0.0]
        );
    }

    #[test]
    fn a_bad_point_rejects_the_whole_batch() {
        let (_d, s) = open();
        s.create("c", COSINE3).unwrap();
        let err = s.upsert(
            "c",
            vec![
                point(PointId::Int(1), vec![1.0, 0.0, 0.0], Value::Null),
                point(PointId::Int(2), vec![1.0, 0.0], Value::Null),
            ],
        );
        assert!(matches!(err, Err(StoreError::ShapeMismatch(_))));
        assert_eq!(s.get("c").unwrap().count, 0);
        assert!(s.get_point("c", &PointId::Int(1)).is_err());
    }

    #[test]
    fn search_filters_before_top_k_and_deletes_take_effect() {
        let (_d, s) = open();
        s.create("c", COSINE3).unwrap();
        let pts = (0..20)
            .map(|i| {
                point(
                    PointId::Int(i),
                    vec![1.0, i as f64 / 10.0, 0.0],
                    json!({"even": i % 2 == 0}),
                )
            })
            .collect();
        s.upsert("c", pts).unwrap();
        let hits = s
            .search(
                "c",
                vec![1.0, 0.0, 0.0],
                3,
                json!({"even": false}).as_object(),
                true,
            )
            .unwrap();
        let ids: Vec<PointId> = hits[0].iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids, vec![PointId::Int(1), PointId::Int(3), PointId::Int(5)]);
        assert_eq!(hits[0][0].payload.as_ref().unwrap()["even"], false);
        s.delete_point("c", &PointId::Int(1)).unwrap();
        let hits = s
            .search(
                "c",
                vec![1.0, 0.0, 0.0],
                1,
                json!({"even": false}).as_object(),
                false,
            )
            .unwrap();
        assert_eq!(hits[0][0].id, PointId::Int(3));
        assert!(hits[0][0].payload.is_none());
        assert!(matches!(
            s.delete_point("c", &PointId::Int(1)),
            Err(StoreError::NotFound(_))
        ));
    }

    #[test]
    fn upserting_an_existing_id_replaces_it() {
        let (_d, s) = open();
        s.create(
            "e",
            CollectionConfig {
                dimension: 2,
                metric: Metric::Euclidean,
            },
        )
        .unwrap();
        s.upsert(
            "e",
            vec![point(PointId::Int(7), vec![1.0, 1.0], Value::Null)],
        )
        .unwrap();
        s.upsert(
            "e",
            vec![point(PointId::Int(7), vec![5.0, 5.0], json!({"v": 2}))],
        )
        .unwrap();
        assert_eq!(s.get("e").unwrap().count, 1);
        let hits = s.search("e", vec![5.0, 5.0], 1, None, true).unwrap();
        assert_eq!(hits[0][0].score, 0.0);
    }

    #[test]
    fn deleting_a_collection_removes_its_points() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            s.create("a", COSINE3).unwrap();
            s.create("ab", COSINE3).unwrap();
            s.upsert(
                "a",
                vec![point(PointId::Int(1), vec![1.0, 0.0, 0.0], Value::Null)],
            )
            .unwrap();
            s.upsert(
                "ab",
                vec![point(PointId::Int(1), vec![1.0, 0.0, 0.0], Value::Null)],
            )
            .unwrap();
            s.delete("a").unwrap();
            s.create("a", COSINE3).unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.get("a").unwrap().count, 0);
        assert_eq!(s.get("ab").unwrap().count, 1);
    }

    #[test]
    fn writes_do_not_wait_for_searches_in_flight() {
        let (_d, s) = open();
        s.create("c", COSINE3).unwrap();
        let a = point(PointId::Int(1), vec![1.0, 0.0, 0.0], Value::Null);
        s.upsert("c", vec![a]).unwrap();
        // what a search holds while it scans: with a lock held for the scan, these writes
        // would wait for it (here: forever)
        let in_flight = s.collection("c").unwrap().snapshot();
        let b = point(PointId::Int(2), vec![0.0, 1.0, 0.0], Value::Null);
        s.upsert("c", vec![b]).unwrap();
        s.delete_point("c", &PointId::Int(1)).unwrap();
        assert_eq!(in_flight.count(), 1);
        let hits = s.search("c", vec![1.0, 0.0, 0.0], 5, None, false).unwrap();
        assert_eq!(hits[0].len(), 1);
        assert_eq!(hits[0][0].id, PointId::Int(2));
    }

    #[test]
    fn ties_keep_insertion_order_across_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let ids = [
            PointId::Int(5),
            PointId::Str("b".into()),
            PointId::Int(3),
            PointId::Str("a".into()),
        ];
        {
            let s = Store::open(dir.path()).unwrap();
            s.create("c", COSINE3).unwrap();
            for id in &ids {
                let p = point(id.clone(), vec![2.0, 2.0, 0.0], Value::Null);
                s.upsert("c", vec![p]).unwrap();
            }
            // an upsert of an existing id keeps its place
            s.upsert(
                "c",
                vec![point(ids[0].clone(), vec![1.0, 1.0, 0.0], Value::Null)],
            )
            .unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        let hits = s.search("c", vec![1.0, 1.0, 0.0], 4, None, false).unwrap();
        let order: Vec<PointId> = hits[0].iter().map(|h| h.id.clone()).collect();
        assert_eq!(order, ids);
        // a new point after the reopen comes after all of them
        s.upsert(
            "c",
            vec![point(PointId::Int(0), vec![4.0, 4.0, 0.0], Value::Null)],
        )
        .unwrap();
        let hits = s.search("c", vec![1.0, 1.0, 0.0], 5, None, false).unwrap();
        assert_eq!(hits[0][4].id, PointId::Int(0));
    }

    #[test]
    fn points_stored_before_sequence_numbers_still_load() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            s.create("c", COSINE3).unwrap();
            s.upsert(
                "c",
                vec![point(PointId::Int(9), vec![1.0, 0.0, 0.0], Value::Null)],
            )
            .unwrap();
            // the earlier format: u32 dimension, the vector, the payload; no sequence number
            let old = |v: [f64; 3]| -> Vec<u8> {
                let mut out = 3u32.to_le_bytes().to_vec();
                v.iter()
                    .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
                out.extend_from_slice(br#"{"old":true}"#);
                out
            };
            let txn = s.db.begin_write().unwrap();
            {
                let mut table = txn.open_table(POINTS).unwrap();
                for (id, v) in [(1, [1.0, 0.0, 0.0]), (2, [0.0, 1.0, 0.0])] {
                    let key = point_key("c", &PointId::Int(id));
                    table.insert(key.as_slice(), old(v).as_slice()).unwrap();
                }
            }
            txn.commit().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.get("c").unwrap().count, 3);
        let hits = s.search("c", vec![1.0, 0.0, 0.0], 3, None, true).unwrap();
        let ids: Vec<PointId> = hits[0].iter().map(|h| h.id.clone()).collect();
        // the tie between 9 and 1: 9 has a sequence number, 1 comes after
        assert_eq!(ids, [9, 1, 2].map(PointId::Int));
        assert_eq!(hits[0][1].payload.as_ref().unwrap()["old"], true);
    }

    #[test]
    fn json_equality_compares_numbers_by_value() {
        assert!(json_equal(&json!(1), &json!(1.0)));
        assert!(!json_equal(&json!(1), &json!("1")));
        assert!(json_equal(&json!({"a": [1, 2]}), &json!({"a": [1.0, 2]})));
    }
}
