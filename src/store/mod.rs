//! Stored embedding collections: durable in redb, searched from memory.
//!
//! **Durability.** Every collection's configuration and every point (the id, the vector exactly
//! as sent in f64, the payload) live in one redb database in `--data-dir`. An upsert batch or a
//! delete is one write transaction committed with `Durability::Immediate` (fsync) *before* the
//! request is acknowledged, so an acknowledged write survives a crash and a batch is all or
//! nothing. Collection names never become paths: they are keys inside the one database file, and
//! are limited to ASCII letters, digits, `-` and `_` anyway.
//!
//! **Search.** At start-up each collection is loaded into an in-memory [`Index`]: a contiguous
//! row-major f64 matrix (unit rows for cosine, so similarity is a dot product), the ids and
//! payloads by row, and a map from id to row. f64 keeps scores equal to a float64 reference;
//! memory is 8 bytes per dimension per point. Search runs the same kernel as `/cosine-search`
//! under a read lock. Writes are serialized by one writer lock: commit to disk first, then apply
//! to the index under a write lock held only for the O(batch) update, so searches are blocked
//! for no longer than that swap.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde_json::{Map, Value};

use crate::linalg::search::{self, Metric};

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

/// A collection's searchable, in-memory form.
#[derive(Debug, Default)]
struct Index {
    dimension: usize,
    /// Row-major, unit rows when the metric is cosine.
    vectors: Vec<f64>,
    ids: Vec<PointId>,
    payloads: Vec<Option<Map<String, Value>>>,
    rows: HashMap<PointId, usize>,
}

impl Index {
    fn upsert(&mut self, id: PointId, vector: &[f64], payload: Option<Map<String, Value>>) {
        let d = self.dimension;
        match self.rows.get(&id) {
            Some(&row) => {
                self.vectors[row * d..(row + 1) * d].copy_from_slice(vector);
                self.payloads[row] = payload;
            }
            None => {
                self.rows.insert(id.clone(), self.ids.len());
                self.vectors.extend_from_slice(vector);
                self.ids.push(id);
                self.payloads.push(payload);
            }
        }
    }

    /// Removes a row by moving the last row into its place.
    fn remove(&mut self, id: &PointId) -> bool {
        let Some(row) = self.rows.remove(id) else {
            return false;
        };
        let d = self.dimension;
        let last = self.ids.len() - 1;
        if row != last {
            self.vectors.copy_within(last * d..(last + 1) * d, row * d);
            self.ids.swap(row, last);
            self.payloads.swap(row, last);
            self.rows.insert(self.ids[row].clone(), row);
        }
        self.vectors.truncate(last * d);
        self.ids.pop();
        self.payloads.pop();
        true
    }
}

pub struct Collection {
    config: CollectionConfig,
    index: RwLock<Index>,
}

