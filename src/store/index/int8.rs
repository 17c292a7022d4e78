//! The int8 scan of cosine and dot collections, and the bound that keeps it exact.
//!
//! **Codes.** Each row u (the unit row for cosine, as [`super::scan::exact_score`] computes it;
//! the row itself for dot) is stored as int8 codes c with its own scale s = max|u_i| / 127:
//! c_i = round(u_i / s), clamped to [-127, 127]. A query q gets the same treatment with its
//! scale t and codes c'. The scan computes N = sum c_i c'_i in i32 (exact: |N| <= 127^2 d <
//! 2^31 for every d up to 2^17) and the approximate score a = (s t) N in f64. A quarter of the
//! f32 scan's bytes, and integer multiply-adds (32 per AVX2 instruction pair).
//!
//! **The bound.** Write v_i = s c_i and w_i = t c'_i (real numbers). Since c_i is u_i / s rounded
//! (the division itself rounded to f64 first, relative error <= eps with eps = 2^-53, and
//! |u_i / s| <= 127), |u_i - v_i| <= s (1/2 + 128 eps) = s h, and likewise |q_i - w_i| <= t h.
//! Then, in real arithmetic,
//!
//!   |u.q - v.w| = |sum (u_i - v_i) q_i + sum v_i (q_i - w_i)| <= s h |q|_1 + t h s |c|_1,
//!
//! and, by Cauchy-Schwarz on each sum, also <= |u - v|_2 |q|_2 + |v|_2 |q - w|_2, where the
//! residuals |u - v|_2 and |q - w|_2 are computed once per row and per query (in f64, then raised
//! by their own rounding and by what underflowing squares can lose). Each side takes the smaller
//! of its two bounds: the residual form is about 30% tighter on typical rows (their rounding
//! errors do not all point the same way), the first is the better one at extreme scales.
//! Below, the first form is written out; the code uses the minimum.
//! The computed a differs from s t N (= v.w) by two roundings: <= 2.01 eps |a|. The exact score
//! the service answers with is itself the f64 sum of the products u_i q_i in order, within
//! gamma_(d+4) |u|_2 |q|_2 of the real u.q (gamma_n = n eps / (1 - n eps); the 4 covers the
//! cosine clamp to [-1, 1]), plus at most (d + 2) 2^-1074 for products that underflow. So
//!
//!   |a - exact score| <= s h |q|_1 + t h s |c|_1 + 2.01 eps |a| + 1.01 (d + 4) eps |u|_2 |q|_2
//!                        + (d + 2) 2^-1074,
//!
//! computed here with every norm rounded in f64 and the whole sum raised by a factor 1 + 1e-9
//! (which covers those roundings many times: d eps < 1e-11). Rows or queries where this does
//! not hold are never scanned approximately: a scale that is not a normal f64 (entries below
//! ~1e-305), or a product s t below 2^-1000 (it could lose bits to underflow), gives an infinite
//! error, so the row is rescored exactly like any other candidate.
//!
//! **Candidates.** For each query the scan keeps every row whose best possible score
//! (a + error) reaches the k-th best guaranteed score (a - error) among the rows seen so far; the
//! caller then rescores those in f64. Rows far from the top k drop out after one integer dot
//! product; the test in `super::tests` fails when the error is set to zero.

use std::collections::BinaryHeap;

use super::F64_EPS;

/// h: the bound on a code's rounding, in units of its scale.
const HALF: f64 = 0.5 + 128.0 * F64_EPS;
/// The smallest s t the bound trusts (no underflow in a = (s t) N).
const SMALLEST_PRODUCT: f64 = f64::from_bits(23 << 52); // 2^-1000
/// Rows scored per block: a block's codes stay in cache while every query of a batch reads them.
const BLOCK_ROWS: usize = 512;

/// The codes of a set of rows, row-major, and what the bound needs of each row.
#[derive(Debug, Default)]
pub(super) struct Codes {
    pub(super) codes: Vec<i8>,
    /// s per row; NaN when the row cannot be scanned approximately.
    pub(super) scales: Vec<f64>,
    /// s |c|_1 per row.
    pub(super) l1: Vec<f64>,
    /// |u|_2 per row.
    pub(super) l2: Vec<f64>,
    /// An upper bound on |u - s c|_2 per row (the row's own rounding).
    pub(super) residual: Vec<f64>,
    /// An upper bound on |s c|_2 per row.
    pub(super) v2: Vec<f64>,
}

