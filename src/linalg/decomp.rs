//! Factorizations: SVD, eigendecompositions, QR, LU, Cholesky and truncated SVD.
//!
//! faer computes; this module fixes the conventions the contract promises on top of it
//! (descending singular values, ascending symmetric eigenvalues, eigenvectors as unit rows with a
//! deterministic phase, `diag(R) >= 0`, `P A = L U`), because faer leaves signs and phases free.

use faer::{Mat, Side, c64};

use super::{Algorithm, LinalgError, LinalgResult, Operand, Rule, is_symmetric, require_square};

fn no_convergence(algorithm: Algorithm) -> LinalgError {
    LinalgError::NoConvergence { algorithm }
}

/// A singular value decomposition `A = U diag(s) Vt`.
#[derive(Debug, Clone)]
pub struct Svd {
    pub u: Mat<f64>,
    pub s: Vec<f64>,
    pub vt: Mat<f64>,
}

/// Thin (`u` m x k, `vt` k x n, k = min(m, n)) or full (`u` m x m, `vt` n x n) SVD.
pub fn svd(a: &Mat<f64>, full_matrices: bool) -> LinalgResult<Svd> {
    let dec = if full_matrices { a.svd() } else { a.thin_svd() }
        .map_err(|_| no_convergence(Algorithm::Svd))?;
    let s = dec.S().column_vector().iter().copied().collect();
    Ok(Svd {
        u: dec.U().to_owned(),
        s,
        vt: dec.V().transpose().to_owned(),
    })
}

/// Singular values only, descending.
pub fn singular_values(a: &Mat<f64>) -> LinalgResult<Vec<f64>> {
    a.singular_values()
        .map_err(|_| no_convergence(Algorithm::Svd))
}

/// The best rank-k approximation (Eckart-Young) and what it costs and keeps.
#[derive(Debug, Clone)]
pub struct LowRank {
    pub approximation: Mat<f64>,
    pub svd: Svd,
    pub error_fro: f64,
    pub error_spectral: f64,
    pub energy_retained: f64,
    pub params_full: usize,
    pub params_low_rank: usize,
}

/// `k` is argument 1 in errors.
pub fn low_rank(a: &Mat<f64>, k: i64) -> LinalgResult<LowRank> {
    let (m, n) = (a.nrows(), a.ncols());
    if k < 1 || k > m.min(n) as i64 {
        return Err(LinalgError::Parameter {
            operand: Operand::Arg(1),
            value: k as f64,
            rule: Rule::Between {
                min: 1,
                max: m.min(n) as i64,
                max_is: "min(rows, columns)",
            },
        });
    }
    let k = k as usize;
    let full = svd(a, false)?;
    let u = full.u.subcols(0, k).to_owned();
    let vt = full.vt.subrows(0, k).to_owned();
    let s: Vec<f64> = full.s[..k].to_vec();
    let us = Mat::from_fn(m, k, |i, j| u[(i, j)] * s[j]);
    let approximation = &us * &vt;
    let tail = &full.s[k..];
    let total: f64 = full.s.iter().map(|x| x * x).sum();
    let kept: f64 = s.iter().map(|x| x * x).sum();
    Ok(LowRank {
        approximation,
        error_fro: tail.iter().map(|x| x * x).sum::<f64>().sqrt(),
        error_spectral: tail.first().copied().unwrap_or(0.0),
        energy_retained: if total > 0.0 { kept / total } else { 1.0 },
        params_full: m * n,
        params_low_rank: k * (m + n),
        svd: Svd { u, s, vt },
    })
}

/// Eigenvalues and unit eigenvectors (one row per eigenvalue, same order).
#[derive(Debug, Clone)]
pub enum Eigen {
    /// Real eigenvalues ascending, real eigenvectors.
    Symmetric {
        values: Vec<f64>,
        vectors: Vec<Vec<f64>>,
    },
    /// Complex eigenvalues ordered by real part then imaginary part.
    General {
        values: Vec<c64>,
        vectors: Vec<Vec<c64>>,
    },
}

/// Entries within this relative distance of the largest magnitude count as tied for the phase
/// rule; the first one wins, so rounding noise cannot flip which entry is made positive.
const PHASE_TIE_RTOL: f64 = 1e-9;

