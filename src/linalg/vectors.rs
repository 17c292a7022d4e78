//! Vectors and geometry: angles, norms, distances, combinations, projections, cross products.

use faer::Mat;

use super::decomp::singular_values;
use super::solve::lstsq_min_norm;
use super::{LinalgError, LinalgResult, ensure_finite_scalar, shape_str};

fn same_length(op: &str, a: &[f64], b: &[f64], names: (&str, &str)) -> LinalgResult<()> {
    if a.len() != b.len() {
        return Err(LinalgError::ShapeMismatch(format!(
            "{op}: {} has length {} and {} has length {}; they must be equal",
            names.0,
            a.len(),
            names.1,
            b.len()
        )));
    }
    Ok(())
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
pub fn cosine(op: &str, a: &[f64], b: &[f64]) -> LinalgResult<f64> {
    same_length(op, a, b, ("a", "b"))?;
    let (na, nb) = (l2(a), l2(b));
    if na == 0.0 || nb == 0.0 {
        let which = if na == 0.0 { "a" } else { "b" };
        return Err(LinalgError::InvalidInput(format!(
            "{op}: {which} is a zero vector; its angle is undefined"
        )));
    }
    let scaled: f64 = a.iter().zip(b).map(|(x, y)| (x / na) * (y / nb)).sum();
    Ok(scaled.clamp(-1.0, 1.0))
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VectorNorm {
    L1,
    L2,
    LInf,
    /// Any p >= 1.
    P(f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixNorm {
    Frobenius,
    Nuclear,
    Spectral,
    /// Largest column sum of absolute values.
    L1,
    /// Largest row sum of absolute values.
    LInf,
}

pub fn vector_norm(v: &[f64], ord: VectorNorm) -> LinalgResult<f64> {
    let value = match ord {
        VectorNorm::L1 => v.iter().map(|x| x.abs()).sum(),
        VectorNorm::L2 => l2(v),
        VectorNorm::LInf => v.iter().fold(0.0_f64, |m, x| m.max(x.abs())),
        VectorNorm::P(p) => {
            if p < 1.0 || !p.is_finite() {
                return Err(LinalgError::InvalidInput(format!(
                    "norm: ord is {p}; a numeric ord must be a finite number >= 1"
                )));
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
    ensure_finite_scalar("norm", "norm", value)
}

pub fn matrix_norm(m: &Mat<f64>, ord: MatrixNorm) -> LinalgResult<f64> {
    let (rows, cols) = (m.nrows(), m.ncols());
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
        MatrixNorm::L1 => (0..cols)
            .map(|j| (0..rows).map(|i| m[(i, j)].abs()).sum::<f64>())
            .fold(0.0, f64::max),
        MatrixNorm::LInf => (0..rows)
            .map(|i| (0..cols).map(|j| m[(i, j)].abs()).sum::<f64>())
            .fold(0.0, f64::max),
    };
    ensure_finite_scalar("norm", "norm", value)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceMetric {
    Euclidean,
    Manhattan,
    Chebyshev,
    Cosine,
}

pub fn distance(a: &[f64], b: &[f64], metric: DistanceMetric) -> LinalgResult<f64> {
    same_length("distance", a, b, ("a", "b"))?;
    let diff: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let value = match metric {
        DistanceMetric::Euclidean => l2(&diff),
        DistanceMetric::Manhattan => diff.iter().map(|x| x.abs()).sum(),
        DistanceMetric::Chebyshev => diff.iter().fold(0.0_f64, |m, x| m.max(x.abs())),
        DistanceMetric::Cosine => 1.0 - cosine("distance", a, b)?,
    };
    ensure_finite_scalar("distance", "distance", value)
}

/// `sum_i coefficients[i] * vectors[i]`.
pub fn linear_combination(vectors: &[Vec<f64>], coefficients: &[f64]) -> LinalgResult<Vec<f64>> {
    if vectors.len() != coefficients.len() {
        return Err(LinalgError::ShapeMismatch(format!(
            "linear-combination: {} vectors but {} coefficients; give one coefficient per vector",
            vectors.len(),
            coefficients.len()
        )));
    }
    let n = vectors[0].len();
    if let Some((i, v)) = vectors.iter().enumerate().find(|(_, v)| v.len() != n) {
        return Err(LinalgError::ShapeMismatch(format!(
            "linear-combination: vectors[{i}] has length {} but vectors[0] has length {n}",
            v.len()
        )));
    }
    let mut out = vec![0.0; n];
    for (v, c) in vectors.iter().zip(coefficients) {
        for (o, x) in out.iter_mut().zip(v) {
            *o += c * x;
        }
    }
    if out.iter().any(|x| !x.is_finite()) {
        return Err(LinalgError::NotFinite(
            "linear-combination: the result is not finite (it overflows a 64-bit float); scale the input down".into(),
        ));
    }
    Ok(out)
}

/// An orthogonal projection: `projection + residual = vector`, residual orthogonal to the target.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub projection: Vec<f64>,
    pub residual: Vec<f64>,
    pub coefficients: Vec<f64>,
}

/// Projection of `v` onto the line spanned by `onto`.
pub fn project_onto_vector(v: &[f64], onto: &[f64]) -> LinalgResult<Projection> {
    same_length("project", v, onto, ("vector", "onto"))?;
    let uu = dot(onto, onto);
    if uu == 0.0 {
        return Err(LinalgError::InvalidInput(
            "project: onto is a zero vector; there is no direction to project onto".into(),
        ));
    }
    let c = dot(v, onto) / uu;
    let projection: Vec<f64> = onto.iter().map(|u| c * u).collect();
    finish_projection(v, projection, vec![c])
}

/// Projection of `v` onto the column space of `a`, via minimum-norm least squares (so the
/// coefficients are defined even when the columns are dependent).
pub fn project_onto_columns(v: &[f64], a: &Mat<f64>) -> LinalgResult<Projection> {
    if a.nrows() != v.len() {
        return Err(LinalgError::ShapeMismatch(format!(
            "project: onto_columns is {} and vector has length {}; onto_columns' rows ({}) must equal the vector's length",
            shape_str(a),
            v.len(),
            a.nrows()
        )));
    }
    let b = Mat::from_fn(v.len(), 1, |i, _| v[i]);
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
    if projection
        .iter()
        .chain(&residual)
        .chain(&coefficients)
        .any(|x| !x.is_finite())
    {
        return Err(LinalgError::NotFinite(
            "project: the projection is not finite (it overflows a 64-bit float); scale the input down".into(),
        ));
    }
    Ok(Projection {
        projection,
        residual,
        coefficients,
    })
}

/// `a x b` for vectors of length 3.
pub fn cross(a: &[f64], b: &[f64]) -> LinalgResult<[f64; 3]> {
    for (name, v) in [("a", a), ("b", b)] {
        if v.len() != 3 {
            return Err(LinalgError::InvalidInput(format!(
                "cross: {name} has length {}; the cross product needs vectors of length 3",
                v.len()
            )));
        }
    }
    let c = [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ];
    if c.iter().any(|x| !x.is_finite()) {
        return Err(LinalgError::NotFinite(
            "cross: the result is not finite (it overflows a 64-bit float); scale the input down"
                .into(),
        ));
    }
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
        let c = cosine("cosine", &[1.0, 0.0], &[0.0, 2.0]).unwrap();
        assert_eq!(c, 0.0);
        assert!((c.acos().to_degrees() - 90.0).abs() < 1e-12);
    }

    #[test]
    fn parallel_vectors_never_exceed_one() {
        let a = [0.1, 0.2, 0.3];
        let c = cosine("cosine", &a, &a).unwrap();
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
        let d = mat_from_rows(2, 2, &[3.0, 0.0, 0.0, -2.0]);
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
