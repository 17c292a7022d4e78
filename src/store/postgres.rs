//! PostgreSQL as the durable store (`--database-url`), shared by many servers.
//!
//! **Tables** (created by versioned [`MIGRATIONS`] at start-up, under an advisory lock so that
//! servers starting together do not race; every name starts with `linalg_`, so the tables can
//! share a database with others):
//! - `linalg_feed`: one row, `last`, the number of the last committed change;
//! - `linalg_collections`: name, dimension, metric, the next insertion sequence number, the
//!   change that created it, the change that last touched it, and whether it is dropped (a
//!   dropped row stays as a marker for the servers that have not seen the drop yet);
//! - `linalg_points`: collection, id (encoded as in redb), insertion sequence number, the vector
//!   exactly as sent (f64, little-endian `bytea`), the payload (`json`, kept as text) and the
//!   change that last wrote it. A deleted point keeps its row with no vector (a tombstone), so
//!   that servers catching up learn of the delete.
//!
//! **Change numbers in commit order.** Every write transaction starts by incrementing
//! `linalg_feed.last`; the row lock it takes is held until commit, so writes are serialized
//! across all servers and a change numbered n is committed before n + 1 can be taken. A
//! server's cursor is the last change its index holds; catching up reads, in one repeatable-read
//! snapshot, `last` and every collection and point row whose change is after the cursor, and
//! applies them (collections first: a point row always postdates its collection's creation).
//! Rows hold only their latest state, which is all an index needs. The same statement that
//! takes the number sends `NOTIFY linalg_changes`, delivered at commit: the other servers'
//! followers, listening on a connection of their own, catch up at once rather than at their
//! next poll.
//!
//! **Insertion order across servers.** The sequence numbers that break ties are handed out by
//! the database inside the write transaction (a new id gets the collection's next number, an id
//! already there keeps its own), so every server orders ties alike.
//!
//! **Threads.** The store's callers are synchronous (compute-pool workers, the follower
//! thread): each call runs its queries on this module's own small tokio runtime with
//! `block_on`, never on the HTTP server's runtime, and under a timeout, so a database that hangs
//! answers 503 rather than holding a worker for ever. Connections come from a deadpool pool that
//! replaces broken ones, so the store recovers on its own when the database comes back.

use std::future::Future;
use std::path::Path;
use std::str::FromStr;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolError, RecyclingMethod};
use tokio_postgres::types::ToSql;
use tokio_postgres::{AsyncMessage, IsolationLevel, NoTls, SimpleQueryMessage};

use super::change::{Change, Loaded};
use super::index::{Loader, Originals, Row};
use super::locks::{lock, read, write};
use super::model::{CollectionConfig, Point, PointId, StoreError, StoreResult, storage};
use crate::linalg::search::Metric;

/// How often the follower asks the database for other servers' changes when no notification
/// woke it first: well inside the contract's 1 second, at the cost of one tiny query per
/// interval.
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// How long the follower waits before trying an unreachable database again.
pub const RETRY_INTERVAL: Duration = Duration::from_millis(500);
/// The longest one query or transaction may take before the request gets a 503.
const QUERY_TIMEOUT: Duration = Duration::from_secs(15);
/// The longest a full load may take (1M x 384 is ~3 GB of vectors).
const LOAD_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// Rows fetched per round trip while loading or catching up.
const FETCH_ROWS: i32 = 2048;
/// Connections per server: the compute workers' writes and reads, and the follower.
const POOL_SIZE: usize = 8;
/// The LISTEN/NOTIFY channel that announces committed changes.
const CHANNEL: &str = "linalg_changes";
/// `pg_advisory_xact_lock` key held while migrating ("linalg" in ASCII).
const MIGRATION_LOCK: i64 = 0x6c69_6e61_6c67;

