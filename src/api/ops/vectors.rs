//! Vectors and geometry: `/dot`, `/cosine`, `/norm`, `/distance`, `/linear-combination`,
//! `/project`, `/cross`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::check_cubic;
use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::limits::Limits;
use crate::linalg::products;
use crate::linalg::vectors::{self, DistanceMetric, MatrixNorm, VectorNorm};
use crate::wire::{Choice, Either, MatrixIn, Named, VecOut, VectorIn, WireError, finite, one_of};

// ---------------------------------------------------------------------------------------------

/// Two vectors of the same length.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DotRequest {
    pub a: VectorIn,
    pub b: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DotResponse {
    /// The sum of the products of corresponding entries.
    #[serde(serialize_with = "finite")]
    pub dot: f64,
}

pub struct Dot;

impl Operation for Dot {
    const NAME: &'static str = "dot";
    const TAG: Tag = Tag::Vectors;
    const SUMMARY: &'static str = "Dot product of two vectors.";
    const DESCRIPTION: &'static str = "`a · b`: the sum of the products of corresponding entries; `a` and `b` must have the same length.";
    type Request = DotRequest;
    type Response = DotResponse;

    fn run(req: DotRequest, limits: &Limits) -> OpResult<DotResponse> {
        let a = req.a.into_vec("a", limits)?;
        let b = req.b.into_vec("b", limits)?;
        Ok(DotResponse {
            dot: products::dot(&a, &b).operands(&["a", "b"])?,
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::vectors::dot(g)
    }

    fn example() -> Value {
        json!({"a": [1, 2, 3], "b": [4, 5, 6]})
    }
}

// ---------------------------------------------------------------------------------------------

/// Two vectors of the same length, neither zero.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CosineRequest {
    pub a: VectorIn,
    pub b: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CosineResponse {
    /// Cosine of the angle, in [-1, 1].
    #[serde(serialize_with = "finite")]
    pub cosine: f64,
    /// The angle in radians, in [0, pi].
    #[serde(serialize_with = "finite")]
    pub angle_radians: f64,
    /// The angle in degrees, in [0, 180].
    #[serde(serialize_with = "finite")]
    pub angle_degrees: f64,
}

pub struct Cosine;

impl Operation for Cosine {
    const NAME: &'static str = "cosine";
    const TAG: Tag = Tag::Vectors;
    const SUMMARY: &'static str = "Cosine similarity and the angle between two vectors.";
    const DESCRIPTION: &'static str = "`a · b / (|a| |b|)`, clamped to [-1, 1], and the angle it gives. A zero vector has no angle: 422.";
    type Request = CosineRequest;
    type Response = CosineResponse;

    fn run(req: CosineRequest, limits: &Limits) -> OpResult<CosineResponse> {
        let a = req.a.into_vec("a", limits)?;
        let b = req.b.into_vec("b", limits)?;
        let c = vectors::cosine(&a, &b).operands(&["a", "b"])?;
        let angle = c.acos();
        Ok(CosineResponse {
            cosine: c,
            angle_radians: angle,
            angle_degrees: angle.to_degrees(),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::vectors::cosine(g)
    }

    fn example() -> Value {
        json!({"a": [1, 0], "b": [1, 1]})
    }
}

// ---------------------------------------------------------------------------------------------

/// The names `ord` accepts (NumPy's spellings among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormName {
    L1,
    L2,
    LInf,
    Inf,
    NegInf,
    Fro,
    Nuc,
    Spectral,
}

impl Choice for NormName {
    const SCHEMA_NAME: &'static str = "NormName";
    const DESCRIPTION: &'static str = "A norm by name. Vectors: `l1`, `l2`, `linf` (or NumPy's `inf`), `-inf` (the smallest absolute entry). Matrices: `fro`, `nuc`, `spectral`, `l1` (largest column sum), `linf` or `inf` (largest row sum), `-inf` (smallest row sum).";
    const ALL: &'static [(Self, &'static str)] = &[
        (NormName::L1, "l1"),
        (NormName::L2, "l2"),
        (NormName::LInf, "linf"),
        (NormName::Inf, "inf"),
        (NormName::NegInf, "-inf"),
        (NormName::Fro, "fro"),
        (NormName::Nuc, "nuc"),
        (NormName::Spectral, "spectral"),
    ];
}

