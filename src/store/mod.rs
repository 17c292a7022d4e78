//! Stored embedding collections: durable in redb or PostgreSQL, searched from memory.
//!
//! **Two durable stores, one index.** By default collections live in one redb file in
//! `--data-dir` ([`redb_file`]); with `--database-url` they live in PostgreSQL ([`postgres`]),
//! shared by every server given the same URL. Either way each server keeps every collection in
//! the same in-memory index (see [`index`]) and answers searches from it, so scores and order do
//! not depend on the store. Nothing above this module knows which store runs.
//!
//! **Writes.** A write is acknowledged only after the durable store committed it (redb: fsync;
//! PostgreSQL: its commit). It then reaches the index as a [`Change`]: with redb the write
//! itself; with PostgreSQL every change the database numbered up to and including it, in that
//! order, so that this server's own writes are visible to its searches at once and every server
//! applies the same changes in the same order. Writes are serialized by one lock per process
//! (`writes`): commit first, then build the next snapshot and publish it with one pointer swap,
//! so a write blocks searches for no longer than that swap.
//!
//! **Other servers' writes** (PostgreSQL only) are read by a follower thread, woken by a
//! LISTEN/NOTIFY notification when another server commits and in any case every
//! [`postgres::POLL_INTERVAL`]; while the database is unreachable, or
//! while the collections are still loading, collection requests answer 503 with `Retry-After`
//! ([`StoreError::Unavailable`]) and compute endpoints are untouched.
//!
//! **Panics.** A panic while a lock is held (a bug) must not take a collection down for the rest
//! of the process's life. The locks that only guard a pointer or a map entry are taken back as
//! they are; the per-collection index writer, whose id map a panic could leave half-updated, is
//! rebuilt from the durable store (the source of truth) the next time it is taken.
//!
//! The files: [`model`] (ids, points, limits, errors), [`codec`] (bytes in redb), [`filter`]
//! (payload filters), [`index`] (the in-memory search structure), [`redb_file`] and
//! [`postgres`] (the durable stores).

mod change;
pub mod codec;
pub mod filter;
mod index;
mod locks;
pub mod model;
pub mod postgres;
mod redb_file;
#[cfg(test)]
mod restarts;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, Weak};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::linalg::search::{self, Metric};
use change::{Change, Loaded};
use index::{IndexWriter, Originals, Row, Snapshot, checkpoint};
use locks::{lock, read, write};
pub use model::{
    CollectionConfig, CollectionInfo, MAX_DIMENSION, Point, PointId, ScoredPoint, StoreError,
    StoreResult,
};
use model::{conflict_unless_same, validate_id, validate_name, validate_payload, zero_norm};
use postgres::Database;
use redb_file::RedbFile;

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

pub struct Collection {
    config: CollectionConfig,
    incarnation: u64,
    /// What searches read: replaced, never changed in place.
    snapshot: RwLock<Arc<Snapshot>>,
    /// Where each id lives; only touched while the store's `writes` lock is held.
    writer: Mutex<IndexWriter>,
    /// A committed write could not be applied to the index (its originals file failed): the
    /// index is rebuilt from the durable store before the next write.
    stale: AtomicBool,
    /// redb: the stamp of the last write the index has (see [`redb_file`]); 0 with PostgreSQL.
    stamp: AtomicU64,
    /// redb: the stamp of the checkpoint on disk (0: none).
    saved: AtomicU64,
}

impl Collection {
    fn new(
        config: CollectionConfig,
        incarnation: u64,
        (writer, snapshot): (IndexWriter, Snapshot),
    ) -> Collection {
        Collection {
            config,
            incarnation,
            snapshot: RwLock::new(Arc::new(snapshot)),
            writer: Mutex::new(writer),
            stale: AtomicBool::new(false),
            stamp: AtomicU64::new(0),
            saved: AtomicU64::new(0),
        }
    }