impl Collection {
    fn count(&self) -> usize {
        self.index.read().expect("index lock").ids.len()
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

fn encode_point(vector: &[f64], payload: &Option<Map<String, Value>>) -> Vec<u8> {
    let payload = payload
        .as_ref()
        .map(|p| serde_json::to_vec(p).expect("a JSON map serializes"))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(4 + vector.len() * 8 + payload.len());
    out.extend_from_slice(&(vector.len() as u32).to_le_bytes());
    for x in vector {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.extend_from_slice(&payload);
    out
}

fn decode_point(bytes: &[u8]) -> Option<(Vec<f64>, Option<Payload>)> {
    let dim = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let end = 4 + dim * 8;
    let vector = bytes
        .get(4..end)?
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    let rest = &bytes[end..];
    let payload = if rest.is_empty() {
        None
    } else {
        Some(serde_json::from_slice(rest).ok()?)
    };
    Some((vector, payload))
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

fn matches_filter(payload: &Option<Map<String, Value>>, filter: &Map<String, Value>) -> bool {
    filter.iter().all(|(field, want)| {
        payload
            .as_ref()
            .and_then(|p| p.get(field))
            .is_some_and(|have| json_equal(have, want))
    })
}

/// Scales `v` to unit length for a cosine collection; `None` for a zero vector.
fn unit(v: &[f64]) -> Option<Vec<f64>> {
    let mut out = v.to_vec();
    search::normalize_rows(&mut out, v.len()).ok().map(|_| out)
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
                let mut index = Index {
                    dimension: config.dimension,
                    ..Index::default()
                };
                let (lo, hi) = collection_range(&name);
                for entry in points
                    .range(lo.as_slice()..hi.as_slice())
                    .map_err(storage)?
                {
                    let (key, value) = entry.map_err(storage)?;
                    let id = PointId::decode(&key.value()[name.len() + 1..]).ok_or_else(|| {
                        StoreError::Storage(format!("a corrupt point key in {name}"))
                    })?;
                    let (vector, payload) = decode_point(value.value())
                        .ok_or_else(|| StoreError::Storage(format!("a corrupt point in {name}")))?;
                    let stored = match config.metric {
                        Metric::Cosine => unit(&vector).unwrap_or(vector),
                        _ => vector,
                    };
                    index.upsert(id, &stored, payload);
                }
                collections.insert(
                    name,
                    Arc::new(Collection {
                        config,
                        index: RwLock::new(index),
                    }),
                );
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
        let collection = Arc::new(Collection {
            config,
            index: RwLock::new(Index {
                dimension: config.dimension,
                ..Index::default()
            }),
        });
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

    /// Validates and durably stores a batch (all or nothing), then updates the index.
    pub fn upsert(&self, name: &str, points: Vec<Point>) -> StoreResult<usize> {
        let _writer = self.writer.lock().expect("writer lock");
        let c = self.collection(name)?;
        let d = c.config.dimension;
        let mut prepared = Vec::with_capacity(points.len());
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
            let stored = match c.config.metric {
                Metric::Cosine => unit(&p.vector).ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "points[{i}].vector is a zero vector; cosine similarity is undefined for it"
                    ))
                })?,
                _ => p.vector.clone(),
            };
            prepared.push(stored);
        }
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut table = txn.open_table(POINTS).map_err(storage)?;
            for p in &points {
                let key = point_key(name, &p.id);
                let value = encode_point(&p.vector, &p.payload);
                table
                    .insert(key.as_slice(), value.as_slice())
                    .map_err(storage)?;
            }
        }
        txn.commit().map_err(storage)?;
        let count = points.len();
        let mut index = c.index.write().expect("index lock");
        for (p, stored) in points.into_iter().zip(prepared) {
            index.upsert(p.id, &stored, p.payload);
        }
        Ok(count)
    }

    /// A point exactly as it was sent.
    pub fn get_point(&self, name: &str, id: &PointId) -> StoreResult<Point> {
        self.collection(name)?;
        let txn = self.db.begin_read().map_err(storage)?;
        let table = txn.open_table(POINTS).map_err(storage)?;
        let value = table
            .get(point_key(name, id).as_slice())
            .map_err(storage)?
            .ok_or_else(|| {
                StoreError::NotFound(format!("point {id} is not in collection {name:?}"))
            })?;
        let (vector, payload) = decode_point(value.value())
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
        if !c.index.read().expect("index lock").rows.contains_key(id) {
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
        c.index.write().expect("index lock").remove(id);
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
        let index = c.index.read().expect("index lock");
        let n = index.ids.len();
        if n == 0 {
            return Ok(vec![Vec::new(); nq]);
        }
        let allowed: Option<Vec<bool>> = filter.filter(|f| !f.is_empty()).map(|f| {
            index
                .payloads
                .iter()
                .map(|p| matches_filter(p, f))
                .collect()
        });
        let emb = faer::MatRef::from_row_major_slice(&index.vectors, n, d);
        let qs = faer::MatRef::from_row_major_slice(&queries, nq, d);
        let hits = search::search(emb, qs, k, c.config.metric, allowed.as_deref())
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok(hits
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(|h| ScoredPoint {
                        id: index.ids[h.index].clone(),
                        score: h.score,
                        payload: if with_payload {
                            index.payloads[h.index].clone()
                        } else {
                            None
                        },
                    })
                    .collect()
            })
            .collect())
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
    fn json_equality_compares_numbers_by_value() {
        assert!(json_equal(&json!(1), &json!(1.0)));
        assert!(!json_equal(&json!(1), &json!("1")));
        assert!(json_equal(&json!({"a": [1, 2]}), &json!({"a": [1.0, 2]})));
    }
}
