//! Vectors and geometry: angles, norms, distances, combinations, projections, cross products.
//!
//! Two-vector functions name their operands `Arg(0)` and `Arg(1)` in errors.

use faer::Mat;

use super::decomp::singular_values;
use super::solve::lstsq_min_norm;
use super::{
    Axis, Extent, LinalgError, LinalgResult, Operand, Quantity, Rule, Shape, ZeroVectorUse,
    ensure_finite_scalar, ensure_finite_slice, require_equal, shape_of,
};

fn same_length(a: &[f64], b: &[f64]) -> LinalgResult<()> {
    require_equal(vector_extent(0, a), vector_extent(1, b))
}

fn vector_extent(arg: usize, v: &[f64]) -> Extent {
    Extent {
        operand: Operand::Arg(arg),
        shape: Shape::Vector(v.len()),
        axis: Axis::Length,
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Euclidean length without overflow or underflow in the squares.
pub fn l2(v: &[f64]) -> f64 {
    let scale = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    scale * v.iter().map(|x| (x / scale).powi(2)).sum::<f64>().sqrt()
}

/// Cosine of the angle between `a` and `b`, clamped to [-1, 1] so that `acos` never sees
/// rounding noise outside its domain.
pub fn cosine(a: &[f64], b: &[f64]) -> LinalgResult<f64> {
    same_length(a, b)?;
    let (na, nb) = (l2(a), l2(b));
    if na == 0.0 || nb == 0.0 {
        return Err(LinalgError::ZeroVector {
            operand: Operand::Arg(if na == 0.0 { 0 } else { 1 }),
            usage: ZeroVectorUse::Angle,
        });
    }
    let scaled: f64 = a.iter().zip(b).map(|(x, y)| (x / na) * (y / nb)).sum();
    Ok(scaled.clamp(-1.0, 1.0))
}

/// A vector norm (`numpy.linalg.norm`'s `ord` for 1-D input, restricted to p >= 1 and +-inf).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VectorNorm {
    L1,
    L2,
    /// Largest absolute entry (`inf`).
    LInf,
    /// Smallest absolute entry (`-inf`).
    NegInf,
    /// Any finite p >= 1.
    P(f64),
}

/// A matrix norm (`numpy.linalg.norm`'s `ord` for 2-D input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixNorm {
    Frobenius,
    /// Sum of the singular values (`nuc`).
    Nuclear,
    /// Largest singular value (`2`).
    Spectral,
    /// Smallest singular value (`-2`).
    SmallestSingular,
    /// Largest column sum of absolute values (`1`).
    L1,
    /// Smallest column sum of absolute values (`-1`).
    NegL1,
    /// Largest row sum of absolute values (`inf`).
    LInf,
    /// Smallest row sum of absolute values (`-inf`).
    NegLInf,
}

impl MatrixNorm {
    /// Whether computing it needs the singular values (an O(n^3) operation).
    pub fn needs_svd(self) -> bool {
        matches!(
            self,
            MatrixNorm::Nuclear | MatrixNorm::Spectral | MatrixNorm::SmallestSingular
        )
    }
}

/// `ord` is the argument at position 1 in errors.
pub fn vector_norm(v: &[f64], ord: VectorNorm) -> LinalgResult<f64> {
    let value = match ord {
        VectorNorm::L1 => v.iter().map(|x| x.abs()).sum(),
        VectorNorm::L2 => l2(v),
        VectorNorm::LInf => v.iter().fold(0.0_f64, |m, x| m.max(x.abs())),
        VectorNorm::NegInf => v.iter().fold(f64::INFINITY, |m, x| m.min(x.abs())),
        VectorNorm::P(p) => {
            if p < 1.0 || !p.is_finite() {
                return Err(LinalgError::Parameter {
                    operand: Operand::Arg(1),
                    value: p,
                    rule: Rule::AtLeast(1.0),
                });
            }
            let scale = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
            if scale == 0.0 {
                0.0
            } else {
                scale
                    * v.iter()
                        .map(|x| (x.abs() / scale).powf(p))
                        .sum::<f64>()
                        .powf(1.0 / p)
            }
        }
    };
    ensure_finite_scalar(Quantity::Norm, value)
}