/// A query's codes and norms.
pub(super) struct QueryCodes {
    codes: Vec<i8>,
    /// t; NaN when the query cannot be scanned approximately.
    scale: f64,
    l1: f64,
    l2: f64,
    /// An upper bound on |q - t c'|_2.
    residual: f64,
}

/// s and the codes of one row or query, appended to `codes`; NaN for s when the row has an entry
/// that is not finite or a largest entry whose scale would not be a normal number.
fn encode(u: &[f64], codes: &mut Vec<i8>) -> f64 {
    let largest = u.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let scale = largest / 127.0;
    if largest == 0.0 {
        codes.extend(std::iter::repeat_n(0, u.len()));
        return 0.0;
    }
    if !scale.is_normal() {
        codes.extend(std::iter::repeat_n(0, u.len()));
        return f64::NAN;
    }
    codes.extend(
        u.iter()
            .map(|&x| (x / scale).round().clamp(-127.0, 127.0) as i8),
    );
    scale
}

fn l1_of_codes(codes: &[i8]) -> f64 {
    codes.iter().map(|&c| f64::from(c).abs()).sum()
}

fn l2(u: &[f64]) -> f64 {
    u.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// An upper bound on |u - s c|_2: the f64 computation raised by its own relative error, plus
/// what squares that underflow can lose (at most 2^-1074 each, so sqrt(d) 2^-537 in all).
fn residual_bound(u: &[f64], s: f64, codes: &[i8]) -> f64 {
    if s == 0.0 {
        return 0.0;
    }
    let d = u.len() as f64;
    let r = u
        .iter()
        .zip(codes)
        .map(|(x, &c)| {
            let e = x - s * f64::from(c);
            e * e
        })
        .sum::<f64>()
        .sqrt();
    r * (1.0 + (d + 4.0) * F64_EPS) + 3.0 * F64_EPS * l2(u) + d.sqrt() * f64::from_bits(486 << 52)
}

impl Codes {
    pub(super) fn with_capacity(rows: usize, d: usize) -> Codes {
        Codes {
            codes: Vec::with_capacity(rows * d),
            scales: Vec::with_capacity(rows),
            l1: Vec::with_capacity(rows),
            l2: Vec::with_capacity(rows),
            residual: Vec::with_capacity(rows),
            v2: Vec::with_capacity(rows),
        }
    }

    /// Appends one row, as the scores read it (unit for cosine).
    pub(super) fn push(&mut self, row: &[f64]) {
        let start = self.codes.len();
        let s = encode(row, &mut self.codes);
        self.scales.push(s);
        let codes = &self.codes[start..];
        self.l1.push(s * l1_of_codes(codes));
        self.l2.push(l2(row));
        self.residual.push(residual_bound(row, s, codes));
        let squares: f64 = codes.iter().map(|&c| f64::from(c) * f64::from(c)).sum();
        self.v2.push(s * squares.sqrt() * (1.0 + 4.0 * F64_EPS));
    }

    /// Appends row `j` of `other` (`d` columns), as it was encoded there.
    pub(super) fn push_from(&mut self, other: &Codes, j: usize, d: usize) {
        self.codes
            .extend_from_slice(&other.codes[j * d..(j + 1) * d]);
        self.scales.push(other.scales[j]);
        self.l1.push(other.l1[j]);
        self.l2.push(other.l2[j]);
        self.residual.push(other.residual[j]);
        self.v2.push(other.v2[j]);
    }

    /// Swaps rows `a` and `b` (`d` columns).
    pub(super) fn swap_rows(&mut self, a: usize, b: usize, d: usize) {
        if a == b {
            return;
        }
        let (lo, hi) = (a.min(b), a.max(b));
        let (head, tail) = self.codes.split_at_mut(hi * d);
        head[lo * d..(lo + 1) * d].swap_with_slice(&mut tail[..d]);
        for column in [
            &mut self.scales,
            &mut self.l1,
            &mut self.l2,
            &mut self.residual,
            &mut self.v2,
        ] {
            column.swap(a, b);
        }
    }

    #[cfg(test)]
    fn encode_rows(rows: &[f64], d: usize) -> Codes {
        let mut out = Codes::with_capacity(rows.len() / d, d);
        rows.chunks_exact(d).for_each(|row| out.push(row));
        out
    }

    pub(super) fn len(&self) -> usize {
        self.scales.len()
    }
}

impl QueryCodes {
    pub(super) fn new(q: &[f64]) -> QueryCodes {
        let mut codes = Vec::with_capacity(q.len());
        let scale = encode(q, &mut codes);
        let residual = residual_bound(q, scale, &codes);
        QueryCodes {
            codes,
            scale,
            l1: q.iter().map(|x| x.abs()).sum(),
            l2: l2(q),
            residual,
        }
    }
}

/// The approximate score of row `j` for a query, and a bound on its distance from the exact one.
fn score_and_error(rows: &Codes, j: usize, q: &QueryCodes, n: i32, d: usize) -> (f64, f64) {
    let s = rows.scales[j];
    let t = q.scale;
    let st = s * t;
    if s.is_nan() || t.is_nan() || (s != 0.0 && t != 0.0 && st < SMALLEST_PRODUCT) {
        return (0.0, f64::INFINITY);
    }
    let a = st * f64::from(n);
    // each side's rounding, by the better of the two bounds (see the module doc)
    let row_side = (s * HALF * q.l1).min(rows.residual[j] * q.l2);
    let query_side = (t * HALF * rows.l1[j]).min(rows.v2[j] * q.residual);
    let error = (row_side
        + query_side
        + 2.01 * F64_EPS * a.abs()
        + 1.01 * (d as f64 + 4.0) * F64_EPS * rows.l2[j] * q.l2
        + (d as f64 + 2.0) * f64::from_bits(1))
        * (1.0 + 1e-9);
    if a.is_finite() && error.is_finite() {
        (a, error)
    } else {
        (0.0, f64::INFINITY)
    }
}

/// A row that may be in a query's top k: its index, approximate score and error bound.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) row: usize,
    pub(super) approx: f64,
    pub(super) error: f64,
}