    fn from_loaded(loaded: Loaded) -> Collection {
        Collection::new(loaded.config, loaded.incarnation, loaded.index)
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

/// Where the collections are kept durably.
enum Durable {
    Redb(RedbFile),
    /// Boxed: its pool and runtime make it ~20 times the size of the redb handle.
    Postgres(Box<Database>),
}

pub struct Store {
    collections: RwLock<HashMap<String, Arc<Collection>>>,
    /// Serializes writes (and, with PostgreSQL, the follower's catch-ups) so the durable store
    /// and the index apply them in the same order.
    writes: Mutex<()>,
    durable: Durable,
    /// Where the collections' originals files go (see [`index::Originals`]).
    files: Files,
    /// Serializes checkpoints (the quiet-time thread and the one at shutdown).
    checkpoints: Mutex<()>,
}

/// Where the collections' originals files go.
enum Files {
    /// redb: named files in `<data-dir>/index`, with the collections' checkpoints.
    Checkpointed(PathBuf),
    /// PostgreSQL: files unlinked at creation in the system's temporary directory (every start
    /// loads from the database).
    Unlinked(PathBuf),
}

/// How long a collection must go without writes before the checkpoint thread saves it.
const CHECKPOINT_QUIET: Duration = Duration::from_secs(5);

impl Store {
    /// Opens (or creates) the redb database in `dir` and loads every collection into memory:
    /// from its checkpoint when there is one it can trust, else from the database (see
    /// [`index::checkpoint`]).
    pub fn open(dir: &Path) -> StoreResult<Store> {
        let started = std::time::Instant::now();
        let file = RedbFile::open(dir)?;
        let index_dir = dir.join("index");
        std::fs::create_dir_all(&index_dir).map_err(model::storage)?;
        let mut collections = HashMap::new();
        let mut keep = Vec::new();
        for (name, config, stamp) in file.collections()? {
            let (metric, d) = (config.metric, config.dimension);
            let (index, saved) = match checkpoint::load(&index_dir, &name, metric, d, stamp) {
                Ok(index) => {
                    keep.push(checkpoint::file_name(&name));
                    (index, stamp)
                }
                Err(why) => {
                    tracing::info!(collection = name, "reading from the database: {why}");
                    let originals =
                        checkpoint::new_originals(&index_dir, &name, d).map_err(model::storage)?;
                    (file.load_one(&name, config, originals)?.index, 0)
                }
            };
            keep.extend(index.0.originals_name());
            let collection = Collection::new(config, 0, index);
            collection.stamp.store(stamp, Ordering::Release);
            collection.saved.store(saved, Ordering::Release);
            collections.insert(name, Arc::new(collection));
        }
        checkpoint::remove_all_but(&index_dir, &keep).map_err(model::storage)?;
        tracing::debug!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "redb store opened"
        );
        return_freed_memory();
        Ok(Store {
            collections: RwLock::new(collections),
            writes: Mutex::new(()),
            durable: Durable::Redb(file),
            files: Files::Checkpointed(index_dir),
            checkpoints: Mutex::new(()),
        })
    }

    /// Saves, on a thread of its own, a checkpoint of every collection that has gone
    /// [`CHECKPOINT_QUIET`] without writes since its last one (redb only; a no-op with
    /// PostgreSQL). Ends when the store is dropped.
    pub fn start_checkpoints(self: &Arc<Store>) -> StoreResult<()> {
        if !matches!(self.files, Files::Checkpointed(_)) {
            return Ok(());
        }
        let store = Arc::downgrade(self);
        std::thread::Builder::new()
            .name("checkpoints".into())
            .spawn(move || {
                // each collection's stamp at the previous look: unchanged means quiet
                let mut seen: HashMap<String, u64> = HashMap::new();
                loop {
                    std::thread::sleep(CHECKPOINT_QUIET);
                    let Some(store) = store.upgrade() else {
                        return;
                    };
                    let quiet = |name: &str, stamp: u64| seen.insert(name.into(), stamp) == Some(stamp);
                    if let Err(e) = store.checkpoint_where(quiet) {
                        tracing::warn!(error = %e, "a checkpoint failed; the next start reads the database");
                    }
                }
            })
            .map_err(model::storage)?;
        Ok(())
    }

    /// Saves a checkpoint of every collection written since its last one (redb; at shutdown,
    /// so the next start reads the checkpoints). Returns how many it saved.
    pub fn checkpoint(&self) -> StoreResult<usize> {
        self.checkpoint_where(|_, _| true)
    }

    /// Saves a checkpoint of each collection written since its last one for which `ready(name,
    /// stamp)` says so.
    fn checkpoint_where(&self, mut ready: impl FnMut(&str, u64) -> bool) -> StoreResult<usize> {
        let Files::Checkpointed(dir) = &self.files else {
            return Ok(0);
        };
        let _one_at_a_time = lock(&self.checkpoints);
        // each snapshot with the stamp it is at, taken between writes
        let due: Vec<(String, Arc<Collection>, Arc<Snapshot>, u64)> = {
            let _writes = lock(&self.writes);
            read(&self.collections)
                .iter()
                .filter_map(|(name, c)| {
                    let stamp = c.stamp.load(Ordering::Acquire);
                    // a collection whose index missed a write waits for its rebuild
                    let due = stamp != c.saved.load(Ordering::Acquire)
                        && !c.stale.load(Ordering::Acquire)
                        && ready(name, stamp);
                    due.then(|| (name.clone(), Arc::clone(c), c.snapshot(), stamp))
                })
                .collect()
        };
        for (name, c, snapshot, stamp) in &due {
            let started = std::time::Instant::now();
            if snapshot.count() == 0 {
                checkpoint::remove(dir, name);
            } else {
                checkpoint::save(dir, name, *stamp, snapshot).map_err(model::storage)?;
            }
            c.saved.store(*stamp, Ordering::Release);
            tracing::debug!(
                collection = name,
                points = snapshot.count(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "checkpoint saved"
            );
        }
        Ok(due.len())
    }

    /// A new, empty originals file for collection `name`.
    fn new_originals(&self, name: &str, dimension: usize) -> StoreResult<Originals> {
        match &self.files {
            Files::Checkpointed(dir) => checkpoint::new_originals(dir, name, dimension),
            Files::Unlinked(dir) => Originals::temporary(dir, dimension),
        }
        .map_err(model::storage)
    }

    /// A store in the PostgreSQL database at `url`. Returns at once: a follower thread
    /// connects, applies the migrations, loads every collection and then follows the other
    /// servers' writes; until it has loaded, collection requests answer 503. Fails only on a
    /// URL that cannot be parsed.
    pub fn connect(url: &str) -> StoreResult<Arc<Store>> {
        let database = Database::new(url)?;
        let woken = database.listen();
        let store = Arc::new(Store {
            collections: RwLock::new(HashMap::new()),
            writes: Mutex::new(()),
            durable: Durable::Postgres(Box::new(database)),
            files: Files::Unlinked(std::env::temp_dir()),
            checkpoints: Mutex::new(()),
        });
        let follower = Arc::downgrade(&store);
        std::thread::Builder::new()
            .name("postgres-follower".into())
            .spawn(move || follow(follower, woken))
            .map_err(model::storage)?;
        Ok(store)
    }

    /// Which durable store runs (`redb` or `postgres`) and whether collection requests are
    /// served now (`None`) or why not.
    pub fn status(&self) -> (&'static str, Option<String>) {
        match &self.durable {
            Durable::Redb(_) => ("redb", None),
            Durable::Postgres(db) => ("postgres", db.check_ready().err().map(|e| e.to_string())),
        }
    }

    fn check_ready(&self) -> StoreResult<()> {
        match &self.durable {
            Durable::Redb(_) => Ok(()),
            Durable::Postgres(db) => db.check_ready(),
        }
    }

    fn collection(&self, name: &str) -> StoreResult<Arc<Collection>> {
        read(&self.collections)
            .get(name)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("collection {name:?} does not exist")))
    }

