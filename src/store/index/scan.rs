//! Searching a snapshot: the f32 scan of each segment with a proven error bound, then exact
//! rescoring of the candidates in f64.

use faer::MatRef;
use serde_json::{Map, Value};

use super::int8::{self, QueryCodes};
use super::segment::{LiveSegment, ldexp, norm_f32, power_of_two};
use super::{F32_EPS, F64_EPS};
use crate::linalg::search::{self, Hit, Metric};
use crate::linalg::{ErrorClass, LinalgError, LinalgResult, Quantity};
use crate::store::filter::matches_filter;
use crate::store::{ScoredPoint, StoreError, StoreResult};

/// What one search sees: a consistent set of points, never changed after it is published.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub(super) metric: Metric,
    pub(super) dimension: usize,
    pub(super) segments: Vec<LiveSegment>,
    pub(super) count: usize,
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
    ) -> StoreResult<Vec<Vec<ScoredPoint>>> {
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
                    .rows
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
            self.scan_segment(s, queries, k, allowed, &mut found)
                .map_err(refused)?;
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

    /// How many rows each query's search rescores in f64 (for the tests that keep the bound
    /// useful).
    #[cfg(test)]
    pub(super) fn rescored_rows(&self, queries: &[f64], k: usize) -> Vec<usize> {
        let mut found: Vec<Vec<Candidate>> = (0..queries.len() / self.dimension)
            .map(|_| Vec::new())
            .collect();
        for s in 0..self.segments.len() {
            self.scan_segment(s, queries, k, None, &mut found).unwrap();
        }
        found.into_iter().map(|c| self.prune(k, c).len()).collect()
    }

    /// The scan of one segment (int8 for cosine and dot, f32 for euclidean): adds, for each
    /// query, the rows that could be in its top k.
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
        if self.metric != Metric::Euclidean {
            let codes: Vec<QueryCodes> = queries.chunks_exact(d).map(QueryCodes::new).collect();
            let lists = int8::candidates(&segment.rows.codes, d, &codes, k, allowed);
            for (list, found) in lists.into_iter().zip(found.iter_mut()) {
                found.extend(list.into_iter().map(|c| Candidate {
                    segment: s,
                    row: c.row,
                    approx: c.approx,
                    error: c.error,
                }));
            }
            return Ok(());
        }
        // Euclidean: the f32 scan. A difference needs both sides at the segment's scale.
        let p = segment.scale_exp;
        let scale = power_of_two(-p);
        let scaled: Vec<f32> = queries.iter().map(|&x| scale(x) as f32).collect();
        let representable = scaled.iter().all(|x| x.is_finite());
        // Bounds on |f32 score - exact score|, in the scaled units, per query.
        let slack = d as f64 * 2f64.powi(-120);
        let errors: Vec<f64> = scaled
            .chunks_exact(d)
            .map(|q| {
                let b = norm_f32(q) * (1.0 + 4.0 * F64_EPS);
                1.01 * (F32_EPS + (d as f64 + 3.0) * F64_EPS) * (segment.scan_norm + b) + slack
            })
            .collect();
        let n = segment.len();
        let hits: Vec<Vec<Hit>> = if representable {
            let margin = 2.0 * errors.iter().fold(0.0f64, |m, &e| m.max(e));
            search::candidates(
                MatRef::from_row_major_slice(&segment.scan, n, d),
                MatRef::from_row_major_slice(&scaled, found.len(), d),
                k,
                Metric::Euclidean,
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
            let error = if representable {
                ldexp(errors[i], p)
            } else {
                f64::INFINITY
            };
            for h in list {
                let approx = ldexp(h.score, p);
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
        candidates: Vec<Candidate>,
        with_payload: bool,
    ) -> StoreResult<Vec<ScoredPoint>> {
        let candidates = self.prune(k, candidates);
        self.rescore(query, k, &candidates, with_payload)
    }

    /// The candidates that can still be in the top k across segments.
    fn prune(&self, k: usize, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
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
        candidates
    }

    /// Scores `candidates` exactly in f64 from the originals; the best k.
    fn rescore(
        &self,
        query: &[f64],
        k: usize,
        candidates: &[Candidate],
        with_payload: bool,
    ) -> StoreResult<Vec<ScoredPoint>> {
        let larger = self.metric.larger_is_better();
        let (mut bytes, mut original) = (Vec::new(), vec![0.0; self.dimension]);
        let mut scored: Vec<(f64, u64, &Candidate)> = Vec::with_capacity(candidates.len());
        for c in candidates {
            let segment = &self.segments[c.segment].segment;
            segment
                .originals
                .read(segment.rows.slots[c.row], &mut bytes, &mut original)
                .map_err(unreadable)?;
            let score = exact_score(self.metric, &original, query);
            if !score.is_finite() {
                return Err(refused(LinalgError::NotFinite {
                    quantity: Quantity::Score,
                    hint: "scale the vectors down",
                }));
            }
            scored.push((score, segment.rows.seqs[c.row], c));
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
                    id: segment.rows.ids[c.row].clone(),
                    score,
                    payload: if with_payload {
                        segment.rows.payloads[c.row].as_deref().cloned()
                    } else {
                        None
                    },
                }
            })
            .collect())
    }
}

/// A search the numbers refuse (a score that overflows), as the store's error.
fn refused(e: LinalgError) -> StoreError {
    match e.class() {
        ErrorClass::NotFinite => StoreError::NotFinite(e.describe(&[])),
        _ => StoreError::Invalid(e.describe(&[])),
    }
}

/// A stored vector that could not be read back from the originals file (the disk failed).
fn unreadable(e: std::io::Error) -> StoreError {
    StoreError::Storage(format!("reading a stored vector back failed: {e}"))
}

/// The score `/cosine-search` computes, in f64 (cosine: the query is already a unit vector).
pub(crate) fn exact_score(metric: Metric, original: &[f64], query: &[f64]) -> f64 {
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
