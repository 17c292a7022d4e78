//! Vector and Matrix operands: parsed into one flat row-major buffer, then checked against the
//! contract's shape rules and the limits, with every message naming the request field.
//!
//! A request field that holds an operand is a [`VectorIn`], [`MatrixIn`] or [`VectorOrMatrixIn`]
//! (each a [`Numeric`] with its own documented schema, see [`super::schema`]); the operation
//! turns it into the value the math needs with `into_vec`, `into_mat`, `into_rows` or
//! `into_array`, naming the field once.

use faer::Mat;
use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::budget::{check_elements, check_finite_input};
use super::error::{WireError, WireResult};
use super::msgpack::NumericVisitor;
pub use super::numeric::Numeric;
use super::scan::scan_operand;
use crate::limits::Limits;
use crate::linalg::mat_from_rows;

impl<'de> Deserialize<'de> for Numeric {
    /// JSON: the operand's raw text is borrowed (no copy) from whoever frames the body
    /// ([`super::frame`], or serde_json); [`Numeric::from_json_text`] then scans and validates
    /// it (see [`super::scan`]).
    ///
    /// Binary formats (MessagePack: not human-readable) carry numbers as numbers, so their
    /// arrays are read element by element with [`NumericVisitor`], under the same rules.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(deserializer)?;
            Numeric::from_json_text(raw.get()).map_err(de::Error::custom)
        } else {
            deserializer.deserialize_any(NumericVisitor)
        }
    }
}

/// An operand after its shape rules when it may be a vector or a matrix.
#[derive(Debug, Clone)]
pub enum Array {
    Vector(Vec<f64>),
    Matrix(Mat<f64>),
}

impl Array {
    /// As columns of a matrix (a vector is one column), and whether it was a vector: the
    /// right-hand side of a system.
    pub fn into_columns(self) -> (Mat<f64>, bool) {
        match self {
            Array::Vector(v) => (crate::linalg::column(&v), true),
            Array::Matrix(m) => (m, false),
        }
    }
}

/// A validated matrix still in the row-major buffer it was parsed into.
#[derive(Debug, Clone, PartialEq)]
pub struct RowMajor {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f64>,
}

impl RowMajor {
    pub fn view(&self) -> faer::MatRef<'_, f64> {
        faer::MatRef::from_row_major_slice(&self.data, self.rows, self.cols)
    }

    pub fn to_mat(&self) -> Mat<f64> {
        mat_from_rows(self.rows, self.cols, &self.data)
    }
}

impl Numeric {
    /// Parses one operand from its JSON text, strictly (see [`super::scan`]).
    pub fn from_json_text(text: &str) -> Result<Numeric, String> {
        scan_operand(text)
    }

    /// A matrix, with every rule of the contract checked and reported against `field`.
    pub fn into_mat(self, field: &str, limits: &Limits) -> WireResult<Mat<f64>> {
        self.into_row_major(field, limits).map(|m| m.to_mat())
    }

    /// Like [`Numeric::into_mat`], without leaving the row-major buffer.
    pub fn into_row_major(self, field: &str, limits: &Limits) -> WireResult<RowMajor> {
        match self {
            Numeric::Vector(v) if v.is_empty() => Err(WireError::Invalid(format!(
                "{field} is empty; a matrix needs at least one row"
            ))),
            Numeric::Vector(_) => Err(WireError::Malformed(format!(
                "{field} must be a matrix (an array of rows, each an array of numbers), not a vector"
            ))),
            Numeric::Matrix { cols: 0, .. } => Err(WireError::Invalid(format!(
                "{field} row 0 is empty; every row needs at least one number"
            ))),
            Numeric::Matrix {
                ragged: Some((row, len)),
                cols,
                ..
            } => Err(WireError::Invalid(format!(
                "{field} is ragged: row {row} has {len} entries but row 0 has {cols}"
            ))),
            Numeric::Matrix {
                rows, cols, data, ..
            } => {
                check_elements(limits, field, rows * cols)?;
                check_finite_input(field, &data)?;
                Ok(RowMajor { rows, cols, data })
            }
            Numeric::Random(spec) => {
                let (dims, data) = spec.generate(field, Some(2), limits)?;
                Ok(RowMajor {
                    rows: dims[0],
                    cols: dims[1],
                    data,
                })
            }
        }
    }

    /// A vector of at least one number.
    pub fn into_vec(self, field: &str, limits: &Limits) -> WireResult<Vec<f64>> {
        match self {
            Numeric::Vector(v) if v.is_empty() => Err(WireError::Invalid(format!(
                "{field} is empty; a vector needs at least one number"
            ))),
            Numeric::Vector(v) => {
                check_elements(limits, field, v.len())?;
                check_finite_input(field, &v)?;
                Ok(v)
            }
            Numeric::Matrix { .. } => Err(WireError::Malformed(format!(
                "{field} must be a vector (an array of numbers), not a matrix"
            ))),
            Numeric::Random(spec) => Ok(spec.generate(field, Some(1), limits)?.1),
        }
    }

    /// A vector or a matrix, whichever was sent.
    pub fn into_array(self, field: &str, limits: &Limits) -> WireResult<Array> {
        match self {
            Numeric::Vector(_) => self.into_vec(field, limits).map(Array::Vector),
            Numeric::Matrix { .. } => self.into_mat(field, limits).map(Array::Matrix),
            Numeric::Random(spec) => {
                let (dims, data) = spec.generate(field, None, limits)?;
                Ok(match dims[..] {
                    [m, n] => Array::Matrix(mat_from_rows(m, n, &data)),
                    _ => Array::Vector(data),
                })
            }
        }
    }

