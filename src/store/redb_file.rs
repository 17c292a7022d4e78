//! The embedded store: one redb file in `--data-dir` (the default).
//!
//! Every collection's configuration and every point (the id, the vector exactly as sent in f64,
//! the sequence number, the payload) live in one redb database. An upsert batch or a delete is
//! one write transaction committed with `Durability::Immediate` (fsync) *before* the request is
//! acknowledged, so an acknowledged write survives a crash and a batch is all or nothing.
//! Collection names never become paths: they are keys inside the one database file.
//!
//! This process is the only writer, so the in-memory index hands out sequence numbers and this
//! file records them; with PostgreSQL the database hands them out instead
//! ([`super::postgres`]).
//!
//! **Stamps.** Every write transaction also takes the next number of one counter and records it
//! as its collection's stamp (table `stamps`), so a checkpoint of the index
//! ([`super::index::checkpoint`]) can tell whether it saw the collection's last write.

use std::path::Path;
use std::sync::Arc;

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition, WriteTransaction};

use super::change::Loaded;
use super::codec::{
    collection_range, decode_config, decode_point_into, encode_config, encode_point, point_key,
};
use super::index::{Loader, Originals};
use super::model::{CollectionConfig, Point, PointId, StoreError, StoreResult, storage};

/// redb's page cache. Its default ceiling is 1 GiB, and every page a batch writes or the start-up
/// load reads stays cached up to it: at 100k x 384 (a 400 MiB file) that was a third of the
/// process's memory (`benches/memory.sh`), for nothing, since searches read the in-memory index
/// and only `GET .../points/{id}` and writes touch the B-tree, whose pages the OS page cache
/// holds anyway. Once the originals left the heap, 64 MiB was still half of the process after a
/// reload; 4 MiB measured the same upsert rate (`benches/README.md`).
const PAGE_CACHE_BYTES: usize = 4 * 1024 * 1024;

const COLLECTIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("collections");
/// Key: collection name, 0x00, encoded point id. Value: encoded vector and payload.
pub(super) const POINTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("points");
/// Key: collection name, or "" for the counter. Value: the number of the collection's last write
/// (the counter: the last number given).
const STAMPS: TableDefinition<&str, u64> = TableDefinition::new("stamps");
const COUNTER: &str = "";

/// Gives `name`'s write in `txn` the next number and returns it.
fn stamp(txn: &WriteTransaction, name: &str) -> StoreResult<u64> {
    let mut stamps = txn.open_table(STAMPS).map_err(storage)?;
    let next = stamps
        .get(COUNTER)
        .map_err(storage)?
        .map_or(0, |v| v.value())
        + 1;
    stamps.insert(COUNTER, next).map_err(storage)?;
    stamps.insert(name, next).map_err(storage)?;
    Ok(next)
}

pub struct RedbFile {
    pub(super) db: Database,
}

impl RedbFile {
    /// Opens (or creates) `collections.redb` in `dir`.
    pub fn open(dir: &Path) -> StoreResult<RedbFile> {
        std::fs::create_dir_all(dir).map_err(storage)?;
        let db = redb::Builder::new()
            .set_cache_size(PAGE_CACHE_BYTES)
            .create(dir.join("collections.redb"))
            .map_err(storage)?;
        let txn = db.begin_write().map_err(storage)?;
        let configs = txn.open_table(COLLECTIONS).map_err(storage)?;
        txn.open_table(POINTS).map_err(storage)?;
        // collections written before stamps existed get one
        let unstamped: Vec<String> = {
            let stamps = txn.open_table(STAMPS).map_err(storage)?;
            let mut unstamped = Vec::new();
            for entry in configs.iter().map_err(storage)? {
                let name = entry.map_err(storage)?.0.value().to_string();
                if stamps.get(name.as_str()).map_err(storage)?.is_none() {
                    unstamped.push(name);
                }
            }
            unstamped
        };
        drop(configs);
        for name in unstamped {
            stamp(&txn, &name)?;
        }
        txn.commit().map_err(storage)?;
        Ok(RedbFile { db })
    }

    /// Every collection's configuration and stamp, by name.
    pub fn collections(&self) -> StoreResult<Vec<(String, CollectionConfig, u64)>> {
        let txn = self.db.begin_read().map_err(storage)?;
        let configs = txn.open_table(COLLECTIONS).map_err(storage)?;
        let stamps = txn.open_table(STAMPS).map_err(storage)?;
        let mut all = Vec::new();
        for entry in configs.iter().map_err(storage)? {
            let (name, config) = entry.map_err(storage)?;
            let name = name.value().to_string();
            let config = decode_config(config.value())
                .ok_or_else(|| StoreError::Storage(format!("a corrupt configuration of {name}")))?;
            let stamp = stamps
                .get(name.as_str())
                .map_err(storage)?
                .map_or(0, |v| v.value());
            all.push((name, config, stamp));
        }
        Ok(all)
    }