/// A guaranteed score in the heap of the k best (a min-heap through the reversed order).
#[derive(PartialEq)]
struct Lower(f64);

impl Eq for Lower {}

impl PartialOrd for Lower {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Lower {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.total_cmp(&self.0)
    }
}

/// For each query, every allowed row that could be in its exact top `k` (larger is better).
pub(super) fn candidates(
    rows: &Codes,
    d: usize,
    queries: &[QueryCodes],
    k: usize,
    allowed: Option<&[bool]>,
) -> Vec<Vec<Candidate>> {
    let n = rows.len();
    let mut kept: Vec<Vec<Candidate>> = vec![Vec::new(); queries.len()];
    let mut lowest: Vec<BinaryHeap<Lower>> = (0..queries.len())
        .map(|_| BinaryHeap::with_capacity(k + 1))
        .collect();
    let mut dots = vec![0i32; BLOCK_ROWS];
    let mut start = 0;
    while start < n {
        let block = BLOCK_ROWS.min(n - start);
        for (i, q) in queries.iter().enumerate() {
            dot_rows(
                &rows.codes[start * d..(start + block) * d],
                d,
                &q.codes,
                &mut dots[..block],
            );
            let heap = &mut lowest[i];
            for (offset, &dot) in dots[..block].iter().enumerate() {
                let j = start + offset;
                if allowed.is_some_and(|a| !a[j]) {
                    continue;
                }
                let (approx, error) = score_and_error(rows, j, q, dot, d);
                let floor = if heap.len() == k {
                    heap.peek().map_or(f64::NEG_INFINITY, |l| l.0)
                } else {
                    f64::NEG_INFINITY
                };
                if approx + error < floor {
                    continue;
                }
                heap.push(Lower(approx - error));
                if heap.len() > k {
                    heap.pop();
                }
                kept[i].push(Candidate {
                    row: j,
                    approx,
                    error,
                });
            }
            // drop what the k-th guaranteed score has overtaken
            if heap.len() == k
                && let Some(floor) = heap.peek().map(|l| l.0)
            {
                kept[i].retain(|c| c.approx + c.error >= floor);
            }
        }
        start += block;
    }
    kept
}

/// `out[j]` = the integer dot product of row `j` of `rows` (`d` columns) with `q`.
fn dot_rows(rows: &[i8], d: usize, q: &[i8], out: &mut [i32]) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        unsafe { dot_rows_avx2(rows, d, q, out) };
        return;
    }
    for (row, o) in rows.chunks_exact(d).zip(out.iter_mut()) {
        *o = dot_scalar(row, q);
    }
}