/// The schema, one step per version; a step is never edited once released, only appended.
pub const MIGRATIONS: &[(i32, &str)] = &[(
    1,
    "CREATE TABLE linalg_feed (
         one boolean PRIMARY KEY DEFAULT true CHECK (one),
         last bigint NOT NULL
     );
     INSERT INTO linalg_feed (one, last) VALUES (true, 0);
     CREATE TABLE linalg_collections (
         name text PRIMARY KEY,
         dimension integer NOT NULL,
         metric text NOT NULL,
         next_seq bigint NOT NULL,
         created_change bigint NOT NULL,
         change bigint NOT NULL,
         dropped boolean NOT NULL
     );
     CREATE INDEX linalg_collections_change ON linalg_collections (change);
     CREATE TABLE linalg_points (
         collection text NOT NULL,
         id bytea NOT NULL,
         seq bigint NOT NULL,
         vector bytea,
         payload json,
         change bigint NOT NULL,
         PRIMARY KEY (collection, id)
     );
     CREATE INDEX linalg_points_change ON linalg_points (change);",
)];

/// Whether collection requests can be served.
#[derive(Debug, Clone, PartialEq)]
pub enum Health {
    /// Not loaded yet (and no failure seen).
    Loading,
    Ready,
    /// The last attempt to reach the database failed: why.
    Unavailable(String),
}

/// What catching up found.
pub(super) enum Catch {
    /// The changes after the cursor, in order, and the number of the last one.
    Changes { changes: Vec<Change>, upto: u64 },
    /// Nothing is loaded yet, or the database is behind this server (restored from a backup):
    /// load everything again.
    Reload,
}

pub struct Database {
    /// `None` only while dropping.
    runtime: Option<tokio::runtime::Runtime>,
    /// For the listener's own connection (outside the pool: it stays open, listening).
    config: tokio_postgres::Config,
    pool: Pool,
    /// The last change applied to the index; `None` until the first load. Changed only with the
    /// store's `writes` lock held.
    cursor: Mutex<Option<u64>>,
    health: RwLock<Health>,
    /// Whether this process has checked (and applied) the migrations.
    migrated: Mutex<bool>,
}

