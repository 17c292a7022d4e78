//! Segments: immutable blocks of rows, each a contiguous scan matrix (int8 codes or f32 rows)
//! beside the rows' places in the [`Originals`] file.

use std::io;
use std::sync::Arc;

use super::{Columns, F64_EPS, Originals};
use crate::linalg::search::Metric;

/// Rows read back at a time while a euclidean segment's f32 scan is made.
const READ_ROWS: usize = 1024;

/// An immutable block of rows, in ascending sequence order.
#[derive(Debug)]
pub(super) struct Segment {
    pub(super) uid: u64,
    /// The rows: ids, sequence numbers, payloads, slots in `originals`, and (cosine and dot) the
    /// int8 codes (see [`super::int8`]).
    pub(super) rows: Columns,
    /// The file holding the rows' f64 originals.
    pub(super) originals: Arc<Originals>,
    /// Euclidean: the scan rows are the vectors times 2^-scale_exp, rounded to f32 (empty for
    /// cosine and dot).
    pub(super) scale_exp: i32,
    pub(super) scan: Vec<f32>,
    /// An upper bound on the norm of every scan row.
    pub(super) scan_norm: f64,
}

impl Segment {
    /// A segment of `rows`, which must be in ascending sequence order, with their originals in
    /// `originals`. Euclidean segments read the originals back to make their f32 scan (one
    /// power-of-two scale for the whole segment, so it needs every row first).
    pub(super) fn new(
        uid: u64,
        metric: Metric,
        dimension: usize,
        rows: Columns,
        originals: Arc<Originals>,
    ) -> io::Result<Segment> {
        debug_assert!(rows.seqs.is_sorted(), "rows in sequence order");
        let mut segment = Segment {
            uid,
            rows,
            originals,
            scale_exp: 0,
            scan: Vec::new(),
            scan_norm: 0.0,
        };
        if metric == Metric::Euclidean {
            segment.make_f32_scan(dimension)?;
        } else {
            debug_assert_eq!(segment.rows.codes.len(), segment.len());
        }
        Ok(segment)
    }

    /// Euclidean: one power-of-two scale for the segment's f32 scan rows, from two passes over
    /// its originals.
    fn make_f32_scan(&mut self, d: usize) -> io::Result<()> {
        let mut largest = 0.0f64;
        self.for_each_original(d, |row| {
            largest = row.iter().fold(largest, |m, x| m.max(x.abs()));
        })?;
        let scale_exp = exponent_for_unit_range(largest);
        let scale = power_of_two(-scale_exp);
        let mut scan = Vec::with_capacity(self.len() * d);
        self.for_each_original(d, |row| scan.extend(row.iter().map(|&x| scale(x) as f32)))?;
        self.scan_norm =
            scan.chunks_exact(d).map(norm_f32).fold(0.0, f64::max) * (1.0 + 4.0 * F64_EPS);
        self.scale_exp = scale_exp;
        self.scan = scan;
        Ok(())
    }

    /// Calls `f` with each row's original, in row order.
    fn for_each_original(&self, d: usize, mut f: impl FnMut(&[f64])) -> io::Result<()> {
        let mut bytes = Vec::new();
        let mut rows = vec![0.0; READ_ROWS * d];
        for chunk in self.rows.slots.chunks(READ_ROWS) {
            for (slot, row) in chunk.iter().zip(rows.chunks_exact_mut(d)) {
                self.originals.read(*slot, &mut bytes, row)?;
            }
            rows.chunks_exact(d).take(chunk.len()).for_each(&mut f);
        }
        Ok(())
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }
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