fn dot_scalar(a: &[i8], b: &[i8]) -> i32 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum()
}

/// [`dot_rows`] with AVX2: 32 codes per step. `maddubs` multiplies unsigned by signed bytes, so
/// each pair is fed as |a| and b with a's sign; a pair's sum is at most 2 * 127^2 = 32,258, below
/// the i16 saturation, because no code is -128.
///
/// # Safety
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn dot_rows_avx2(rows: &[i8], d: usize, q: &[i8], out: &mut [i32]) {
    use std::arch::x86_64::*;
    let steps = d / 32;
    let ones = _mm256_set1_epi16(1);
    for (row, o) in rows.chunks_exact(d).zip(out.iter_mut()) {
        let mut acc = _mm256_setzero_si256();
        for step in 0..steps {
            // SAFETY: step * 32 + 32 <= d, the length of both slices; loadu has no alignment
            // requirement.
            let (a, b) = unsafe {
                (
                    _mm256_loadu_si256(row.as_ptr().add(step * 32).cast()),
                    _mm256_loadu_si256(q.as_ptr().add(step * 32).cast()),
                )
            };
            let pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(a), _mm256_sign_epi8(b, a));
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, ones));
        }
        let half = _mm_add_epi32(
            _mm256_castsi256_si128(acc),
            _mm256_extracti128_si256::<1>(acc),
        );
        let half = _mm_hadd_epi32(half, half);
        let half = _mm_hadd_epi32(half, half);
        *o = _mm_cvtsi128_si32(half) + dot_scalar(&row[steps * 32..], &q[steps * 32..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn the_simd_and_scalar_dot_products_agree_at_every_length_and_extreme_codes() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for d in [1, 7, 31, 32, 33, 64, 100, 384, 4096] {
            let rows: Vec<i8> = (0..3 * d)
                .map(|i| match i % 5 {
                    0 => 127,
                    1 => -127,
                    _ => rng.random_range(-127..=127),
                })
                .collect();
            let q: Vec<i8> = (0..d)
                .map(|i| if i % 2 == 0 { -127 } else { 127 })
                .collect();
            let mut out = [0i32; 3];
            dot_rows(&rows, d, &q, &mut out);
            for (j, o) in out.iter().enumerate() {
                assert_eq!(*o, dot_scalar(&rows[j * d..(j + 1) * d], &q), "d = {d}");
            }
        }
    }

    #[test]
    fn the_bound_holds_for_random_rows_at_any_scale() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for &(d, scale) in &[
            (1, 1.0),
            (3, 1e-140),
            (384, 1.0),
            (384, 1e140),
            (4096, 1e-20),
        ] {
            let rows: Vec<f64> = (0..50 * d)
                .map(|_| rng.random_range(-1.0..1.0) * scale)
                .collect();
            let q: Vec<f64> = (0..d)
                .map(|_| rng.random_range(-1.0..1.0) * scale)
                .collect();
            let codes = Codes::encode_rows(&rows, d);
            let qc = QueryCodes::new(&q);
            for (j, row) in rows.chunks_exact(d).enumerate() {
                let n = dot_scalar(&codes.codes[j * d..(j + 1) * d], &qc.codes);
                let (a, e) = score_and_error(&codes, j, &qc, n, d);
                let exact: f64 = row.iter().zip(&q).map(|(x, y)| x * y).sum();
                assert!(
                    (a - exact).abs() <= e,
                    "d {d} scale {scale}: {a} vs {exact}, bound {e}"
                );
                // and it is tight enough to be useful: well under the scores' spread
                assert!(
                    e <= 0.05 * l2(row) * l2(&q) * (d as f64).sqrt(),
                    "d {d}: bound {e}"
                );
            }
        }
    }

    #[test]
    fn entries_too_small_for_a_normal_scale_are_always_rescored() {
        let codes = Codes::encode_rows(&[1e-310, 0.0], 2);
        let q = QueryCodes::new(&[1.0, 1.0]);
        assert_eq!(score_and_error(&codes, 0, &q, 0, 2).1, f64::INFINITY);
        let tiny = Codes::encode_rows(&[1e-160, 1e-160], 2);
        let tq = QueryCodes::new(&[1e-160, 1e-160]);
        let n = dot_scalar(&tiny.codes, &tq.codes);
        assert_eq!(
            score_and_error(&tiny, 0, &tq, n, 2).1,
            f64::INFINITY,
            "s t underflows"
        );
    }
}
