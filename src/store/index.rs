//! A collection's searchable form: immutable segments, published as snapshots.
//!
//! **Why snapshots.** A search clones an `Arc<Snapshot>` and scans it with no lock held; nothing
//! a search can see is ever mutated. A write builds the next snapshot beside the current one (the
//! live-row flags copied for the segments it touches, the batch appended as a new small segment)
//! and publishes it by swapping one pointer, so a write blocks searches for no longer than that
//! swap. Searches in flight finish on the snapshot they started with.
//!
//! **Why f32 plus the originals.** The scan is memory-bound, so it reads each row as f32, half
//! the bytes of f64. Each segment is scaled by a power of two (exact in binary) so that its
//! largest entry is in [0.5, 1): no value over- or underflows f32's range whatever the client
//! sent. A rigorous bound on the f32 error decides which rows could be in the exact top k; only
//! those are rescored in f64 from the original vectors kept beside the scan rows, so the scores
//! and the order equal a float64 reference (`/cosine-search` on the same data), not an
//! approximation of it.
//!
//! **Order.** Every point has a sequence number given when its id is first inserted and kept when
//! the id is upserted again (the order of a Python dict). Ties are broken by it, so the contract's
//! "lower index" means "inserted earlier", before and after a restart. Rows inside a segment are
//! kept in sequence order, so the kernel's own tie rule (lower row) agrees with it.
//!
//! **Compaction.** The newest segments are merged four at a time, level by level (a segment's
//! level is log_4 of its size), so a collection has O(log n) segments and each row is copied
//! O(log n) times over its life. A segment with more dead rows than live ones is rewritten. Merges run on the
//! writer's thread; searches go on reading the old snapshot meanwhile, so memory can briefly hold
//! both copies of the merged rows.

use std::collections::HashMap;
use std::sync::Arc;

use faer::MatRef;
use serde_json::{Map, Value};

use super::{PointId, ScoredPoint, matches_filter};
use crate::linalg::search::{self, Hit, Metric};
use crate::linalg::{LinalgError, LinalgResult};

/// A payload, shared between snapshots and segments instead of copied.
pub type SharedPayload = Arc<Map<String, Value>>;

/// Segments merged at once, and the size ratio between merge levels: each row is copied about
/// log_4(n / batch) times over its life, and a collection has at most about 3 log_4(n) segments.
const MERGE_FACTOR: usize = 4;

/// A segment's merge level: log_4 of its live rows.
fn level(live: usize) -> u32 {
    live.max(1).ilog(MERGE_FACTOR)
}

/// f32's unit roundoff.
const F32_EPS: f64 = 1.0 / (1u64 << 24) as f64;
/// f64's unit roundoff.
const F64_EPS: f64 = 1.0 / (1u64 << 53) as f64;

/// One point as the index holds it.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: PointId,
    pub seq: u64,
    /// Exactly as the client sent it.
    pub vector: Vec<f64>,
    pub payload: Option<SharedPayload>,
}

/// An immutable block of rows, in ascending sequence order.
#[derive(Debug)]
struct Segment {
    uid: u64,
    /// The scan rows are the (unit, for cosine) vectors times 2^-scale_exp, rounded to f32.
    scale_exp: i32,
    scan: Vec<f32>,
    /// An upper bound on the norm of every scan row.
    scan_norm: f64,
    originals: Vec<f64>,
    ids: Vec<PointId>,
    seqs: Vec<u64>,
    payloads: Vec<Option<SharedPayload>>,
}

/// Rows as parallel columns: row-major original vectors, ids, sequence numbers, payloads.
#[derive(Debug, Default)]
pub struct Columns {
    pub originals: Vec<f64>,
    pub ids: Vec<PointId>,
    pub seqs: Vec<u64>,
    pub payloads: Vec<Option<SharedPayload>>,
}