/// The `ord` field's name form.
pub type NormNameIn = Named<NormName>;

/// A norm's name, or a number: p >= 1 for vectors; 1, 2, -1 or -2 for matrices (as
/// `numpy.linalg.norm`'s `ord`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum NormOrd {
    Name(NormNameIn),
    Number(f64),
}

/// A vector or a matrix, and which norm.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NormRequest {
    /// A vector (or use `matrix`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub vector: Option<VectorIn>,
    /// A matrix (or use `vector`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub matrix: Option<MatrixIn>,
    /// Vectors: `l1`, `l2` (default), `linf`, `inf`, `-inf`, or a number p >= 1. Matrices: `fro`
    /// (default), `nuc`, `spectral`, `l1`, `linf`, `inf`, `-inf`, or NumPy's numbers `1`, `2`
    /// (spectral), `-1`, `-2` (the smallest singular value).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub ord: Option<NormOrd>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NormResponse {
    #[serde(serialize_with = "finite")]
    pub norm: f64,
}

fn bad_ord(ord: &NormOrd, what: &str, accepted: &str) -> WireError {
    let given = match ord {
        NormOrd::Name(n) => format!("{:?}", n.as_str()),
        NormOrd::Number(p) => p.to_string(),
    };
    WireError::Invalid(format!(
        "ord {given} is not valid for a {what}; use {accepted}"
    ))
}

fn vector_norm(ord: Option<&NormOrd>) -> Result<VectorNorm, WireError> {
    const ACCEPTED: &str = "\"l1\", \"l2\", \"linf\", \"inf\", \"-inf\" or a number p >= 1";
    Ok(match ord {
        None => VectorNorm::L2,
        Some(NormOrd::Number(p)) => VectorNorm::P(*p),
        Some(o @ NormOrd::Name(name)) => match name.get("ord")? {
            NormName::L1 => VectorNorm::L1,
            NormName::L2 => VectorNorm::L2,
            NormName::LInf | NormName::Inf => VectorNorm::LInf,
            NormName::NegInf => VectorNorm::NegInf,
            NormName::Fro | NormName::Nuc | NormName::Spectral => {
                return Err(bad_ord(o, "vector", ACCEPTED));
            }
        },
    })
}

fn matrix_norm(ord: Option<&NormOrd>) -> Result<MatrixNorm, WireError> {
    const ACCEPTED: &str =
        "\"fro\", \"nuc\", \"spectral\", \"l1\", \"linf\", \"inf\", \"-inf\", 1, 2, -1 or -2";
    Ok(match ord {
        None => MatrixNorm::Frobenius,
        Some(o @ NormOrd::Number(p)) => match *p {
            1.0 => MatrixNorm::L1,
            2.0 => MatrixNorm::Spectral,
            -1.0 => MatrixNorm::NegL1,
            -2.0 => MatrixNorm::SmallestSingular,
            _ => return Err(bad_ord(o, "matrix", ACCEPTED)),
        },
        Some(o @ NormOrd::Name(name)) => match name.get("ord")? {
            NormName::Fro => MatrixNorm::Frobenius,
            NormName::Nuc => MatrixNorm::Nuclear,
            NormName::Spectral => MatrixNorm::Spectral,
            NormName::L1 => MatrixNorm::L1,
            NormName::LInf | NormName::Inf => MatrixNorm::LInf,
            NormName::NegInf => MatrixNorm::NegLInf,
            NormName::L2 => return Err(bad_ord(o, "matrix", ACCEPTED)),
        },
    })
}

pub struct Norm;

impl Operation for Norm {
    const NAME: &'static str = "norm";
    const TAG: Tag = Tag::Vectors;
    const SUMMARY: &'static str = "Vector and matrix norms.";
    const DESCRIPTION: &'static str = "The norm `ord` of a vector or a matrix, with `numpy.linalg.norm`'s spellings accepted beside the names: for a matrix `2` is the spectral norm and `-2` the smallest singular value.";
    type Request = NormRequest;
    type Response = NormResponse;

