//! Pure math on faer and ndarray values: no HTTP, no JSON, no serde.
//!
//! Every function here takes validated operands (see `crate::wire`) and returns either a result
//! or a [`LinalgError`] whose message names the operands and shapes involved, so that the HTTP
//! layer can pass it to the client unchanged. Keeping this layer free of transport types means
//! the same code serves the endpoints, `/grade`, `/exercises`, the benches and the unit tests.

pub mod decomp;
pub mod exact;
pub mod ml;
pub mod pca;
pub mod products;
pub mod search;
pub mod solve;
pub mod tensor;
pub mod vectors;

use faer::Mat;

/// Why a computation could not produce a result. Each message is a full sentence for a student.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinalgError {
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    ShapeMismatch(String),
    #[error("{0}")]
    Singular(String),
    #[error("{0}")]
    NotPositiveDefinite(String),
    #[error("{0}")]
    NotFinite(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    NoConvergence(String),
}

pub type LinalgResult<T> = Result<T, LinalgError>;

impl LinalgError {
    /// The same error with `context: ` in front of its message (e.g. the endpoint or step).
    pub fn context(self, context: &str) -> Self {
        let wrap = |m: String| format!("{context}: {m}");
        match self {
            LinalgError::InvalidInput(m) => LinalgError::InvalidInput(wrap(m)),
            LinalgError::ShapeMismatch(m) => LinalgError::ShapeMismatch(wrap(m)),
            LinalgError::Singular(m) => LinalgError::Singular(wrap(m)),
            LinalgError::NotPositiveDefinite(m) => LinalgError::NotPositiveDefinite(wrap(m)),
            LinalgError::NotFinite(m) => LinalgError::NotFinite(wrap(m)),
            LinalgError::TooLarge(m) => LinalgError::TooLarge(wrap(m)),
            LinalgError::NoConvergence(m) => LinalgError::NoConvergence(wrap(m)),
        }
    }
}

/// Machine epsilon of f64, the unit of every tolerance below.
pub const EPS: f64 = f64::EPSILON;

/// `2x3`, the way every message in the service writes a matrix shape.
pub fn shape_str(m: &Mat<f64>) -> String {
    format!("{}x{}", m.nrows(), m.ncols())
}

/// Whether every entry of `m` is finite.
pub fn all_finite(m: &Mat<f64>) -> bool {
    (0..m.ncols()).all(|j| (0..m.nrows()).all(|i| m[(i, j)].is_finite()))
}

/// Fails with a `not-finite` error naming `what` when `m` holds an infinity or NaN.
pub fn ensure_finite(op: &str, what: &str, m: &Mat<f64>) -> LinalgResult<()> {
    if all_finite(m) {
        Ok(())
    } else {
        Err(not_finite(op, what))
    }
}

pub fn ensure_finite_scalar(op: &str, what: &str, x: f64) -> LinalgResult<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(not_finite(op, what))
    }
}

fn not_finite(op: &str, what: &str) -> LinalgError {
    LinalgError::NotFinite(format!(
        "{op}: the {what} is not finite (it overflows a 64-bit float); scale the input down"
    ))
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

/// Requires a square matrix, naming the operand when it is not.
pub fn require_square(op: &str, name: &str, m: &Mat<f64>) -> LinalgResult<()> {
    if m.nrows() == m.ncols() {
        Ok(())
    } else {
        Err(LinalgError::ShapeMismatch(format!(
            "{op}: {name} is {}; it must be square",
            shape_str(m)
        )))
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

/// Row-major copy of a matrix.
pub fn mat_to_rows(m: &Mat<f64>) -> Vec<Vec<f64>> {
    (0..m.nrows())
        .map(|i| (0..m.ncols()).map(|j| m[(i, j)]).collect())
        .collect()
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