impl Columns {
    /// Sorts the rows by sequence number in place (no second copy of the vectors: a collection
    /// can be most of the machine's memory).
    fn sort_by_seq(&mut self, dimension: usize) {
        if self.seqs.is_sorted() {
            return;
        }
        let mut order: Vec<usize> = (0..self.seqs.len()).collect();
        order.sort_unstable_by_key(|&i| self.seqs[i]);
        // Row i takes row order[i]: follow each cycle of the permutation with swaps.
        let mut placed = vec![false; order.len()];
        for start in 0..order.len() {
            let mut i = start;
            while !placed[i] && order[i] != start {
                self.swap_rows(i, order[i], dimension);
                placed[i] = true;
                i = order[i];
            }
            placed[i] = true;
        }
        debug_assert!(self.seqs.is_sorted());
    }

    fn swap_rows(&mut self, a: usize, b: usize, d: usize) {
        let (lo, hi) = (a.min(b), a.max(b));
        let (head, tail) = self.originals.split_at_mut(hi * d);
        head[lo * d..(lo + 1) * d].swap_with_slice(&mut tail[..d]);
        self.ids.swap(a, b);
        self.seqs.swap(a, b);
        self.payloads.swap(a, b);
    }
}

/// One row on its way into a new segment.
type RowRef<'a> = (&'a PointId, u64, &'a [f64], &'a Option<SharedPayload>);

