//! Determinants, inverses, linear systems, least squares, rank and the four subspaces.
//!
//! Singularity is decided by the reciprocal condition number in the 1-norm,
//! `1 / (|A|_1 |A^-1|_1)`, against machine epsilon (as LAPACK's `gecon` check in NumPy/SciPy),
//! never by `det == 0`: `[[1e-20]]` is perfectly invertible and `[[1, 1], [1, 1 + 1e-17]]` is
//! not. Rank uses NumPy's default tolerance `s_max * max(m, n) * eps`.

use faer::Mat;
use faer::linalg::solvers::{DenseSolveCore, PartialPivLu};
use faer::prelude::Solve;

use super::decomp::{singular_values, svd};
use super::{
    Axis, EPS, Extent, LinalgError, LinalgResult, Operand, Quantity, Rule, Shape, ensure_finite,
    require_equal, require_square, shape_of,
};

fn one_norm(m: &Mat<f64>) -> f64 {
    (0..m.ncols())
        .map(|j| (0..m.nrows()).map(|i| m[(i, j)].abs()).sum::<f64>())
        .fold(0.0, f64::max)
}

/// Determinant by LU (floating point; see `exact` for small integer matrices).
pub fn determinant(a: &Mat<f64>) -> LinalgResult<f64> {
    require_square(0, a)?;
    let det = a.determinant();
    // faer may produce -0.0 or NaN for an exactly singular matrix.
    let det = if det.is_nan() { 0.0 } else { det + 0.0 };
    if det.is_finite() {
        Ok(det)
    } else {
        Err(determinant_overflow())
    }
}

/// The determinant overflows f64; scaling the matrix scales it by c^n.
pub fn determinant_overflow() -> LinalgError {
    LinalgError::NotFinite {
        quantity: Quantity::Determinant,
        hint: "det(cA) = c^n det(A)",
    }
}

/// The inverse, refused when the matrix is singular to working precision.
pub fn inverse(a: &Mat<f64>) -> LinalgResult<Mat<f64>> {
    checked_lu(a).map(|(_, inv)| inv)
}

/// The LU factorization of a square matrix (argument 0) and its inverse, refused when singular
/// to working precision (the inverse gives the exact 1-norm condition number).
fn checked_lu(a: &Mat<f64>) -> LinalgResult<(PartialPivLu<f64>, Mat<f64>)> {
    require_square(0, a)?;
    let lu = a.partial_piv_lu();
    let inv = lu.inverse();
    let anorm = one_norm(a);
    let rcond = if anorm == 0.0 || !super::all_finite(&inv) {
        0.0
    } else {
        1.0 / (anorm * one_norm(&inv))
    };
    if rcond.is_nan() || rcond < EPS {
        return Err(LinalgError::Singular {
            operand: Operand::Arg(0),
            rcond: if rcond.is_nan() { 0.0 } else { rcond },
        });
    }
    Ok((lu, inv))
}

/// The shape `b` had when it came in: a vector (one right-hand side) or a matrix.
fn rhs_extent(b: &Mat<f64>, b_is_vector: bool) -> Extent {
    Extent {
        operand: Operand::Arg(1),
        shape: if b_is_vector {
            Shape::Vector(b.nrows())
        } else {
            shape_of(b)
        },
        axis: if b_is_vector {
            Axis::Length
        } else {
            Axis::Rows
        },
    }
}

fn require_rows_match(a: &Mat<f64>, b: &Mat<f64>, b_is_vector: bool) -> LinalgResult<()> {
    require_equal(
        Extent {
            operand: Operand::Arg(0),
            shape: shape_of(a),
            axis: Axis::Rows,
        },
        rhs_extent(b, b_is_vector),
    )
}

/// `A x = b` for square, non-singular `A`; `b` has one column per right-hand side.
pub fn solve(a: &Mat<f64>, b: &Mat<f64>, b_is_vector: bool) -> LinalgResult<Mat<f64>> {
    require_square(0, a)?;
    require_rows_match(a, b, b_is_vector)?;
    // One factorization: its inverse gives the condition number, its factors the solution
    // (solving through the LU is more accurate than multiplying by the inverse).
    let (lu, _) = checked_lu(a)?;
    let x = lu.solve(b);
    ensure_finite(Quantity::Solution, &x)?;
    Ok(x)
}

/// Least squares as `numpy.linalg.lstsq(a, b, rcond=None)`.
#[derive(Debug, Clone)]
pub struct Lstsq {
    /// n x k minimum-norm solution.
    pub x: Mat<f64>,
    /// Squared residual norm per column of `b`; empty unless rank == n and m > n.
    pub residuals: Vec<f64>,
    pub rank: usize,
    /// All min(m, n) singular values of `a`, descending.
    pub singular_values: Vec<f64>,
}

