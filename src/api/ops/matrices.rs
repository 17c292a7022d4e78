//! Matrices as such: `/matmul` (products and chains) and `/transpose`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::grading::{Context, Rule, misconceptions};
use crate::limits::Limits;
use crate::linalg::products;
use crate::wire::{
    Array, ArrayOut, Either, MatOut, MatrixIn, VecOut, VectorOrMatrixIn, both_or_neither, one_of,
};

/// `a` times `b`, or the product of a chain `matrices`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatmulRequest {
    /// Left operand (with `b`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub a: Option<MatrixIn>,
    /// Right operand: a matrix, or a vector for a matrix-vector product.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub b: Option<VectorOrMatrixIn>,
    /// A chain of at least 2 matrices, multiplied in the cheapest order (instead of `a`, `b`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub matrices: Option<Vec<MatrixIn>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatmulResponse {
    /// The product: a matrix, or a vector when `b` is a vector.
    pub result: ArrayOut,
    /// `[rows, cols]`, or `[len]` for a vector.
    pub shape: Vec<usize>,
    /// For a chain: the shapes of the left-to-right partial products A1A2, A1A2A3, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub shapes: Option<Vec<[usize; 2]>>,
}

pub struct Matmul;

impl Operation for Matmul {
    const NAME: &'static str = "matmul";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Matrix product, matrix-vector product, or a chain of products.";
    const DESCRIPTION: &'static str = "`a b` (a's columns must equal b's rows), `a v` for a vector `b`, or the product of a chain `matrices` evaluated in the order with the fewest multiplications (as `numpy.linalg.multi_dot`), with the shapes of its left-to-right partial products.";
    const RULES: &'static [(&'static str, Rule)] = &[("result", Rule::Product)];
    type Request = MatmulRequest;
    type Response = MatmulResponse;

    fn run(req: MatmulRequest, limits: &Limits) -> OpResult<MatmulResponse> {
        let pair = both_or_neither(req.a, req.b, ("a", "b"))?;
        match one_of(pair, req.matrices, ("a", "matrices"))? {
            Either::Left((a, b)) => {
                let a = a.into_mat("a", limits)?;
                match b.into_array("b", limits)? {
                    Array::Matrix(b) => {
                        if a.ncols() == b.nrows() {
                            products::check_product_size(a.nrows(), b.ncols(), limits.max_elements)
                                .operands(&["a", "b"])?;
                        }
                        let product = products::matmul(&a, &b).operands(&["a", "b"])?;
                        Ok(MatmulResponse {
                            shape: vec![product.nrows(), product.ncols()],
                            result: ArrayOut::Matrix(MatOut(product)),
                            shapes: None,
                        })
                    }
                    Array::Vector(v) => {
                        let product = products::matvec(&a, &v).operands(&["a", "b"])?;
                        Ok(MatmulResponse {
                            shape: vec![product.len()],
                            result: ArrayOut::Vector(VecOut(product)),
                            shapes: None,
                        })
                    }
                }
            }
            Either::Right(list) => {
                let mats = list
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| m.into_mat(&format!("matrices[{i}]"), limits))
                    .collect::<Result<Vec<_>, _>>()?;
                let (product, shapes) =
                    products::matmul_chain(&mats, limits.max_elements).operands(&["matrices"])?;
                Ok(MatmulResponse {
                    shape: vec![product.nrows(), product.ncols()],
                    result: ArrayOut::Matrix(MatOut(product)),
                    shapes: Some(shapes),
                })
            }
        }
    }

    /// B A and the entrywise product are the classic wrong products.
    fn grading_context(req: &MatmulRequest, limits: &Limits) -> Context {
        let matrix = |m: &VectorOrMatrixIn| match m.clone().into_array("b", limits) {
            Ok(Array::Matrix(b)) => Some(b),
            _ => None,
        };
        let factors = match (&req.a, &req.b) {
            (Some(a), Some(b)) => a.clone().into_mat("a", limits).ok().zip(matrix(b)),
            _ => None,
        };
        let wrong = factors
            .as_ref()
            .map(|(a, b)| misconceptions::product(a, b))
            .unwrap_or_default();
        Context {
            factors,
            ..Context::default()
        }
        .with_candidates(wrong)
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::matmul(g)
    }

    fn example() -> Value {
        json!({"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]})
    }
}

// ---------------------------------------------------------------------------------------------

/// One matrix.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatrixRequest {
    pub matrix: MatrixIn,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TransposeResponse {
    pub result: MatOut,
}

pub struct Transpose;

impl Operation for Transpose {
    const NAME: &'static str = "transpose";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Transpose of a matrix.";
    const DESCRIPTION: &'static str = "Rows become columns: an m x n matrix gives an n x m one.";
    type Request = MatrixRequest;
    type Response = TransposeResponse;

    fn run(req: MatrixRequest, limits: &Limits) -> OpResult<TransposeResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        Ok(TransposeResponse {
            result: MatOut(m.transpose().to_owned()),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::transpose(g)
    }

    fn example() -> Value {
        json!({"matrix": [[1, 2, 3], [4, 5, 6]]})
    }
}