pub fn matrix_norm(m: &Mat<f64>, ord: MatrixNorm) -> LinalgResult<f64> {
    let (rows, cols) = (m.nrows(), m.ncols());
    let column_sums = || (0..cols).map(|j| (0..rows).map(|i| m[(i, j)].abs()).sum::<f64>());
    let row_sums = || (0..rows).map(|i| (0..cols).map(|j| m[(i, j)].abs()).sum::<f64>());
    let value = match ord {
        MatrixNorm::Frobenius => {
            let all: Vec<f64> = (0..cols)
                .flat_map(|j| (0..rows).map(move |i| (i, j)))
                .map(|(i, j)| m[(i, j)])
                .collect();
            l2(&all)
        }
        MatrixNorm::Nuclear => singular_values(m)?.iter().sum(),
        MatrixNorm::Spectral => singular_values(m)?.first().copied().unwrap_or(0.0),
        MatrixNorm::SmallestSingular => singular_values(m)?.last().copied().unwrap_or(0.0),
        MatrixNorm::L1 => column_sums().fold(0.0, f64::max),
        MatrixNorm::NegL1 => column_sums().fold(f64::INFINITY, f64::min),
        MatrixNorm::LInf => row_sums().fold(0.0, f64::max),
        MatrixNorm::NegLInf => row_sums().fold(f64::INFINITY, f64::min),
    };
    ensure_finite_scalar(Quantity::Norm, value)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceMetric {
    Euclidean,
    Manhattan,
    Chebyshev,
    Cosine,
}

pub fn distance(a: &[f64], b: &[f64], metric: DistanceMetric) -> LinalgResult<f64> {
    same_length(a, b)?;
    let diff: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let value = match metric {
        DistanceMetric::Euclidean => l2(&diff),
        DistanceMetric::Manhattan => diff.iter().map(|x| x.abs()).sum(),
        DistanceMetric::Chebyshev => diff.iter().fold(0.0_f64, |m, x| m.max(x.abs())),
        DistanceMetric::Cosine => 1.0 - cosine(a, b)?,
    };
    ensure_finite_scalar(Quantity::Distance, value)
}

/// `sum_i coefficients[i] * vectors[i]` (`vectors` is argument 0, `coefficients` argument 1).
pub fn linear_combination(vectors: &[Vec<f64>], coefficients: &[f64]) -> LinalgResult<Vec<f64>> {
    if vectors.is_empty() {
        return Err(LinalgError::TooFew {
            operand: Operand::Arg(0),
            count: 0,
            min: 1,
            unit: ("vector", "vectors"),
            operation: "a linear combination",
        });
    }
    if vectors.len() != coefficients.len() {
        return Err(LinalgError::Unpaired {
            items: (Operand::Arg(0), vectors.len()),
            partners: (Operand::Arg(1), coefficients.len()),
        });
    }
    let n = vectors[0].len();
    if let Some((i, v)) = vectors.iter().enumerate().find(|(_, v)| v.len() != n) {
        return Err(LinalgError::Dimensions {
            left: Extent {
                operand: Operand::Item(0, i),
                shape: Shape::Vector(v.len()),
                axis: Axis::Length,
            },
            right: Extent {
                operand: Operand::Item(0, 0),
                shape: Shape::Vector(n),
                axis: Axis::Length,
            },
        });
    }
    let mut out = vec![0.0; n];
    for (v, c) in vectors.iter().zip(coefficients) {
        for (o, x) in out.iter_mut().zip(v) {
            *o += c * x;
        }
    }
    ensure_finite_slice(Quantity::Result, &out)?;
    Ok(out)
}

/// An orthogonal projection: `projection + residual = vector`, residual orthogonal to the target.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub projection: Vec<f64>,
    pub residual: Vec<f64>,
    pub coefficients: Vec<f64>,
}

/// Projection of `v` (argument 0) onto the line spanned by `onto` (argument 1).
pub fn project_onto_vector(v: &[f64], onto: &[f64]) -> LinalgResult<Projection> {
    same_length(v, onto)?;
    let uu = dot(onto, onto);
    if uu == 0.0 {
        return Err(LinalgError::ZeroVector {
            operand: Operand::Arg(1),
            usage: ZeroVectorUse::Direction,
        });
    }
    let c = dot(v, onto) / uu;
    let projection: Vec<f64> = onto.iter().map(|u| c * u).collect();
    finish_projection(v, projection, vec![c])
}

/// Projection of `v` (argument 0) onto the column space of `a` (argument 1), via minimum-norm
/// least squares (so the coefficients are defined even when the columns are dependent).
pub fn project_onto_columns(v: &[f64], a: &Mat<f64>) -> LinalgResult<Projection> {
    require_equal(
        Extent {
            operand: Operand::Arg(1),
            shape: shape_of(a),
            axis: Axis::Rows,
        },
        vector_extent(0, v),
    )?;
    let b = super::column(v);
    let ls = lstsq_min_norm(a, &b, None)?;
    let coefficients: Vec<f64> = (0..a.ncols()).map(|j| ls.x[(j, 0)]).collect();
    let projection: Vec<f64> = (0..a.nrows())
        .map(|i| (0..a.ncols()).map(|j| a[(i, j)] * coefficients[j]).sum())
        .collect();
    finish_projection(v, projection, coefficients)
}

fn finish_projection(
    v: &[f64],
    projection: Vec<f64>,
    coefficients: Vec<f64>,
) -> LinalgResult<Projection> {
    let residual: Vec<f64> = v.iter().zip(&projection).map(|(x, p)| x - p).collect();
    for part in [&projection, &residual, &coefficients] {
        ensure_finite_slice(Quantity::Projection, part)?;
    }
    Ok(Projection {
        projection,
        residual,
        coefficients,
    })
}