/// `symmetric`: `None` detects it (within 1e-12 relative); `Some(true)` on a non-symmetric
/// matrix is an error; `Some(false)` forces the general algorithm.
pub fn eigen(a: &Mat<f64>, symmetric: Option<bool>) -> LinalgResult<Eigen> {
    require_square(0, a)?;
    let detected = is_symmetric(a);
    let symmetric = match symmetric {
        None => detected,
        Some(true) if !detected => {
            return Err(LinalgError::NotSymmetric {
                operand: Operand::Arg(0),
            });
        }
        Some(s) => s,
    };
    let n = a.nrows();
    if symmetric {
        let dec = a
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| no_convergence(Algorithm::Eigen))?;
        let values: Vec<f64> = dec.S().column_vector().iter().copied().collect();
        let u = dec.U();
        let vectors = (0..n)
            .map(|j| {
                let mut v: Vec<f64> = (0..n).map(|i| u[(i, j)]).collect();
                fix_real_phase(&mut v);
                v
            })
            .collect();
        return Ok(Eigen::Symmetric { values, vectors });
    }
    let dec = a.eigen().map_err(|_| no_convergence(Algorithm::Eigen))?;
    let s = dec.S().column_vector();
    let u = dec.U();
    let mut pairs: Vec<(c64, Vec<c64>)> = (0..n)
        .map(|j| {
            let mut v: Vec<c64> = (0..n).map(|i| u[(i, j)]).collect();
            fix_complex_phase(&mut v);
            (s[j], v)
        })
        .collect();
    pairs.sort_by(|(x, _), (y, _)| x.re.total_cmp(&y.re).then(x.im.total_cmp(&y.im)));
    let (values, vectors) = pairs.into_iter().unzip();
    Ok(Eigen::General { values, vectors })
}

/// Index of the first entry whose magnitude is within the tie tolerance of the largest.
fn phase_anchor(magnitudes: impl Iterator<Item = f64> + Clone) -> usize {
    let max = magnitudes.clone().fold(0.0_f64, f64::max);
    magnitudes
        .into_iter()
        .position(|m| m >= max * (1.0 - PHASE_TIE_RTOL))
        .unwrap_or(0)
}

/// Unit length, largest-magnitude entry positive.
pub fn fix_real_phase(v: &mut [f64]) {
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm == 0.0 {
        return;
    }
    let i = phase_anchor(v.iter().map(|x| x.abs()));
    let scale = if v[i] < 0.0 { -1.0 / norm } else { 1.0 / norm };
    v.iter_mut().for_each(|x| *x *= scale);
}

/// Unit length, largest-magnitude entry real and positive.
pub fn fix_complex_phase(v: &mut [c64]) {
    let norm = v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
    if norm == 0.0 {
        return;
    }
    let i = phase_anchor(v.iter().map(|z| z.norm()));
    let anchor = v[i];
    let rotation = anchor.conj() / (anchor.norm() * norm);
    v.iter_mut().for_each(|z| *z *= rotation);
    v[i] = c64::new(anchor.norm() / norm, 0.0);
}

/// Reduced QR with `diag(R) >= 0`: `q` m x k, `r` k x n, k = min(m, n).
pub fn qr(a: &Mat<f64>) -> (Mat<f64>, Mat<f64>) {
    let dec = a.qr();
    let mut q = dec.compute_thin_Q();
    let mut r = dec.thin_R().to_owned();
    let k = a.nrows().min(a.ncols());
    for i in 0..k {
        if r[(i, i)] < 0.0 {
            for j in 0..r.ncols() {
                r[(i, j)] = -r[(i, j)];
            }
            for row in 0..q.nrows() {
                q[(row, i)] = -q[(row, i)];
            }
        }
        r[(i, i)] = r[(i, i)].abs(); // also turns -0.0 into 0.0
    }
    (q, r)
}

/// `P A = L U` with partial pivoting: `p` a permutation matrix, `l` unit lower triangular.
pub fn lu(a: &Mat<f64>) -> LinalgResult<(Mat<f64>, Mat<f64>, Mat<f64>)> {
    require_square(0, a)?;
    let n = a.nrows();
    let dec = a.partial_piv_lu();
    let (forward, _) = dec.P().arrays();
    let p = Mat::from_fn(n, n, |i, j| if forward[i] == j { 1.0 } else { 0.0 });
    Ok((p, dec.L().to_owned(), dec.U().to_owned()))
}

