//! Rank, subspaces and echelon forms: `/rank`, `/subspaces`, `/rref`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::check_cubic;
use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::grading::{Context, Rule};
use crate::limits::Limits;
use crate::linalg::{exact, solve};
use crate::wire::{ExactMatrixIn, MatOut, MatrixIn, VecOut, finite};

/// A matrix and, optionally, the tolerance below which singular values count as zero.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RankRequest {
    pub matrix: MatrixIn,
    /// Singular values above this count (default: `s_max * max(m, n) * eps`, as NumPy).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub tol: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankResponse {
    /// Exact for integer matrices up to 16x16 when `tol` is not given.
    pub rank: usize,
    /// The tolerance used.
    #[serde(serialize_with = "finite")]
    pub tol: f64,
}

pub struct Rank;

impl Operation for Rank {
    const NAME: &'static str = "rank";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Rank of a matrix.";
    const DESCRIPTION: &'static str = "The number of singular values above `tol` (default as numpy.linalg.matrix_rank); exact for integer matrices up to 16x16 when `tol` is not given.";
    type Request = RankRequest;
    type Response = RankResponse;

    fn run(req: RankRequest, limits: &Limits) -> OpResult<RankResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        let (numeric_rank, tol) = solve::rank(&m, req.tol).operands(&["matrix", "tol"])?;
        let rank = match (req.tol, exact::as_small_integer_matrix(&m)) {
            (None, Some(ints)) => exact::bareiss(ints).0,
            _ => numeric_rank,
        };
        Ok(RankResponse { rank, tol })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::rank(g)
    }

    fn example() -> Value {
        json!({"matrix": [[1, 2], [2, 4]]})
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct SubspacesResponse {
    pub rank: usize,
    /// Orthonormal basis of the column space (vectors of length m).
    pub column_space: Vec<VecOut>,
    /// Orthonormal basis of the row space (vectors of length n).
    pub row_space: Vec<VecOut>,
    /// Orthonormal basis of the null space (vectors of length n).
    pub null_space: Vec<VecOut>,
    /// Orthonormal basis of the left null space (vectors of length m).
    pub left_null_space: Vec<VecOut>,
}

fn basis(vs: Vec<Vec<f64>>) -> Vec<VecOut> {
    vs.into_iter().map(VecOut).collect()
}

pub struct Subspaces;

impl Operation for Subspaces {
    const NAME: &'static str = "subspaces";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Orthonormal bases of the four fundamental subspaces.";
    const DESCRIPTION: &'static str = "Column space, row space, null space and left null space, each as a list of orthonormal vectors, all from one full SVD.";
    const RULES: &'static [(&'static str, Rule)] = &[
        ("column_space", Rule::Basis),
        ("row_space", Rule::Basis),
        ("null_space", Rule::Basis),
        ("left_null_space", Rule::Basis),
    ];
    type Request = RankRequest;
    type Response = SubspacesResponse;

    fn run(req: RankRequest, limits: &Limits) -> OpResult<SubspacesResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        let s = solve::subspaces(&m, req.tol).operands(&["matrix", "tol"])?;
        Ok(SubspacesResponse {
            rank: s.rank,
            column_space: basis(s.column_space),
            row_space: basis(s.row_space),
            null_space: basis(s.null_space),
            left_null_space: basis(s.left_null_space),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::subspaces(g)
    }

    fn example() -> Value {
        json!({"matrix": [[1, 2], [2, 4]]})
    }
}

// ---------------------------------------------------------------------------------------------

/// A matrix, read exactly from its decimal text unless `exact` is false.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RrefRequest {
    pub matrix: ExactMatrixIn,
    /// Exact rational arithmetic, reading each number from its JSON text (default true).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub exact: Option<bool>,
}

/// Exact rationals as strings (`"-3/2"`), or numbers when `exact` is false.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum RrefMatrix {
    Exact(Vec<Vec<String>>),
    Float(MatOut),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RrefResponse {
    pub rref: RrefMatrix,
    /// Pivot column indices.
    pub pivots: Vec<usize>,
    pub rank: usize,
}

pub struct Rref;

impl Operation for Rref {
    const NAME: &'static str = "rref";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Reduced row echelon form (exact rationals by default).";
    const DESCRIPTION: &'static str = "In exact mode (the default) each number is read from its JSON text as a rational (0.1 is 1/10) and eliminated exactly; entries come back as strings such as \"-3/2\". Exact mode is bounded (64 per side, about 4096 significant digits in all); `\"exact\": false` uses floating point. JSON only: MessagePack carries no decimal text (415).";
    const JSON_ONLY: bool = true;
    const RULES: &'static [(&'static str, Rule)] = &[("rref", Rule::Exact)];
    type Request = RrefRequest;
    type Response = RrefResponse;

    fn run(req: RrefRequest, limits: &Limits) -> OpResult<RrefResponse> {
        if !req.exact.unwrap_or(true) {
            let m = req.matrix.into_mat("matrix", limits)?;
            check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
            let (r, pivots) = exact::rref_float(&m);
            return Ok(RrefResponse {
                rank: pivots.len(),
                rref: RrefMatrix::Float(MatOut(r)),
                pivots,
            });
        }
        let m = req.matrix.into_exact("matrix", limits)?;
        let (r, pivots) = exact::rref_exact(m.entries);
        Ok(RrefResponse {
            rank: pivots.len(),
            rref: RrefMatrix::Exact(
                r.iter()
                    .map(|row| row.iter().map(exact::format_rational).collect())
                    .collect(),
            ),
            pivots,
        })
    }

    fn grading_context(req: &RrefRequest, _limits: &Limits) -> Context {
        Context {
            exact: req.exact.unwrap_or(true),
            ..Context::default()
        }
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::rref(g)
    }

    fn example() -> Value {
        json!({"matrix": [[1, 2, 3], [2, 4, 7]], "exact": true})
    }
}
