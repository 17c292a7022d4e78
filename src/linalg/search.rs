//! The exact top-k similarity search kernel shared by `/cosine-search` and stored collections.
//!
//! Scores for a block of queries come from one matrix product (`Q E^T`, faer), then each query's
//! best `k` are found with a partial selection (`select_nth_unstable_by`, O(n)) and only those
//! `k` are sorted. The comparison is a total order (score, then lower index), so ties resolve
//! exactly as the contract says even when they straddle the cut-off.
//!
//! Cosine similarity is the dot product of unit vectors: callers normalise once (stored
//! collections at insert time) with [`normalize_rows`] and search with [`Metric::Cosine`], which
//! clamps to [-1, 1]. Euclidean distance is computed directly, not from `|a|^2 + |b|^2 - 2ab`,
//! so identical vectors are at distance exactly 0.
//!
//! The kernel is generic over the stored scalar: f64 for request data, f32 for collections.

use std::cmp::Ordering;

use faer::{Accum, Mat, MatRef, Par};

use super::{LinalgError, LinalgResult, Quantity};

/// Most scores held at once: the embeddings are scored in chunks of rows of this many entries.
const SCORE_BLOCK_ENTRIES: usize = 1 << 22;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Cosine,
    Dot,
    Euclidean,
}

impl Metric {
    pub const ALL: [Metric; 3] = [Metric::Cosine, Metric::Dot, Metric::Euclidean];

    pub fn parse(name: &str) -> Option<Metric> {
        match name {
            "cosine" => Some(Metric::Cosine),
            "dot" => Some(Metric::Dot),
            "euclidean" => Some(Metric::Euclidean),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::Cosine => "cosine",
            Metric::Dot => "dot",
            Metric::Euclidean => "euclidean",
        }
    }

    /// Whether a larger score is a better match (similarities) or a smaller one (distances).
    pub fn larger_is_better(self) -> bool {
        !matches!(self, Metric::Euclidean)
    }
}

/// One result: the row index in the searched set and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub score: f64,
}

/// A scalar the kernel can search over.
pub trait Scalar: faer::traits::RealField + Copy + Into<f64> + Send + Sync {
    fn from_f64(x: f64) -> Self;
}
impl Scalar for f64 {
    fn from_f64(x: f64) -> Self {
        x
    }
}
impl Scalar for f32 {
    fn from_f64(x: f64) -> Self {
        x as f32
    }
}

/// Scales each row of a row-major buffer to unit length. Fails with the first zero row's index.
pub fn normalize_rows<T: Scalar>(data: &mut [T], dim: usize) -> Result<(), usize> {
    for (i, row) in data.chunks_exact_mut(dim).enumerate() {
        let norm = row
            .iter()
            .map(|&x| {
                let x: f64 = x.into();
                x * x
            })
            .sum::<f64>()
            .sqrt();
        if norm == 0.0 {
            return Err(i);
        }
        row.iter_mut()
            .for_each(|x| *x = T::from_f64(Into::<f64>::into(*x) / norm));
    }
    Ok(())
}

/// Top `k` rows of `embeddings` (n x d) for each row of `queries` (q x d), best first.
///
/// `allowed`, when given, has one flag per embedding row; rows that are not allowed are never
/// returned (a filter applied before the selection, so up to `k` allowed rows always come back).
/// For [`Metric::Cosine`] both operands must already have unit rows.
pub fn search<T: Scalar>(
    embeddings: MatRef<'_, T>,
    queries: MatRef<'_, T>,
    k: usize,
    metric: Metric,
    allowed: Option<&[bool]>,
) -> LinalgResult<Vec<Vec<Hit>>> {
    let chunk = rows_per_chunk(embeddings.nrows(), queries.nrows());
    search_in_chunks(embeddings, queries, k, metric, allowed, chunk, None)
}

/// Embedding rows scored at a time: the embeddings are streamed once, chunk by chunk, against
/// every query (a memory-bound scan should not be repeated per query block), with at most
/// [`SCORE_BLOCK_ENTRIES`] scores held at once.
fn rows_per_chunk(n: usize, queries: usize) -> usize {
    (SCORE_BLOCK_ENTRIES / queries.max(1)).clamp(256, n.max(256))
}