impl Drop for Database {
    fn drop(&mut self) {
        // may run inside the HTTP runtime (a test's server stopping): do not block on the
        // runtime's threads
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// A database error as the store reports it: connection trouble, a timeout or an overloaded or
/// restarting server may pass (503); anything else is a bug or a broken schema (500).
fn db_error(e: tokio_postgres::Error) -> StoreError {
    let transient = match e.code() {
        None => true,
        Some(code) => matches!(&code.code()[..2], "08" | "40" | "53" | "57" | "58"),
    };
    if transient {
        StoreError::Unavailable(format!("the database is unreachable: {e}"))
    } else {
        StoreError::Storage(format!("database error: {e}"))
    }
}

fn pool_error(e: PoolError) -> StoreError {
    match e {
        PoolError::Backend(e) => db_error(e),
        other => StoreError::Unavailable(format!("no database connection: {other}")),
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Storage(format!("a corrupt {what} in the database"))
}

fn vector_bytes(v: &[f64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Appends the f64 vector in `bytes` to `out`; false if it is not `dimension` long.
/// The f64s of a stored vector (a trailing partial number, which only corruption makes, is
/// dropped; the callers check the length).
fn f64s(bytes: &[u8]) -> impl Iterator<Item = f64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
}

fn decode_vector(bytes: &[u8], dimension: usize, out: &mut Vec<f64>) -> bool {
    if bytes.len() != dimension * 8 {
        return false;
    }
    out.extend(f64s(bytes));
    true
}

fn decode_payload(
    text: Option<String>,
) -> StoreResult<Option<serde_json::Map<String, serde_json::Value>>> {
    text.map(|t| serde_json::from_str(&t).map_err(|_| corrupt("payload")))
        .transpose()
}

fn config_of(dimension: i32, metric: &str) -> StoreResult<CollectionConfig> {
    Ok(CollectionConfig {
        dimension: usize::try_from(dimension).map_err(|_| corrupt("dimension"))?,
        metric: Metric::parse(metric).ok_or_else(|| corrupt("metric"))?,
    })
}

fn number(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Database {
    /// A pool for `url` (not connected yet) and the runtime it runs on.
    pub fn new(url: &str) -> StoreResult<Database> {
        let mut config = tokio_postgres::Config::from_str(url).map_err(|e| {
            StoreError::Invalid(format!(
                "--database-url is not a PostgreSQL connection string: {e}"
            ))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if config.get_application_name().is_none() {
            config.application_name("linalg-server");
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("postgres-io")
            .enable_all()
            .build()
            .map_err(storage)?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(QUERY_TIMEOUT))
            .create_timeout(Some(Duration::from_secs(6)))
            .recycle_timeout(Some(Duration::from_secs(5)))
            .build()
            .map_err(storage)?;
        Ok(Database {
            runtime: Some(runtime),
            config,
            pool,
            cursor: Mutex::new(None),
            health: RwLock::new(Health::Loading),
            migrated: Mutex::new(false),
        })
    }

    /// Runs `work` on this store's runtime, from a thread that is not a runtime's.
    fn run<T>(
        &self,
        limit: Duration,
        work: impl Future<Output = StoreResult<T>>,
    ) -> StoreResult<T> {
        let runtime = self
            .runtime
            .as_ref()
            .expect("the runtime lives as long as the store");
        runtime.block_on(async {
            match tokio::time::timeout(limit, work).await {
                Ok(result) => result,
                Err(_) => Err(StoreError::Unavailable(format!(
                    "the database did not answer within {} s",
                    limit.as_secs()
                ))),
            }
        })
    }

    /// Listens for committed changes on a connection of its own (reconnecting while the
    /// database is away): each notification is a message on the returned channel.
    pub(super) fn listen(&self) -> Receiver<()> {
        let (wake, woken) = std::sync::mpsc::channel();
        let config = self.config.clone();
        let runtime = self
            .runtime
            .as_ref()
            .expect("the runtime lives as long as the store");
        runtime.spawn(async move {
            loop {
                if let Ok((client, mut connection)) = config.connect(NoTls).await {
                    let wake = wake.clone();
                    let messages = tokio::spawn(async move {
                        while let Some(Ok(message)) =
                            std::future::poll_fn(|cx| connection.poll_message(cx)).await
                        {
                            if let AsyncMessage::Notification(_) = message
                                && wake.send(()).is_err()
                            {
                                return; // the follower has ended
                            }
                        }
                    });
                    if client
                        .batch_execute(&format!("LISTEN {CHANNEL}"))
                        .await
                        .is_ok()
                    {
                        let _ = messages.await;
                    }
                }
                tokio::time::sleep(RETRY_INTERVAL).await;
            }
        });
        woken
    }

    /// Records how the follower's last catch-up went: collection requests are served after a
    /// success, answered 503 with the reason after a failure.
    pub(super) fn record(&self, outcome: &StoreResult<()>, collections: usize) {
        let mut health = write(&self.health);
        match outcome {
            Ok(()) => {
                let change = self.cursor();
                match *health {
                    Health::Loading => {
                        tracing::info!(collections, change, "collections loaded from the database")
                    }
                    Health::Unavailable(_) => tracing::info!(
                        collections,
                        change,
                        "the database answers again: collections available"
                    ),
                    Health::Ready => {}
                }
                *health = Health::Ready;
            }
            Err(e) => {
                let why = match e {
                    StoreError::Unavailable(why) => why.clone(),
                    other => other.to_string(),
                };
                if *health != Health::Unavailable(why.clone()) {
                    tracing::warn!(error = %why, "collections unavailable");
                }
                *health = Health::Unavailable(why);
            }
        }
    }

    pub fn health(&self) -> Health {
        read(&self.health).clone()
    }

    pub(super) fn check_ready(&self) -> StoreResult<()> {
        match self.health() {
            Health::Ready => Ok(()),
            Health::Loading => Err(StoreError::Unavailable(
                "the collections are still loading from the database".into(),
            )),
            Health::Unavailable(why) => Err(StoreError::Unavailable(why)),
        }
    }

    pub(super) fn cursor(&self) -> u64 {
        lock(&self.cursor).unwrap_or(0)
    }

    pub(super) fn advance_cursor(&self, to: u64) {
        *lock(&self.cursor) = Some(to);
    }

    /// Applies the migrations this database lacks (once per process).
    fn migrate(&self) -> StoreResult<()> {
        let mut migrated = lock(&self.migrated);
        if *migrated {
            return Ok(());
        }
        self.run(QUERY_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let txn = client.transaction().await.map_err(db_error)?;
            txn.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
                .await
                .map_err(db_error)?;
            txn.batch_execute(
                "CREATE TABLE IF NOT EXISTS linalg_migrations (
                     version integer PRIMARY KEY,
                     applied_at timestamptz NOT NULL DEFAULT now()
                 )",
            )
            .await
            .map_err(db_error)?;
            let newest: Option<i32> = txn
                .query_one("SELECT max(version) FROM linalg_migrations", &[])
                .await
                .map_err(db_error)?
                .get(0);
            let newest = newest.unwrap_or(0);
            let known = MIGRATIONS.last().map_or(0, |m| m.0);
            if newest > known {
                return Err(StoreError::Storage(format!(
                    "the database's schema is version {newest}, newer than this server's {known}: \
                     run the newer linalg-server"
                )));
            }
            for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > newest) {
                txn.batch_execute(sql).await.map_err(db_error)?;
                txn.execute(
                    "INSERT INTO linalg_migrations (version) VALUES ($1)",
                    &[version],
                )
                .await
                .map_err(db_error)?;
                tracing::info!(version, "database migrated");
            }
            txn.commit().await.map_err(db_error)
        })?;
        *migrated = true;
        Ok(())
    }

    /// Every live collection with its points, read in one snapshot, and the change it is at.
    /// The originals of their points go to files in `spill`.
    pub(super) fn load_all(&self, spill: &Path) -> StoreResult<(Vec<Loaded>, u64)> {
        self.migrate()?;
        self.run(LOAD_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let (txn, last) = snapshot(&mut client).await?;
            let rows = txn
                .query(
                    "SELECT name, dimension, metric, created_change FROM linalg_collections
                     WHERE NOT dropped ORDER BY name",
                    &[],
                )
                .await
                .map_err(db_error)?;
            let mut all = Vec::with_capacity(rows.len());
            for row in rows {
                let name: String = row.get(0);
                let config = config_of(row.get(1), row.get(2))?;
                let incarnation = number(row.get(3));
                let originals = Originals::temporary(spill, config.dimension).map_err(storage)?;
                all.push(load_points(&txn, name, config, incarnation, originals).await?);
            }
            txn.commit().await.map_err(db_error)?;
            Ok((all, last))
        })
    }

    /// One collection's points, read again (after a panic left its index in doubt).
    pub(super) fn load_one(
        &self,
        name: &str,
        config: CollectionConfig,
        incarnation: u64,
        originals: Originals,
    ) -> StoreResult<Loaded> {
        self.run(LOAD_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let txn = client.transaction().await.map_err(db_error)?;
            let loaded =
                load_points(&txn, name.to_string(), config, incarnation, originals).await?;
            txn.commit().await.map_err(db_error)?;
            Ok(loaded)
        })
    }

    /// The changes after the cursor, read in one snapshot.
    pub(super) fn changes_since_cursor(&self) -> StoreResult<Catch> {
        let Some(cursor) = *lock(&self.cursor) else {
            return Ok(Catch::Reload);
        };
        // the common case, nothing new: one round trip under a short time limit (the caller
        // holds the store's write lock)
        let last = self.run(QUERY_TIMEOUT, async {
            let client = self.pool.get().await.map_err(pool_error)?;
            let statement = client.prepare_cached(LAST_CHANGE).await.map_err(db_error)?;
            let row = client.query_one(&statement, &[]).await.map_err(db_error)?;
            Ok(number(row.get(0)))
        })?;
        if last == cursor {
            return Ok(Catch::Changes {
                changes: Vec::new(),
                upto: cursor,
            });
        }
        if last < cursor {
            return Ok(Catch::Reload);
        }
        self.run(LOAD_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let (txn, upto) = snapshot(&mut client).await?;
            let after = cursor as i64;
            let mut changes = Vec::new();
            let mut configs = std::collections::HashMap::new();
            for row in txn
                .query(
                    "SELECT name, dimension, metric, created_change, dropped
                     FROM linalg_collections WHERE change > $1 ORDER BY change",
                    &[&after],
                )
                .await
                .map_err(db_error)?
            {
                let name: String = row.get(0);
                let dropped: bool = row.get(4);
                let created = number(row.get(3));
                if dropped {
                    changes.push(Change::Drop { name });
                } else if created > cursor {
                    let config = config_of(row.get(1), row.get(2))?;
                    configs.insert(name.clone(), config);
                    changes.push(Change::Create {
                        name,
                        config,
                        incarnation: created,
                    });
                }
            }
            let portal = txn
                .bind(
                    "SELECT collection, id, seq, vector, payload::text FROM linalg_points
                     WHERE change > $1 ORDER BY collection, change",
                    &[&after],
                )
                .await
                .map_err(db_error)?;
            let mut current: Option<(String, Vec<Row>, Vec<PointId>)> = None;
            loop {
                let batch = txn
                    .query_portal(&portal, FETCH_ROWS)
                    .await
                    .map_err(db_error)?;
                if batch.is_empty() {
                    break;
                }
                for row in batch {
                    let collection: String = row.get(0);
                    if current.as_ref().is_none_or(|c| c.0 != collection) {
                        flush(&mut changes, current.take());
                        current = Some((collection.clone(), Vec::new(), Vec::new()));
                    }
                    let (_, upserts, deletes) = current.as_mut().expect("set above");
                    let id = PointId::decode(row.get(1)).ok_or_else(|| corrupt("point id"))?;
                    let vector: Option<&[u8]> = row.get(3);
                    let Some(bytes) = vector else {
                        deletes.push(id);
                        continue;
                    };
                    // its length is checked against the collection's dimension as it is applied
                    let vector = f64s(bytes).collect();
                    upserts.push(Row {
                        id,
                        seq: number(row.get(2)),
                        vector,
                        payload: decode_payload(row.get(4))?.map(Arc::new),
                    });
                }
            }
            flush(&mut changes, current);
            txn.commit().await.map_err(db_error)?;
            Ok(Catch::Changes { changes, upto })
        })
    }

    /// Creates a collection: `Some(change)` if it was created, `None` if it exists with this
    /// configuration, 409 if with another.
    pub(super) fn create(&self, name: &str, config: CollectionConfig) -> StoreResult<Option<u64>> {
        self.run(QUERY_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let txn = client.transaction().await.map_err(db_error)?;
            let change = next_change(&txn).await?;
            let existing = txn
                .query_opt(
                    "SELECT dimension, metric FROM linalg_collections
                     WHERE name = $1 AND NOT dropped",
                    &[&name],
                )
                .await
                .map_err(db_error)?;
            if let Some(row) = existing {
                super::model::conflict_unless_same(
                    name,
                    config_of(row.get(0), row.get(1))?,
                    config,
                )?;
                return Ok(None);
            }
            let dimension = i32::try_from(config.dimension).expect("dimensions are checked");
            txn.execute(
                "INSERT INTO linalg_collections
                     (name, dimension, metric, next_seq, created_change, change, dropped)
                 VALUES ($1, $2, $3, 0, $4, $4, false)
                 ON CONFLICT (name) DO UPDATE SET dimension = $2, metric = $3, next_seq = 0,
                     created_change = $4, change = $4, dropped = false",
                &[&name, &dimension, &config.metric.name(), &change],
            )
            .await
            .map_err(db_error)?;
            txn.commit().await.map_err(db_error)?;
            Ok(Some(number(change)))
        })
    }

