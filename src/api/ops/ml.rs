//! The machine-learning rungs: `/softmax`, `/attention`, `/lora`, `/pca`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::check_cubic;
use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::grading::{Context, Rule, misconceptions};
use crate::limits::Limits;
use crate::linalg::{ml, pca};
use crate::wire::{ArrayOut, Either, MaskIn, MatOut, MatrixIn, VecOut, VectorIn, finite, one_of};

/// A vector or a matrix (normalised row by row) and a temperature.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SoftmaxRequest {
    /// A vector (or use `matrix`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub vector: Option<VectorIn>,
    /// A matrix, normalised row by row (or use `vector`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub matrix: Option<MatrixIn>,
    /// Divides the inputs before the exponential (default 1, must be > 0).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub temperature: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SoftmaxResponse {
    /// Shaped like the input; each (row) sums to 1.
    pub result: ArrayOut,
}

pub struct Softmax;

impl Operation for Softmax {
    const NAME: &'static str = "softmax";
    const TAG: Tag = Tag::MachineLearning;
    const SUMMARY: &'static str = "Numerically stable softmax.";
    const DESCRIPTION: &'static str =
        "`exp((x - max) / t) / sum`, of a vector or of each row of a matrix; never overflows.";
    type Request = SoftmaxRequest;
    type Response = SoftmaxResponse;

    fn run(req: SoftmaxRequest, limits: &Limits) -> OpResult<SoftmaxResponse> {
        let t = req.temperature.unwrap_or(1.0);
        let result = match one_of(req.vector, req.matrix, ("vector", "matrix"))? {
            Either::Left(v) => {
                let v = v.into_vec("vector", limits)?;
                ArrayOut::Vector(VecOut(
                    ml::softmax_vector(&v, t).operands(&["vector", "temperature"])?,
                ))
            }
            Either::Right(m) => {
                let m = m.into_mat("matrix", limits)?;
                ArrayOut::Matrix(MatOut(
                    ml::softmax_rows(&m, t).operands(&["matrix", "temperature"])?,
                ))
            }
        };
        Ok(SoftmaxResponse { result })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::ml::softmax(g)
    }

    fn example() -> Value {
        json!({"vector": [1, 2, 3], "temperature": 1})
    }
}

// ---------------------------------------------------------------------------------------------

/// Queries, keys and values, and an optional mask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttentionRequest {
    /// n x d queries.
    pub q: MatrixIn,
    /// m x d keys.
    pub k: MatrixIn,
    /// m x dv values.
    pub v: MatrixIn,
    /// `"causal"` (keep j <= i, top-left aligned as torch's `is_causal`) or an n x m 0/1 matrix.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
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

pub struct Attention;

impl Operation for Attention {
    const NAME: &'static str = "attention";
    const TAG: Tag = Tag::MachineLearning;
    const SUMMARY: &'static str = "Scaled dot-product attention softmax(q k^T / sqrt(d)) v.";
    const DESCRIPTION: &'static str = "The scores before masking, the weights (a row softmax over the kept positions, exactly 0 where masked) and the output. A row with every position masked is a 422.";
    type Request = AttentionRequest;
    type Response = AttentionResponse;

    fn run(req: AttentionRequest, limits: &Limits) -> OpResult<AttentionResponse> {
        let q = req.q.into_mat("q", limits)?;
        let k = req.k.into_mat("k", limits)?;
        let v = req.v.into_mat("v", limits)?;
        let mask = req.mask.map(|m| m.into_mask("mask", limits)).transpose()?;
        let r = ml::attention(&q, &k, &v, mask.as_ref()).operands(&["q", "k", "v", "mask"])?;
        Ok(AttentionResponse {
            scores: MatOut(r.scores),
            weights: MatOut(r.weights),
            output: MatOut(r.output),
        })
    }

    /// Attention without the 1/sqrt(d) scale is the missing-scale mistake.
    fn grading_context(req: &AttentionRequest, limits: &Limits) -> Context {
        let parts = || -> Option<_> {
            let mask = match &req.mask {
                Some(m) => Some(m.clone().into_mask("mask", limits).ok()?),
                None => None,
            };
            Some((
                req.q.clone().into_mat("q", limits).ok()?,
                req.k.clone().into_mat("k", limits).ok()?,
                req.v.clone().into_mat("v", limits).ok()?,
                mask,
            ))
        };
        let wrong = parts()
            .map(|(q, k, v, mask)| misconceptions::attention(&q, &k, &v, mask.as_ref()))
            .unwrap_or_default();
        Context::default().with_candidates(wrong)
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::ml::attention(g)
    }

    fn example() -> Value {
        json!({"q": [[1, 0], [0, 1]], "k": [[1, 0], [0, 1]], "v": [[1, 2], [3, 4]], "mask": "causal"})
    }
}

