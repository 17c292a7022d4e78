//! A collection's searchable form: immutable segments, published as snapshots.
//!
//! **Why snapshots.** A search clones an `Arc<Snapshot>` and scans it with no lock held; nothing
//! a search can see is ever mutated. A write builds the next snapshot beside the current one (the
//! live-row flags copied for the segments it touches, the batch appended as a new small segment)
//! and publishes it by swapping one pointer, so a write blocks searches for no longer than that
//! swap. Searches in flight finish on the snapshot they started with.
//!
//! **Why a narrow scan plus the originals.** The scan is memory-bound, so it reads each row in
//! fewer bytes than f64: cosine and dot collections as int8 codes with a scale per row (an
//! eighth of the bytes; [`int8`] derives the bound), euclidean ones as f32 (half), each segment
//! scaled by a power of two (exact in binary) so that its largest entry is in [0.5, 1) and no
//! value over- or underflows f32's range whatever the client sent. A rigorous bound on the
//! scan's error decides which rows could be in the exact top k; only those are rescored in f64
//! from the original vectors, so the scores and the order equal a float64 reference
//! (`/cosine-search` on the same data), not an approximation of it.
//!
//! **Where the originals are.** Not in memory: in an append-only file per collection
//! ([`Originals`]), from which rescoring reads the ~100 candidate rows of a query; what stays
//! resident is the scan (1 byte per dimension per point for cosine and dot) and ~60 bytes per
//! point (the bound's five numbers, slot, sequence number, id, payload pointer). A collection's
//! index is saved as a [`checkpoint`] beside its originals file (redb), so that a restart reads
//! neither the vectors nor the codes' inputs again.
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

pub mod checkpoint;
mod int8;
mod originals;
mod scan;
mod segment;
mod writer;

use std::io;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::PointId;
use crate::linalg::search::Metric;
use int8::Codes;

pub use originals::Originals;
pub use scan::Snapshot;
#[cfg(test)]
pub(crate) use scan::exact_score;
pub use writer::IndexWriter;

/// A payload, shared between snapshots and segments instead of copied.
pub type SharedPayload = Arc<Map<String, Value>>;

/// f32's unit roundoff.
const F32_EPS: f64 = 1.0 / (1u64 << 24) as f64;
/// f64's unit roundoff.
const F64_EPS: f64 = 1.0 / (1u64 << 53) as f64;

/// One point on its way into the index (an upsert's row, the vector still in memory).
#[derive(Debug, Clone)]
pub struct Row {
    pub id: PointId,
    pub seq: u64,
    /// Exactly as the client sent it.
    pub vector: Vec<f64>,
    pub payload: Option<SharedPayload>,
}

/// A segment's rows as parallel columns: where each original is in the [`Originals`] file, the
/// ids, sequence numbers, payloads, and (cosine and dot) the int8 codes.
#[derive(Debug, Default)]
struct Columns {
    slots: Vec<u64>,
    ids: Vec<PointId>,
    seqs: Vec<u64>,
    payloads: Vec<Option<SharedPayload>>,
    codes: Codes,
}