    fn run(req: NormRequest, limits: &Limits) -> OpResult<NormResponse> {
        let norm = match one_of(req.vector, req.matrix, ("vector", "matrix"))? {
            Either::Left(v) => {
                let v = v.into_vec("vector", limits)?;
                let ord = vector_norm(req.ord.as_ref())?;
                vectors::vector_norm(&v, ord).operands(&["vector", "ord"])?
            }
            Either::Right(m) => {
                let m = m.into_mat("matrix", limits)?;
                let ord = matrix_norm(req.ord.as_ref())?;
                if ord.needs_svd() {
                    check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
                }
                vectors::matrix_norm(&m, ord).operands(&["matrix", "ord"])?
            }
        };
        Ok(NormResponse { norm })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::vectors::norm(g)
    }

    fn example() -> Value {
        json!({"vector": [3, 4], "ord": "l2"})
    }
}

// ---------------------------------------------------------------------------------------------

impl Choice for DistanceMetric {
    const SCHEMA_NAME: &'static str = "DistanceMetric";
    const DESCRIPTION: &'static str =
        "`euclidean`, `manhattan`, `chebyshev`, or `cosine` (1 - cosine similarity).";
    const ALL: &'static [(Self, &'static str)] = &[
        (DistanceMetric::Euclidean, "euclidean"),
        (DistanceMetric::Manhattan, "manhattan"),
        (DistanceMetric::Chebyshev, "chebyshev"),
        (DistanceMetric::Cosine, "cosine"),
    ];
}

/// The `metric` field of `/distance`.
pub type DistanceMetricName = Named<DistanceMetric>;

/// Two vectors of the same length and a metric.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DistanceRequest {
    pub a: VectorIn,
    pub b: VectorIn,
    /// `euclidean` (default), `manhattan`, `chebyshev` or `cosine` (1 - cosine similarity).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub metric: Option<DistanceMetricName>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DistanceResponse {
    #[serde(serialize_with = "finite")]
    pub distance: f64,
}

pub struct Distance;

impl Operation for Distance {
    const NAME: &'static str = "distance";
    const TAG: Tag = Tag::Vectors;
    const SUMMARY: &'static str = "Distance between two vectors.";
    const DESCRIPTION: &'static str =
        "Euclidean (default), Manhattan, Chebyshev or cosine distance.";
    type Request = DistanceRequest;
    type Response = DistanceResponse;