    /// Drops a collection and its points; the change's number.
    pub(super) fn drop_collection(&self, name: &str) -> StoreResult<u64> {
        self.run(QUERY_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let txn = client.transaction().await.map_err(db_error)?;
            let change = next_change(&txn).await?;
            let dropped = txn
                .execute(
                    "UPDATE linalg_collections SET dropped = true, change = $2
                     WHERE name = $1 AND NOT dropped",
                    &[&name, &change],
                )
                .await
                .map_err(db_error)?;
            if dropped == 0 {
                return Err(StoreError::NotFound(format!(
                    "collection {name:?} does not exist"
                )));
            }
            txn.execute("DELETE FROM linalg_points WHERE collection = $1", &[&name])
                .await
                .map_err(db_error)?;
            txn.commit().await.map_err(db_error)?;
            Ok(number(change))
        })
    }

    /// Writes a batch in one transaction: `Some((change, sequence numbers))`, or `None` if the
    /// collection is no longer the `incarnation` the batch was checked against.
    pub(super) fn upsert(
        &self,
        name: &str,
        incarnation: u64,
        points: &[Point],
    ) -> StoreResult<Option<(u64, Vec<u64>)>> {
        // the last of a repeated id wins; its sequence number is the first occurrence's
        let mut slot: std::collections::HashMap<&PointId, usize> = Default::default();
        let mut unique: Vec<(&PointId, usize)> = Vec::new();
        for (i, p) in points.iter().enumerate() {
            match slot.get(&p.id) {
                Some(&u) => unique[u].1 = i,
                None => {
                    slot.insert(&p.id, unique.len());
                    unique.push((&p.id, i));
                }
            }
        }
        let ids: Vec<Vec<u8>> = unique.iter().map(|(id, _)| id.encode()).collect();
        let vectors: Vec<Vec<u8>> = unique
            .iter()
            .map(|&(_, i)| vector_bytes(&points[i].vector))
            .collect();
        let payloads: Vec<Option<String>> = unique
            .iter()
            .map(|&(_, i)| {
                points[i]
                    .payload
                    .as_ref()
                    .map(|p| serde_json::to_string(p).expect("a JSON map serializes"))
            })
            .collect();
        let written = self.run(QUERY_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let txn = client.transaction().await.map_err(db_error)?;
            let change = next_change(&txn).await?;
            let Some(mut next_seq) = current_collection(&txn, name, incarnation).await? else {
                return Ok(None);
            };
            let mut seqs: std::collections::HashMap<Vec<u8>, i64> = txn
                .query(
                    "SELECT id, seq FROM linalg_points
                     WHERE collection = $1 AND id = ANY($2) AND vector IS NOT NULL",
                    &[&name, &ids],
                )
                .await
                .map_err(db_error)?
                .into_iter()
                .map(|row| (row.get::<_, Vec<u8>>(0), row.get::<_, i64>(1)))
                .collect();
            let unique_seqs: Vec<i64> = ids
                .iter()
                .map(|id| {
                    *seqs.entry(id.clone()).or_insert_with(|| {
                        next_seq += 1;
                        next_seq - 1
                    })
                })
                .collect();
            txn.execute(
                "UPDATE linalg_collections SET next_seq = $2 WHERE name = $1",
                &[&name, &next_seq],
            )
            .await
            .map_err(db_error)?;
            let params: [&(dyn ToSql + Sync); 6] =
                [&name, &ids, &unique_seqs, &vectors, &payloads, &change];
            txn.execute(
                "INSERT INTO linalg_points (collection, id, seq, vector, payload, change)
                 SELECT $1, u.id, u.seq, u.vector, u.payload::json, $6
                 FROM unnest($2::bytea[], $3::int8[], $4::bytea[], $5::text[])
                     AS u(id, seq, vector, payload)
                 ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq,
                     vector = excluded.vector, payload = excluded.payload,
                     change = excluded.change",
                &params,
            )
            .await
            .map_err(db_error)?;
            txn.commit().await.map_err(db_error)?;
            Ok(Some((number(change), unique_seqs)))
        })?;
        Ok(written.map(|(change, unique_seqs)| {
            let seqs = points
                .iter()
                .map(|p| number(unique_seqs[slot[&p.id]]))
                .collect();
            (change, seqs)
        }))
    }

    /// Deletes a point: `Some(change)`, or `None` if it is not there.
    pub(super) fn delete_point(&self, name: &str, id: &PointId) -> StoreResult<Option<u64>> {
        self.run(QUERY_TIMEOUT, async {
            let mut client = self.pool.get().await.map_err(pool_error)?;
            let txn = client.transaction().await.map_err(db_error)?;
            let change = next_change(&txn).await?;
            let exists = txn
                .query_opt(
                    "SELECT 1 FROM linalg_collections WHERE name = $1 AND NOT dropped",
                    &[&name],
                )
                .await
                .map_err(db_error)?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!(
                    "collection {name:?} does not exist"
                )));
            }
            let deleted = txn
                .execute(
                    "UPDATE linalg_points SET vector = NULL, payload = NULL, change = $3
                     WHERE collection = $1 AND id = $2 AND vector IS NOT NULL",
                    &[&name, &id.encode(), &change],
                )
                .await
                .map_err(db_error)?;
            if deleted == 0 {
                return Ok(None);
            }
            txn.commit().await.map_err(db_error)?;
            Ok(Some(number(change)))
        })
    }

    /// A point exactly as it was sent, or `None`.
    pub(super) fn get_point(
        &self,
        name: &str,
        dimension: usize,
        id: &PointId,
    ) -> StoreResult<Option<Point>> {
        self.run(QUERY_TIMEOUT, async {
            let client = self.pool.get().await.map_err(pool_error)?;
            let Some(row) = client
                .query_opt(
                    "SELECT vector, payload::text FROM linalg_points
                     WHERE collection = $1 AND id = $2 AND vector IS NOT NULL",
                    &[&name, &id.encode()],
                )
                .await
                .map_err(db_error)?
            else {
                return Ok(None);
            };
            let mut vector = Vec::with_capacity(dimension);
            if !decode_vector(row.get(0), dimension, &mut vector) {
                return Err(corrupt("vector"));
            }
            Ok(Some(Point {
                id: id.clone(),
                vector,
                payload: decode_payload(row.get(1))?,
            }))
        })
    }
}

