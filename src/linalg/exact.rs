//! Exact arithmetic where textbooks are exact: rational RREF, integer determinants and ranks.
//!
//! A student who row-reduces `[[1, 2], [3, 4]]` by hand gets `det = -2`, not
//! `-2.0000000000000004`, and an RREF with entries like `-3/2`. So:
//!
//! - RREF in exact mode reads each number from its JSON *text* as a rational (`0.1` is 1/10,
//!   `1e-3` is 1/1000) and eliminates over big rationals: no rounding, no overflow.
//! - Determinant and rank of a small matrix whose entries are all integers (|x| < 2^53, at most
//!   [`EXACT_INT_MAX_DIM`] per side) use fraction-free Bareiss elimination over big integers.
//!
//! Reading decimal text is the wire's job (`crate::wire::exact`, which bounds the digits so that a
//! hostile `1e999999999` cannot make the server allocate a billion-digit integer); this module
//! only computes with the rationals.

use faer::Mat;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

use super::LinalgResult;

/// Largest side of a matrix whose determinant and rank are computed exactly.
pub const EXACT_INT_MAX_DIM: usize = 16;

/// The rational `(-1)^negative * digits * 10^scale`, for a string of ASCII decimal digits (the
/// wire reads decimal text and bounds its size before it gets here).
pub fn rational_from_digits(negative: bool, digits: &str, scale: i64) -> BigRational {
    let mut numerator: BigInt = if digits.is_empty() {
        BigInt::zero()
    } else {
        digits.parse().expect("ASCII digits parse as an integer")
    };
    if negative {
        numerator = -numerator;
    }
    let ten = BigInt::from(10);
    if scale >= 0 {
        BigRational::from_integer(numerator * num_traits::pow(ten, scale as usize))
    } else {
        BigRational::new(
            numerator,
            num_traits::pow(ten, scale.unsigned_abs() as usize),
        )
    }
}

/// The exact rational of an f64 as its shortest round-trip decimal (what JSON would carry).
pub fn rational_from_f64(x: f64) -> BigRational {
    // `{:e}` writes `-1.2345e-7`: a sign, digits with at most one '.', 'e', an exponent.
    let text = format!("{x:e}");
    let (mantissa, exponent) = text.split_once('e').expect("{:e} has an exponent");
    let exponent: i64 = exponent.parse().expect("{:e} writes an integer exponent");
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    rational_from_digits(
        negative,
        &format!("{int_part}{frac_part}"),
        exponent - frac_part.len() as i64,
    )
}

/// `"-3/2"`, `"5"`, `"0"`: the way Python's `fractions.Fraction` prints.
pub fn format_rational(x: &BigRational) -> String {
    if x.denom().is_one() {
        x.numer().to_string()
    } else {
        format!("{}/{}", x.numer(), x.denom())
    }
}

/// Reduced row echelon form over the rationals, and the pivot columns.
pub fn rref_exact(mut a: Vec<Vec<BigRational>>) -> (Vec<Vec<BigRational>>, Vec<usize>) {
    let rows = a.len();
    let cols = a.first().map_or(0, Vec::len);
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..cols {
        if r >= rows {
            break;
        }
        let Some(p) = (r..rows).find(|&i| !a[i][c].is_zero()) else {
            continue;
        };
        a.swap(r, p);
        let pivot = a[r][c].clone();
        for x in a[r].iter_mut() {
            *x /= &pivot;
        }
        for i in 0..rows {
            if i != r && !a[i][c].is_zero() {
                let factor = a[i][c].clone();
                let pivot_row = a[r].clone();
                for (x, y) in a[i].iter_mut().zip(&pivot_row) {
                    *x -= &factor * y;
                }
            }
        }
        pivots.push(c);
        r += 1;
    }
    (a, pivots)
}

/// RREF in floating point with partial pivoting; entries below a tolerance scaled to the
/// matrix (`max(m, n) * eps * max row sum`) count as zero.
pub fn rref_float(m: &Mat<f64>) -> (Mat<f64>, Vec<usize>) {
    let (rows, cols) = (m.nrows(), m.ncols());
    let mut a = m.clone();
    let row_sum = (0..rows)
        .map(|i| (0..cols).map(|j| m[(i, j)].abs()).sum::<f64>())
        .fold(0.0, f64::max);
    let tol = rows.max(cols) as f64 * super::EPS * row_sum;
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..cols {
        if r >= rows {
            break;
        }
        let p = (r..rows)
            .max_by(|&i, &j| a[(i, c)].abs().total_cmp(&a[(j, c)].abs()))
            .expect("r < rows");
        if a[(p, c)].abs() <= tol {
            for i in r..rows {
                a[(i, c)] = 0.0;
            }
            continue;
        }
        for j in 0..cols {
            let t = a[(r, j)];
            a[(r, j)] = a[(p, j)];
            a[(p, j)] = t;
        }
        let pivot = a[(r, c)];
        for j in 0..cols {
            a[(r, j)] /= pivot;
        }
        for i in 0..rows {
            if i != r {
                let f = a[(i, c)];
                if f != 0.0 {
                    for j in 0..cols {
                        a[(i, j)] -= f * a[(r, j)];
                    }
                }
            }
        }
        pivots.push(c);
        r += 1;
    }
    for j in 0..cols {
        for i in 0..rows {
            if a[(i, j)].abs() <= tol {
                a[(i, j)] = 0.0;
            }
        }
    }
    (a, pivots)
}

/// The matrix as big integers, when it is small and every entry is an integer below 2^53.
pub fn as_small_integer_matrix(m: &Mat<f64>) -> Option<Vec<Vec<BigInt>>> {
    if m.nrows().max(m.ncols()) > EXACT_INT_MAX_DIM {
        return None;
    }
    const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
    (0..m.nrows())
        .map(|i| {
            (0..m.ncols())
                .map(|j| {
                    let x = m[(i, j)];
                    (x.fract() == 0.0 && x.abs() < LIMIT).then(|| BigInt::from(x as i64))
                })
                .collect()
        })
        .collect()
}

