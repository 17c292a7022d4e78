//! Tensors with PyTorch semantics: `/tensor/reshape`, `/tensor/transpose`, `/tensor/permute`,
//! `/tensor/matmul`, and `/shapes` (shape arithmetic without data).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::grading::{Context, Rule, misconceptions};
use crate::limits::Limits;
use crate::linalg::tensor::{self, ShapeOp};
use crate::wire::{Choice, Named, TensorIn, TensorOut, WireError};

#[derive(Debug, Serialize, ToSchema)]
pub struct TensorResponse {
    pub tensor: TensorOut,
}

/// A tensor and its new shape.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReshapeRequest {
    pub tensor: TensorIn,
    /// The new shape; one `-1` is inferred.
    pub shape: Vec<i64>,
}

pub struct Reshape;

impl Operation for Reshape {
    const NAME: &'static str = "tensor/reshape";
    const TAG: Tag = Tag::Tensors;
    const SUMMARY: &'static str = "torch.reshape.";
    const DESCRIPTION: &'static str = "The same data, row-major, in a new shape with the same number of elements; one `-1` is inferred.";
    const RULES: &'static [(&'static str, Rule)] = &[("tensor", Rule::Tensor)];
    type Request = ReshapeRequest;
    type Response = TensorResponse;

    fn run(req: ReshapeRequest, limits: &Limits) -> OpResult<TensorResponse> {
        let t = req.tensor.into_array("tensor", limits)?;
        let r = tensor::reshape(t, &req.shape).operands(&["tensor", "shape"])?;
        Ok(TensorResponse { tensor: r.into() })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::tensors::reshape(g)
    }

    fn example() -> Value {
        json!({"tensor": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}, "shape": [3, -1]})
    }
}

// ---------------------------------------------------------------------------------------------

/// A tensor and the two dimensions to swap.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransposeTensorRequest {
    pub tensor: TensorIn,
    /// Negative dims count from the end.
    pub dim0: i64,
    pub dim1: i64,
}

pub struct Transpose;

impl Operation for Transpose {
    const NAME: &'static str = "tensor/transpose";
    const TAG: Tag = Tag::Tensors;
    const SUMMARY: &'static str = "torch.transpose.";
    const DESCRIPTION: &'static str = "Swaps two dimensions (e.g. `(batch, seq, hidden)` to `(batch, hidden, seq)` with dims 1 and -1).";
    const RULES: &'static [(&'static str, Rule)] = &[("tensor", Rule::Tensor)];
    type Request = TransposeTensorRequest;
    type Response = TensorResponse;

    fn run(req: TransposeTensorRequest, limits: &Limits) -> OpResult<TensorResponse> {
        let t = req.tensor.into_array("tensor", limits)?;
        let r = tensor::transpose(t, req.dim0, req.dim1).operands(&["tensor", "dim0", "dim1"])?;
        Ok(TensorResponse { tensor: r.into() })
    }

    /// All dimensions reversed (torch's `.T`) instead of the two asked for.
    fn grading_context(req: &TransposeTensorRequest, limits: &Limits) -> Context {
        let wrong = req
            .tensor
            .clone()
            .into_array("tensor", limits)
            .map(|t| misconceptions::tensor_reversed(&t))
            .unwrap_or_default();
        Context::default().with_candidates(wrong)
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::tensors::transpose(g)
    }

    fn example() -> Value {
        json!({"tensor": {"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]}, "dim0": 1, "dim1": -1})
    }
}

// ---------------------------------------------------------------------------------------------

/// A tensor and an order of its dimensions.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermuteRequest {
    pub tensor: TensorIn,
    /// A permutation of the dimensions (negative allowed).
    pub dims: Vec<i64>,
}

pub struct Permute;

impl Operation for Permute {
    const NAME: &'static str = "tensor/permute";
    const TAG: Tag = Tag::Tensors;
    const SUMMARY: &'static str = "torch.permute.";
    const DESCRIPTION: &'static str =
        "Reorders the dimensions: dimension i of the result is dimension dims[i] of the input.";
    const RULES: &'static [(&'static str, Rule)] = &[("tensor", Rule::Tensor)];
    type Request = PermuteRequest;
    type Response = TensorResponse;

    fn run(req: PermuteRequest, limits: &Limits) -> OpResult<TensorResponse> {
        let t = req.tensor.into_array("tensor", limits)?;
        let r = tensor::permute(t, &req.dims).operands(&["tensor", "dims"])?;
        Ok(TensorResponse { tensor: r.into() })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::tensors::permute(g)
    }

    fn example() -> Value {
        json!({"tensor": {"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]}, "dims": [2, 0, 1]})
    }
}

// ---------------------------------------------------------------------------------------------

/// Two tensors.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TensorMatmulRequest {
    pub a: TensorIn,
    pub b: TensorIn,
}

pub struct Matmul;

impl Operation for Matmul {
    const NAME: &'static str = "tensor/matmul";
    const TAG: Tag = Tag::Tensors;
    const SUMMARY: &'static str = "torch.matmul: 1-D promotion and batch broadcasting.";
    const DESCRIPTION: &'static str = "The last two dimensions multiply as matrices (a 1-D operand is promoted and its dimension removed afterwards); the batch dimensions before them broadcast as NumPy's do.";
    const RULES: &'static [(&'static str, Rule)] = &[("tensor", Rule::Tensor)];
    type Request = TensorMatmulRequest;
    type Response = TensorResponse;

    fn run(req: TensorMatmulRequest, limits: &Limits) -> OpResult<TensorResponse> {
        let a = req.a.into_array("a", limits)?;
        let b = req.b.into_array("b", limits)?;
        let r = tensor::matmul(&a, &b, limits.max_elements).operands(&["a", "b"])?;
        Ok(TensorResponse { tensor: r.into() })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::tensors::matmul(g)
    }

    fn example() -> Value {
        json!({"a": {"shape": [2, 2, 3], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}, "b": {"shape": [3], "data": [1, 0, -1]}})
    }
}