/// Candidates for an exact re-ranking: for each query, its best `k` allowed rows *and* every
/// allowed row whose score is within `margin` of the k-th best, best first.
///
/// When each computed score is within `margin / 2` of the exact one, the exact top `k` is among
/// the candidates (whatever the rounding did to the order), so rescoring them exactly gives the
/// exact answer. An infinite margin returns every allowed row.
pub fn candidates<T: Scalar>(
    embeddings: MatRef<'_, T>,
    queries: MatRef<'_, T>,
    k: usize,
    metric: Metric,
    allowed: Option<&[bool]>,
    margin: f64,
) -> LinalgResult<Vec<Vec<Hit>>> {
    assert!(margin >= 0.0, "a margin is a non-negative width");
    let chunk = rows_per_chunk(embeddings.nrows(), queries.nrows());
    search_in_chunks(embeddings, queries, k, metric, allowed, chunk, Some(margin))
}

/// [`search`] (no margin) or [`candidates`] with an explicit number of embedding rows scored at
/// a time. Each query keeps its best k so far (and, with a margin, the rows within it), merged
/// chunk by chunk under the same total order.
fn search_in_chunks<T: Scalar>(
    embeddings: MatRef<'_, T>,
    queries: MatRef<'_, T>,
    k: usize,
    metric: Metric,
    allowed: Option<&[bool]>,
    chunk: usize,
    margin: Option<f64>,
) -> LinalgResult<Vec<Vec<Hit>>> {
    let n = embeddings.nrows();
    assert_eq!(
        queries.ncols(),
        embeddings.ncols(),
        "query dimension checked by the caller"
    );
    if let Some(a) = allowed {
        assert_eq!(a.len(), n, "one filter flag per embedding");
    }
    let nq = queries.nrows();
    let larger = metric.larger_is_better();
    let mut best: Vec<Vec<Hit>> = vec![Vec::new(); nq];
    if k == 0 {
        return Ok(best);
    }
    let mut start = 0;
    while start < n {
        let rows = chunk.min(n - start);
        // rows x nq, column-major: each query's scores for this chunk are one contiguous column.
        let scores = score_block(embeddings.subrows(start, rows), queries, metric);
        let allowed_chunk = allowed.map(|a| &a[start..start + rows]);
        for (i, kept) in best.iter_mut().enumerate() {
            let column: Vec<f64> = (0..rows).map(|j| scores[(j, i)]).collect();
            if column.iter().any(|s| !s.is_finite()) {
                return Err(LinalgError::NotFinite {
                    quantity: Quantity::Score,
                    hint: "scale the vectors down",
                });
            }
            let mut hits = top_k(&column, k, larger, allowed_chunk);
            hits.iter_mut().for_each(|h| h.index += start);
            let Some(margin) = margin else {
                kept.extend(hits);
                kept.sort_unstable_by(better(larger));
                kept.truncate(k);
                continue;
            };
            let mut merged: Vec<Hit> = kept.iter().copied().chain(hits).collect();
            merged.sort_unstable_by(better(larger));
            let Some(kth) = merged.get(k - 1).map(|h| h.score) else {
                // fewer than k allowed rows so far: every one is a candidate
                *kept = merged;
                continue;
            };
            let within = |s: f64| {
                if larger {
                    s >= kth - margin
                } else {
                    s <= kth + margin
                }
            };
            kept.retain(|h| within(h.score));
            kept.extend(
                column
                    .iter()
                    .enumerate()
                    .filter(|&(j, &s)| allowed_chunk.is_none_or(|a| a[j]) && within(s))
                    .map(|(j, &score)| Hit {
                        index: start + j,
                        score,
                    }),
            );
            kept.sort_unstable_by(better(larger));
        }
        start += rows;
    }
    Ok(best)
}