impl Columns {
    fn with_capacity(metric: Metric, rows: usize, dimension: usize) -> Columns {
        Columns {
            slots: Vec::with_capacity(rows),
            ids: Vec::with_capacity(rows),
            seqs: Vec::with_capacity(rows),
            payloads: Vec::with_capacity(rows),
            codes: if metric == Metric::Euclidean {
                Codes::default()
            } else {
                Codes::with_capacity(rows, dimension)
            },
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Appends a row whose vector is at `slot`; `vector` is encoded for the int8 scan (cosine:
    /// its unit row, computed exactly as the exact score does, in `unit`).
    fn push(
        &mut self,
        metric: Metric,
        (id, seq, slot, payload): (PointId, u64, u64, Option<SharedPayload>),
        vector: &[f64],
        unit: &mut Vec<f64>,
    ) {
        self.slots.push(slot);
        self.ids.push(id);
        self.seqs.push(seq);
        self.payloads.push(payload);
        match metric {
            Metric::Euclidean => {}
            Metric::Dot => self.codes.push(vector),
            Metric::Cosine => {
                let norm = vector.iter().map(|x| x * x).sum::<f64>().sqrt();
                debug_assert!(norm > 0.0, "no zero rows");
                unit.clear();
                unit.extend(vector.iter().map(|x| x / norm));
                self.codes.push(unit);
            }
        }
    }

    /// Appends row `i` of `other` as it is there (codes copied, not encoded again).
    fn push_from(&mut self, other: &Columns, i: usize, dimension: usize) {
        self.slots.push(other.slots[i]);
        self.ids.push(other.ids[i].clone());
        self.seqs.push(other.seqs[i]);
        self.payloads.push(other.payloads[i].clone());
        if other.codes.len() > 0 {
            self.codes.push_from(&other.codes, i, dimension);
        }
    }

    /// Sorts the rows by sequence number in place (no second copy of the codes: a collection
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
        self.slots.swap(a, b);
        self.ids.swap(a, b);
        self.seqs.swap(a, b);
        self.payloads.swap(a, b);
        if self.codes.len() > 0 {
            self.codes.swap_rows(a, b, d);
        }
    }
}

/// Builds a collection's index from its stored points, one at a time, in any order: each
/// original goes to the [`Originals`] file as it arrives (a load never holds the collection's
/// f64 vectors in memory), each code is made at once, and the rows are sorted by sequence
/// number at the end.
pub struct Loader {
    metric: Metric,
    dimension: usize,
    originals: Arc<Originals>,
    appender: originals::Appender,
    columns: Columns,
    /// `known[i]`: row i carried its sequence number (rows written before they were stored get
    /// theirs after the others, in the order given).
    known: Vec<bool>,
    unit: Vec<f64>,
}

impl Loader {
    pub fn new(metric: Metric, dimension: usize, originals: Arc<Originals>) -> Loader {
        Loader {
            metric,
            dimension,
            appender: Originals::appender(&originals),
            originals,
            columns: Columns::with_capacity(metric, 0, dimension),
            known: Vec::new(),
            unit: Vec::with_capacity(dimension),
        }
    }

    /// Adds one stored point (`vector` must be `dimension` long).
    pub fn push(
        &mut self,
        id: PointId,
        seq: Option<u64>,
        vector: &[f64],
        payload: Option<SharedPayload>,
    ) -> io::Result<()> {
        debug_assert_eq!(vector.len(), self.dimension);
        let slot = self.appender.push(vector)?;
        let row = (id, seq.unwrap_or(0), slot, payload);
        self.columns.push(self.metric, row, vector, &mut self.unit);
        self.known.push(seq.is_some());
        Ok(())
    }

    /// The writer and the first snapshot.
    pub fn finish(self) -> io::Result<(IndexWriter, Snapshot)> {
        self.appender.finish()?;
        IndexWriter::load(
            self.metric,
            self.dimension,
            self.originals,
            self.columns,
            &self.known,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::scan::exact_score;
    use super::segment::{exponent_for_unit_range, ldexp};
    use super::*;
    use crate::linalg::search::{self, Metric};
    use crate::store::ScoredPoint;
    use crate::store::filter::matches_filter;
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

    /// An empty index whose originals go to an unlinked file in the system's temporary directory.
    fn empty(metric: Metric, d: usize) -> (IndexWriter, Snapshot) {
        let originals = Originals::temporary(&std::env::temp_dir(), d).unwrap();
        IndexWriter::empty(metric, d, Arc::new(originals))
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
            let (mut writer, mut snapshot) = empty(metric, d);
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
                snapshot = writer.upsert(&snapshot, rows).unwrap();
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

    /// The int8 scan's hard cases: near-duplicates (differences far below a code's step), exact
    /// ties, rows whose entries span 1e-140 to 1e140 within one segment, and dimensions 1 and
    /// 4096: the same ids, order and scores as the brute-force reference.
    #[test]
    fn near_duplicates_wide_rows_and_mixed_magnitudes_stay_exact() {
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        for (d, n) in [(1usize, 200usize), (384, 300), (4096, 60)] {
            for metric in [Metric::Cosine, Metric::Dot] {
                let base: Vec<f64> = (0..d).map(|_| rng.random_range(-1.0..1.0)).collect();
                let (mut writer, mut snapshot) = empty(metric, d);
                let mut model = Model::default();
                let rows: Vec<Row> = (0..n as u64)
                    .map(|i| {
                        let v: Vec<f64> = match i % 4 {
                            // a near-duplicate of the base: 1e-12 apart
                            0 => base
                                .iter()
                                .map(|x| x + 1e-12 * rng.random_range(-1.0..1.0))
                                .collect(),
                            // an exact copy: ties
                            1 => base.clone(),
                            // the base at another magnitude
                            2 => base
                                .iter()
                                .map(|x| x * 10f64.powi(rng.random_range(-140..=140)))
                                .collect(),
                            _ => (0..d).map(|_| rng.random_range(-1.0..1.0)).collect(),
                        };
                        row(i, i, v)
                    })
                    .collect();
                for r in &rows {
                    model.upsert(r.id.clone(), r.vector.clone(), r.payload.clone());
                }
                snapshot = writer.upsert(&snapshot, rows).unwrap();
                for query in [base.clone(), base.iter().map(|x| -x * 1e-3).collect()] {
                    let query = unit_query(metric, query);
                    for k in [1, 10, 40] {
                        let got = snapshot.search(&query, k, None, false).unwrap();
                        assert_eq!(
                            hits(&got[0]),
                            model.search(metric, &query, k, None),
                            "d {d} {metric:?} k {k}"
                        );
                    }
                }
            }
        }
    }

    /// The bound must stay useful beyond uniform data: rows rescored in f64 per query (k = 10,
    /// 20,000 x 384) on uniform random vectors, a Gaussian mixture of 100 anisotropic clusters,
    /// and a set of 200 vectors with 99 near-duplicates each (a query near one of them has 100
    /// rows within 1e-6 of each other, all of which any exact method must compare). Printed with
    /// `--nocapture`; benches/README.md quotes them.
    #[test]
    fn the_int8_bound_rescores_tens_of_rows_on_uniform_clustered_and_duplicated_data() {
        let (n, d, k) = (20_000, 384, 10);
        let mut rng = ChaCha8Rng::seed_from_u64(23);
        let normal = |rng: &mut ChaCha8Rng| -> f64 { rng.sample(rand_distr::StandardNormal) };
        let uniform: Vec<Vec<f64>> = (0..n + 50)
            .map(|_| (0..d).map(|_| normal(&mut rng)).collect())
            .collect();
        let centers: Vec<(Vec<f64>, Vec<f64>)> = (0..100)
            .map(|_| {
                let center = (0..d).map(|_| normal(&mut rng)).collect();
                // anisotropic: a spread per axis between 0.05 and 1
                let spread = (0..d).map(|_| rng.random_range(0.05..1.0)).collect();
                (center, spread)
            })
            .collect();
        let clustered: Vec<Vec<f64>> = (0..n + 50)
            .map(|_| {
                let (c, s) = &centers[rng.random_range(0..100)];
                c.iter()
                    .zip(s)
                    .map(|(m, w)| m + w * normal(&mut rng))
                    .collect()
            })
            .collect();
        let bases: Vec<Vec<f64>> = (0..200)
            .map(|_| (0..d).map(|_| normal(&mut rng)).collect())
            .collect();
        let duplicated: Vec<Vec<f64>> = (0..n + 50)
            .map(|i| {
                bases[i % 200]
                    .iter()
                    .map(|x| x + 1e-6 * normal(&mut rng))
                    .collect()
            })
            .collect();
        for (name, data, mean_limit) in [
            ("uniform", uniform, 100.0),
            ("clustered", clustered, 150.0),
            ("near-duplicates", duplicated, 150.0),
        ] {
            let (points, queries) = data.split_at(n);
            let (mut writer, snapshot) = empty(Metric::Cosine, d);
            let rows = points
                .iter()
                .enumerate()
                .map(|(i, v)| row(i as u64, i as u64, v.clone()))
                .collect();
            let snapshot = writer.upsert(&snapshot, rows).unwrap();
            let flat: Vec<f64> = queries
                .iter()
                .flat_map(|q| unit_query(Metric::Cosine, q.clone()))
                .collect();
            let counts = snapshot.rescored_rows(&flat, k);
            let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
            let worst = counts.iter().max().copied().unwrap_or(0);
            eprintln!(
                "{name}: rows rescored per query, mean {mean:.1}, worst {worst} (k = {k}, {n} x {d})"
            );
            assert!(mean <= mean_limit, "{name}: mean {mean}");
        }
    }

    #[test]
    fn ties_follow_first_insertion_even_after_an_upsert_and_a_reinsert() {
        let (mut w, mut s) = empty(Metric::Dot, 2);
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
        s = w.upsert(&s, rows).unwrap();
        // re-upserting 5 keeps its place; deleting and re-inserting 3 moves it to the end
        let rows = batch(&mut w, &[5]);
        s = w.upsert(&s, rows).unwrap();
        s = w.delete(&s, &PointId::Int(3)).unwrap();
        let rows = batch(&mut w, &[3]);
        s = w.upsert(&s, rows).unwrap();
        let found = s.search(&[1.0, 0.0], 10, None, false).unwrap();
        let ids: Vec<PointId> = found[0].iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids, [5, 9, 3].map(PointId::Int));
    }

    /// Replacing the same points over and over fills the originals file with dead rows; once
    /// they outnumber the live ones (plus an allowance) the live rows move to a new file, and a
    /// snapshot taken before still reads its own file.
    #[test]
    fn a_file_of_mostly_replaced_rows_is_rewritten_and_old_snapshots_still_read_theirs() {
        for metric in [Metric::Cosine, Metric::Euclidean] {
            let (mut w, mut s) = empty(metric, 3);
            let mut model = Model::default();
            let mut before = None;
            for round in 0..500u64 {
                let rows: Vec<Row> = (0..10)
                    .map(|i| row(i, i, vec![1.0 + i as f64, round as f64, -(i as f64)]))
                    .collect();
                for r in &rows {
                    model.upsert(r.id.clone(), r.vector.clone(), r.payload.clone());
                }
                s = w.upsert(&s, rows).unwrap();
                if round == 100 {
                    before = Some((s.clone(), model.search(metric, &[0.6, 0.8, 0.0], 4, None)));
                }
            }
            assert!(
                w.originals_rows() < 4096,
                "{metric:?}: {} rows in the file for 10 points",
                w.originals_rows()
            );
            let query = [0.6, 0.8, 0.0];
            assert_eq!(
                hits(&s.search(&query, 4, None, false).unwrap()[0]),
                model.search(metric, &query, 4, None)
            );
            let (old, expected) = before.unwrap();
            assert_eq!(
                hits(&old.search(&query, 4, None, false).unwrap()[0]),
                expected
            );
        }
    }

    #[test]
    fn k_zero_finds_nothing() {
        let (mut w, s) = empty(Metric::Dot, 1);
        let s = w.upsert(&s, vec![row(1, 0, vec![1.0])]).unwrap();
        assert_eq!(
            s.search(&[1.0, 2.0], 0, None, false).unwrap(),
            vec![vec![], vec![]]
        );
    }

    #[test]
    fn a_held_snapshot_never_sees_later_writes() {
        let (mut w, s0) = empty(Metric::Euclidean, 1);
        let s1 = w
            .upsert(&s0, vec![row(1, 0, vec![1.0]), row(2, 1, vec![2.0])])
            .unwrap();
        let s2 = w.delete(&s1, &PointId::Int(1)).unwrap();
        let s3 = w.upsert(&s2, vec![row(2, 1, vec![7.0])]).unwrap();
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
        let (mut w, mut s) = empty(Metric::Dot, 3);
        for b in 0..300u64 {
            let rows = (0..10)
                .map(|i| row(b * 10 + i, b * 10 + i, vec![1.0, i as f64, b as f64]))
                .collect();
            s = w.upsert(&s, rows).unwrap();
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
        let (mut w, s) = empty(Metric::Euclidean, 2);
        let s = w
            .upsert(
                &s,
                vec![row(1, 0, vec![1e-30, 0.0]), row(2, 1, vec![0.0, 2e-30])],
            )
            .unwrap();
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
            // every column of a row remembers its number: the slot, the id, the codes of [s, -s]
            let mut columns = Columns::with_capacity(Metric::Dot, shuffled.len(), 2);
            for &s in &shuffled {
                let row = (PointId::Int(s), s, s, None);
                columns.push(Metric::Dot, row, &[s as f64, -(s as f64)], &mut Vec::new());
            }
            columns.sort_by_seq(2);
            prop_assert_eq!(&columns.seqs, &seqs);
            prop_assert_eq!(&columns.slots, &seqs);
            prop_assert_eq!(columns.ids, seqs.iter().map(|&s| PointId::Int(s)).collect::<Vec<_>>());
            let mut expected = Columns::with_capacity(Metric::Dot, seqs.len(), 2);
            for &s in &seqs {
                expected.codes.push(&[s as f64, -(s as f64)]);
            }
            prop_assert_eq!(&columns.codes.codes, &expected.codes.codes);
            prop_assert_eq!(&columns.codes.l2, &expected.codes.l2);
            prop_assert_eq!(&columns.codes.residual, &expected.codes.residual);
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