impl Segment {
    /// A segment of `rows`, which must come in ascending sequence order.
    fn build<'a>(
        uid: u64,
        metric: Metric,
        dimension: usize,
        rows: impl ExactSizeIterator<Item = RowRef<'a>>,
    ) -> Segment {
        let n = rows.len();
        let mut columns = Columns {
            originals: Vec::with_capacity(n * dimension),
            ids: Vec::with_capacity(n),
            seqs: Vec::with_capacity(n),
            payloads: Vec::with_capacity(n),
        };
        for (id, seq, vector, payload) in rows {
            columns.originals.extend_from_slice(vector);
            columns.ids.push(id.clone());
            columns.seqs.push(seq);
            columns.payloads.push(payload.clone());
        }
        Segment::from_columns(uid, metric, dimension, columns)
    }

    /// A segment owning `columns`, whose rows must be in ascending sequence order.
    fn from_columns(uid: u64, metric: Metric, dimension: usize, columns: Columns) -> Segment {
        let Columns {
            originals,
            ids,
            seqs,
            payloads,
        } = columns;
        debug_assert!(seqs.is_sorted(), "rows in sequence order");
        // The scan rows: unit rows for cosine, then one power-of-two scale for the segment.
        let norms: Vec<f64> = originals
            .chunks_exact(dimension)
            .map(|row| match metric {
                Metric::Cosine => row.iter().map(|x| x * x).sum::<f64>().sqrt(),
                Metric::Dot | Metric::Euclidean => 1.0,
            })
            .collect();
        // zero vectors are refused before they reach a cosine index
        debug_assert!(norms.iter().all(|&n| n > 0.0), "no zero rows");
        let largest = originals
            .chunks_exact(dimension)
            .zip(&norms)
            .flat_map(|(row, &norm)| row.iter().map(move |x| (x / norm).abs()))
            .fold(0.0f64, f64::max);
        let scale_exp = exponent_for_unit_range(largest);
        let scale = &power_of_two(-scale_exp);
        let scan: Vec<f32> = originals
            .chunks_exact(dimension)
            .zip(&norms)
            .flat_map(|(row, &norm)| row.iter().map(move |x| scale(x / norm) as f32))
            .collect();
        let scan_norm = scan
            .chunks_exact(dimension)
            .map(norm_f32)
            .fold(0.0, f64::max)
            * (1.0 + 4.0 * F64_EPS);
        Segment {
            uid,
            scale_exp,
            scan,
            scan_norm,
            originals,
            ids,
            seqs,
            payloads,
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// A segment and which of its rows are still current in one snapshot.
#[derive(Debug, Clone)]
struct LiveSegment {
    segment: Arc<Segment>,
    live: Arc<Vec<bool>>,
    live_count: usize,
}

impl LiveSegment {
    fn new(segment: Segment) -> LiveSegment {
        let n = segment.len();
        LiveSegment {
            segment: Arc::new(segment),
            live: Arc::new(vec![true; n]),
            live_count: n,
        }
    }
}

/// What one search sees: a consistent set of points, never changed after it is published.
#[derive(Debug, Clone)]
pub struct Snapshot {
    metric: Metric,
    dimension: usize,
    segments: Vec<LiveSegment>,
    count: usize,
}

/// A row that may be in the exact top k: its place, its f32 score and a bound on that score's error.
struct Candidate {
    segment: usize,
    row: usize,
    approx: f64,
    error: f64,
}

impl Snapshot {
    pub fn empty(metric: Metric, dimension: usize) -> Snapshot {
        Snapshot {
            metric,
            dimension,
            segments: Vec::new(),
            count: 0,
        }
    }

    /// Points in the collection.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Exact top `k` for each query row (row-major, `dimension` columns; unit rows for cosine),
    /// best first, ties by sequence number.
    pub fn search(
        &self,
        queries: &[f64],
        k: usize,
        filter: Option<&Map<String, Value>>,
        with_payload: bool,
    ) -> LinalgResult<Vec<Vec<ScoredPoint>>> {
        let d = self.dimension;
        let nq = queries.len() / d;
        if k == 0 {
            return Ok(vec![Vec::new(); nq]);
        }
        let filter = filter.filter(|f| !f.is_empty());
        let mut found: Vec<Vec<Candidate>> = (0..nq).map(|_| Vec::new()).collect();
        for (s, live) in self.segments.iter().enumerate() {
            if live.live_count == 0 {
                continue;
            }
            let filtered: Option<Vec<bool>> = filter.map(|f| {
                live.segment
                    .payloads
                    .iter()
                    .zip(live.live.iter())
                    .map(|(p, &alive)| alive && matches_filter(p.as_deref(), f))
                    .collect()
            });
            let allowed: Option<&[bool]> = match &filtered {
                Some(flags) => Some(flags),
                None if live.live_count < live.segment.len() => Some(&live.live),
                None => None,
            };
            self.scan_segment(s, queries, k, allowed, &mut found)?;
        }
        found
            .into_iter()
            .enumerate()
            .map(|(i, candidates)| {
                let query = &queries[i * d..(i + 1) * d];
                self.rerank(query, k, candidates, with_payload)
            })
            .collect()
    }

    /// The f32 scan of one segment: adds, for each query, the rows that could be in its top k.
    fn scan_segment(
        &self,
        s: usize,
        queries: &[f64],
        k: usize,
        allowed: Option<&[bool]>,
        found: &mut [Vec<Candidate>],
    ) -> LinalgResult<()> {
        let d = self.dimension;
        let segment = &self.segments[s].segment;
        let p = segment.scale_exp;
        // Per query: the exponent its scan score is scaled by, its scaled f32 form and norm.
        let mut scaled = Vec::with_capacity(queries.len());
        let mut exps = Vec::with_capacity(found.len());
        let mut norms = Vec::with_capacity(found.len());
        let mut representable = true;
        for q in queries.chunks_exact(d) {
            let e = match self.metric {
                // a product: each side scaled on its own
                Metric::Cosine | Metric::Dot => {
                    exponent_for_unit_range(q.iter().fold(0.0f64, |m, x| m.max(x.abs())))
                }
                // a difference: both sides need the segment's scale
                Metric::Euclidean => p,
            };
            let start = scaled.len();
            let scale = power_of_two(-e);
            scaled.extend(q.iter().map(|&x| scale(x) as f32));
            representable &= scaled[start..].iter().all(|x| x.is_finite());
            exps.push(e);
            norms.push(norm_f32(&scaled[start..]) * (1.0 + 4.0 * F64_EPS));
        }
        // Bounds on |f32 score - exact score|, in the scaled units, per query.
        let slack = d as f64 * 2f64.powi(-120);
        let errors: Vec<f64> = norms
            .iter()
            .map(|&b| match self.metric {
                Metric::Cosine | Metric::Dot => {
                    1.01 * (d as f64 + 3.0) * F32_EPS * segment.scan_norm * b + slack
                }
                Metric::Euclidean => {
                    1.01 * (F32_EPS + (d as f64 + 3.0) * F64_EPS) * (segment.scan_norm + b) + slack
                }
            })
            .collect();
        let n = segment.len();
        let hits: Vec<Vec<Hit>> = if representable {
            let margin = 2.0 * errors.iter().fold(0.0f64, |m, &e| m.max(e));
            let kernel_metric = match self.metric {
                // scaled scores are not in [-1, 1]: no clamping in the scan
                Metric::Cosine | Metric::Dot => Metric::Dot,
                Metric::Euclidean => Metric::Euclidean,
            };
            search::candidates(
                MatRef::from_row_major_slice(&segment.scan, n, d),
                MatRef::from_row_major_slice(&scaled, found.len(), d),
                k,
                kernel_metric,
                allowed,
                margin,
            )?
        } else {
            // a query too large for f32 at this segment's scale: rescore every allowed row
            let every: Vec<Hit> = (0..n)
                .filter(|&j| allowed.is_none_or(|a| a[j]))
                .map(|index| Hit { index, score: 0.0 })
                .collect();
            vec![every; found.len()]
        };
        for (i, list) in hits.into_iter().enumerate() {
            let unscale = match self.metric {
                Metric::Cosine | Metric::Dot => p + exps[i],
                Metric::Euclidean => p,
            };
            let error = if representable {
                ldexp(errors[i], unscale)
            } else {
                f64::INFINITY
            };
            for h in list {
                let approx = ldexp(h.score, unscale);
                let (approx, error) = if approx.is_finite() && error.is_finite() {
                    (approx, error)
                } else {
                    (0.0, f64::INFINITY)
                };
                found[i].push(Candidate {
                    segment: s,
                    row: h.index,
                    approx,
                    error,
                });
            }
        }
        Ok(())
    }

    /// Keeps the candidates that can still be in the top k across segments, scores them exactly
    /// in f64 from the originals and returns the best k.
    fn rerank(
        &self,
        query: &[f64],
        k: usize,
        mut candidates: Vec<Candidate>,
        with_payload: bool,
    ) -> LinalgResult<Vec<ScoredPoint>> {
        let larger = self.metric.larger_is_better();
        if candidates.len() > k {
            // The k-th best guaranteed score: k candidates are at least this good exactly, so a
            // candidate whose best possible score is worse cannot be in the top k.
            let mut guaranteed: Vec<f64> = candidates
                .iter()
                .map(|c| {
                    if larger {
                        c.approx - c.error
                    } else {
                        c.approx + c.error
                    }
                })
                .collect();
            let order = |a: &f64, b: &f64| {
                if larger {
                    b.total_cmp(a)
                } else {
                    a.total_cmp(b)
                }
            };
            let (_, &mut kth, _) = guaranteed.select_nth_unstable_by(k - 1, order);
            candidates.retain(|c| {
                if larger {
                    c.approx + c.error >= kth
                } else {
                    c.approx - c.error <= kth
                }
            });
        }
        let d = self.dimension;
        let mut scored: Vec<(f64, u64, &Candidate)> = Vec::with_capacity(candidates.len());
        for c in &candidates {
            let segment = &self.segments[c.segment].segment;
            let original = &segment.originals[c.row * d..(c.row + 1) * d];
            let score = exact_score(self.metric, original, query);
            if !score.is_finite() {
                return Err(LinalgError::NotFinite(format!(
                    "{} score overflowed to infinity; scale the vectors down",
                    self.metric.name()
                )));
            }
            scored.push((score, segment.seqs[c.row], c));
        }
        scored.sort_unstable_by(|a, b| {
            let by_score = if larger {
                b.0.total_cmp(&a.0)
            } else {
                a.0.total_cmp(&b.0)
            };
            by_score.then(a.1.cmp(&b.1))
        });
        scored.truncate(k);
        Ok(scored
            .into_iter()
            .map(|(score, _, c)| {
                let segment = &self.segments[c.segment].segment;
                ScoredPoint {
                    id: segment.ids[c.row].clone(),
                    score,
                    payload: if with_payload {
                        segment.payloads[c.row].as_deref().cloned()
                    } else {
                        None
                    },
                }
            })
            .collect())
    }
}

/// The score `/cosine-search` computes, in f64 (cosine: the query is already a unit vector).
fn exact_score(metric: Metric, original: &[f64], query: &[f64]) -> f64 {
    match metric {
        Metric::Cosine => {
            let norm = original.iter().map(|x| x * x).sum::<f64>().sqrt();
            original
                .iter()
                .zip(query)
                .map(|(x, q)| (x / norm) * q)
                .sum::<f64>()
                .clamp(-1.0, 1.0)
        }
        Metric::Dot => original.iter().zip(query).map(|(x, q)| x * q).sum(),
        Metric::Euclidean => original
            .iter()
            .zip(query)
            .map(|(x, q)| (x - q) * (x - q))
            .sum::<f64>()
            .sqrt(),
    }
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

    fn build<'a>(&mut self, rows: impl ExactSizeIterator<Item = RowRef<'a>>) -> Segment {
        let segment = Segment::build(self.next_segment, self.metric, self.dimension, rows);
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
        );
        next.segments.push(LiveSegment::new(segment));
        self.compact(&mut next);
        next
    }

    /// The snapshot after deleting `id` (already durable); `None` if it is not there.
    pub fn delete(&mut self, current: &Snapshot, id: &PointId) -> Option<Snapshot> {
        if !self.contains(id) {
            return None;
        }
        let mut next = current.clone();
        self.kill(&mut next, std::slice::from_ref(id));
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
        LiveSegment::new(self.build(rows))
    }
}