// ---------------------------------------------------------------------------------------------

/// A frozen weight and a low-rank update.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoraRequest {
    /// d x k frozen weight.
    pub w: MatrixIn,
    /// r x k down-projection.
    pub a: MatrixIn,
    /// d x r up-projection.
    pub b: MatrixIn,
    /// Scaling numerator (default r): the update is (alpha / r) B A.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub alpha: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
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

pub struct Lora;

impl Operation for Lora {
    const NAME: &'static str = "lora";
    const TAG: Tag = Tag::MachineLearning;
    const SUMMARY: &'static str = "Merge a LoRA update into a weight matrix.";
    const DESCRIPTION: &'static str = "`W + (alpha / r) B A`, the update's rank, and the parameter counts of the full and the low-rank forms.";
    type Request = LoraRequest;
    type Response = LoraResponse;

    fn run(req: LoraRequest, limits: &Limits) -> OpResult<LoraResponse> {
        let w = req.w.into_mat("w", limits)?;
        check_cubic(limits, "w", w.nrows(), w.ncols())?;
        let a = req.a.into_mat("a", limits)?;
        let b = req.b.into_mat("b", limits)?;
        let r = ml::lora(&w, &a, &b, req.alpha).operands(&["w", "a", "b", "alpha"])?;
        Ok(LoraResponse {
            merged: MatOut(r.merged),
            delta_rank: r.delta_rank,
            params_full: r.params_full,
            params_lora: r.params_lora,
            compression_ratio: r.compression_ratio,
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::ml::lora(g)
    }

    fn example() -> Value {
        json!({"w": [[0, 0, 0], [0, 0, 0]], "a": [[1, 2, 3]], "b": [[1], [1]], "alpha": 2})
    }
}

// ---------------------------------------------------------------------------------------------

/// Samples as rows, and how many components to keep.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PcaRequest {
    /// Samples as rows, features as columns; at least 2 samples.
    pub data: MatrixIn,
    /// How many components to keep (default min(samples, features)).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub n_components: Option<i64>,
    /// Scale the scores to unit variance (default false).
    #[serde(default)]
    pub whiten: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PcaResponse {
    /// Principal axes, one unit row per component; each row's largest-magnitude entry is positive.
    pub components: MatOut,
    /// Variance along each component (ddof = 1).
    pub explained_variance: VecOut,
    /// Share of the total variance along each component.
    pub explained_variance_ratio: VecOut,
    /// Singular values of the centred data.
    pub singular_values: VecOut,
    /// Per-feature mean that was subtracted.
    pub mean: VecOut,
    /// The samples in component coordinates (samples x n_components).
    pub transformed: MatOut,
}

pub struct Pca;

impl Operation for Pca {
    const NAME: &'static str = "pca";
    const TAG: Tag = Tag::MachineLearning;
    const SUMMARY: &'static str = "Principal component analysis (scikit-learn conventions).";
    const DESCRIPTION: &'static str = "Components are unit rows whose largest-magnitude entry is positive (scikit-learn >= 1.5); variances use ddof = 1; `transformed` holds the samples in component coordinates (whitened to unit variance with `whiten`).";
    const RULES: &'static [(&'static str, Rule)] = &[
        ("components", Rule::PcaSigned),
        ("transformed", Rule::PcaSigned),
    ];
    type Request = PcaRequest;
    type Response = PcaResponse;

    fn run(req: PcaRequest, limits: &Limits) -> OpResult<PcaResponse> {
        let data = req.data.into_mat("data", limits)?;
        check_cubic(limits, "data", data.nrows(), data.ncols())?;
        let r =
            pca::pca(&data, req.n_components, req.whiten).operands(&["data", "n_components"])?;
        Ok(PcaResponse {
            components: MatOut(r.components),
            explained_variance: VecOut(r.explained_variance),
            explained_variance_ratio: VecOut(r.explained_variance_ratio),
            singular_values: VecOut(r.singular_values),
            mean: VecOut(r.mean),
            transformed: MatOut(r.transformed),
        })
    }

    /// Variances divided by n instead of n - 1 (or the reverse) are the ddof mistake.
    fn grading_context(req: &PcaRequest, limits: &Limits) -> Context {
        let wrong = req
            .data
            .clone()
            .into_mat("data", limits)
            .ok()
            .and_then(|data| {
                let r = pca::pca(&data, req.n_components, req.whiten).ok()?;
                Some(misconceptions::pca(&r.explained_variance, data.nrows()))
            })
            .unwrap_or_default();
        Context::default().with_candidates(wrong)
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::ml::pca(g)
    }

    fn example() -> Value {
        json!({"data": [[1, 2], [2, 4], [3, 6], [4, 8.5]], "n_components": 1})
    }
}
