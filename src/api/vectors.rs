//! Vectors and geometry: `/cosine`, `/norm`, `/distance`, `/linear-combination`, `/project`,
//! `/cross`.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Either, RequestBody, Timed, compute, one_of};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use crate::linalg::vectors::{self, DistanceMetric, MatrixNorm, VectorNorm};
use crate::wire::{MatrixIn, VecOut, VectorIn, finite};

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"a": [1, 0], "b": [1, 1]}))]
pub struct CosineRequest {
    pub a: VectorIn,
    pub b: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"cosine": 0.7071067811865475, "angle_radians": 0.7853981633974484, "angle_degrees": 45.0}))]
pub struct CosineResponse {
    /// Cosine of the angle, in [-1, 1].
    #[serde(serialize_with = "finite")]
    pub cosine: f64,
    #[serde(serialize_with = "finite")]
    pub angle_radians: f64,
    #[serde(serialize_with = "finite")]
    pub angle_degrees: f64,
}

/// Cosine similarity and the angle between two vectors.
#[utoipa::path(post, path = "/cosine", tag = "vectors", request_body = CosineRequest,
    responses((status = 200, description = "The cosine and the angle", body = inline(Timed<CosineResponse>))))]
pub async fn cosine(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "cosine",
        body,
        |req: CosineRequest, limits: &Limits| {
            let a = req.a.into_vec("a", limits)?;
            let b = req.b.into_vec("b", limits)?;
            let c = vectors::cosine("cosine", &a, &b)?;
            let angle = c.acos();
            Ok(CosineResponse {
                cosine: c,
                angle_radians: angle,
                angle_degrees: angle.to_degrees(),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

/// A norm's name (`l1`, `l2`, `linf`, `fro`, `nuc`, `spectral`) or, for vectors, a number p >= 1.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum NormOrd {
    Name(String),
    P(f64),
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"vector": [3, 4], "ord": "l2"}))]
pub struct NormRequest {
    /// A vector (or use `matrix`).
    pub vector: Option<VectorIn>,
    /// A matrix (or use `vector`).
    pub matrix: Option<MatrixIn>,
    /// Vectors: `l1`, `l2` (default), `linf` or a number p >= 1. Matrices: `fro` (default),
    /// `nuc`, `spectral`, `l1` (max column sum), `linf` (max row sum).
    pub ord: Option<NormOrd>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"norm": 5.0}))]
pub struct NormResponse {
    #[serde(serialize_with = "finite")]
    pub norm: f64,
}

/// Vector and matrix norms.
#[utoipa::path(post, path = "/norm", tag = "vectors", request_body = NormRequest,
    responses((status = 200, description = "The norm", body = inline(Timed<NormResponse>))))]
pub async fn norm(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "norm", body, |req: NormRequest, limits: &Limits| {
        let value = match one_of("norm", req.vector, req.matrix, ("vector", "matrix"))? {
            Either::Left(v) => {
                let v = v.into_vec("vector", limits)?;
                let ord = match req.ord {
                    None => VectorNorm::L2,
                    Some(NormOrd::P(p)) => VectorNorm::P(p),
                    Some(NormOrd::Name(name)) => match name.as_str() {
                        "l1" => VectorNorm::L1,
                        "l2" => VectorNorm::L2,
                        "linf" => VectorNorm::LInf,
                        _ => {
                            return Err(ApiError::InvalidInput(format!(
                                "norm: ord {name:?} is not valid for a vector; use \"l1\", \"l2\", \"linf\" or a number p >= 1"
                            )));
                        }
                    },
                };
                vectors::vector_norm(&v, ord)?
            }
            Either::Right(m) => {
                let m = m.into_mat("matrix", limits)?;
                let ord = match &req.ord {
                    None => MatrixNorm::Frobenius,
                    Some(NormOrd::Name(name)) if name == "fro" => MatrixNorm::Frobenius,
                    Some(NormOrd::Name(name)) if name == "nuc" => MatrixNorm::Nuclear,
                    Some(NormOrd::Name(name)) if name == "spectral" => MatrixNorm::Spectral,
                    Some(NormOrd::Name(name)) if name == "l1" => MatrixNorm::L1,
                    Some(NormOrd::Name(name)) if name == "linf" => MatrixNorm::LInf,
                    Some(other) => {
                        return Err(ApiError::InvalidInput(format!(
                            "norm: ord {} is not valid for a matrix; use \"fro\", \"nuc\", \"spectral\", \"l1\" or \"linf\"",
                            match other {
                                NormOrd::Name(n) => format!("{n:?}"),
                                NormOrd::P(p) => p.to_string(),
                            }
                        )));
                    }
                };
                if matches!(ord, MatrixNorm::Nuclear | MatrixNorm::Spectral) {
                    limits.check_cubic("norm", "matrix", m.nrows(), m.ncols())?;
                }
                vectors::matrix_norm(&m, ord)?
            }
        };
        Ok(NormResponse { norm: value })
    })
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"a": [1, 2], "b": [4, 6], "metric": "euclidean"}))]
pub struct DistanceRequest {
    pub a: VectorIn,
    pub b: VectorIn,
    /// `euclidean` (default), `manhattan`, `chebyshev` or `cosine` (1 - cosine similarity).
    pub metric: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"distance": 5.0}))]