/// The number of the last committed change.
const LAST_CHANGE: &str = "SELECT last FROM linalg_feed";

/// A read-only repeatable-read transaction and the last change it sees: everything read in it
/// is the database as of that change.
async fn snapshot(
    client: &mut deadpool_postgres::Object,
) -> StoreResult<(deadpool_postgres::Transaction<'_>, u64)> {
    let txn = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(db_error)?;
    let last = txn.query_one(LAST_CHANGE, &[]).await.map_err(db_error)?;
    let last = number(last.get(0));
    Ok((txn, last))
}

/// Takes the next change number; the row lock serializes every write until this one commits.
/// The notification also goes out at commit (and not at all on a rollback), waking the other
/// servers' followers at once instead of at their next poll; both in one round trip.
async fn next_change(txn: &deadpool_postgres::Transaction<'_>) -> StoreResult<i64> {
    let messages = txn
        .simple_query(&format!(
            "UPDATE linalg_feed SET last = last + 1 RETURNING last; NOTIFY {CHANNEL}"
        ))
        .await
        .map_err(db_error)?;
    messages
        .iter()
        .find_map(|m| match m {
            SimpleQueryMessage::Row(row) => row.get(0).and_then(|v| v.parse().ok()),
            _ => None,
        })
        .ok_or_else(|| corrupt("change counter"))
}

