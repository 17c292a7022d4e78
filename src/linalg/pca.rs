//! Principal component analysis with scikit-learn's conventions.
//!
//! Variance uses ddof = 1; components are the rows of `Vt` from the SVD of the centred data,
//! each flipped so that its largest-magnitude entry is positive (scikit-learn >= 1.5,
//! `svd_flip(u_based_decision=False)`), with the scores flipped to match.

use faer::Mat;

use super::decomp::svd;
use super::{LinalgError, LinalgResult, Operand, Rule};

#[derive(Debug, Clone)]
pub struct Pca {
    pub components: Mat<f64>,
    pub explained_variance: Vec<f64>,
    pub explained_variance_ratio: Vec<f64>,
    pub singular_values: Vec<f64>,
    pub mean: Vec<f64>,
    pub transformed: Mat<f64>,
}

/// PCA of `data` (samples x features, argument 0). `n_components` (argument 1) defaults to
/// min(samples, features).
pub fn pca(data: &Mat<f64>, n_components: Option<i64>, whiten: bool) -> LinalgResult<Pca> {
    let (n, p) = (data.nrows(), data.ncols());
    if n < 2 {
        return Err(LinalgError::TooFew {
            operand: Operand::Arg(0),
            count: n,
            min: 2,
            unit: ("sample", "samples"),
            operation: "PCA",
        });
    }
    let kmax = n.min(p);
    let k = n_components.unwrap_or(kmax as i64);
    if k < 1 || k > kmax as i64 {
        return Err(LinalgError::Parameter {
            operand: Operand::Arg(1),
            value: k as f64,
            rule: Rule::Between {
                min: 1,
                max: kmax as i64,
                max_is: "min(samples, features)",
            },
        });
    }
    let k = k as usize;
    let mean: Vec<f64> = (0..p)
        .map(|j| (0..n).map(|i| data[(i, j)]).sum::<f64>() / n as f64)
        .collect();
    let centred = Mat::from_fn(n, p, |i, j| data[(i, j)] - mean[j]);
    let mut dec = svd(&centred, false)?;
    flip_signs_by_components(&mut dec.u, &mut dec.vt);
    let dof = (n - 1) as f64;
    let variance: Vec<f64> = dec.s.iter().map(|s| s * s / dof).collect();
    let total: f64 = variance.iter().sum();
    if total <= 0.0 {
        return Err(LinalgError::NoVariance {
            operand: Operand::Arg(0),
        });
    }
    let scale: Vec<f64> = if whiten {
        vec![dof.sqrt(); k]
    } else {
        dec.s[..k].to_vec()
    };
    Ok(Pca {
        components: dec.vt.subrows(0, k).to_owned(),
        explained_variance_ratio: variance[..k].iter().map(|v| v / total).collect(),
        explained_variance: variance[..k].to_vec(),
        singular_values: dec.s[..k].to_vec(),
        mean,
        transformed: Mat::from_fn(n, k, |i, j| dec.u[(i, j)] * scale[j]),
    })
}

/// Makes each row of `vt` have a positive largest-magnitude entry (the first, on ties),
/// flipping the matching column of `u` so that `U S Vt` is unchanged.
fn flip_signs_by_components(u: &mut Mat<f64>, vt: &mut Mat<f64>) {
    for r in 0..vt.nrows() {
        let mut best = 0;
        for c in 1..vt.ncols() {
            if vt[(r, c)].abs() > vt[(r, best)].abs() {
                best = c;
            }
        }
        if vt[(r, best)] < 0.0 {
            for c in 0..vt.ncols() {
                vt[(r, c)] = -vt[(r, c)];
            }
            if r < u.ncols() {
                for i in 0..u.nrows() {
                    u[(i, r)] = -u[(i, r)];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::random_mat;
    use proptest::prelude::*;

    #[test]
    fn points_on_a_line_have_one_component() {
        let data = mat_from_rows(3, 2, &[1.0, 2.0, 2.0, 4.0, 3.0, 6.0]);
        let r = pca(&data, Some(1), false).unwrap();
        let h = 1.0 / 5f64.sqrt();
        assert!((r.components[(0, 0)] - h).abs() < 1e-12);
        assert!((r.components[(0, 1)] - 2.0 * h).abs() < 1e-12);
        assert!((r.explained_variance_ratio[0] - 1.0).abs() < 1e-12);
        // variance of the projections (-sqrt5, 0, sqrt5) with ddof = 1 is 5
        assert!((r.explained_variance[0] - 5.0).abs() < 1e-12);
        assert_eq!(r.mean, vec![2.0, 4.0]);
    }

    #[test]
    fn identical_samples_have_no_variance() {
        let data = mat_from_rows(2, 2, &[1.0, 1.0, 1.0, 1.0]);
        assert!(matches!(
            pca(&data, None, false),
            Err(LinalgError::NoVariance { .. })
        ));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn pca_invariants(n in 2usize..20, p in 1usize..8, seed: u64, whiten: bool) {
            let data = random_mat(n, p, seed);
            let r = pca(&data, None, whiten).unwrap();
            let k = n.min(p);
            let ratio: f64 = r.explained_variance_ratio.iter().sum();
            prop_assert!(ratio <= 1.0 + 1e-12);
            prop_assert!(r.explained_variance.windows(2).all(|w| w[0] >= w[1] - 1e-12));
            for c in 0..k {
                let row: Vec<f64> = (0..p).map(|j| r.components[(c, j)]).collect();
                let norm: f64 = row.iter().map(|x| x * x).sum::<f64>().sqrt();
                prop_assert!((norm - 1.0).abs() < 1e-10);
                let largest = row.iter().copied().fold(0.0f64, |a, x| if x.abs() > a.abs() { x } else { a });
                prop_assert!(largest > 0.0);
            }
            if !whiten {
                // transformed = centred data projected on the components
                for i in 0..n {
                    for c in 0..k {
                        let proj: f64 = (0..p).map(|j| (data[(i, j)] - r.mean[j]) * r.components[(c, j)]).sum();
                        prop_assert!((proj - r.transformed[(i, c)]).abs() < 1e-9);
                    }
                }
            }
        }
    }
}