/// `e` such that `largest * 2^-e` is in [0.5, 1) (0 for 0).
fn exponent_for_unit_range(largest: f64) -> i32 {
    if largest == 0.0 || !largest.is_finite() {
        return 0;
    }
    let mut e = largest.log2().floor() as i32 + 1;
    while ldexp(largest, -e) >= 1.0 {
        e += 1;
    }
    while ldexp(largest, -e) < 0.5 {
        e -= 1;
    }
    e
}

/// `x -> x * 2^e`, exact unless the result leaves f64's range, for any `e` up to the sum of two
/// f64 exponents (|e| <= 2200). Three factors, each a normal f64, all moving `x` the same way:
/// the intermediates lie between `x` and the result, so they cannot under- or overflow first.
fn power_of_two(e: i32) -> impl Fn(f64) -> f64 {
    assert!(e.abs() <= 2200, "no f64 needs scaling by 2^{e}");
    let third = e / 3;
    let (a, b, c) = (2f64.powi(third), 2f64.powi(third), 2f64.powi(e - 2 * third));
    move |x| x * a * b * c
}

fn ldexp(x: f64, e: i32) -> f64 {
    power_of_two(e)(x)
}

fn norm_f32(row: &[f32]) -> f64 {
    row.iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use serde_json::json;

    /// The reference: a dict of id -> (vector, payload) in insertion order, searched by brute
    /// force with the same exact scores.
    #[derive(Default)]
    struct Model {
        points: Vec<(PointId, Vec<f64>, Option<SharedPayload>)>,
    }

    impl Model {
        fn upsert(&mut self, id: PointId, vector: Vec<f64>, payload: Option<SharedPayload>) {
            match self.points.iter_mut().find(|p| p.0 == id) {
                Some(p) => {
                    p.1 = vector;
                    p.2 = payload;
                }
                None => self.points.push((id, vector, payload)),
            }
        }

        fn delete(&mut self, id: &PointId) {
            self.points.retain(|p| &p.0 != id);
        }

        fn search(
            &self,
            metric: Metric,
            query: &[f64],
            k: usize,
            filter: Option<&Map<String, Value>>,
        ) -> Vec<(PointId, f64)> {
            let mut all: Vec<(usize, PointId, f64)> = self
                .points
                .iter()
                .enumerate()
                .filter(|(_, p)| filter.is_none_or(|f| matches_filter(p.2.as_deref(), f)))
                .map(|(i, p)| (i, p.0.clone(), exact_score(metric, &p.1, query)))
                .collect();
            all.sort_by(|a, b| {
                let by_score = if metric.larger_is_better() {
                    b.2.total_cmp(&a.2)
                } else {
                    a.2.total_cmp(&b.2)
                };
                by_score.then(a.0.cmp(&b.0))
            });
            all.into_iter().take(k).map(|(_, id, s)| (id, s)).collect()
        }
    }

    fn row(id: u64, seq: u64, vector: Vec<f64>) -> Row {
        Row {
            id: PointId::Int(id),
            seq,
            vector,
            payload: Some(Arc::new(
                json!({"group": id % 3}).as_object().unwrap().clone(),
            )),
        }
    }

    fn unit_query(metric: Metric, mut q: Vec<f64>) -> Vec<f64> {
        if metric == Metric::Cosine {
            let d = q.len();
            search::normalize_rows(&mut q, d).unwrap();
        }
        q
    }

    /// A random vector: coarse small integers (exact ties) or normal values, at a common scale,
    /// each point further scaled by up to 1e±8.
    fn vector(rng: &mut ChaCha8Rng, d: usize, coarse: bool, scale: f64) -> Vec<f64> {
        loop {
            let spread = 10f64.powi(rng.random_range(-8..=8));
            let v: Vec<f64> = (0..d)
                .map(|_| {
                    let x: f64 = if coarse {
                        f64::from(rng.random_range(-2i32..=2))
                    } else {
                        rng.sample(rand_distr::StandardNormal)
                    };
                    x * scale * if coarse { 1.0 } else { spread }
                })
                .collect();
            if v.iter().any(|&x| x != 0.0) {
                return v;
            }
        }
    }

    fn hits(found: &[ScoredPoint]) -> Vec<(PointId, f64)> {
        found.iter().map(|h| (h.id.clone(), h.score)).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Any sequence of upserts and deletes, searched with any k, filter and batch: the same
        /// ids, order and (bit for bit) scores as a brute-force f64 reference over an
        /// insertion-ordered dict, whatever the f32 scan rounded.
        #[test]
        fn search_equals_a_brute_force_reference(seed: u64, d in 1usize..12, coarse: bool, metric_i in 0usize..3, scale_exp in prop::sample::select(vec![-140i32, -20, 0, 20, 140])) {
            let metric = [Metric::Cosine, Metric::Dot, Metric::Euclidean][metric_i];
            let scale = 10f64.powi(scale_exp);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let (mut writer, mut snapshot) = IndexWriter::empty(metric, d);
            let mut model = Model::default();
            for _ in 0..rng.random_range(1..25) {
                if rng.random_bool(0.2) && !model.points.is_empty() {
                    let id = model.points[rng.random_range(0..model.points.len())].0.clone();
                    snapshot = writer.delete(&snapshot, &id).expect("present");
                    model.delete(&id);
                    continue;
                }
                let batch: Vec<(PointId, Vec<f64>, Option<SharedPayload>)> = (0..rng.random_range(1..20))
                    .map(|_| {
                        let id = PointId::Int(rng.random_range(0..60));
                        let payload = json!({"group": rng.random_range(0..3)});
                        (id, vector(&mut rng, d, coarse, scale), Some(Arc::new(payload.as_object().unwrap().clone())))
                    })
                    .collect();
                let seqs = writer.sequence_numbers(batch.iter().map(|p| &p.0));
                let rows = batch.iter().zip(seqs).map(|((id, v, p), seq)| Row { id: id.clone(), seq, vector: v.clone(), payload: p.clone() }).collect();
                snapshot = writer.upsert(&snapshot, rows);
                for (id, v, p) in batch {
                    model.upsert(id, v, p);
                }
            }
            prop_assert_eq!(snapshot.count(), model.points.len());
            let nq = rng.random_range(1..4);
            let queries: Vec<Vec<f64>> = (0..nq).map(|_| unit_query(metric, vector(&mut rng, d, coarse, scale))).collect();
            let k = rng.random_range(1..15);
            let filter = json!({"group": rng.random_range(0..3)});
            for filter in [None, filter.as_object()] {
                let flat: Vec<f64> = queries.concat();
                let got = snapshot.search(&flat, k, filter, true).unwrap();
                for (q, found) in queries.iter().zip(&got) {
                    prop_assert_eq!(hits(found), model.search(metric, q, k, filter));
                }
            }
        }
    }

    #[test]
    fn ties_follow_first_insertion_even_after_an_upsert_and_a_reinsert() {
        let (mut w, mut s) = IndexWriter::empty(Metric::Dot, 2);
        let same = vec![1.0, 1.0];
        let batch = |w: &mut IndexWriter, ids: &[u64]| -> Vec<Row> {
            let seqs = w.sequence_numbers(
                ids.iter()
                    .map(|&i| PointId::Int(i))
                    .collect::<Vec<_>>()
                    .iter(),
            );
            ids.iter()
                .zip(seqs)
                .map(|(&id, seq)| row(id, seq, same.clone()))
                .collect()
        };
        let rows = batch(&mut w, &[5, 3, 9]);
        s = w.upsert(&s, rows);
        // re-upserting 5 keeps its place; deleting and re-inserting 3 moves it to the end
        let rows = batch(&mut w, &[5]);
        s = w.upsert(&s, rows);
        s = w.delete(&s, &PointId::Int(3)).unwrap();
        let rows = batch(&mut w, &[3]);
        s = w.upsert(&s, rows);
        let found = s.search(&[1.0, 0.0], 10, None, false).unwrap();
        let ids: Vec<PointId> = found[0].iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids, [5, 9, 3].map(PointId::Int));
    }

    #[test]
    fn k_zero_finds_nothing() {
        let (mut w, s) = IndexWriter::empty(Metric::Dot, 1);
        let s = w.upsert(&s, vec![row(1, 0, vec![1.0])]);
        assert_eq!(
            s.search(&[1.0, 2.0], 0, None, false).unwrap(),
            vec![vec![], vec![]]
        );
    }

    #[test]
    fn a_held_snapshot_never_sees_later_writes() {
        let (mut w, s0) = IndexWriter::empty(Metric::Euclidean, 1);
        let s1 = w.upsert(&s0, vec![row(1, 0, vec![1.0]), row(2, 1, vec![2.0])]);
        let s2 = w.delete(&s1, &PointId::Int(1)).unwrap();
        let s3 = w.upsert(&s2, vec![row(2, 1, vec![7.0])]);
        let near = |s: &Snapshot| hits(&s.search(&[0.0], 1, None, false).unwrap()[0]);
        assert_eq!(near(&s1), vec![(PointId::Int(1), 1.0)]);
        assert_eq!(near(&s2), vec![(PointId::Int(2), 2.0)]);
        assert_eq!(near(&s3), vec![(PointId::Int(2), 7.0)]);
        assert_eq!(
            (s0.count(), s1.count(), s2.count(), s3.count()),
            (0, 2, 1, 1)
        );
    }

    #[test]
    fn segments_stay_logarithmic_under_many_small_batches_and_deletes() {
        let (mut w, mut s) = IndexWriter::empty(Metric::Dot, 3);
        for b in 0..300u64 {
            let rows = (0..10)
                .map(|i| row(b * 10 + i, b * 10 + i, vec![1.0, i as f64, b as f64]))
                .collect();
            s = w.upsert(&s, rows);
            assert!(
                s.segments.len() <= 2 + (s.count() as f64).log2() as usize,
                "{} segments for {} points",
                s.segments.len(),
                s.count()
            );
        }
        for id in 0..2900u64 {
            s = w.delete(&s, &PointId::Int(id)).unwrap();
        }
        assert_eq!(s.count(), 100);
        let total_rows: usize = s.segments.iter().map(|l| l.segment.len()).sum();
        assert!(
            total_rows <= 2 * s.count(),
            "{total_rows} rows kept for {} points",
            s.count()
        );
        let best = s.search(&[0.0, 0.0, 1.0], 1, None, false).unwrap();
        assert_eq!(best[0][0].id, PointId::Int(2990));
    }

    #[test]
    fn a_query_beyond_f32_at_the_segment_scale_is_rescored_exactly() {
        let (mut w, s) = IndexWriter::empty(Metric::Euclidean, 2);
        let s = w.upsert(
            &s,
            vec![row(1, 0, vec![1e-30, 0.0]), row(2, 1, vec![0.0, 2e-30])],
        );
        let found = s.search(&[1e20, 1e20], 2, None, false).unwrap();
        assert_eq!(found[0].len(), 2);
        assert_eq!(
            found[0][0].score,
            exact_score(Metric::Euclidean, &[0.0, 2e-30], &[1e20, 1e20])
        );
    }

    proptest! {
        #[test]
        fn rows_sort_by_sequence_number_in_place(seqs in prop::collection::vec(0u64..1000, 0..60).prop_map(|mut v| { v.sort(); v.dedup(); v }), seed: u64) {
            // shuffle distinct sequence numbers; each row's vector and id remember its number
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut shuffled = seqs.clone();
            for i in (1..shuffled.len()).rev() {
                shuffled.swap(i, rng.random_range(0..=i));
            }
            let mut columns = Columns {
                originals: shuffled.iter().flat_map(|&s| [s as f64, -(s as f64)]).collect(),
                ids: shuffled.iter().map(|&s| PointId::Int(s)).collect(),
                seqs: shuffled.clone(),
                payloads: vec![None; shuffled.len()],
            };
            columns.sort_by_seq(2);
            prop_assert_eq!(&columns.seqs, &seqs);
            prop_assert_eq!(columns.ids, seqs.iter().map(|&s| PointId::Int(s)).collect::<Vec<_>>());
            prop_assert_eq!(columns.originals, seqs.iter().flat_map(|&s| [s as f64, -(s as f64)]).collect::<Vec<_>>());
        }
    }

    #[test]
    fn scaling_exponents_put_the_largest_entry_in_half_open_unit_range() {
        for x in [1e-310, 5e-324, 1e-30, 0.75, 1.0, 3.0, 1e300, f64::MAX] {
            let e = exponent_for_unit_range(x);
            let y = ldexp(x, -e);
            assert!((0.5..1.0).contains(&y), "{x} -> {y} with 2^{e}");
        }
        assert_eq!(exponent_for_unit_range(0.0), 0);
        assert_eq!(ldexp(f64::MIN_POSITIVE, 2045), 2f64.powi(1023));
        assert_eq!(ldexp(5e-324, 2097), 2f64.powi(1023));
        assert_eq!(ldexp(2f64.powi(1023), -2097), 5e-324);
    }
}