/// The collection's next sequence number if it exists as `incarnation`; `None` if it was
/// dropped and created again since; 404 if it is gone.
async fn current_collection(
    txn: &deadpool_postgres::Transaction<'_>,
    name: &str,
    incarnation: u64,
) -> StoreResult<Option<i64>> {
    let row = txn
        .query_opt(
            "SELECT created_change, next_seq FROM linalg_collections
             WHERE name = $1 AND NOT dropped",
            &[&name],
        )
        .await
        .map_err(db_error)?
        .ok_or_else(|| StoreError::NotFound(format!("collection {name:?} does not exist")))?;
    Ok((number(row.get(0)) == incarnation).then(|| row.get(1)))
}

/// Streams one collection's live points into its index, a few thousand rows per round trip.
async fn load_points(
    txn: &deadpool_postgres::Transaction<'_>,
    name: String,
    config: CollectionConfig,
    incarnation: u64,
    originals: Originals,
) -> StoreResult<Loaded> {
    let portal = txn
        .bind(
            "SELECT id, seq, vector, payload::text FROM linalg_points
             WHERE collection = $1 AND vector IS NOT NULL",
            &[&name],
        )
        .await
        .map_err(db_error)?;
    let mut index = Loader::new(config.metric, config.dimension, Arc::new(originals));
    let mut vector = Vec::with_capacity(config.dimension);
    loop {
        let batch = txn
            .query_portal(&portal, FETCH_ROWS)
            .await
            .map_err(db_error)?;
        if batch.is_empty() {
            break;
        }
        for row in batch {
            let id = PointId::decode(row.get(0)).ok_or_else(|| corrupt("point id"))?;
            vector.clear();
            if !decode_vector(row.get(2), config.dimension, &mut vector) {
                return Err(corrupt("vector"));
            }
            let payload = decode_payload(row.get(3))?.map(Arc::new);
            index
                .push(id, Some(number(row.get(1))), &vector, payload)
                .map_err(storage)?;
        }
    }
    Ok(Loaded {
        name,
        config,
        incarnation,
        index: index.finish().map_err(storage)?,
    })
}

