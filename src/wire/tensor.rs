//! Tensors on the wire: `{"shape": [d0, d1, ...], "data": [...]}`, data row-major.

use ndarray::{ArrayD, IxDyn};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::budget::check_elements;
use super::error::{WireError, WireResult};
use super::output::VecOut;
use crate::limits::Limits;
use crate::linalg::tensor::{into_row_major, numel, parse_shape};
use crate::linalg::{ErrorClass, Operand};

/// `{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}))]
pub struct TensorIn {
    /// Dimensions, each >= 0 (`[]` is a 0-d tensor holding one number).
    pub shape: Vec<i64>,
    /// `prod(shape)` numbers, row-major (the last dimension varies fastest).
    pub data: Vec<f64>,
}

impl TensorIn {
    /// The tensor, checked for consistency, with messages naming `field`.
    pub fn into_array(self, field: &str, limits: &Limits) -> WireResult<ArrayD<f64>> {
        check_elements(limits, &format!("{field}.data"), self.data.len())?;
        if let Some(i) = self.data.iter().position(|x| !x.is_finite()) {
            return Err(WireError::Invalid(format!(
                "{field}.data entry {i} is not finite as a 64-bit float"
            )));
        }
        let dims = parse_shape(&self.shape, Operand::Arg(0)).map_err(|e| {
            let detail = e.describe(&[&format!("{field}.shape")]);
            match e.class() {
                ErrorClass::TooLarge => WireError::TooLarge(detail),
                _ => WireError::Invalid(detail),
            }
        })?;
        let count = numel(&dims).expect("checked by parse_shape");
        if self.data.len() != count {
            return Err(WireError::Invalid(format!(
                "{field}.data has {} numbers but shape {:?} needs {count}",
                self.data.len(),
                self.shape
            )));
        }
        Ok(ArrayD::from_shape_vec(IxDyn(&dims), self.data).expect("length checked"))
    }
}

/// A tensor result.
#[derive(Debug, Serialize, ToSchema)]
pub struct TensorOut {
    pub shape: Vec<usize>,
    /// Row-major.
    #[schema(value_type = Vec<f64>)]
    pub data: VecOut,
}

impl From<ArrayD<f64>> for TensorOut {
    fn from(t: ArrayD<f64>) -> Self {
        let (shape, data) = into_row_major(t);
        TensorOut {
            shape,
            data: VecOut(data),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_must_fill_the_shape() {
        let t = TensorIn {
            shape: vec![2, 3],
            data: vec![1.0; 5],
        };
        assert_eq!(
            t.into_array("tensor", &Limits::default()).unwrap_err(),
            WireError::Invalid("tensor.data has 5 numbers but shape [2, 3] needs 6".into())
        );
        let t = TensorIn {
            shape: vec![2, -3],
            data: vec![],
        };
        assert!(
            t.into_array("a", &Limits::default())
                .unwrap_err()
                .to_string()
                .starts_with("a.shape [2, -3] has a negative dimension")
        );
    }
}