/// Minimum-norm least squares via the SVD; singular values at or below
/// `rcond * s_max` (default `eps * max(m, n)`) are treated as zero.
pub fn lstsq_min_norm(a: &Mat<f64>, b: &Mat<f64>, rcond: Option<f64>) -> LinalgResult<Lstsq> {
    let (m, n) = (a.nrows(), a.ncols());
    let d = svd(a, false)?;
    let smax = d.s.first().copied().unwrap_or(0.0);
    let cutoff = rcond.unwrap_or(EPS * m.max(n) as f64) * smax;
    let rank = d.s.iter().filter(|&&s| s > cutoff).count();
    // x = V_r diag(1/s_r) U_r^T b
    let ut_b = d.u.subcols(0, rank).transpose() * b;
    let scaled = Mat::from_fn(rank, b.ncols(), |i, j| ut_b[(i, j)] / d.s[i]);
    let x = d.vt.subrows(0, rank).transpose() * &scaled;
    let residuals = if rank == n && m > n {
        let r = &(a * &x) - b;
        (0..b.ncols())
            .map(|j| (0..m).map(|i| r[(i, j)] * r[(i, j)]).sum())
            .collect()
    } else {
        Vec::new()
    };
    ensure_finite(Quantity::Solution, &x)?;
    Ok(Lstsq {
        x,
        residuals,
        rank,
        singular_values: d.s,
    })
}

/// `a` is argument 0, `b` argument 1.
pub fn lstsq(a: &Mat<f64>, b: &Mat<f64>, b_is_vector: bool) -> LinalgResult<Lstsq> {
    require_rows_match(a, b, b_is_vector)?;
    lstsq_min_norm(a, b, None)
}

/// NumPy's default rank tolerance for singular values `s` of an m x n matrix.
pub fn default_rank_tol(s: &[f64], m: usize, n: usize) -> f64 {
    s.first().copied().unwrap_or(0.0) * m.max(n) as f64 * EPS
}

/// `tol` is argument 1 of the functions that take it.
fn check_tol(tol: Option<f64>) -> LinalgResult<()> {
    match tol {
        Some(t) if t < 0.0 || !t.is_finite() => Err(LinalgError::Parameter {
            operand: Operand::Arg(1),
            value: t,
            rule: Rule::AtLeast(0.0),
        }),
        _ => Ok(()),
    }
}

/// Numerical rank and the tolerance used.
pub fn rank(a: &Mat<f64>, tol: Option<f64>) -> LinalgResult<(usize, f64)> {
    check_tol(tol)?;
    let s = singular_values(a)?;
    let tol = tol.unwrap_or_else(|| default_rank_tol(&s, a.nrows(), a.ncols()));
    Ok((s.iter().filter(|&&x| x > tol).count(), tol))
}

/// Orthonormal bases of the four fundamental subspaces, each a list of vectors.
#[derive(Debug, Clone)]
pub struct Subspaces {
    pub rank: usize,
    pub column_space: Vec<Vec<f64>>,
    pub row_space: Vec<Vec<f64>>,
    pub null_space: Vec<Vec<f64>>,
    pub left_null_space: Vec<Vec<f64>>,
}

