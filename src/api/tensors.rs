//! Tensors with PyTorch semantics: `/tensor/reshape`, `/tensor/transpose`, `/tensor/permute`,
//! `/tensor/matmul`, and `/shapes` (shape arithmetic without data).

use axum::extract::State;
use axum::response::Response;
use ndarray::ArrayD;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{RequestBody, Timed, compute};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use crate::linalg::tensor::{self, ShapeOp};
use crate::wire::VecOut;

/// `{"shape": [d0, d1, ...], "data": [...]}`, data row-major with `len(data) == prod(shape)`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}))]
pub struct TensorIn {
    pub shape: Vec<i64>,
    pub data: Vec<f64>,
}

impl TensorIn {
    fn into_array(self, name: &str, limits: &Limits) -> ApiResult<ArrayD<f64>> {
        limits.check_elements(&format!("{name}.data"), self.data.len())?;
        if let Some(i) = self.data.iter().position(|x| !x.is_finite()) {
            return Err(ApiError::InvalidInput(format!(
                "{name}.data entry {i} is not finite as a 64-bit float"
            )));
        }
        Ok(tensor::tensor(&self.shape, self.data, name)?)
    }
}

/// A tensor result.
#[derive(Debug, Serialize, ToSchema)]
pub struct TensorOut {
    pub shape: Vec<usize>,
    /// Row-major.
    pub data: VecOut,
}

impl From<ArrayD<f64>> for TensorOut {
    fn from(t: ArrayD<f64>) -> Self {
        let (shape, data) = tensor::into_row_major(t);
        TensorOut {
            shape,
            data: VecOut(data),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"tensor": {"shape": [3, 2], "data": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]}}))]
pub struct TensorResponse {
    pub tensor: TensorOut,
}

fn op_error(op: &str, e: crate::linalg::LinalgError) -> ApiError {
    e.context(op).into()
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"tensor": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}, "shape": [3, -1]}))]
pub struct ReshapeRequest {
    pub tensor: TensorIn,
    /// The new shape; one `-1` is inferred.
    pub shape: Vec<i64>,
}

/// `torch.reshape`.
#[utoipa::path(post, path = "/tensor/reshape", tag = "tensors", request_body = ReshapeRequest,
    responses((status = 200, description = "The reshaped tensor", body = inline(Timed<TensorResponse>))))]
pub async fn reshape(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "tensor/reshape",
        body,
        |req: ReshapeRequest, limits: &Limits| {
            let t = req.tensor.into_array("tensor", limits)?;
            let r = tensor::reshape(t, &req.shape).map_err(|e| op_error("tensor/reshape", e))?;
            Ok(TensorResponse { tensor: r.into() })
        },
    )
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"tensor": {"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]}, "dim0": 1, "dim1": -1}))]
pub struct TransposeTensorRequest {
    pub tensor: TensorIn,
    /// Negative dims count from the end.
    pub dim0: i64,
    pub dim1: i64,
}

/// `torch.transpose` (e.g. `(batch, seq, hidden)` to `(batch, hidden, seq)`).
#[utoipa::path(post, path = "/tensor/transpose", tag = "tensors", request_body = TransposeTensorRequest,
    responses((status = 200, description = "The transposed tensor", body = inline(Timed<TensorResponse>))))]
pub async fn transpose(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "tensor/transpose",
        body,
        |req: TransposeTensorRequest, limits: &Limits| {
            let t = req.tensor.into_array("tensor", limits)?;
            let r = tensor::transpose(t, req.dim0, req.dim1)
                .map_err(|e| op_error("tensor/transpose", e))?;
            Ok(TensorResponse { tensor: r.into() })
        },
    )
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"tensor": {"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]}, "dims": [2, 0, 1]}))]
pub struct PermuteRequest {
    pub tensor: TensorIn,
    /// A permutation of the dimensions (negative allowed).
    pub dims: Vec<i64>,
}

/// `torch.permute`.
#[utoipa::path(post, path = "/tensor/permute", tag = "tensors", request_body = PermuteRequest,
    responses((status = 200, description = "The permuted tensor", body = inline(Timed<TensorResponse>))))]
