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
//!
//! **Panics.** A panic while a lock is held (a bug) must not take a collection down for the rest
//! of the process's life. The locks that only guard a pointer or a map entry are taken back as
//! they are; the per-collection index writer, whose id map a panic could leave half-updated, is
//! rebuilt from the database (the source of truth) the next time it is taken.
//!
//! The files: [`model`] (ids, points, limits, errors), [`codec`] (bytes on disk), [`filter`]
//! (payload filters), [`index`] (the in-memory search structure).

pub mod codec;
pub mod filter;
mod index;
pub mod model;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde_json::{Map, Value};

use crate::linalg::search::{self, Metric};
use codec::{
    collection_range, decode_config, decode_point_into, encode_config, encode_point, point_key,
};
use index::{Columns, IndexWriter, Row, Snapshot};
pub use model::{
    CollectionConfig, CollectionInfo, MAX_DIMENSION, Point, PointId, ScoredPoint, StoreError,
    StoreResult,
};
use model::{storage, validate_id, validate_name, validate_payload, zero_norm};

/// redb's page cache. Its default ceiling is 1 GiB, and every page a batch writes or the start-up
/// load reads stays cached up to it: at 100k x 384 (a 400 MiB file) that was a third of the
/// process's memory (`benches/memory.sh`), for nothing, since searches read the in-memory index
/// and only `GET .../points/{id}` and writes touch the B-tree. 64 MiB holds its interior nodes
/// many times over (at 4 KiB pages a 400 MiB file has a few MiB of them).
const PAGE_CACHE_BYTES: usize = 64 * 1024 * 1024;

const COLLECTIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("collections");
/// Key: collection name, 0x00, encoded point id. Value: encoded vector and payload.
const POINTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("points");

/// Hands memory the allocator holds free back to the operating system. A write frees the
/// previous snapshot's merged segments and the request's parse buffers, megabytes at a time,
/// and glibc keeps most of it in its arenas: after uploading 100k x 384 the process held
/// ~120 MiB more than it used (`benches/memory.sh`). Trimming costs a walk over the arenas,
/// small next to a write's fsync, and nothing on the search or compute paths.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages the allocator owns; it touches no memory
    // in use and is thread-safe in glibc.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A read lock, taken back as it is if a panic poisoned it: the data behind it (a map, a
/// pointer) is replaced in single steps, never left half-changed.
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

fn lock<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
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
        Arc::clone(&read(&self.snapshot))
    }

    /// Swaps in the next snapshot; the old one is freed (if no search holds it) after the lock.
    fn publish(&self, next: Snapshot) {
        let old = std::mem::replace(&mut *write(&self.snapshot), Arc::new(next));
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

impl Store {
    /// Opens (or creates) the database in `dir` and loads every collection into memory.
    pub fn open(dir: &Path) -> StoreResult<Store> {
        std::fs::create_dir_all(dir).map_err(storage)?;
        let db = redb::Builder::new()
            .set_cache_size(PAGE_CACHE_BYTES)
            .create(dir.join("collections.redb"))
            .map_err(storage)?;
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
                let config = decode_config(config.value()).ok_or_else(|| {
                    StoreError::Storage(format!("a corrupt configuration of {name}"))
                })?;
                let (writer, snapshot) = load_index(&points, &name, config)?;
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
        read(&self.collections)
            .get(name)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("collection {name:?} does not exist")))
    }

    /// The collection's index writer. If a panic poisoned it, the writer may be out of step
    /// with the disk: it and the published snapshot are rebuilt from the database first.
    fn index_writer<'c>(
        &self,
        name: &str,
        c: &'c Collection,
    ) -> StoreResult<MutexGuard<'c, IndexWriter>> {
        match c.writer.lock() {
            Ok(guard) => Ok(guard),
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                tracing::warn!(collection = name, "rebuilding an index after a panic");
                let txn = self.db.begin_read().map_err(storage)?;
                let points = txn.open_table(POINTS).map_err(storage)?;
                let (writer, snapshot) = load_index(&points, name, c.config)?;
                *guard = writer;
                c.publish(snapshot);
                c.writer.clear_poison();
                Ok(guard)
            }
        }
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
        let _writer = lock(&self.writer);
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
            table
                .insert(name, encode_config(&config).as_slice())
                .map_err(storage)?;
        }
        txn.commit().map_err(storage)?;
        let (writer, snapshot) = IndexWriter::empty(config.metric, config.dimension);
        let collection = Arc::new(Collection::new(config, writer, snapshot));
        write(&self.collections).insert(name.to_string(), Arc::clone(&collection));
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
        let map = read(&self.collections);
        let mut all: Vec<CollectionInfo> = map.iter().map(|(n, c)| self.info(n, c)).collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }

    pub fn delete(&self, name: &str) -> StoreResult<()> {
        let _writer = lock(&self.writer);
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
        write(&self.collections).remove(name);
        Ok(())
    }

    /// Validates and durably stores a batch (all or nothing), then publishes it to searches.
    pub fn upsert(&self, name: &str, points: Vec<Point>) -> StoreResult<usize> {
        let _writer = lock(&self.writer);
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
        let mut index = self.index_writer(name, &c)?;
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
        drop(index);
        return_freed_memory();
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
        let _writer = lock(&self.writer);
        let c = self.collection(name)?;
        let mut index = self.index_writer(name, &c)?;
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
        if let Some(next) = index.delete(&c.snapshot(), id) {
            c.publish(next);
        }
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
        if let Some(filter) = filter {
            filter::check_filter(filter)?;
        }
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
            .map_err(|e| match e.class() {
                crate::linalg::ErrorClass::NotFinite => StoreError::NotFinite(e.describe(&[])),
                _ => StoreError::Invalid(e.describe(&[])),
            })
    }

    /// Point counts per collection, for `/metrics`.
    pub fn counts(&self) -> Vec<(String, usize)> {
        self.list().into_iter().map(|i| (i.name, i.count)).collect()
    }
}