// ---------------------------------------------------------------------------------------------

/// The operations a `/shapes` step can apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOp {
    Matmul,
    Transpose,
    Permute,
    Reshape,
}

impl Choice for StepOp {
    const SCHEMA_NAME: &'static str = "ShapeStepOp";
    const DESCRIPTION: &'static str = "`matmul` (with `other`), `transpose` (with `dim0`, `dim1`), `permute` (with `dims`) or `reshape` (with `shape`).";
    const ALL: &'static [(Self, &'static str)] = &[
        (StepOp::Matmul, "matmul"),
        (StepOp::Transpose, "transpose"),
        (StepOp::Permute, "permute"),
        (StepOp::Reshape, "reshape"),
    ];
}

/// The `op` of a step.
pub type StepOpName = Named<StepOp>;

/// One step: `{"op": "matmul", "other": shape}`, `{"op": "transpose", "dim0", "dim1"}`,
/// `{"op": "permute", "dims"}` or `{"op": "reshape", "shape"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShapeStep {
    pub op: StepOpName,
    /// For `matmul`: the other operand's shape.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub other: Option<Vec<i64>>,
    /// For `transpose`.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub dim0: Option<i64>,
    /// For `transpose`.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub dim1: Option<i64>,
    /// For `permute`.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub dims: Option<Vec<i64>>,
    /// For `reshape` (one `-1` allowed).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub shape: Option<Vec<i64>>,
}

/// A starting shape and a chain of operations.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShapesRequest {
    /// The starting shape.
    pub input: Vec<i64>,
    pub ops: Vec<ShapeStep>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShapesResponse {
    /// The shape after each step.
    pub shapes: Vec<Vec<usize>>,
}

/// A step as the math takes it; a field missing for its op, or one that belongs to another
/// op, is a 400 naming it.
fn step_op(i: usize, step: ShapeStep) -> Result<ShapeOp, WireError> {
    let op = step.op.get(&format!("step {i}: op"))?;
    let name = op.name();
    let given: [(&str, bool); 5] = [
        ("other", step.other.is_some()),
        ("dim0", step.dim0.is_some()),
        ("dim1", step.dim1.is_some()),
        ("dims", step.dims.is_some()),
        ("shape", step.shape.is_some()),
    ];
    let accepted: &[&str] = match op {
        StepOp::Matmul => &["other"],
        StepOp::Transpose => &["dim0", "dim1"],
        StepOp::Permute => &["dims"],
        StepOp::Reshape => &["shape"],
    };
    if let Some((field, _)) = given
        .iter()
        .find(|(field, present)| *present && !accepted.contains(field))
    {
        return Err(WireError::Malformed(format!(
            "step {i} ({name}): unknown field '{field}'; a {name} step takes op, {}",
            accepted.join(", ")
        )));
    }
    let missing =
        |field: &str| WireError::Malformed(format!("step {i} ({name}): missing field '{field}'"));
    Ok(match op {
        StepOp::Matmul => ShapeOp::Matmul {
            other: step.other.ok_or_else(|| missing("other"))?,
        },
        StepOp::Transpose => ShapeOp::Transpose {
            dim0: step.dim0.ok_or_else(|| missing("dim0"))?,
            dim1: step.dim1.ok_or_else(|| missing("dim1"))?,
        },
        StepOp::Permute => ShapeOp::Permute {
            dims: step.dims.ok_or_else(|| missing("dims"))?,
        },
        StepOp::Reshape => ShapeOp::Reshape {
            shape: step.shape.ok_or_else(|| missing("shape"))?,
        },
    })
}

pub struct Shapes;

impl Operation for Shapes {
    const NAME: &'static str = "shapes";
    const TAG: Tag = Tag::Tensors;
    const SUMMARY: &'static str =
        "Shape arithmetic for a chain of tensor operations, without data.";
    const DESCRIPTION: &'static str = "The shape after each step, by exactly the rules of the tensor endpoints; an invalid step is a 422 whose detail starts with the step's index and op and says why.";
    type Request = ShapesRequest;
    type Response = ShapesResponse;

    fn run(req: ShapesRequest, limits: &Limits) -> OpResult<ShapesResponse> {
        if req.ops.len() > limits.max_batch {
            return Err(WireError::TooLarge(format!(
                "{} ops; the limit is {}",
                req.ops.len(),
                limits.max_batch
            ))
            .into());
        }
        let ops = req
            .ops
            .into_iter()
            .enumerate()
            .map(|(i, s)| step_op(i, s))
            .collect::<Result<Vec<_>, _>>()?;
        let shapes = tensor::shape_chain(&req.input, &ops).operands(&["input", "ops"])?;
        Ok(ShapesResponse { shapes })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::tensors::shapes(g)
    }

    fn example() -> Value {
        json!({"input": [32, 10, 64], "ops": [{"op": "transpose", "dim0": 1, "dim1": 2}, {"op": "matmul", "other": [32, 10, 5]}]})
    }
}