    /// One collection's points, read into an index whose originals go to `originals`.
    pub fn load_one(
        &self,
        name: &str,
        config: CollectionConfig,
        originals: Originals,
    ) -> StoreResult<Loaded> {
        let txn = self.db.begin_read().map_err(storage)?;
        let points = txn.open_table(POINTS).map_err(storage)?;
        load_points(&points, name.to_string(), config, originals)
    }

    /// Creates a collection; returns its stamp.
    pub fn create(&self, name: &str, config: &CollectionConfig) -> StoreResult<u64> {
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut table = txn.open_table(COLLECTIONS).map_err(storage)?;
            table
                .insert(name, encode_config(config).as_slice())
                .map_err(storage)?;
        }
        let stamp = stamp(&txn, name)?;
        txn.commit().map_err(storage)?;
        Ok(stamp)
    }

    /// Removes a collection and all its points in one transaction.
    pub fn drop_collection(&self, name: &str) -> StoreResult<()> {
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut configs = txn.open_table(COLLECTIONS).map_err(storage)?;
            configs.remove(name).map_err(storage)?;
            let mut points = txn.open_table(POINTS).map_err(storage)?;
            let (lo, hi) = collection_range(name);
            points
                .retain_in(lo.as_slice()..hi.as_slice(), |_, _| false)
                .map_err(storage)?;
            let mut stamps = txn.open_table(STAMPS).map_err(storage)?;
            stamps.remove(name).map_err(storage)?;
        }
        txn.commit().map_err(storage)
    }

    /// Writes a batch with its sequence numbers in one transaction (all or nothing); returns the
    /// collection's new stamp.
    pub fn put_points(&self, name: &str, points: &[Point], seqs: &[u64]) -> StoreResult<u64> {
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut table = txn.open_table(POINTS).map_err(storage)?;
            for (p, &seq) in points.iter().zip(seqs) {
                let key = point_key(name, &p.id);
                let value = encode_point(&p.vector, seq, &p.payload);
                table
                    .insert(key.as_slice(), value.as_slice())
                    .map_err(storage)?;
            }
        }
        let stamp = stamp(&txn, name)?;
        txn.commit().map_err(storage)?;
        Ok(stamp)
    }

    /// Removes a point; returns the collection's new stamp.
    pub fn remove_point(&self, name: &str, id: &PointId) -> StoreResult<u64> {
        let txn = self.db.begin_write().map_err(storage)?;
        {
            let mut table = txn.open_table(POINTS).map_err(storage)?;
            table
                .remove(point_key(name, id).as_slice())
                .map_err(storage)?;
        }
        let stamp = stamp(&txn, name)?;
        txn.commit().map_err(storage)?;
        Ok(stamp)
    }

    /// A point exactly as it was sent, or `None`.
    pub fn get_point(
        &self,
        name: &str,
        dimension: usize,
        id: &PointId,
    ) -> StoreResult<Option<Point>> {
        let txn = self.db.begin_read().map_err(storage)?;
        let table = txn.open_table(POINTS).map_err(storage)?;
        let Some(value) = table.get(point_key(name, id).as_slice()).map_err(storage)? else {
            return Ok(None);
        };
        let mut vector = Vec::with_capacity(dimension);
        let (_, payload) = decode_point_into(value.value(), dimension, &mut vector)
            .ok_or_else(|| StoreError::Storage(format!("a corrupt point in {name}")))?;
        Ok(Some(Point {
            id: id.clone(),
            vector,
            payload,
        }))
    }
}

/// Reads one collection's points into its index.
fn load_points(
    points: &impl ReadableTable<&'static [u8], &'static [u8]>,
    name: String,
    config: CollectionConfig,
    originals: Originals,
) -> StoreResult<Loaded> {
    let (lo, hi) = collection_range(&name);
    let mut index = Loader::new(config.metric, config.dimension, Arc::new(originals));
    let mut vector = Vec::with_capacity(config.dimension);
    for entry in points
        .range(lo.as_slice()..hi.as_slice())
        .map_err(storage)?
    {
        let (key, value) = entry.map_err(storage)?;
        let id = PointId::decode(&key.value()[name.len() + 1..])
            .ok_or_else(|| StoreError::Storage(format!("a corrupt point key in {name}")))?;
        vector.clear();
        let (seq, payload) = decode_point_into(value.value(), config.dimension, &mut vector)
            .ok_or_else(|| StoreError::Storage(format!("a corrupt point in {name}")))?;
        index
            .push(id, seq, &vector, payload.map(Arc::new))
            .map_err(storage)?;
    }
    Ok(Loaded {
        name,
        config,
        incarnation: 0,
        index: index.finish().map_err(storage)?,
    })
}