    fn run(req: DistanceRequest, limits: &Limits) -> OpResult<DistanceResponse> {
        let metric = Named::or_default("metric", req.metric.as_ref(), DistanceMetric::Euclidean)?;
        let a = req.a.into_vec("a", limits)?;
        let b = req.b.into_vec("b", limits)?;
        Ok(DistanceResponse {
            distance: vectors::distance(&a, &b, metric).operands(&["a", "b"])?,
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::vectors::distance(g)
    }

    fn example() -> Value {
        json!({"a": [1, 2], "b": [4, 6], "metric": "euclidean"})
    }
}

// ---------------------------------------------------------------------------------------------

/// Vectors of one length and one coefficient per vector.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinearCombinationRequest {
    /// At least one vector, all of the same length.
    pub vectors: Vec<VectorIn>,
    /// One coefficient per vector.
    pub coefficients: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinearCombinationResponse {
    pub result: VecOut,
}

pub struct LinearCombination;

impl Operation for LinearCombination {
    const NAME: &'static str = "linear-combination";
    const TAG: Tag = Tag::Vectors;
    const SUMMARY: &'static str = "A linear combination of vectors.";
    const DESCRIPTION: &'static str = "`sum_i coefficients[i] * vectors[i]`.";
    type Request = LinearCombinationRequest;
    type Response = LinearCombinationResponse;

    fn run(req: LinearCombinationRequest, limits: &Limits) -> OpResult<LinearCombinationResponse> {
        let vs = req
            .vectors
            .into_iter()
            .enumerate()
            .map(|(i, v)| v.into_vec(&format!("vectors[{i}]"), limits))
            .collect::<Result<Vec<_>, _>>()?;
        let c = req.coefficients.into_vec("coefficients", limits)?;
        Ok(LinearCombinationResponse {
            result: VecOut(
                vectors::linear_combination(&vs, &c).operands(&["vectors", "coefficients"])?,
            ),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::vectors::linear_combination(g)
    }

    fn example() -> Value {
        json!({"vectors": [[1, 0], [0, 1]], "coefficients": [2, 3]})
    }
}

// ---------------------------------------------------------------------------------------------

/// A vector and a line (`onto`) or a column space (`onto_columns`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectRequest {
    pub vector: VectorIn,
    /// Project onto the line through this vector (or use `onto_columns`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub onto: Option<VectorIn>,
    /// Project onto the column space of this matrix (or use `onto`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub onto_columns: Option<MatrixIn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectResponse {
    pub projection: VecOut,
    /// `vector - projection`, orthogonal to the target.
    pub residual: VecOut,
    /// One per direction (`onto`) or column (`onto_columns`, minimum-norm least squares).
    pub coefficients: VecOut,
}

pub struct Project;

impl Operation for Project {
    const NAME: &'static str = "project";
    const TAG: Tag = Tag::Vectors;
    const SUMMARY: &'static str = "Orthogonal projection onto a line or a column space.";
    const DESCRIPTION: &'static str = "The projection of `vector` onto the line through `onto`, or onto the column space of `onto_columns` (minimum-norm least squares when the columns are dependent), with the residual orthogonal to it.";
    type Request = ProjectRequest;
    type Response = ProjectResponse;

    fn run(req: ProjectRequest, limits: &Limits) -> OpResult<ProjectResponse> {
        let v = req.vector.into_vec("vector", limits)?;
        let p = match one_of(req.onto, req.onto_columns, ("onto", "onto_columns"))? {
            Either::Left(u) => {
                let u = u.into_vec("onto", limits)?;
                vectors::project_onto_vector(&v, &u).operands(&["vector", "onto"])?
            }
            Either::Right(a) => {
                let a = a.into_mat("onto_columns", limits)?;
                check_cubic(limits, "onto_columns", a.nrows(), a.ncols())?;
                vectors::project_onto_columns(&v, &a).operands(&["vector", "onto_columns"])?
            }
        };
        Ok(ProjectResponse {
            projection: VecOut(p.projection),
            residual: VecOut(p.residual),
            coefficients: VecOut(p.coefficients),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::vectors::project(g)
    }

    fn example() -> Value {
        json!({"vector": [2, 3], "onto": [1, 0]})
    }
}

// ---------------------------------------------------------------------------------------------

/// Two vectors of length 3.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrossRequest {
    /// Length 3.
    pub a: VectorIn,
    /// Length 3.
    pub b: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CrossResponse {
    pub cross: VecOut,
}

pub struct Cross;

impl Operation for Cross {
    const NAME: &'static str = "cross";
    const TAG: Tag = Tag::Vectors;
    const SUMMARY: &'static str = "Cross product of two 3-vectors.";
    const DESCRIPTION: &'static str = "`a x b`, orthogonal to both, of length |a| |b| sin(angle).";
    type Request = CrossRequest;
    type Response = CrossResponse;

    fn run(req: CrossRequest, limits: &Limits) -> OpResult<CrossResponse> {
        let a = req.a.into_vec("a", limits)?;
        let b = req.b.into_vec("b", limits)?;
        Ok(CrossResponse {
            cross: VecOut(vectors::cross(&a, &b).operands(&["a", "b"])?.to_vec()),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::vectors::cross(g)
    }

    fn example() -> Value {
        json!({"a": [1, 0, 0], "b": [0, 1, 0]})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_spellings_choose_the_numpy_norms() {
        let name = |s: &str| Some(NormOrd::Name(Named::from(s)));
        assert_eq!(
            matrix_norm(Some(&NormOrd::Number(2.0))),
            Ok(MatrixNorm::Spectral)
        );
        assert_eq!(
            matrix_norm(Some(&NormOrd::Number(-2.0))),
            Ok(MatrixNorm::SmallestSingular)
        );
        assert_eq!(matrix_norm(name("inf").as_ref()), Ok(MatrixNorm::LInf));
        assert_eq!(matrix_norm(name("-inf").as_ref()), Ok(MatrixNorm::NegLInf));
        assert!(matrix_norm(Some(&NormOrd::Number(3.0))).is_err());
        assert_eq!(vector_norm(name("inf").as_ref()), Ok(VectorNorm::LInf));
        assert_eq!(vector_norm(name("-inf").as_ref()), Ok(VectorNorm::NegInf));
        assert!(vector_norm(name("fro").as_ref()).is_err());
        assert!(matches!(
            vector_norm(name("l3").as_ref()),
            Err(WireError::Invalid(_))
        ));
    }
}