/// Reads one collection's points from the database into a fresh index.
fn load_index(
    points: &impl ReadableTable<&'static [u8], &'static [u8]>,
    name: &str,
    config: CollectionConfig,
) -> StoreResult<(IndexWriter, Snapshot)> {
    let (lo, hi) = collection_range(name);
    let mut columns = Columns::default();
    let mut known = Vec::new();
    for entry in points
        .range(lo.as_slice()..hi.as_slice())
        .map_err(storage)?
    {
        let (key, value) = entry.map_err(storage)?;
        let id = PointId::decode(&key.value()[name.len() + 1..])
            .ok_or_else(|| StoreError::Storage(format!("a corrupt point key in {name}")))?;
        let (seq, payload) =
            decode_point_into(value.value(), config.dimension, &mut columns.originals)
                .ok_or_else(|| StoreError::Storage(format!("a corrupt point in {name}")))?;
        columns.ids.push(id);
        columns.seqs.push(seq.unwrap_or(0));
        known.push(seq.is_some());
        columns.payloads.push(payload.map(Arc::new));
    }
    Ok(IndexWriter::load(
        config.metric,
        config.dimension,
        columns,
        &known,
    ))
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
    fn a_panic_under_the_index_writer_lock_does_not_poison_the_collection() {
        let (_d, s) = open();
        s.create("c", COSINE3).unwrap();
        s.upsert(
            "c",
            vec![point(PointId::Int(1), vec![1.0, 0.0, 0.0], Value::Null)],
        )
        .unwrap();
        // a bug panics while the writer lock is held, after touching the id map
        let c = s.collection("c").unwrap();
        let held = Arc::clone(&c);
        let panicked = std::thread::spawn(move || {
            let mut writer = held.writer.lock().unwrap();
            let _ = writer.sequence_numbers([PointId::Int(99)].iter());
            panic!("a bug under the lock");
        })
        .join();
        assert!(panicked.is_err() && c.writer.is_poisoned());
        // the collection goes on serving: writes, deletes and searches all work
        s.upsert(
            "c",
            vec![point(PointId::Int(2), vec![0.0, 1.0, 0.0], Value::Null)],
        )
        .unwrap();
        s.delete_point("c", &PointId::Int(1)).unwrap();
        assert!(!c.writer.is_poisoned());
        let hits = s.search("c", vec![0.0, 1.0, 0.0], 5, None, false).unwrap();
        let ids: Vec<PointId> = hits[0].iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids, vec![PointId::Int(2)]);
        assert_eq!(s.get("c").unwrap().count, 1);
    }
}