    /// The collection for a write (the `writes` lock held). With PostgreSQL, a collection this
    /// server has not seen yet may have been created through another one in the last moment:
    /// catch up once before answering 404.
    fn collection_for_write(&self, name: &str) -> StoreResult<Arc<Collection>> {
        match (&self.durable, self.collection(name)) {
            (Durable::Postgres(db), Err(StoreError::NotFound(_))) => {
                self.catch_up(db)?;
                self.collection(name)
            }
            (_, found) => found,
        }
    }

    /// The collection's index writer. If a panic poisoned it, or a write could not be applied
    /// to it, the writer may be out of step with the durable store: it and the published
    /// snapshot are rebuilt from there first.
    fn index_writer<'c>(
        &self,
        name: &str,
        c: &'c Collection,
    ) -> StoreResult<MutexGuard<'c, IndexWriter>> {
        let (mut guard, why) = match c.writer.lock() {
            Ok(guard) if !c.stale.load(Ordering::Acquire) => return Ok(guard),
            Ok(guard) => (guard, "a write it could not apply"),
            Err(poisoned) => (poisoned.into_inner(), "a panic"),
        };
        tracing::warn!(collection = name, "rebuilding an index after {why}");
        let originals = self.new_originals(name, c.config.dimension)?;
        let loaded = match &self.durable {
            Durable::Redb(file) => file.load_one(name, c.config, originals)?,
            Durable::Postgres(db) => db.load_one(name, c.config, c.incarnation, originals)?,
        };
        let (writer, snapshot) = loaded.index;
        guard.retire();
        *guard = writer;
        c.publish(snapshot);
        c.writer.clear_poison();
        c.stale.store(false, Ordering::Release);
        Ok(guard)
    }

    /// A new snapshot from `next`, or, when the index could not take a committed write, the
    /// collection marked for a rebuild and the error.
    fn publish_or_mark(c: &Collection, next: std::io::Result<Option<Snapshot>>) -> StoreResult<()> {
        match next {
            Ok(Some(next)) => c.publish(next),
            Ok(None) => {}
            Err(e) => {
                c.stale.store(true, Ordering::Release);
                return Err(StoreError::Storage(format!(
                    "the write was committed, but the search index could not take it ({e}); \
                     it is rebuilt from the store before the next write"
                )));
            }
        }
        Ok(())
    }

    /// Applies one committed change to the index (the `writes` lock held).
    fn apply(&self, change: Change) -> StoreResult<()> {
        match change {
            Change::Create {
                name,
                config,
                incarnation,
            } => {
                let originals = self.new_originals(&name, config.dimension)?;
                let index =
                    IndexWriter::empty(config.metric, config.dimension, Arc::new(originals));
                let collection = Arc::new(Collection::new(config, incarnation, index));
                write(&self.collections).insert(name, collection);
            }
            Change::Drop { name } => {
                let removed = write(&self.collections).remove(&name);
                if let Some(c) = removed {
                    let writer = c.writer.lock().unwrap_or_else(|p| p.into_inner());
                    writer.retire();
                }
                if let Files::Checkpointed(dir) = &self.files {
                    checkpoint::remove(dir, &name);
                }
            }
            Change::Upsert { name, rows } => {
                let c = self.collection(&name)?;
                if rows.iter().any(|r| r.vector.len() != c.config.dimension) {
                    return Err(StoreError::Storage(format!(
                        "a stored vector of {name:?} is not {} long",
                        c.config.dimension
                    )));
                }
                let mut index = self.index_writer(&name, &c)?;
                let next = index.upsert(&c.snapshot(), rows).map(Some);
                Store::publish_or_mark(&c, next)?;
            }
            Change::Delete { name, ids } => {
                let c = self.collection(&name)?;
                let mut index = self.index_writer(&name, &c)?;
                let next = index.delete_many(&c.snapshot(), &ids);
                Store::publish_or_mark(&c, next)?;
            }
        }
        Ok(())
    }

    /// Reads every change the database has after this server's cursor and applies them in
    /// order (the `writes` lock held); a full reload when the database is behind the cursor
    /// (restored from a backup) or when nothing is loaded yet.
    fn catch_up(&self, db: &Database) -> StoreResult<()> {
        match db.changes_since_cursor()? {
            postgres::Catch::Changes { changes, upto } if changes.is_empty() => {
                db.advance_cursor(upto);
                return Ok(());
            }
            postgres::Catch::Changes { changes, upto } => {
                for change in changes {
                    if let Err(e) = self.apply(change) {
                        // a change this index cannot place (points of a collection it never
                        // saw created): out of step with the database, so start again from it
                        tracing::error!(error = %e, "reloading the collections from the database");
                        return self.reload(db);
                    }
                }
                db.advance_cursor(upto);
            }
            postgres::Catch::Reload => self.reload(db)?,
        }
        return_freed_memory();
        Ok(())
    }

    /// Replaces every collection in memory with the database's (the `writes` lock held).
    fn reload(&self, db: &Database) -> StoreResult<()> {
        let Files::Unlinked(dir) = &self.files else {
            unreachable!("a PostgreSQL store's files are unlinked");
        };
        let (loaded, cursor) = db.load_all(dir)?;
        let collections = loaded
            .into_iter()
            .map(|loaded| {
                (
                    loaded.name.clone(),
                    Arc::new(Collection::from_loaded(loaded)),
                )
            })
            .collect();
        *write(&self.collections) = collections;
        db.advance_cursor(cursor);
        Ok(())
    }

    /// After this server committed `change` (numbered `number` by the database): applies it
    /// directly when it is the next change after the cursor, else catches up, which reads it
    /// back with whatever other servers committed in between.
    fn after_commit(&self, db: &Database, number: u64, change: Change) -> StoreResult<()> {
        if db.cursor() + 1 == number {
            self.apply(change)?;
            db.advance_cursor(number);
            Ok(())
        } else {
            self.catch_up(db).map_err(|e| match e {
                StoreError::Unavailable(why) => StoreError::Unavailable(format!(
                    "the write was committed, but reading it back failed: {why}"
                )),
                other => other,
            })
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
        self.check_ready()?;
        let _writes = lock(&self.writes);
        let created = match &self.durable {
            Durable::Redb(file) => {
                if let Ok(existing) = self.collection(name) {
                    conflict_unless_same(name, existing.config, config)?;
                    false
                } else {
                    let stamp = file.create(name, &config)?;
                    self.apply(Change::Create {
                        name: name.to_string(),
                        config,
                        incarnation: 0,
                    })?;
                    self.collection(name)?.stamp.store(stamp, Ordering::Release);
                    true
                }
            }
            Durable::Postgres(db) => match db.create(name, config)? {
                Some(number) => {
                    let change = Change::Create {
                        name: name.to_string(),
                        config,
                        incarnation: number,
                    };
                    self.after_commit(db, number, change)?;
                    true
                }
                None => {
                    // it exists in the database with this configuration; this server may not
                    // have seen it yet
                    self.collection_for_write(name)?;
                    false
                }
            },
        };
        let c = self.collection(name)?;
        Ok((info(name, &c), created))
    }

    pub fn get(&self, name: &str) -> StoreResult<CollectionInfo> {
        self.check_ready()?;
        let c = self.collection(name)?;
        Ok(info(name, &c))
    }

    /// Every collection, sorted by name.
    pub fn list(&self) -> StoreResult<Vec<CollectionInfo>> {
        self.check_ready()?;
        Ok(self.infos())
    }

    fn infos(&self) -> Vec<CollectionInfo> {
        let map = read(&self.collections);
        let mut all: Vec<CollectionInfo> = map.iter().map(|(n, c)| info(n, c)).collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }

    pub fn delete(&self, name: &str) -> StoreResult<()> {
        self.check_ready()?;
        let _writes = lock(&self.writes);
        match &self.durable {
            Durable::Redb(file) => {
                self.collection(name)?;
                file.drop_collection(name)?;
                self.apply(Change::Drop {
                    name: name.to_string(),
                })
            }
            Durable::Postgres(db) => {
                let number = db.drop_collection(name)?;
                let change = Change::Drop {
                    name: name.to_string(),
                };
                self.after_commit(db, number, change)
            }
        }
    }

    /// Validates and durably stores a batch (all or nothing), then publishes it to searches.
    pub fn upsert(&self, name: &str, points: Vec<Point>) -> StoreResult<usize> {
        self.check_ready()?;
        let _writes = lock(&self.writes);
        let count = points.len();
        match &self.durable {
            Durable::Redb(file) => {
                let c = self.collection(name)?;
                validate_points(name, c.config, &points)?;
                let mut index = self.index_writer(name, &c)?;
                let seqs = index.sequence_numbers(points.iter().map(|p| &p.id));
                let stamp = file.put_points(name, &points, &seqs)?;
                c.stamp.store(stamp, Ordering::Release);
                let next = index.upsert(&c.snapshot(), rows(points, seqs)).map(Some);
                Store::publish_or_mark(&c, next)?;
            }
            Durable::Postgres(db) => {
                let mut c = self.collection_for_write(name)?;
                let (number, seqs) = loop {
                    validate_points(name, c.config, &points)?;
                    match db.upsert(name, c.incarnation, &points)? {
                        Some(written) => break written,
                        // dropped and created again through another server: check the batch
                        // against the new configuration
                        None => {
                            self.catch_up(db)?;
                            c = self.collection(name)?;
                        }
                    }
                };
                let change = Change::Upsert {
                    name: name.to_string(),
                    rows: rows(points, seqs),
                };
                self.after_commit(db, number, change)?;
            }
        }
        return_freed_memory();
        Ok(count)
    }

    /// A point exactly as it was sent.
    pub fn get_point(&self, name: &str, id: &PointId) -> StoreResult<Point> {
        self.check_ready()?;
        let c = self.collection(name)?;
        let found = match &self.durable {
            Durable::Redb(file) => file.get_point(name, c.config.dimension, id)?,
            Durable::Postgres(db) => db.get_point(name, c.config.dimension, id)?,
        };
        found.ok_or_else(|| {
            StoreError::NotFound(format!("point {id} is not in collection {name:?}"))
        })
    }

    pub fn delete_point(&self, name: &str, id: &PointId) -> StoreResult<()> {
        self.check_ready()?;
        let _writes = lock(&self.writes);
        let missing = || StoreError::NotFound(format!("point {id} is not in collection {name:?}"));
        let change = Change::Delete {
            name: name.to_string(),
            ids: vec![id.clone()],
        };
        match &self.durable {
            Durable::Redb(file) => {
                let c = self.collection(name)?;
                if !self.index_writer(name, &c)?.contains(id) {
                    return Err(missing());
                }
                let stamp = file.remove_point(name, id)?;
                c.stamp.store(stamp, Ordering::Release);
                self.apply(change)
            }
            Durable::Postgres(db) => {
                self.collection_for_write(name)?;
                let number = db.delete_point(name, id)?.ok_or_else(missing)?;
                self.after_commit(db, number, change)
            }
        }
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
        self.check_ready()?;
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
        c.snapshot().search(&queries, k, filter, with_payload)
    }

    /// Point counts per collection held in memory, for `/metrics`.
    pub fn counts(&self) -> Vec<(String, usize)> {
        self.infos()
            .into_iter()
            .map(|i| (i.name, i.count))
            .collect()
    }
}