/// Scores of every (embedding, query) pair as an n x q f64 matrix (column i: query i).
fn score_block<T: Scalar>(
    embeddings: MatRef<'_, T>,
    queries: MatRef<'_, T>,
    metric: Metric,
) -> Mat<f64> {
    let (n, q) = (embeddings.nrows(), queries.nrows());
    match metric {
        Metric::Dot | Metric::Cosine => {
            let mut out = Mat::<T>::zeros(n, q);
            faer::linalg::matmul::matmul(
                out.as_mut(),
                Accum::Replace,
                embeddings,
                queries.transpose(),
                T::from_f64(1.0),
                Par::Seq,
            );
            let clamp = matches!(metric, Metric::Cosine);
            Mat::from_fn(n, q, |j, i| {
                let s: f64 = out[(j, i)].into();
                if clamp { s.clamp(-1.0, 1.0) } else { s }
            })
        }
        Metric::Euclidean => Mat::from_fn(n, q, |j, i| {
            (0..embeddings.ncols())
                .map(|c| {
                    let diff: f64 =
                        Into::<f64>::into(embeddings[(j, c)]) - Into::<f64>::into(queries[(i, c)]);
                    diff * diff
                })
                .sum::<f64>()
                .sqrt()
        }),
    }
}

/// Orders hits best first: by score (descending or ascending), then by lower index.
fn better(larger_is_better: bool) -> impl Fn(&Hit, &Hit) -> Ordering {
    move |a, b| {
        let by_score = if larger_is_better {
            b.score.total_cmp(&a.score)
        } else {
            a.score.total_cmp(&b.score)
        };
        by_score.then(a.index.cmp(&b.index))
    }
}