    /// Rows of vectors (e.g. `queries`): a matrix whose rows are the vectors.
    pub fn into_rows(self, field: &str, limits: &Limits) -> WireResult<RowMajor> {
        match self {
            Numeric::Vector(v) if v.is_empty() => Err(WireError::Invalid(format!(
                "{field} is empty; give at least one vector"
            ))),
            other => other.into_row_major(field, limits),
        }
    }
}

/// A Vector field: an array of at least one number, or a generated operand of shape `[n]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct VectorIn(pub Numeric);

/// A Matrix field: rows of numbers, or a generated operand of shape `[m, n]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct MatrixIn(pub Numeric);

/// A field that takes a Vector or a Matrix.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct VectorOrMatrixIn(pub Numeric);

impl VectorIn {
    pub fn into_vec(self, field: &str, limits: &Limits) -> WireResult<Vec<f64>> {
        self.0.into_vec(field, limits)
    }
}

impl MatrixIn {
    pub fn into_mat(self, field: &str, limits: &Limits) -> WireResult<Mat<f64>> {
        self.0.into_mat(field, limits)
    }

    pub fn into_rows(self, field: &str, limits: &Limits) -> WireResult<RowMajor> {
        self.0.into_rows(field, limits)
    }

    pub fn into_row_major(self, field: &str, limits: &Limits) -> WireResult<RowMajor> {
        self.0.into_row_major(field, limits)
    }
}

impl VectorOrMatrixIn {
    pub fn into_array(self, field: &str, limits: &Limits) -> WireResult<Array> {
        self.0.into_array(field, limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Numeric {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_matrix_is_parsed_row_major_into_one_buffer() {
        let m = parse("[[1, 2, 3], [4, 5, 6]]")
            .into_mat("a", &Limits::default())
            .unwrap();
        assert_eq!((m.nrows(), m.ncols()), (2, 3));
        assert_eq!(m[(1, 0)], 4.0);
        assert_eq!(m[(0, 2)], 3.0);
    }

    #[test]
    fn a_ragged_matrix_names_the_first_bad_row() {
        let err = parse("[[1, 2], [3, 4], [5], [6, 7, 8]]")
            .into_mat("matrix", &Limits::default())
            .unwrap_err();
        assert_eq!(
            err,
            WireError::Invalid("matrix is ragged: row 2 has 1 entries but row 0 has 2".into())
        );
    }

    #[test]
    fn empty_operands_are_invalid_input() {
        let l = Limits::default();
        assert!(matches!(
            parse("[]").into_vec("a", &l),
            Err(WireError::Invalid(_))
        ));
        assert!(matches!(
            parse("[]").into_mat("a", &l),
            Err(WireError::Invalid(_))
        ));
        assert!(matches!(
            parse("[[]]").into_mat("a", &l),
            Err(WireError::Invalid(_))
        ));
    }

    #[test]
    fn numbers_beyond_f64_are_invalid_input_not_infinity() {
        let err = parse("[1, 1e400]")
            .into_vec("a", &Limits::default())
            .unwrap_err();
        assert_eq!(
            err,
            WireError::Invalid("a entry 1 is not finite as a 64-bit float".into())
        );
    }

    #[test]
    fn a_vector_where_a_matrix_is_expected_is_a_schema_error() {
        let err = parse("[1, 2]")
            .into_mat("a", &Limits::default())
            .unwrap_err();
        assert!(matches!(err, WireError::Malformed(_)));
    }

    #[test]
    fn generated_operands_are_deterministic_per_seed() {
        let l = Limits::default();
        let spec = r#"{"random": {"shape": [3, 4], "seed": 7}}"#;
        let a = parse(spec).into_mat("a", &l).unwrap();
        let b = parse(spec).into_mat("a", &l).unwrap();
        let c = parse(r#"{"random": {"shape": [3, 4], "seed": 8}}"#)
            .into_mat("a", &l)
            .unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let u = parse(r#"{"random": {"shape": [1000], "seed": 1, "distribution": "uniform"}}"#)
            .into_vec("v", &l)
            .unwrap();
        assert!(u.iter().all(|x| (-1.0..=1.0).contains(x)));
    }

    #[test]
    fn generated_operands_obey_rank_and_limits() {
        let l = Limits {
            max_elements: 100,
            ..Limits::default()
        };
        let e = parse(r#"{"random": {"shape": [3], "seed": 7}}"#).into_mat("a", &l);
        assert!(matches!(e, Err(WireError::Invalid(_))));
        let e = parse(r#"{"random": {"shape": [11, 10], "seed": 7}}"#).into_mat("a", &l);
        assert!(matches!(e, Err(WireError::TooLarge(_))));
        let e = parse(r#"{"random": {"shape": [0, 10], "seed": 7}}"#).into_mat("a", &l);
        assert!(matches!(e, Err(WireError::Invalid(_))));
        let e = parse(r#"{"random": {"shape": [2], "seed": 7, "distribution": "cauchy"}}"#)
            .into_vec("a", &l);
        assert!(matches!(e, Err(WireError::Invalid(_))));
        assert!(
            serde_json::from_str::<Numeric>(r#"{"random": {"shape": [2], "seed": 7, "sed": 1}}"#)
                .is_err(),
            "an unknown field of a generated operand is refused"
        );
    }
}