pub struct DistanceResponse {
    #[serde(serialize_with = "finite")]
    pub distance: f64,
}

/// Distance between two vectors.
#[utoipa::path(post, path = "/distance", tag = "vectors", request_body = DistanceRequest,
    responses((status = 200, description = "The distance", body = inline(Timed<DistanceResponse>))))]
pub async fn distance(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "distance", body, |req: DistanceRequest, limits: &Limits| {
        let metric = match req.metric.as_deref().unwrap_or("euclidean") {
            "euclidean" => DistanceMetric::Euclidean,
            "manhattan" => DistanceMetric::Manhattan,
            "chebyshev" => DistanceMetric::Chebyshev,
            "cosine" => DistanceMetric::Cosine,
            other => {
                return Err(ApiError::InvalidInput(format!(
                    "distance: metric {other:?} is not one of \"euclidean\", \"manhattan\", \"chebyshev\", \"cosine\""
                )));
            }
        };
        let a = req.a.into_vec("a", limits)?;
        let b = req.b.into_vec("b", limits)?;
        Ok(DistanceResponse {
            distance: vectors::distance(&a, &b, metric)?,
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"vectors": [[1, 0], [0, 1]], "coefficients": [2, 3]}))]
pub struct LinearCombinationRequest {
    /// At least one vector, all of the same length.
    pub vectors: Vec<VectorIn>,
    /// One coefficient per vector.
    pub coefficients: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"result": [2.0, 3.0]}))]
pub struct VectorResult {
    pub result: VecOut,
}

/// `sum_i coefficients[i] * vectors[i]`.
#[utoipa::path(post, path = "/linear-combination", tag = "vectors", request_body = LinearCombinationRequest,
    responses((status = 200, description = "The combination", body = inline(Timed<VectorResult>))))]
pub async fn linear_combination(
    State(state): State<AppState>,
    body: RequestBody,
) -> ApiResult<Response> {
    compute(
        &state,
        "linear-combination",
        body,
        |req: LinearCombinationRequest, limits: &Limits| {
            if req.vectors.is_empty() {
                return Err(ApiError::InvalidInput(
                    "linear-combination: vectors is empty; give at least one vector".into(),
                ));
            }
            let vs = req
                .vectors
                .into_iter()
                .enumerate()
                .map(|(i, v)| v.into_vec(&format!("vectors[{i}]"), limits))
                .collect::<ApiResult<Vec<_>>>()?;
            let c = req.coefficients.into_vec("coefficients", limits)?;
            Ok(VectorResult {
                result: VecOut(vectors::linear_combination(&vs, &c)?),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"vector": [2, 3], "onto": [1, 0]}))]
pub struct ProjectRequest {
    pub vector: VectorIn,
    /// Project onto the line through this vector (or use `onto_columns`).
    pub onto: Option<VectorIn>,
    /// Project onto the column space of this matrix (or use `onto`).
    pub onto_columns: Option<MatrixIn>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"projection": [2.0, 0.0], "residual": [0.0, 3.0], "coefficients": [2.0]}))]
pub struct ProjectResponse {
    pub projection: VecOut,
    /// `vector - projection`, orthogonal to the target.
    pub residual: VecOut,
    /// One per direction (`onto`) or column (`onto_columns`, minimum-norm least squares).
    pub coefficients: VecOut,
}

/// Orthogonal projection onto a line or a column space.
#[utoipa::path(post, path = "/project", tag = "vectors", request_body = ProjectRequest,
    responses((status = 200, description = "The projection", body = inline(Timed<ProjectResponse>))))]
pub async fn project(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "project",
        body,
        |req: ProjectRequest, limits: &Limits| {
            let v = req.vector.into_vec("vector", limits)?;
            let p = match one_of(
                "project",
                req.onto,
                req.onto_columns,
                ("onto", "onto_columns"),
            )? {
                Either::Left(u) => vectors::project_onto_vector(&v, &u.into_vec("onto", limits)?)?,
                Either::Right(a) => {
                    let a = a.into_mat("onto_columns", limits)?;
                    limits.check_cubic("project", "onto_columns", a.nrows(), a.ncols())?;
                    vectors::project_onto_columns(&v, &a)?
                }
            };
            Ok(ProjectResponse {
                projection: VecOut(p.projection),
                residual: VecOut(p.residual),
                coefficients: VecOut(p.coefficients),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"a": [1, 0, 0], "b": [0, 1, 0]}))]
pub struct CrossRequest {
    /// Length 3.
    pub a: VectorIn,
    /// Length 3.
    pub b: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"cross": [0.0, 0.0, 1.0]}))]
pub struct CrossResponse {
    pub cross: VecOut,
}

/// Cross product of two 3-vectors.
#[utoipa::path(post, path = "/cross", tag = "vectors", request_body = CrossRequest,
    responses((status = 200, description = "The cross product", body = inline(Timed<CrossResponse>))))]
pub async fn cross(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "cross",
        body,
        |req: CrossRequest, limits: &Limits| {
            let a = req.a.into_vec("a", limits)?;
            let b = req.b.into_vec("b", limits)?;
            Ok(CrossResponse {
                cross: VecOut(vectors::cross(&a, &b)?.to_vec()),
            })
        },
    )
    .await
}
