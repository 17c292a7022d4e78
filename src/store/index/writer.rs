//! The writer: ids and sequence numbers, the next snapshot after each write, and compaction.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use super::scan::Snapshot;
use super::segment::{LiveSegment, Segment};
use super::{Columns, Originals, Row};
use crate::linalg::search::Metric;
use crate::store::PointId;

/// Segments merged at once, and the size ratio between merge levels: each row is copied about
/// log_4(n / batch) times over its life, and a collection has at most about 3 log_4(n) segments.
const MERGE_FACTOR: usize = 4;

/// Dead rows the originals file may hold beyond as many as there are live ones before the live
/// rows are copied into a new file (so small collections are not rewritten for a few deletes).
const GARBAGE_ALLOWANCE: u64 = 4096;

/// A segment's merge level: log_4 of its live rows.
fn level(live: usize) -> u32 {
    live.max(1).ilog(MERGE_FACTOR)
}

/// Where an id's current row is, for the writer.
#[derive(Debug, Clone, Copy)]
struct Location {
    segment: u64,
    row: usize,
    seq: u64,
}

/// The writer's side of an index: which row holds each id, the next numbers to hand out, and the
/// originals file new rows are appended to. Owned by whoever serializes the writes; searches
/// never touch it.
#[derive(Debug)]
pub struct IndexWriter {
    metric: Metric,
    dimension: usize,
    locations: HashMap<PointId, Location>,
    next_seq: u64,
    next_segment: u64,
    originals: Arc<Originals>,
}

impl IndexWriter {
    /// The index of a collection loaded from disk (rows in any order, their originals already
    /// in `originals`). `known[i]` is false for a row written before sequence numbers were
    /// stored: those come after the others, in the order given.
    pub(super) fn load(
        metric: Metric,
        dimension: usize,
        originals: Arc<Originals>,
        mut columns: Columns,
        known: &[bool],
    ) -> io::Result<(IndexWriter, Snapshot)> {
        let mut writer = IndexWriter {
            metric,
            dimension,
            locations: HashMap::with_capacity(columns.len()),
            next_seq: columns
                .seqs
                .iter()
                .zip(known)
                .filter(|(_, known)| **known)
                .map(|(seq, _)| seq + 1)
                .max()
                .unwrap_or(0),
            next_segment: 0,
            originals,
        };
        for (seq, _) in columns.seqs.iter_mut().zip(known).filter(|(_, k)| !**k) {
            *seq = writer.take_seq();
        }
        let mut snapshot = Snapshot::empty(metric, dimension);
        if columns.len() > 0 {
            columns.sort_by_seq(dimension);
            let segment = writer.build(columns, Arc::clone(&writer.originals))?;
            snapshot.count = segment.len();
            snapshot.segments.push(LiveSegment::new(segment));
        }
        Ok((writer, snapshot))
    }

    /// An empty collection's index, its rows to be appended to `originals`.
    pub fn empty(
        metric: Metric,
        dimension: usize,
        originals: Arc<Originals>,
    ) -> (IndexWriter, Snapshot) {
        IndexWriter::load(metric, dimension, originals, Columns::default(), &[])
            .expect("an empty index reads and writes nothing")
    }

    /// The name of the file new rows go to (`None`: an unlinked file).
    pub fn originals_name(&self) -> Option<String> {
        self.originals.name().map(str::to_string)
    }

    /// The collection is gone: its originals file is deleted once no snapshot uses it.
    pub fn retire(&self) {
        self.originals.retire();
    }

    /// Rows in the current originals file, live or not.
    #[cfg(test)]
    pub(super) fn originals_rows(&self) -> u64 {
        self.originals.len()
    }

    fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    pub fn contains(&self, id: &PointId) -> bool {
        self.locations.contains_key(id)
    }