/// All four subspaces from one full SVD: `U = [col | left null]`, `V = [row | null]`.
pub fn subspaces(a: &Mat<f64>, tol: Option<f64>) -> LinalgResult<Subspaces> {
    check_tol(tol)?;
    let (m, n) = (a.nrows(), a.ncols());
    let d = svd(a, true)?;
    let tol = tol.unwrap_or_else(|| default_rank_tol(&d.s, m, n));
    let r = d.s.iter().filter(|&&x| x > tol).count();
    let u_col = |j: usize| (0..m).map(|i| d.u[(i, j)]).collect::<Vec<f64>>();
    let vt_row = |i: usize| (0..n).map(|j| d.vt[(i, j)]).collect::<Vec<f64>>();
    Ok(Subspaces {
        rank: r,
        column_space: (0..r).map(u_col).collect(),
        left_null_space: (r..m).map(u_col).collect(),
        row_space: (0..r).map(vt_row).collect(),
        null_space: (r..n).map(vt_row).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::{diff_norm, identity, random_mat, tol};
    use proptest::prelude::*;

    #[test]
    fn textbook_determinant_and_inverse() {
        let a = mat_from_rows(2, 2, &[4.0, 7.0, 2.0, 6.0]);
        assert!((determinant(&a).unwrap() - 10.0).abs() < 1e-12);
        let inv = inverse(&a).unwrap();
        let want = mat_from_rows(2, 2, &[0.6, -0.7, -0.2, 0.4]);
        assert!(diff_norm(&inv, &want) < 1e-14);
    }

    #[test]
    fn singular_matrices_are_refused_relative_to_their_scale() {
        let singular = mat_from_rows(2, 2, &[1.0, 2.0, 2.0, 4.0]);
        assert!(matches!(
            inverse(&singular),
            Err(LinalgError::Singular { .. })
        ));
        let nearly = mat_from_rows(2, 2, &[1.0, 1.0, 1.0, 1.0 + 1e-17]);
        assert!(matches!(
            inverse(&nearly),
            Err(LinalgError::Singular { .. })
        ));
        let tiny = mat_from_rows(1, 1, &[1e-20]);
        assert!(inverse(&tiny).is_ok());
        assert!(matches!(
            inverse(&Mat::zeros(3, 3)),
            Err(LinalgError::Singular { .. })
        ));
    }

    #[test]
    fn a_huge_determinant_is_not_finite() {
        let a = Mat::from_fn(4, 4, |i, j| if i == j { 1e100 } else { 0.0 });
        assert!(matches!(
            determinant(&a),
            Err(LinalgError::NotFinite { .. })
        ));
    }

    #[test]
    fn lstsq_follows_numpy_conventions() {
        // Fit y = c0 + c1 t through (0, 1), (1, 2), (2, 2): c = (7/6, 1/2), residual 1/6.
        let a = mat_from_rows(3, 2, &[1.0, 0.0, 1.0, 1.0, 1.0, 2.0]);
        let b = mat_from_rows(3, 1, &[1.0, 2.0, 2.0]);
        let r = lstsq(&a, &b, true).unwrap();
        assert!((r.x[(0, 0)] - 7.0 / 6.0).abs() < 1e-12 && (r.x[(1, 0)] - 0.5).abs() < 1e-12);
        assert_eq!(r.rank, 2);
        assert!((r.residuals[0] - 1.0 / 6.0).abs() < 1e-12);
        // rank deficient: no residuals, minimum-norm solution
        let a = mat_from_rows(2, 2, &[1.0, 1.0, 1.0, 1.0]);
        let b = mat_from_rows(2, 1, &[2.0, 2.0]);
        let r = lstsq(&a, &b, true).unwrap();
        assert_eq!(r.rank, 1);
        assert!(r.residuals.is_empty());
        assert!((r.x[(0, 0)] - 1.0).abs() < 1e-12 && (r.x[(1, 0)] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn textbook_rank_and_subspaces() {
        let a = mat_from_rows(3, 3, &[1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 1.0, 0.0, 1.0]);
        assert_eq!(rank(&a, None).unwrap().0, 2);
        let s = subspaces(&a, None).unwrap();
        assert_eq!(
            (
                s.column_space.len(),
                s.null_space.len(),
                s.left_null_space.len()
            ),
            (2, 1, 1)
        );
        // null space of this matrix is spanned by (1, 1, -1)
        let v = &s.null_space[0];
        assert!((v[0] - v[1]).abs() < 1e-12 && (v[0] + v[2]).abs() < 1e-12);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn a_times_its_inverse_is_the_identity(n in 1usize..12, seed: u64) {
            let a = &random_mat(n, n, seed) + &(identity(n) * faer::Scale(n as f64));
            let inv = inverse(&a).unwrap();
            prop_assert!(diff_norm(&(&a * &inv), &identity(n)) <= tol(n, n, 1.0));
        }

        #[test]
        fn det_of_a_product_is_the_product_of_dets(n in 1usize..8, seed: u64) {
            let (a, b) = (random_mat(n, n, seed), random_mat(n, n, seed ^ 3));
            let (da, db) = (determinant(&a).unwrap(), determinant(&b).unwrap());
            let dab = determinant(&(&a * &b)).unwrap();
            prop_assert!((dab - da * db).abs() <= 1e-10 * (1.0 + (da * db).abs()));
        }

        #[test]
        fn rank_nullity_holds(m in 1usize..9, n in 1usize..9, r in 1usize..5, seed: u64) {
            let a = &random_mat(m, r, seed) * &random_mat(r, n, seed ^ 5);
            let s = subspaces(&a, None).unwrap();
            prop_assert_eq!(s.rank, r.min(m).min(n));
            prop_assert_eq!(s.rank + s.null_space.len(), n);
            prop_assert_eq!(s.rank + s.left_null_space.len(), m);
            // A maps the null space to zero
            for v in &s.null_space {
                for i in 0..m {
                    let x: f64 = (0..n).map(|j| a[(i, j)] * v[j]).sum();
                    prop_assert!(x.abs() <= tol(m, n, r as f64 * 4.0));
                }
            }
        }

        #[test]
        fn the_transpose_of_a_product_reverses_it(m in 1usize..8, k in 1usize..8, n in 1usize..8, seed: u64) {
            let (a, b) = (random_mat(m, k, seed), random_mat(k, n, seed ^ 9));
            let lhs = (&a * &b).transpose().to_owned();
            let rhs = b.transpose() * a.transpose();
            prop_assert!(diff_norm(&lhs, &rhs) <= tol(m, n, k as f64));
        }
    }
}