/// Lower-triangular `L` with `L L^T = A`, for symmetric positive definite `A`.
pub fn cholesky(a: &Mat<f64>) -> LinalgResult<Mat<f64>> {
    require_square(0, a)?;
    if !is_symmetric(a) {
        return Err(LinalgError::NotPositiveDefinite {
            operand: Operand::Arg(0),
            symmetric: false,
        });
    }
    let dec = a
        .llt(Side::Lower)
        .map_err(|_| LinalgError::NotPositiveDefinite {
            operand: Operand::Arg(0),
            symmetric: true,
        })?;
    let l = dec.L();
    Ok(Mat::from_fn(a.nrows(), a.ncols(), |i, j| {
        if j <= i { l[(i, j)] } else { 0.0 }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::{diff_norm, identity, random_mat, tol};
    use proptest::prelude::*;

    fn diag(s: &[f64], rows: usize, cols: usize) -> Mat<f64> {
        Mat::from_fn(rows, cols, |i, j| if i == j { s[i] } else { 0.0 })
    }

    fn check_svd(a: &Mat<f64>, full: bool) {
        let (m, n) = (a.nrows(), a.ncols());
        let d = svd(a, full).unwrap();
        let k = m.min(n);
        assert!(d.s.windows(2).all(|w| w[0] >= w[1]), "descending");
        assert!(d.s.iter().all(|&x| x >= 0.0));
        let (ur, vc) = if full { (m, n) } else { (k, k) };
        assert_eq!((d.u.nrows(), d.u.ncols()), (m, ur));
        assert_eq!((d.vt.nrows(), d.vt.ncols()), (vc, n));
        let sigma = diag(&d.s, ur, vc);
        let recon = &(&d.u * &sigma) * &d.vt;
        let norm = d.s.first().copied().unwrap_or(0.0);
        assert!(diff_norm(&recon, a) <= tol(m, n, norm));
        assert!(diff_norm(&(d.u.transpose() * &d.u), &identity(ur)) <= tol(m, n, 1.0));
        assert!(diff_norm(&(&d.vt * d.vt.transpose()), &identity(vc)) <= tol(m, n, 1.0));
    }

    #[test]
    fn svd_of_a_textbook_matrix() {
        // [[3, 0], [4, 5]] has singular values sqrt(45) and sqrt(5).
        let a = mat_from_rows(2, 2, &[3.0, 0.0, 4.0, 5.0]);
        let s = singular_values(&a).unwrap();
        assert!((s[0] - 45f64.sqrt()).abs() < 1e-12);
        assert!((s[1] - 5f64.sqrt()).abs() < 1e-12);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn svd_reconstructs_and_is_orthonormal(m in 1usize..12, n in 1usize..12, seed: u64, full: bool) {
            check_svd(&random_mat(m, n, seed), full);
        }

        #[test]
        fn rank_deficient_svd_still_reconstructs(m in 2usize..10, n in 2usize..10, seed: u64) {
            let a = &random_mat(m, 1, seed) * &random_mat(1, n, seed ^ 1);
            check_svd(&a, false);
            let s = singular_values(&a).unwrap();
            prop_assert!(s[1] <= 1e-12 * s[0].max(1.0));
        }

        #[test]
        fn qr_reconstructs_with_orthonormal_q(m in 1usize..12, n in 1usize..12, seed: u64) {
            let a = random_mat(m, n, seed);
            let (q, r) = qr(&a);
            let k = m.min(n);
            prop_assert!(diff_norm(&(&q * &r), &a) <= tol(m, n, 1.0));
            prop_assert!(diff_norm(&(q.transpose() * &q), &identity(k)) <= tol(m, n, 1.0));
            for i in 0..k {
                prop_assert!(r[(i, i)] >= 0.0);
                for j in 0..i { prop_assert!(r[(i, j)] == 0.0); }
            }
        }

        #[test]
        fn lu_satisfies_pa_eq_lu(n in 1usize..12, seed: u64) {
            let a = random_mat(n, n, seed);
            let (p, l, u) = lu(&a).unwrap();
            prop_assert!(diff_norm(&(&p * &a), &(&l * &u)) <= tol(n, n, 1.0));
            for i in 0..n {
                prop_assert!((l[(i, i)] - 1.0).abs() < 1e-15);
                for j in i + 1..n { prop_assert!(l[(i, j)] == 0.0); prop_assert!(u[(j, i)] == 0.0); }
            }
        }

        #[test]
        fn cholesky_reconstructs_spd(n in 1usize..12, seed: u64) {
            let b = random_mat(n, n, seed);
            let a = &(&b * b.transpose()) + &identity(n);
            let l = cholesky(&a).unwrap();
            prop_assert!(diff_norm(&(&l * l.transpose()), &a) <= tol(n, n, n as f64));
        }

        #[test]
        fn symmetric_eigenpairs_satisfy_av_eq_lambda_v(n in 1usize..12, seed: u64) {
            let b = random_mat(n, n, seed);
            let a = &b + b.transpose();
            let Eigen::Symmetric { values, vectors } = eigen(&a, None).unwrap() else { panic!("symmetric") };
            prop_assert!(values.windows(2).all(|w| w[0] <= w[1]));
            for (lambda, v) in values.iter().zip(&vectors) {
                let col = Mat::from_fn(n, 1, |i, _| v[i]);
                let av = &a * &col;
                for i in 0..n { prop_assert!((av[(i, 0)] - lambda * v[i]).abs() <= tol(n, n, 2.0 * n as f64)); }
                let norm: f64 = v.iter().map(|x| x * x).sum::<f64>().sqrt();
                prop_assert!((norm - 1.0).abs() < 1e-12);
            }
        }

        #[test]
        fn general_eigenpairs_satisfy_av_eq_lambda_v(n in 1usize..10, seed: u64) {
            let a = random_mat(n, n, seed);
            let Eigen::General { values, vectors } = eigen(&a, Some(false)).unwrap() else { panic!("general") };
            for (lambda, v) in values.iter().zip(&vectors) {
                for i in 0..n {
                    let av: c64 = (0..n).map(|j| v[j] * a[(i, j)]).sum();
                    prop_assert!((av - lambda * v[i]).norm() <= 1e-9 * n as f64);
                }
            }
        }

        #[test]
        fn low_rank_error_equals_the_tail(m in 1usize..10, n in 1usize..10, seed: u64, kf in 0.0f64..1.0) {
            let a = random_mat(m, n, seed);
            let k = 1 + ((m.min(n) - 1) as f64 * kf) as usize;
            let lr = low_rank(&a, k as i64).unwrap();
            let err = diff_norm(&lr.approximation, &a);
            prop_assert!((err - lr.error_fro).abs() <= tol(m, n, 1.0));
            prop_assert!(lr.energy_retained <= 1.0 + 1e-12);
        }
    }

    #[test]
    fn a_rotation_has_eigenvalues_plus_minus_i() {
        let a = mat_from_rows(2, 2, &[0.0, -1.0, 1.0, 0.0]);
        let Eigen::General { values, vectors } = eigen(&a, None).unwrap() else {
            panic!("not symmetric")
        };
        assert!((values[0] - c64::new(0.0, -1.0)).norm() < 1e-12);
        assert!((values[1] - c64::new(0.0, 1.0)).norm() < 1e-12);
        for v in &vectors {
            assert!(v[0].im == 0.0 && v[0].re > 0.0);
        }
    }

    #[test]
    fn textbook_symmetric_eigenvalues() {
        let a = mat_from_rows(2, 2, &[2.0, 1.0, 1.0, 2.0]);
        let Eigen::Symmetric { values, vectors } = eigen(&a, None).unwrap() else {
            panic!("symmetric")
        };
        assert!((values[0] - 1.0).abs() < 1e-12 && (values[1] - 3.0).abs() < 1e-12);
        let h = 0.5f64.sqrt();
        assert!((vectors[1][0] - h).abs() < 1e-12 && (vectors[1][1] - h).abs() < 1e-12);
    }

    #[test]
    fn claiming_symmetry_of_a_non_symmetric_matrix_is_invalid() {
        let a = mat_from_rows(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        assert!(matches!(
            eigen(&a, Some(true)),
            Err(LinalgError::NotSymmetric { .. })
        ));
    }

    #[test]
    fn cholesky_refuses_non_spd() {
        let indefinite = mat_from_rows(2, 2, &[1.0, 2.0, 2.0, 1.0]);
        assert!(matches!(
            cholesky(&indefinite),
            Err(LinalgError::NotPositiveDefinite { .. })
        ));
        let asymmetric = mat_from_rows(2, 2, &[4.0, 1.0, 0.0, 4.0]);
        assert!(matches!(
            cholesky(&asymmetric),
            Err(LinalgError::NotPositiveDefinite { .. })
        ));
    }

    #[test]
    fn textbook_cholesky() {
        let a = mat_from_rows(2, 2, &[4.0, 2.0, 2.0, 3.0]);
        let l = cholesky(&a).unwrap();
        assert!(diff_norm(&l, &mat_from_rows(2, 2, &[2.0, 0.0, 1.0, 2f64.sqrt()])) < 1e-15);
        assert_eq!(l[(0, 1)], 0.0);
    }
}