fn info(name: &str, c: &Collection) -> CollectionInfo {
    CollectionInfo {
        name: name.to_string(),
        config: c.config,
        count: c.count(),
    }
}

/// The follower thread (PostgreSQL): loads every collection, then applies other servers'
/// changes as soon as a notification says there are some, and every
/// [`postgres::POLL_INTERVAL`] in any case (a notification can be lost with its connection);
/// records whether the database answers. Ends when the store is dropped.
fn follow(store: Weak<Store>, woken: Receiver<()>) {
    loop {
        let Some(store) = store.upgrade() else {
            return;
        };
        let Durable::Postgres(db) = &store.durable else {
            return;
        };
        let outcome = {
            let _writes = lock(&store.writes);
            store.catch_up(db)
        };
        db.record(&outcome, read(&store.collections).len());
        let pause = match outcome {
            Ok(()) => postgres::POLL_INTERVAL,
            Err(_) => postgres::RETRY_INTERVAL,
        };
        drop(store);
        let _ = woken.recv_timeout(pause);
        while woken.try_recv().is_ok() {}
    }
}

/// Checks a batch against the collection's configuration before anything is written.
fn validate_points(name: &str, config: CollectionConfig, points: &[Point]) -> StoreResult<()> {
    let d = config.dimension;
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
        if config.metric == Metric::Cosine && zero_norm(&p.vector) {
            return Err(StoreError::Invalid(format!(
                "points[{i}].vector is a zero vector; cosine similarity is undefined for it"
            )));
        }
    }
    Ok(())
}

/// A written batch as index rows.
fn rows(points: Vec<Point>, seqs: Vec<u64>) -> Vec<Row> {
    points
        .into_iter()
        .zip(seqs)
        .map(|(p, seq)| Row {
            id: p.id,
            seq,
            vector: p.vector,
            payload: p.payload.map(Arc::new),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec::point_key;
    use redb_file::POINTS;
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
            let Durable::Redb(file) = &s.durable else {
                unreachable!("Store::open is redb")
            };
            let txn = file.db.begin_write().unwrap();
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