/// Ends one collection's run of point rows: its deletes and upserts as changes.
fn flush(changes: &mut Vec<Change>, run: Option<(String, Vec<Row>, Vec<PointId>)>) {
    let Some((name, upserts, deletes)) = run else {
        return;
    };
    if !deletes.is_empty() {
        changes.push(Change::Delete {
            name: name.clone(),
            ids: deletes,
        });
    }
    if !upserts.is_empty() {
        changes.push(Change::Upsert {
            name,
            rows: upserts,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_bit_for_bit_and_a_wrong_length_is_refused() {
        let v = [0.1, -0.0, f64::MIN_POSITIVE, 1e308, -3.5];
        let bytes = vector_bytes(&v);
        let mut back = Vec::new();
        assert!(decode_vector(&bytes, 5, &mut back));
        assert_eq!(
            back.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            v.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        assert!(!decode_vector(&bytes, 4, &mut back));
        assert!(!decode_vector(&bytes[..39], 5, &mut back));
    }

    #[test]
    fn a_run_of_point_rows_becomes_its_deletes_then_its_upserts() {
        let mut changes = Vec::new();
        flush(&mut changes, None);
        assert!(changes.is_empty());
        let row = Row {
            id: PointId::Int(1),
            seq: 0,
            vector: vec![1.0],
            payload: None,
        };
        flush(
            &mut changes,
            Some(("c".into(), vec![row], vec![PointId::Str("gone".into())])),
        );
        assert!(matches!(
            &changes[..],
            [Change::Delete { name: a, ids }, Change::Upsert { name: b, rows }]
                if a == "c" && b == "c" && ids == &[PointId::Str("gone".into())] && rows.len() == 1
        ));
    }

    #[test]
    fn a_url_that_is_not_a_connection_string_is_refused_at_once() {
        let err = Database::new("postgres://host:notaport/db")
            .err()
            .expect("refused");
        assert!(err.to_string().contains("--database-url"), "{err}");
        // a well-formed URL does not connect yet: the follower does that
        assert!(Database::new("postgres://nobody@127.0.0.1:1/none").is_ok());
    }
}