    /// Sequence numbers for a batch about to be written: an existing id keeps its own, a new id
    /// gets the next one (the same one for repeats inside the batch).
    pub fn sequence_numbers<'a>(&mut self, ids: impl Iterator<Item = &'a PointId>) -> Vec<u64> {
        let mut fresh: HashMap<&PointId, u64> = HashMap::new();
        ids.map(|id| match self.locations.get(id) {
            Some(l) => l.seq,
            None => *fresh.entry(id).or_insert_with(|| {
                let seq = self.next_seq;
                self.next_seq += 1;
                seq
            }),
        })
        .collect()
    }

    /// A new segment numbered `next_segment`, taken into the id map.
    fn build(&mut self, rows: Columns, originals: Arc<Originals>) -> io::Result<Segment> {
        let segment = Segment::new(
            self.next_segment,
            self.metric,
            self.dimension,
            rows,
            originals,
        )?;
        self.next_segment += 1;
        for (row, id) in segment.rows.ids.iter().enumerate() {
            self.locations.insert(
                id.clone(),
                Location {
                    segment: segment.uid,
                    row,
                    seq: segment.rows.seqs[row],
                },
            );
        }
        Ok(segment)
    }

    /// The snapshot after an upsert of `rows` (already durable; the last of a repeated id wins).
    pub fn upsert(&mut self, current: &Snapshot, rows: Vec<Row>) -> io::Result<Snapshot> {
        let mut latest: HashMap<PointId, Row> = HashMap::with_capacity(rows.len());
        for row in rows {
            latest.insert(row.id.clone(), row);
        }
        let mut rows: Vec<Row> = latest.into_values().collect();
        rows.sort_unstable_by_key(|r| r.seq);
        // the originals first: nothing changes if the file cannot take them
        let mut appender = Originals::appender(&self.originals);
        let mut columns = Columns::with_capacity(self.metric, rows.len(), self.dimension);
        let mut unit = Vec::with_capacity(self.dimension);
        for row in rows {
            let slot = appender.push(&row.vector)?;
            let place = (row.id, row.seq, slot, row.payload);
            columns.push(self.metric, place, &row.vector, &mut unit);
        }
        appender.finish()?;
        let mut next = current.clone();
        let replaced: Vec<PointId> = columns
            .ids
            .iter()
            .filter(|id| self.locations.contains_key(*id))
            .cloned()
            .collect();
        self.kill(&mut next, &replaced);
        let segment = self.build(columns, Arc::clone(&self.originals))?;
        next.segments.push(LiveSegment::new(segment));
        self.compact(&mut next)?;
        Ok(next)
    }

    /// The snapshot after deleting `id` (already durable); `None` if it is not there.
    #[cfg(test)]
    pub fn delete(&mut self, current: &Snapshot, id: &PointId) -> Option<Snapshot> {
        self.delete_many(current, std::slice::from_ref(id))
            .expect("the test's file is readable")
    }

    /// The snapshot after deleting every id of `ids` that is there (already durable); `None`
    /// if none is.
    pub fn delete_many(
        &mut self,
        current: &Snapshot,
        ids: &[PointId],
    ) -> io::Result<Option<Snapshot>> {
        let present: Vec<PointId> = ids.iter().filter(|id| self.contains(id)).cloned().collect();
        if present.is_empty() {
            return Ok(None);
        }
        let mut next = current.clone();
        self.kill(&mut next, &present);
        self.compact(&mut next)?;
        Ok(Some(next))
    }

    /// Marks the current rows of `ids` dead in `snapshot`, copying each touched flag set once.
    fn kill(&mut self, snapshot: &mut Snapshot, ids: &[PointId]) {
        let mut by_segment: HashMap<u64, Vec<usize>> = HashMap::new();
        for id in ids {
            if let Some(l) = self.locations.remove(id) {
                by_segment.entry(l.segment).or_default().push(l.row);
            }
        }
        for live in &mut snapshot.segments {
            if let Some(rows) = by_segment.get(&live.segment.uid) {
                let flags = Arc::make_mut(&mut live.live);
                for &row in rows {
                    debug_assert!(flags[row], "a location points at a live row");
                    flags[row] = false;
                }
                live.live_count -= rows.len();
            }
        }
    }

    /// Drops empty segments, rewrites mostly-dead ones, merges the newest ones level by level,
    /// recounts, and moves the live rows to a new originals file when the old one is mostly
    /// garbage.
    fn compact(&mut self, snapshot: &mut Snapshot) -> io::Result<()> {
        snapshot.segments.retain(|s| s.live_count > 0);
        for i in 0..snapshot.segments.len() {
            let s = snapshot.segments[i].clone();
            if s.live_count * 2 < s.segment.len() {
                snapshot.segments[i] = self.merge(&[s], false)?;
            }
        }
        // Tiered: the last MERGE_FACTOR segments merge into one when none of them is at a higher
        // level than the newest, so each level holds fewer than MERGE_FACTOR segments.
        while snapshot.segments.len() >= MERGE_FACTOR {
            let tail = snapshot.segments.len() - MERGE_FACTOR;
            let newest = level(snapshot.segments[snapshot.segments.len() - 1].live_count);
            if snapshot.segments[tail..]
                .iter()
                .any(|s| level(s.live_count) > newest)
            {
                break;
            }
            let merged = self.merge(&snapshot.segments[tail..], false)?;
            snapshot.segments.truncate(tail);
            snapshot.segments.push(merged);
        }
        snapshot.count = snapshot.segments.iter().map(|s| s.live_count).sum();
        if self.originals.len() > 2 * snapshot.count as u64 + GARBAGE_ALLOWANCE {
            let fresh = Arc::new(self.originals.sibling()?);
            std::mem::replace(&mut self.originals, fresh).retire();
            let all = std::mem::take(&mut snapshot.segments);
            if !all.is_empty() {
                snapshot.segments.push(self.merge(&all, true)?);
            }
        }
        Ok(())
    }

    /// One new segment holding the live rows of `parts`, in sequence order; with `copy`, their
    /// originals are copied to the writer's current file, else they stay where they are (parts
    /// merged without a copy share one file).
    fn merge(&mut self, parts: &[LiveSegment], copy: bool) -> io::Result<LiveSegment> {
        let d = self.dimension;
        let mut order: Vec<(u64, usize, usize)> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, part)| {
                (0..part.segment.len())
                    .filter(|&i| part.live[i])
                    .map(move |i| (part.segment.rows.seqs[i], p, i))
            })
            .collect();
        order.sort_unstable();
        let mut rows = Columns::with_capacity(self.metric, order.len(), d);
        // the int8 codes are per row: copied, not encoded again
        for &(_, p, i) in &order {
            rows.push_from(&parts[p].segment.rows, i, d);
        }
        let originals = if copy {
            let mut appender = Originals::appender(&self.originals);
            let (mut bytes, mut vector) = (Vec::new(), vec![0.0; d]);
            for (slot, &(_, p, _)) in rows.slots.iter_mut().zip(&order) {
                parts[p]
                    .segment
                    .originals
                    .read(*slot, &mut bytes, &mut vector)?;
                *slot = appender.push(&vector)?;
            }
            appender.finish()?;
            Arc::clone(&self.originals)
        } else {
            debug_assert!(
                parts
                    .iter()
                    .all(|p| Arc::ptr_eq(&p.segment.originals, &parts[0].segment.originals)),
                "segments merged in place share their originals file"
            );
            Arc::clone(&parts[0].segment.originals)
        };
        Ok(LiveSegment::new(self.build(rows, originals)?))
    }
}