/// The best `k` of `scores` (all of them if fewer), best first, ties by lower index.
pub fn top_k(
    scores: &[f64],
    k: usize,
    larger_is_better: bool,
    allowed: Option<&[bool]>,
) -> Vec<Hit> {
    let mut hits: Vec<Hit> = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| allowed.is_none_or(|a| a[*i]))
        .map(|(index, &score)| Hit { index, score })
        .collect();
    let order = better(larger_is_better);
    if k < hits.len() {
        hits.select_nth_unstable_by(k, &order);
        hits.truncate(k);
    }
    hits.sort_unstable_by(&order);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::testutil::random_mat;
    use proptest::prelude::*;

    fn brute_force(scores: &[f64], k: usize, larger: bool) -> Vec<Hit> {
        let mut all: Vec<Hit> = scores
            .iter()
            .enumerate()
            .map(|(index, &score)| Hit { index, score })
            .collect();
        all.sort_by(better(larger));
        all.truncate(k);
        all
    }

    #[test]
    fn ties_are_broken_by_lower_index_even_at_the_cut() {
        let scores = [0.5, 0.9, 0.5, 0.9, 0.5];
        let hits = top_k(&scores, 3, true, None);
        let idx: Vec<usize> = hits.iter().map(|h| h.index).collect();
        assert_eq!(idx, vec![1, 3, 0]);
    }

    #[test]
    fn k_beyond_the_set_returns_everything() {
        assert_eq!(top_k(&[1.0, 2.0], 10, false, None).len(), 2);
    }

    #[test]
    fn a_filter_applies_before_selection() {
        let scores = [9.0, 8.0, 7.0, 6.0, 5.0];
        let allowed = [false, false, true, true, true];
        let idx: Vec<usize> = top_k(&scores, 2, true, Some(&allowed))
            .iter()
            .map(|h| h.index)
            .collect();
        assert_eq!(idx, vec![2, 3]);
    }

    #[test]
    fn identical_vectors_are_at_distance_zero() {
        let e = random_mat(5, 7, 3);
        let q = e.subrows(2, 1);
        let hits = search(e.as_ref(), q, 1, Metric::Euclidean, None).unwrap();
        assert_eq!(
            hits[0][0],
            Hit {
                index: 2,
                score: 0.0
            }
        );
    }

    #[test]
    fn cosine_of_normalised_rows_finds_the_parallel_vector() {
        let mut data = vec![1.0, 0.0, 3.0, 4.0, -1.0, 0.0];
        normalize_rows(&mut data, 2).unwrap();
        let e = MatRef::from_row_major_slice(&data, 3, 2);
        let mut q = vec![6.0, 8.0];
        normalize_rows(&mut q, 2).unwrap();
        let hits = search(
            e,
            MatRef::from_row_major_slice(&q, 1, 2),
            3,
            Metric::Cosine,
            None,
        )
        .unwrap();
        assert_eq!(hits[0][0].index, 1);
        assert!((hits[0][0].score - 1.0).abs() < 1e-15);
        assert_eq!(hits[0][2].index, 2);
    }

    #[test]
    fn a_zero_row_cannot_be_normalised() {
        let mut data = vec![1.0, 2.0, 0.0, 0.0];
        assert_eq!(normalize_rows(&mut data, 2), Err(1));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn top_k_equals_a_full_sort(n in 1usize..200, k in 1usize..50, seed: u64, larger: bool, coarse: bool) {
            let m = random_mat(1, n, seed);
            // coarse scores create many ties
            let scores: Vec<f64> = (0..n).map(|j| if coarse { (m[(0, j)] * 4.0).round() } else { m[(0, j)] }).collect();
            prop_assert_eq!(top_k(&scores, k, larger, None), brute_force(&scores, k, larger));
        }

        #[test]
        fn chunked_scans_merge_to_the_single_pass_result(n in 1usize..120, q in 1usize..5, d in 1usize..6, chunk in 1usize..40, k in 1usize..12, seed: u64, coarse: bool, filtered: bool) {
            let raw = random_mat(n, d, seed);
            // coarse values create ties that straddle chunk boundaries
            let e = Mat::from_fn(n, d, |i, j| if coarse { (raw[(i, j)] * 2.0).round() } else { raw[(i, j)] });
            let qs = random_mat(q, d, seed ^ 11);
            let allowed: Vec<bool> = (0..n).map(|i| i % 3 != 1).collect();
            let allowed = filtered.then_some(allowed.as_slice());
            for metric in [Metric::Dot, Metric::Euclidean] {
                let whole = search_in_chunks(e.as_ref(), qs.as_ref(), k, metric, allowed, n.max(1), None).unwrap();
                let pieces = search_in_chunks(e.as_ref(), qs.as_ref(), k, metric, allowed, chunk, None).unwrap();
                prop_assert_eq!(&whole, &pieces);
                // with a margin, the candidates are the top k plus every row within the margin
                // of the k-th best, however the rows were chunked
                let margin = 0.5;
                let cands = search_in_chunks(e.as_ref(), qs.as_ref(), k, metric, allowed, chunk, Some(margin)).unwrap();
                let all = search_in_chunks(e.as_ref(), qs.as_ref(), n, metric, allowed, n.max(1), None).unwrap();
                for ((top, got), every) in whole.iter().zip(&cands).zip(&all) {
                    let expected: Vec<Hit> = match top.get(k - 1) {
                        Some(kth) => every.iter().copied().filter(|h| {
                            if metric.larger_is_better() { h.score >= kth.score - margin } else { h.score <= kth.score + margin }
                        }).collect(),
                        None => every.clone(),
                    };
                    prop_assert_eq!(got, &expected);
                }
            }
        }

        #[test]
        fn batched_search_equals_one_query_at_a_time(n in 1usize..60, q in 1usize..8, d in 1usize..9, seed: u64) {
            let e = random_mat(n, d, seed);
            let qs = random_mat(q, d, seed ^ 7);
            for metric in [Metric::Dot, Metric::Euclidean] {
                let batch = search(e.as_ref(), qs.as_ref(), 5, metric, None).unwrap();
                for (i, hits) in batch.iter().enumerate() {
                    let one = search(e.as_ref(), qs.subrows(i, 1), 5, metric, None).unwrap();
                    let a: Vec<usize> = hits.iter().map(|h| h.index).collect();
                    let b: Vec<usize> = one[0].iter().map(|h| h.index).collect();
                    prop_assert_eq!(a, b);
                }
            }
        }
    }
}
