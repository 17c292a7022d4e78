//! Machine learning: `/softmax`, `/attention`, `/lora`.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Either, RequestBody, Timed, compute, one_of};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use crate::linalg::ml::{self, Mask};
use crate::wire::{ArrayOut, MatOut, MatrixIn, VecOut, finite};

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"vector": [1, 2, 3], "temperature": 1}))]
pub struct SoftmaxRequest {
    /// A vector (or use `matrix`).
    pub vector: Option<crate::wire::VectorIn>,
    /// A matrix, normalised row by row (or use `vector`).
    pub matrix: Option<MatrixIn>,
    /// Divides the inputs before the exponential (default 1, must be > 0).
    pub temperature: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"result": [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]}))]
pub struct SoftmaxResponse {
    /// Shaped like the input; each (row) sums to 1.
    pub result: ArrayOut,
}

/// Numerically stable softmax.
#[utoipa::path(post, path = "/softmax", tag = "ml", request_body = SoftmaxRequest,
    responses((status = 200, description = "The softmax", body = inline(Timed<SoftmaxResponse>))))]
pub async fn softmax(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "softmax",
        body,
        |req: SoftmaxRequest, limits: &Limits| {
            let t = req.temperature.unwrap_or(1.0);
            let result = match one_of("softmax", req.vector, req.matrix, ("vector", "matrix"))? {
                Either::Left(v) => ArrayOut::Vector(VecOut(ml::softmax_vector(
                    &v.into_vec("vector", limits)?,
                    t,
                )?)),
                Either::Right(m) => {
                    ArrayOut::Matrix(MatOut(ml::softmax_rows(&m.into_mat("matrix", limits)?, t)?))
                }
            };
            Ok(SoftmaxResponse { result })
        },
    )
    .await
}

/// `"causal"`, or an n x m matrix of 0/1 (1 = keep).
#[derive(Debug, ToSchema)]
#[serde(untagged)]
pub enum MaskIn {
    Named(String),
    Matrix(MatrixIn),
}

impl<'de> Deserialize<'de> for MaskIn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return deserializer.deserialize_any(BinaryMask);
        }
        let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(deserializer)?;
        if raw.get().trim_start().starts_with('"') {
            serde_json::from_str(raw.get())
                .map(MaskIn::Named)
                .map_err(serde::de::Error::custom)
        } else {
            crate::wire::Numeric::from_json_text(raw.get())
                .map(|n| MaskIn::Matrix(MatrixIn(n)))
                .map_err(serde::de::Error::custom)
        }
    }
}

/// A mask from a binary format: a string, or what [`crate::wire::NumericVisitor`] reads.
struct BinaryMask;

impl<'de> serde::de::Visitor<'de> for BinaryMask {
    type Value = MaskIn;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("\"causal\" or a matrix of 0/1")
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<MaskIn, E> {
        Ok(MaskIn::Named(s.to_string()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<MaskIn, A::Error> {
        serde::de::Visitor::visit_seq(crate::wire::NumericVisitor, seq)
            .map(|n| MaskIn::Matrix(MatrixIn(n)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<MaskIn, A::Error> {
        serde::de::Visitor::visit_map(crate::wire::NumericVisitor, map)
            .map(|n| MaskIn::Matrix(MatrixIn(n)))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"q": [[1, 0], [0, 1]], "k": [[1, 0], [0, 1]], "v": [[1, 2], [3, 4]], "mask": "causal"}))]
pub struct AttentionRequest {
    /// n x d queries.
    pub q: MatrixIn,
    /// m x d keys.
    pub k: MatrixIn,
    /// m x dv values.
    pub v: MatrixIn,
    /// `"causal"` (keep j <= i, top-left aligned as torch's `is_causal`) or an n x m 0/1 matrix.
    pub mask: Option<MaskIn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionResponse {
    /// `q k^T / sqrt(d)`, before masking.
    pub scores: MatOut,
    /// Row softmax over the kept positions; exactly 0 where masked.
    pub weights: MatOut,
    /// `weights v` (n x dv).
    pub output: MatOut,
}

/// Scaled dot-product attention `softmax(q k^T / sqrt(d)) v`.
#[utoipa::path(post, path = "/attention", tag = "ml", request_body = AttentionRequest,
    responses((status = 200, description = "Scores, weights and output", body = inline(Timed<AttentionResponse>))))]
pub async fn attention(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "attention",
        body,
        |req: AttentionRequest, limits: &Limits| {
            let q = req.q.into_mat("q", limits)?;
            let k = req.k.into_mat("k", limits)?;
            let v = req.v.into_mat("v", limits)?;
            let mask = match req.mask {
                None => None,
                Some(MaskIn::Named(name)) if name == "causal" => Some(Mask::Causal),
                Some(MaskIn::Named(name)) => {
                    return Err(ApiError::InvalidInput(format!(
                        "attention: mask {name:?} is not \"causal\" or an n x m matrix of 0/1"
                    )));
                }
                Some(MaskIn::Matrix(m)) => Some(Mask::Explicit(m.into_mat("mask", limits)?)),
            };
            let r = ml::attention(&q, &k, &v, mask.as_ref())?;
            Ok(AttentionResponse {
                scores: MatOut(r.scores),
                weights: MatOut(r.weights),
                output: MatOut(r.output),
            })
        },
    )
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"w": [[0, 0, 0], [0, 0, 0]], "a": [[1, 2, 3]], "b": [[1], [1]], "alpha": 2}))]
pub struct LoraRequest {
    /// d x k frozen weight.
    pub w: MatrixIn,
    /// r x k down-projection.
    pub a: MatrixIn,
    /// d x r up-projection.
    pub b: MatrixIn,
    /// Scaling numerator (default r): the update is (alpha / r) B A.
    pub alpha: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"merged": [[2.0, 4.0, 6.0], [2.0, 4.0, 6.0]], "delta_rank": 1, "params_full": 6, "params_lora": 5, "compression_ratio": 0.8333333333333334}))]
pub struct LoraResponse {
    /// W + (alpha / r) B A.
    pub merged: MatOut,
    /// Numerical rank of the update.
    pub delta_rank: usize,
    /// d * k.
    pub params_full: usize,
    /// r * (d + k).
    pub params_lora: usize,
    /// params_lora / params_full.
    #[serde(serialize_with = "finite")]
    pub compression_ratio: f64,
}

/// Merge a LoRA update into a weight matrix.
#[utoipa::path(post, path = "/lora", tag = "ml", request_body = LoraRequest,
    responses((status = 200, description = "The merged weight and parameter counts", body = inline(Timed<LoraResponse>))))]
pub async fn lora(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "lora", body, |req: LoraRequest, limits: &Limits| {
        let w = req.w.into_mat("w", limits)?;
        limits.check_cubic("lora", "w", w.nrows(), w.ncols())?;
        let a = req.a.into_mat("a", limits)?;
        let b = req.b.into_mat("b", limits)?;
        let r = ml::lora(&w, &a, &b, req.alpha)?;
        Ok(LoraResponse {
            merged: MatOut(r.merged),
            delta_rank: r.delta_rank,
            params_full: r.params_full,
            params_lora: r.params_lora,
            compression_ratio: r.compression_ratio,
        })
    })
    .await
}
