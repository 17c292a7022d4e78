//! Segments: immutable blocks of rows, each a contiguous f32 scan matrix beside the originals.

use std::sync::Arc;

use super::int8::Codes;
use super::{Columns, F64_EPS, RowRef, SharedPayload};
use crate::linalg::search::Metric;
use crate::store::PointId;

/// An immutable block of rows, in ascending sequence order.
#[derive(Debug)]
pub(super) struct Segment {
    pub(super) uid: u64,
    /// Euclidean: the scan rows are the vectors times 2^-scale_exp, rounded to f32 (empty for
    /// cosine and dot).
    pub(super) scale_exp: i32,
    pub(super) scan: Vec<f32>,
    /// Cosine and dot: the int8 codes of the (unit, for cosine) rows (see [`super::int8`]).
    pub(super) codes: Codes,
    /// An upper bound on the norm of every scan row.
    pub(super) scan_norm: f64,
    pub(super) originals: Vec<f64>,
    pub(super) ids: Vec<PointId>,
    pub(super) seqs: Vec<u64>,
    pub(super) payloads: Vec<Option<SharedPayload>>,
}

impl Segment {
    /// A segment of `rows`, which must come in ascending sequence order; `codes`, when given,
    /// are the rows' int8 codes already made (a merge copies them instead of encoding again).
    pub(super) fn build<'a>(
        uid: u64,
        metric: Metric,
        dimension: usize,
        rows: impl ExactSizeIterator<Item = RowRef<'a>>,
        codes: Option<Codes>,
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
        Segment::with_codes(uid, metric, dimension, columns, codes)
    }

    /// A segment owning `columns`, whose rows must be in ascending sequence order.
    pub(super) fn from_columns(
        uid: u64,
        metric: Metric,
        dimension: usize,
        columns: Columns,
    ) -> Segment {
        Segment::with_codes(uid, metric, dimension, columns, None)
    }

    fn with_codes(
        uid: u64,
        metric: Metric,
        dimension: usize,
        columns: Columns,
        codes: Option<Codes>,
    ) -> Segment {
        let Columns {
            originals,
            ids,
            seqs,
            payloads,
        } = columns;
        debug_assert!(seqs.is_sorted(), "rows in sequence order");
        if metric != Metric::Euclidean {
            let codes = codes.unwrap_or_else(|| encode(metric, dimension, &originals));
            debug_assert_eq!(codes.len(), ids.len());
            return Segment {
                uid,
                scale_exp: 0,
                scan: Vec::new(),
                codes,
                scan_norm: 0.0,
                originals,
                ids,
                seqs,
                payloads,
            };
        }
        // Euclidean: one power-of-two scale for the segment's f32 scan rows.
        let largest = originals.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        let scale_exp = exponent_for_unit_range(largest);
        let scale = power_of_two(-scale_exp);
        let scan: Vec<f32> = originals.iter().map(|&x| scale(x) as f32).collect();
        let scan_norm = scan
            .chunks_exact(dimension)
            .map(norm_f32)
            .fold(0.0, f64::max)
            * (1.0 + 4.0 * F64_EPS);
        Segment {
            uid,
            scale_exp,
            scan,
            codes: Codes::default(),
            scan_norm,
            originals,
            ids,
            seqs,
            payloads,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The int8 codes of cosine (unit rows, exactly as the exact score computes them) or dot rows.
fn encode(metric: Metric, dimension: usize, originals: &[f64]) -> Codes {
    let mut codes = Codes::with_capacity(originals.len() / dimension, dimension);
    let mut unit = vec![0.0; dimension];
    for row in originals.chunks_exact(dimension) {
        if metric == Metric::Cosine {
            let norm = row.iter().map(|x| x * x).sum::<f64>().sqrt();
            debug_assert!(norm > 0.0, "no zero rows");
            unit.iter_mut().zip(row).for_each(|(u, x)| *u = x / norm);
            codes.push(&unit);
        } else {
            codes.push(row);
        }
    }
    codes
}

/// A segment and which of its rows are still current in one snapshot.
#[derive(Debug, Clone)]
pub(super) struct LiveSegment {
    pub(super) segment: Arc<Segment>,
    pub(super) live: Arc<Vec<bool>>,
    pub(super) live_count: usize,
}

impl LiveSegment {
    pub(super) fn new(segment: Segment) -> LiveSegment {
        let n = segment.len();
        LiveSegment {
            segment: Arc::new(segment),
            live: Arc::new(vec![true; n]),
            live_count: n,
        }
    }
}

/// `e` such that `largest * 2^-e` is in [0.5, 1) (0 for 0).
pub(super) fn exponent_for_unit_range(largest: f64) -> i32 {
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
pub(super) fn power_of_two(e: i32) -> impl Fn(f64) -> f64 {
    assert!(e.abs() <= 2200, "no f64 needs scaling by 2^{e}");
    let third = e / 3;
    let (a, b, c) = (2f64.powi(third), 2f64.powi(third), 2f64.powi(e - 2 * third));
    move |x| x * a * b * c
}

pub(super) fn ldexp(x: f64, e: i32) -> f64 {
    power_of_two(e)(x)
}

pub(super) fn norm_f32(row: &[f32]) -> f64 {
    row.iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt()
}
