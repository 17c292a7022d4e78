//! The writer: ids and sequence numbers, the next snapshot after each write, and compaction.

use std::collections::HashMap;
use std::sync::Arc;

use super::int8::Codes;
use super::scan::Snapshot;
use super::segment::{LiveSegment, Segment};
use super::{Columns, Row, RowRef};
use crate::linalg::search::Metric;
use crate::store::PointId;

/// Segments merged at once, and the size ratio between merge levels: each row is copied about
/// log_4(n / batch) times over its life, and a collection has at most about 3 log_4(n) segments.
const MERGE_FACTOR: usize = 4;

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

/// The writer's side of an index: which row holds each id, and the next numbers to hand out.
/// Owned by whoever serializes the writes; searches never touch it.
#[derive(Debug)]
pub struct IndexWriter {
    metric: Metric,
    dimension: usize,
    locations: HashMap<PointId, Location>,
    next_seq: u64,
    next_segment: u64,
}

impl IndexWriter {
    /// The index of a collection loaded from disk (rows in any order). `known[i]` is false for
    /// a row written before sequence numbers were stored: those come after the others, in the
    /// order given.
    pub fn load(
        metric: Metric,
        dimension: usize,
        mut columns: Columns,
        known: &[bool],
    ) -> (IndexWriter, Snapshot) {
        let mut writer = IndexWriter {
            metric,
            dimension,
            locations: HashMap::with_capacity(columns.ids.len()),
            next_seq: columns
                .seqs
                .iter()
                .zip(known)
                .filter(|(_, known)| **known)
                .map(|(seq, _)| seq + 1)
                .max()
                .unwrap_or(0),
            next_segment: 0,
        };
        for (seq, _) in columns.seqs.iter_mut().zip(known).filter(|(_, k)| !**k) {
            *seq = writer.take_seq();
        }
        let mut snapshot = Snapshot::empty(metric, dimension);
        if !columns.ids.is_empty() {
            columns.sort_by_seq(dimension);
            let segment = writer.adopt(Segment::from_columns(
                writer.next_segment,
                metric,
                dimension,
                columns,
            ));
            snapshot.count = segment.len();
            snapshot.segments.push(LiveSegment::new(segment));
        }
        (writer, snapshot)
    }

    /// An empty collection's index.
    pub fn empty(metric: Metric, dimension: usize) -> (IndexWriter, Snapshot) {
        IndexWriter::load(metric, dimension, Columns::default(), &[])
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

    fn build<'a>(
        &mut self,
        rows: impl ExactSizeIterator<Item = RowRef<'a>>,
        codes: Option<Codes>,
    ) -> Segment {
        let segment = Segment::build(self.next_segment, self.metric, self.dimension, rows, codes);
        self.adopt(segment)
    }

    /// Takes a new segment (numbered `next_segment`) into the id map.
    fn adopt(&mut self, segment: Segment) -> Segment {
        debug_assert_eq!(segment.uid, self.next_segment);
        self.next_segment += 1;
        let uid = segment.uid;
        for (row, id) in segment.ids.iter().enumerate() {
            self.locations.insert(
                id.clone(),
                Location {
                    segment: uid,
                    row,
                    seq: segment.seqs[row],
                },
            );
        }
        segment
    }

    /// The snapshot after an upsert of `rows` (already durable; the last of a repeated id wins).
    pub fn upsert(&mut self, current: &Snapshot, rows: Vec<Row>) -> Snapshot {
        let mut latest: HashMap<PointId, Row> = HashMap::with_capacity(rows.len());
        for row in rows {
            latest.insert(row.id.clone(), row);
        }
        let mut next = current.clone();
        let replaced: Vec<PointId> = latest
            .keys()
            .filter(|id| self.locations.contains_key(*id))
            .cloned()
            .collect();
        self.kill(&mut next, &replaced);
        let mut rows: Vec<Row> = latest.into_values().collect();
        rows.sort_unstable_by_key(|r| r.seq);
        let segment = self.build(
            rows.iter()
                .map(|r| (&r.id, r.seq, r.vector.as_slice(), &r.payload)),
            None,
        );
        next.segments.push(LiveSegment::new(segment));
        self.compact(&mut next);
        next
    }

    /// The snapshot after deleting `id` (already durable); `None` if it is not there.
    #[cfg(test)]
    pub fn delete(&mut self, current: &Snapshot, id: &PointId) -> Option<Snapshot> {
        self.delete_many(current, std::slice::from_ref(id))
    }

    /// The snapshot after deleting every id of `ids` that is there (already durable); `None`
    /// if none is.
    pub fn delete_many(&mut self, current: &Snapshot, ids: &[PointId]) -> Option<Snapshot> {
        let present: Vec<PointId> = ids.iter().filter(|id| self.contains(id)).cloned().collect();
        if present.is_empty() {
            return None;
        }
        let mut next = current.clone();
        self.kill(&mut next, &present);
        self.compact(&mut next);
        Some(next)
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
    /// and recounts.
    fn compact(&mut self, snapshot: &mut Snapshot) {
        snapshot.segments.retain(|s| s.live_count > 0);
        for i in 0..snapshot.segments.len() {
            let s = snapshot.segments[i].clone();
            if s.live_count * 2 < s.segment.len() {
                snapshot.segments[i] = self.merge(&[s]);
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
            let merged = self.merge(&snapshot.segments[tail..]);
            snapshot.segments.truncate(tail);
            snapshot.segments.push(merged);
        }
        snapshot.count = snapshot.segments.iter().map(|s| s.live_count).sum();
    }

    /// One new segment holding the live rows of `parts`, in sequence order.
    fn merge(&mut self, parts: &[LiveSegment]) -> LiveSegment {
        let d = self.dimension;
        let mut order: Vec<(u64, usize, usize)> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, part)| {
                (0..part.segment.len())
                    .filter(|&i| part.live[i])
                    .map(move |i| (part.segment.seqs[i], p, i))
            })
            .collect();
        order.sort_unstable();
        let rows = order.iter().map(|&(seq, p, i)| {
            let s = &parts[p].segment;
            (
                &s.ids[i],
                seq,
                &s.originals[i * d..(i + 1) * d],
                &s.payloads[i],
            )
        });
        // the int8 codes are per row: copied, not encoded again
        let codes = (self.metric != Metric::Euclidean).then(|| {
            let mut codes = Codes::with_capacity(order.len(), d);
            for &(_, p, i) in &order {
                codes.push_from(&parts[p].segment.codes, i, d);
            }
            codes
        });
        LiveSegment::new(self.build(rows, codes))
    }
}
