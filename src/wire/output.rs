//! Response values: matrices, vectors and numbers as they are written, never as `null`.
//!
//! JSON has no spelling for NaN or infinity, and the contract forbids sending a non-finite result
//! as `null` or a string. Every number of a response goes through [`Finite`] (directly, or inside
//! [`MatOut`], [`VecOut`], [`ComplexOut`], or a field marked `serialize_with = "finite"`), which
//! refuses it. The refusal is recorded in a thread-local flag as well as returned as the
//! serializer's error, so that [`super::codec::encode`] can tell a non-finite result (a 422 for
//! the client) from any other serialization failure (a bug) by a typed signal, not by reading
//! the error's message.

use std::cell::Cell;

use faer::Mat;
use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, Serializer};

use super::operand::Array;

thread_local! {
    /// Set when a response number was refused for not being finite.
    static REFUSED_NON_FINITE: Cell<bool> = const { Cell::new(false) };
}

/// Clears the flag before a serialization.
pub(crate) fn reset_non_finite() {
    REFUSED_NON_FINITE.with(|f| f.set(false));
}

/// Whether the last serialization on this thread refused a non-finite number.
pub(crate) fn refused_non_finite() -> bool {
    REFUSED_NON_FINITE.with(Cell::get)
}

/// One number, refused when not finite.
pub struct Finite(pub f64);

impl Serialize for Finite {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        finite(&self.0, s)
    }
}

/// `serialize_with` for f64 response fields: a non-finite number is an error, never `null`.
pub fn finite<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        REFUSED_NON_FINITE.with(|f| f.set(true));
        Err(S::Error::custom("a response number is not finite"))
    }
}

/// A matrix written as rows.
#[derive(Debug, Clone)]
pub struct MatOut(pub Mat<f64>);

impl Serialize for MatOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = &self.0;
        let mut rows = s.serialize_seq(Some(m.nrows()))?;
        for i in 0..m.nrows() {
            rows.serialize_element(&RowOut(m, i))?;
        }
        rows.end()
    }
}

struct RowOut<'a>(&'a Mat<f64>, usize);

impl Serialize for RowOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (m, i) = (self.0, self.1);
        let mut row = s.serialize_seq(Some(m.ncols()))?;
        for j in 0..m.ncols() {
            row.serialize_element(&Finite(m[(i, j)]))?;
        }
        row.end()
    }
}

/// A vector written as an array.
#[derive(Debug, Clone, PartialEq)]
pub struct VecOut(pub Vec<f64>);

impl Serialize for VecOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for &x in &self.0 {
            seq.serialize_element(&Finite(x))?;
        }
        seq.end()
    }
}

/// A result that is either a vector or a matrix (`matmul` with a vector `b`, `solve`, ...).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ArrayOut {
    Vector(VecOut),
    Matrix(MatOut),
}

impl ArrayOut {
    /// A result with one column per right-hand side, shaped as the right-hand side was sent:
    /// a vector when it was one.
    pub fn shaped_like_rhs(x: Mat<f64>, rhs_was_vector: bool) -> ArrayOut {
        if rhs_was_vector {
            ArrayOut::Vector(VecOut((0..x.nrows()).map(|i| x[(i, 0)]).collect()))
        } else {
            ArrayOut::Matrix(MatOut(x))
        }
    }
}

impl From<Array> for ArrayOut {
    fn from(a: Array) -> Self {
        match a {
            Array::Vector(v) => ArrayOut::Vector(VecOut(v)),
            Array::Matrix(m) => ArrayOut::Matrix(MatOut(m)),
        }
    }
}

/// A complex number, `{"re": x, "im": y}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ComplexOut {
    #[serde(serialize_with = "finite")]
    pub re: f64,
    #[serde(serialize_with = "finite")]
    pub im: f64,
}

impl From<faer::c64> for ComplexOut {
    fn from(z: faer::c64) -> Self {
        ComplexOut { re: z.re, im: z.im }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_results_are_refused_and_flagged() {
        reset_non_finite();
        assert!(serde_json::to_string(&VecOut(vec![1.0, 2.0])).is_ok());
        assert!(!refused_non_finite());
        assert!(serde_json::to_string(&VecOut(vec![1.0, f64::INFINITY])).is_err());
        assert!(refused_non_finite());
        reset_non_finite();
        assert!(serde_json::to_string(&MatOut(Mat::from_fn(1, 1, |_, _| f64::NAN))).is_err());
        assert!(refused_non_finite());
        assert_eq!(
            serde_json::to_string(&VecOut(vec![1.5, -2.0])).unwrap(),
            "[1.5,-2.0]"
        );
    }
}