/// Fraction-free (Bareiss) elimination: returns the rank, and the determinant for square input.
/// Every division is exact, so intermediate integers stay as small as the minors they are.
pub fn bareiss(mut a: Vec<Vec<BigInt>>) -> (usize, Option<BigInt>) {
    let rows = a.len();
    let cols = a.first().map_or(0, Vec::len);
    let square = rows == cols;
    let mut sign = BigInt::one();
    let mut previous = BigInt::one();
    let mut r = 0;
    for c in 0..cols {
        if r >= rows {
            break;
        }
        let Some(p) = (r..rows).find(|&i| !a[i][c].is_zero()) else {
            continue;
        };
        if p != r {
            a.swap(r, p);
            sign = -sign;
        }
        for i in r + 1..rows {
            for j in c + 1..cols {
                let value = &a[r][c] * &a[i][j] - &a[i][c] * &a[r][j];
                let (q, rem) = value.div_rem(&previous);
                debug_assert!(rem.is_zero(), "Bareiss divisions are exact");
                a[i][j] = q;
            }
            a[i][c] = BigInt::zero();
        }
        previous = a[r][c].clone();
        r += 1;
    }
    let det = square.then(|| {
        if r == rows {
            sign * previous
        } else {
            BigInt::zero()
        }
    });
    (r, det)
}

/// An exact integer determinant as f64, or a not-finite error when it does not fit.
pub fn determinant_to_f64(det: &BigInt) -> LinalgResult<f64> {
    det.to_f64()
        .filter(|x| x.is_finite())
        .ok_or_else(super::solve::determinant_overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::random_mat;
    use proptest::prelude::*;

    fn q(text: &str) -> BigRational {
        BigRational::from_integer(text.parse::<BigInt>().unwrap())
    }

    #[test]
    fn floats_become_their_shortest_decimal() {
        assert_eq!(format_rational(&rational_from_f64(0.1)), "1/10");
        assert_eq!(format_rational(&rational_from_f64(-1.5)), "-3/2");
        assert_eq!(format_rational(&rational_from_f64(250.0)), "250");
        assert_eq!(format_rational(&rational_from_f64(0.0)), "0");
        assert_eq!(format_rational(&rational_from_f64(1e-3)), "1/1000");
    }

    #[test]
    fn textbook_rref() {
        let a = vec![
            vec![q("1"), q("2"), q("3")],
            vec![q("4"), q("5"), q("6")],
            vec![q("7"), q("8"), q("10")],
        ];
        let (r, pivots) = rref_exact(a);
        assert_eq!(pivots, vec![0, 1, 2]);
        assert!(r[0][0].is_one() && r[1][1].is_one() && r[0][1].is_zero());

        let b = vec![vec![q("2"), q("4"), q("1")], vec![q("1"), q("2"), q("0")]];
        let (r, pivots) = rref_exact(b);
        assert_eq!(pivots, vec![0, 2]);
        let text: Vec<Vec<String>> = r
            .iter()
            .map(|row| row.iter().map(format_rational).collect())
            .collect();
        assert_eq!(text, vec![vec!["1", "2", "0"], vec!["0", "0", "1"]]);
    }

    #[test]
    fn exact_determinants_of_textbook_matrices() {
        let m = mat_from_rows(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let (rank, det) = bareiss(as_small_integer_matrix(&m).unwrap());
        assert_eq!((rank, det), (2, Some(BigInt::from(-2))));
        let singular = mat_from_rows(3, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
        let (rank, det) = bareiss(as_small_integer_matrix(&singular).unwrap());
        assert_eq!((rank, det), (2, Some(BigInt::zero())));
        assert!(as_small_integer_matrix(&mat_from_rows(1, 1, &[0.5])).is_none());
    }

    #[test]
    fn float_rref_matches_exact_on_integers() {
        let m = mat_from_rows(2, 3, &[2.0, 4.0, 1.0, 1.0, 2.0, 0.0]);
        let (r, pivots) = rref_float(&m);
        assert_eq!(pivots, vec![0, 2]);
        assert_eq!(r, mat_from_rows(2, 3, &[1.0, 2.0, 0.0, 0.0, 0.0, 1.0]));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn bareiss_agrees_with_lu_on_integer_matrices(n in 1usize..7, seed: u64) {
            let m = random_mat(n, n, seed);
            let ints = Mat::from_fn(n, n, |i, j| (m[(i, j)] * 5.0).round());
            let (_, det) = bareiss(as_small_integer_matrix(&ints).unwrap());
            let exact = det.unwrap().to_f64().unwrap();
            // through solve::determinant, which reads faer's NaN for a singular matrix as 0
            let float = crate::linalg::solve::determinant(&ints).unwrap();
            prop_assert!((exact - float).abs() <= 1e-8 * (1.0 + exact.abs()));
        }

        #[test]
        fn rref_of_integers_has_the_exact_rank(m in 1usize..6, n in 1usize..6, seed: u64) {
            let x = random_mat(m, n, seed);
            let ints = Mat::from_fn(m, n, |i, j| (x[(i, j)] * 2.0).round());
            let (rank, _) = bareiss(as_small_integer_matrix(&ints).unwrap());
            let rows: Vec<Vec<BigRational>> = (0..m).map(|i| (0..n).map(|j| BigRational::from_integer(BigInt::from(ints[(i, j)] as i64))).collect()).collect();
            let (_, pivots) = rref_exact(rows);
            prop_assert_eq!(pivots.len(), rank);
        }
    }
}
