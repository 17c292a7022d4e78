//! Pure math on faer and ndarray values: no HTTP, no JSON, no serde.
//!
//! Every function here takes validated operands (see `crate::wire`) and returns either a result
//! or a [`LinalgError`] that carries the shapes and values at fault and names operands only by
//! position (see [`error`]): the caller adds the endpoint's field names once, at the edge.
//! Keeping this layer free of transport types means the same code serves the endpoints, `/grade`,
//! `/exercises`, the visualisations, the benches and the unit tests.

pub mod decomp;
pub mod exact;
pub mod ml;
pub mod pca;
pub mod products;
pub mod search;
pub mod solve;
pub mod tensor;
pub mod vectors;

pub mod error;

pub use error::{
    Algorithm, Axis, ErrorClass, Extent, LinalgError, LinalgResult, Operand, Quantity, Rule, Shape,
    TensorError, ZeroVectorUse,
};

use faer::Mat;

/// Machine epsilon of f64, the unit of every tolerance below.
pub const EPS: f64 = f64::EPSILON;

/// The shape of a matrix, as errors report it.
pub fn shape_of(m: &Mat<f64>) -> Shape {
    Shape::Matrix(m.nrows(), m.ncols())
}

/// Whether every entry of `m` is finite.
pub fn all_finite(m: &Mat<f64>) -> bool {
    (0..m.ncols()).all(|j| (0..m.nrows()).all(|i| m[(i, j)].is_finite()))
}

/// Fails with a `not-finite` error about `quantity` when `m` holds an infinity or NaN.
pub fn ensure_finite(quantity: Quantity, m: &Mat<f64>) -> LinalgResult<()> {
    if all_finite(m) {
        Ok(())
    } else {
        Err(not_finite(quantity))
    }
}

/// `x`, or a `not-finite` error about `quantity`.
pub fn ensure_finite_scalar(quantity: Quantity, x: f64) -> LinalgResult<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(not_finite(quantity))
    }
}

/// Fails when any of `values` is not finite.
pub fn ensure_finite_slice(quantity: Quantity, values: &[f64]) -> LinalgResult<()> {
    if values.iter().all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(not_finite(quantity))
    }
}

fn not_finite(quantity: Quantity) -> LinalgError {
    LinalgError::NotFinite { quantity, hint: "" }
}

/// Largest absolute entry, the scale that tolerances are relative to.
pub fn max_abs(m: &Mat<f64>) -> f64 {
    let mut best = 0.0_f64;
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            best = best.max(m[(i, j)].abs());
        }
    }
    best
}

/// Requires a square matrix (the argument at position `arg`).
pub fn require_square(arg: usize, m: &Mat<f64>) -> LinalgResult<()> {
    if m.nrows() == m.ncols() {
        Ok(())
    } else {
        Err(LinalgError::NotSquare {
            operand: Operand::Arg(arg),
            rows: m.nrows(),
            cols: m.ncols(),
        })
    }
}

/// Requires `left`'s `left_axis` to equal `right`'s `right_axis`.
pub fn require_equal(left: Extent, right: Extent) -> LinalgResult<()> {
    let extent = |e: &Extent| match (e.axis, e.shape) {
        (Axis::Rows, Shape::Matrix(r, _)) => r,
        (Axis::Columns, Shape::Matrix(_, c)) => c,
        (_, Shape::Vector(n)) => n,
        (Axis::Length, Shape::Matrix(r, c)) => r * c,
    };
    if extent(&left) == extent(&right) {
        Ok(())
    } else {
        Err(LinalgError::Dimensions { left, right })
    }
}

/// Symmetric within 1e-12 relative to the largest entry, as the contract defines it.
pub fn is_symmetric(m: &Mat<f64>) -> bool {
    if m.nrows() != m.ncols() {
        return false;
    }
    let tol = 1e-12 * max_abs(m);
    let n = m.nrows();
    (0..n).all(|i| (0..i).all(|j| (m[(i, j)] - m[(j, i)]).abs() <= tol))
}

/// A matrix from row-major data. **Panics** if `data.len() != rows * cols`.
pub fn mat_from_rows(rows: usize, cols: usize, data: &[f64]) -> Mat<f64> {
    assert_eq!(
        data.len(),
        rows * cols,
        "row-major data of the wrong length"
    );
    Mat::from_fn(rows, cols, |i, j| data[i * cols + j])
}

/// A column vector as an n x 1 matrix.
pub fn column(v: &[f64]) -> Mat<f64> {
    Mat::from_fn(v.len(), 1, |i, _| v[i])
}

#[cfg(test)]
pub(crate) mod testutil {
    use faer::Mat;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A reproducible random matrix with entries in [-1, 1].
    pub fn random_mat(rows: usize, cols: usize, seed: u64) -> Mat<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        Mat::from_fn(rows, cols, |_, _| rng.random_range(-1.0..=1.0))
    }

    /// Frobenius norm of `a - b`.
    pub fn diff_norm(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
        assert_eq!((a.nrows(), a.ncols()), (b.nrows(), b.ncols()));
        let mut s = 0.0;
        for j in 0..a.ncols() {
            for i in 0..a.nrows() {
                let d = a[(i, j)] - b[(i, j)];
                s += d * d;
            }
        }
        s.sqrt()
    }

    /// Tolerance for a backward-stable O(n^3) algorithm on a matrix of this size and norm.
    pub fn tol(rows: usize, cols: usize, norm: f64) -> f64 {
        let n = rows.max(cols) as f64;
        64.0 * n * super::EPS * norm.max(1.0)
    }

    pub fn identity(n: usize) -> Mat<f64> {
        Mat::identity(n, n)
    }
}