/// `a x b` for vectors of length 3.
pub fn cross(a: &[f64], b: &[f64]) -> LinalgResult<[f64; 3]> {
    for (arg, v) in [a, b].into_iter().enumerate() {
        if v.len() != 3 {
            return Err(LinalgError::WrongLength {
                operand: Operand::Arg(arg),
                len: v.len(),
                required: 3,
                operation: "cross product",
            });
        }
    }
    let c = [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ];
    ensure_finite_slice(Quantity::Result, &c)?;
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::random_mat;
    use proptest::prelude::*;

    #[test]
    fn perpendicular_vectors_are_at_90_degrees() {
        let c = cosine(&[1.0, 0.0], &[0.0, 2.0]).unwrap();
        assert_eq!(c, 0.0);
        assert!((c.acos().to_degrees() - 90.0).abs() < 1e-12);
    }

    #[test]
    fn parallel_vectors_never_exceed_one() {
        let a = [0.1, 0.2, 0.3];
        let c = cosine(&a, &a).unwrap();
        assert!(c <= 1.0 && !c.acos().is_nan());
    }

    #[test]
    fn textbook_norms() {
        let v = [3.0, -4.0];
        assert_eq!(vector_norm(&v, VectorNorm::L2).unwrap(), 5.0);
        assert_eq!(vector_norm(&v, VectorNorm::L1).unwrap(), 7.0);
        assert_eq!(vector_norm(&v, VectorNorm::LInf).unwrap(), 4.0);
        assert!(
            (vector_norm(&v, VectorNorm::P(3.0)).unwrap() - 91f64.powf(1.0 / 3.0)).abs() < 1e-12
        );
        let m = mat_from_rows(2, 2, &[1.0, -2.0, 3.0, 4.0]);
        assert!((matrix_norm(&m, MatrixNorm::Frobenius).unwrap() - 30f64.sqrt()).abs() < 1e-12);
        assert_eq!(matrix_norm(&m, MatrixNorm::L1).unwrap(), 6.0);
        assert_eq!(matrix_norm(&m, MatrixNorm::LInf).unwrap(), 7.0);
        assert_eq!(matrix_norm(&m, MatrixNorm::NegL1).unwrap(), 4.0);
        assert_eq!(matrix_norm(&m, MatrixNorm::NegLInf).unwrap(), 3.0);
        assert_eq!(vector_norm(&v, VectorNorm::NegInf).unwrap(), 3.0);
        let d = mat_from_rows(2, 2, &[3.0, 0.0, 0.0, -2.0]);
        assert!((matrix_norm(&d, MatrixNorm::SmallestSingular).unwrap() - 2.0).abs() < 1e-12);
        assert!((matrix_norm(&d, MatrixNorm::Nuclear).unwrap() - 5.0).abs() < 1e-12);
        assert!((matrix_norm(&d, MatrixNorm::Spectral).unwrap() - 3.0).abs() < 1e-12);
    }

    #[test]
    fn l2_does_not_overflow_in_the_squares() {
        assert!((l2(&[3e200, 4e200]) - 5e200).abs() < 1e188);
    }

    #[test]
    fn textbook_distances() {
        let (a, b) = ([1.0, 2.0], [4.0, 6.0]);
        assert_eq!(distance(&a, &b, DistanceMetric::Euclidean).unwrap(), 5.0);
        assert_eq!(distance(&a, &b, DistanceMetric::Manhattan).unwrap(), 7.0);
        assert_eq!(distance(&a, &b, DistanceMetric::Chebyshev).unwrap(), 4.0);
        assert!(distance(&[1.0, 0.0], &[0.0, 1.0], DistanceMetric::Cosine).unwrap() - 1.0 < 1e-15);
    }

    #[test]
    fn the_cross_product_of_the_axes() {
        assert_eq!(
            cross(&[1.0, 0.0, 0.0], &[0.0, 1.0, 0.0]).unwrap(),
            [0.0, 0.0, 1.0]
        );
        assert!(cross(&[1.0, 0.0], &[0.0, 1.0, 0.0]).is_err());
    }

    #[test]
    fn textbook_projection_onto_a_line() {
        let p = project_onto_vector(&[2.0, 3.0], &[1.0, 0.0]).unwrap();
        assert_eq!(p.projection, vec![2.0, 0.0]);
        assert_eq!(p.residual, vec![0.0, 3.0]);
        assert_eq!(p.coefficients, vec![2.0]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn the_residual_is_orthogonal_to_the_columns(m in 1usize..10, n in 1usize..6, seed: u64) {
            let a = random_mat(m, n, seed);
            let v: Vec<f64> = (0..m).map(|i| (i as f64).sin()).collect();
            let p = project_onto_columns(&v, &a).unwrap();
            for j in 0..n {
                let d: f64 = (0..m).map(|i| a[(i, j)] * p.residual[i]).sum();
                prop_assert!(d.abs() < 1e-9);
            }
        }

        #[test]
        fn a_linear_combination_is_linear(n in 1usize..8, seed: u64) {
            let m = random_mat(3, n, seed);
            let vs: Vec<Vec<f64>> = (0..3).map(|i| (0..n).map(|j| m[(i, j)]).collect()).collect();
            let r = linear_combination(&vs, &[2.0, 0.0, -1.0]).unwrap();
            for j in 0..n { prop_assert!((r[j] - (2.0 * vs[0][j] - vs[2][j])).abs() < 1e-14); }
        }
    }
}
