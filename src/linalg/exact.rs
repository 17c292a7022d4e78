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
//! Numbers are limited to [`MAX_DIGITS`] digits and exponents of at most that size, so a
//! hostile `1e999999999` cannot make the server allocate a billion-digit integer.

use faer::Mat;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{LinalgError, LinalgResult};

/// Largest side of a matrix whose determinant and rank are computed exactly.
pub const EXACT_INT_MAX_DIM: usize = 16;
/// Most digits in one number read exactly, and the largest exponent magnitude.
pub const MAX_DIGITS: usize = 400;

/// The exact rational a JSON number's text denotes.
pub fn parse_decimal(text: &str) -> LinalgResult<BigRational> {
    let too_large = || {
        LinalgError::TooLarge(format!(
            "the number {}{} has more than {MAX_DIGITS} digits or an exponent beyond +-{MAX_DIGITS}; exact mode reads numbers exactly, so it limits their size",
            &text[..text.len().min(40)],
            if text.len() > 40 { "..." } else { "" }
        ))
    };
    let invalid = || LinalgError::InvalidInput(format!("{text:?} is not a number"));
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) if i + 1 < text.len() => (&text[..i], &text[i + 1..]),
        Some(_) => return Err(invalid()),
        None => (text, ""),
    };
    let exponent: i64 = if exponent.is_empty() {
        0
    } else {
        if exponent.len() > 8 {
            return Err(too_large());
        }
        exponent.parse().map_err(|_| invalid())?
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    if int_part.is_empty()
        || !int_part
            .bytes()
            .chain(frac_part.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(invalid());
    }
    if int_part.len() + frac_part.len() > MAX_DIGITS
        || exponent.unsigned_abs() as usize > MAX_DIGITS
    {
        return Err(too_large());
    }
    let all_digits = format!("{int_part}{frac_part}");
    let mut numerator: BigInt = all_digits.parse().map_err(|_| invalid())?;
    if negative {
        numerator = -numerator;
    }
    let scale = exponent - frac_part.len() as i64;
    let ten = BigInt::from(10);
    let value = if scale >= 0 {
        BigRational::from_integer(numerator * num_traits::pow(ten, scale as usize))
    } else {
        BigRational::new(
            numerator,
            num_traits::pow(ten, scale.unsigned_abs() as usize),
        )
    };
    Ok(value)
}

/// The exact rational of an f64 as its shortest round-trip decimal (what JSON would carry).
pub fn rational_from_f64(x: f64) -> BigRational {
    parse_decimal(&format!("{x:e}")).expect("f64 formats as a decimal within the limits")
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
    det.to_f64().filter(|x| x.is_finite()).ok_or_else(|| {
        LinalgError::NotFinite(format!(
            "determinant: the exact determinant has {} digits and overflows a 64-bit float",
            det.abs().to_string().len()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::random_mat;
    use proptest::prelude::*;

    fn q(text: &str) -> BigRational {
        parse_decimal(text).unwrap()
    }

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(format_rational(&q("0.1")), "1/10");
        assert_eq!(format_rational(&q("-1.5")), "-3/2");
        assert_eq!(format_rational(&q("1e-3")), "1/1000");
        assert_eq!(format_rational(&q("2.50E+2")), "250");
        assert_eq!(format_rational(&q("0")), "0");
        assert_eq!(format_rational(&q("-0.0")), "0");
        assert!(matches!(
            parse_decimal("1e999999999"),
            Err(LinalgError::TooLarge(_))
        ));
        assert!(matches!(
            parse_decimal(&"9".repeat(401)),
            Err(LinalgError::TooLarge(_))
        ));
        assert!(parse_decimal("1.2.3").is_err());
        assert!(
            parse_decimal("0E").is_err(),
            "found by tests/integration/security.rs fuzzing"
        );
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
            let float = ints.determinant();
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