pub async fn permute(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "tensor/permute",
        body,
        |req: PermuteRequest, limits: &Limits| {
            let t = req.tensor.into_array("tensor", limits)?;
            let r = tensor::permute(t, &req.dims).map_err(|e| op_error("tensor/permute", e))?;
            Ok(TensorResponse { tensor: r.into() })
        },
    )
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"a": {"shape": [2, 2, 3], "data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}, "b": {"shape": [3], "data": [1, 0, -1]}}))]
pub struct TensorMatmulRequest {
    pub a: TensorIn,
    pub b: TensorIn,
}

/// `torch.matmul`: 1-D promotion and batch broadcasting.
#[utoipa::path(post, path = "/tensor/matmul", tag = "tensors", request_body = TensorMatmulRequest,
    responses((status = 200, description = "The product", body = inline(Timed<TensorResponse>))))]
pub async fn matmul(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "tensor/matmul",
        body,
        |req: TensorMatmulRequest, limits: &Limits| {
            let a = req.a.into_array("a", limits)?;
            let b = req.b.into_array("b", limits)?;
            let r = tensor::matmul(&a, &b, limits.max_elements)
                .map_err(|e| op_error("tensor/matmul", e))?;
            Ok(TensorResponse { tensor: r.into() })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

/// One step: `{"op": "matmul", "other": shape}`, `{"op": "transpose", "dim0", "dim1"}`,
/// `{"op": "permute", "dims"}` or `{"op": "reshape", "shape"}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ShapeStep {
    /// `matmul`, `transpose`, `permute` or `reshape`.
    pub op: String,
    pub other: Option<Vec<i64>>,
    pub dim0: Option<i64>,
    pub dim1: Option<i64>,
    pub dims: Option<Vec<i64>>,
    pub shape: Option<Vec<i64>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"input": [32, 10, 64], "ops": [{"op": "transpose", "dim0": 1, "dim1": 2}, {"op": "matmul", "other": [32, 10, 5]}]}))]
pub struct ShapesRequest {
    /// The starting shape.
    pub input: Vec<i64>,
    pub ops: Vec<ShapeStep>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"shapes": [[32, 64, 10], [32, 64, 5]]}))]
pub struct ShapesResponse {
    /// The shape after each step.
    pub shapes: Vec<Vec<usize>>,
}

fn step_op(i: usize, step: ShapeStep) -> ApiResult<ShapeOp> {
    let missing = |field: &str| {
        ApiError::InvalidJson(format!(
            "shapes: step {i} ({}): missing field '{field}'",
            step.op
        ))
    };
    Ok(match step.op.as_str() {
        "matmul" => ShapeOp::Matmul {
            other: step.other.clone().ok_or_else(|| missing("other"))?,
        },
        "transpose" => ShapeOp::Transpose {
            dim0: step.dim0.ok_or_else(|| missing("dim0"))?,
            dim1: step.dim1.ok_or_else(|| missing("dim1"))?,
        },
        "permute" => ShapeOp::Permute {
            dims: step.dims.clone().ok_or_else(|| missing("dims"))?,
        },
        "reshape" => ShapeOp::Reshape {
            shape: step.shape.clone().ok_or_else(|| missing("shape"))?,
        },
        other => {
            return Err(ApiError::InvalidInput(format!(
                "shapes: step {i}: unknown op {other:?}; use \"matmul\", \"transpose\", \"permute\" or \"reshape\""
            )));
        }
    })
}

/// Checks a chain of shape operations without data; an invalid step is a 422 naming it.
#[utoipa::path(post, path = "/shapes", tag = "tensors", request_body = ShapesRequest,
    responses((status = 200, description = "The shape after each step", body = inline(Timed<ShapesResponse>))))]
pub async fn shapes(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "shapes",
        body,
        |req: ShapesRequest, limits: &Limits| {
            if req.ops.len() > limits.max_batch {
                return Err(ApiError::TooLarge(format!(
                    "shapes: {} ops; the limit is {}",
                    req.ops.len(),
                    limits.max_batch
                )));
            }
            let ops = req
                .ops
                .into_iter()
                .enumerate()
                .map(|(i, s)| step_op(i, s))
                .collect::<ApiResult<Vec<_>>>()?;
            // Step errors already name the step: "step 2 (matmul): ..."
            let shapes = tensor::shape_chain(&req.input, &ops)?;
            Ok(ShapesResponse { shapes })
        },
    )
    .await
}
