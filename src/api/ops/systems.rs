//! Square systems and their relatives: `/determinant`, `/inverse`, `/solve`, `/lstsq`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::check_cubic;
use super::matrices::MatrixRequest;
use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::grading::{Context, Rule, misconceptions};
use crate::limits::Limits;
use crate::linalg::{exact, require_square, solve};
use crate::wire::{ArrayOut, MatOut, MatrixIn, VecOut, VectorOrMatrixIn, finite};

#[derive(Debug, Serialize, ToSchema)]
pub struct DeterminantResponse {
    /// Exact for integer matrices up to 16x16 (fraction-free elimination), LU otherwise.
    #[serde(serialize_with = "finite")]
    pub determinant: f64,
}

pub struct Determinant;

impl Operation for Determinant {
    const NAME: &'static str = "determinant";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Determinant of a square matrix.";
    const DESCRIPTION: &'static str = "Exact for integer matrices up to 16x16 (fraction-free Bareiss elimination over big integers, so det([[1,2],[3,4]]) is -2, not -2.0000000000000004); LU otherwise. A determinant beyond f64's range is a 422 not-finite.";
    const RULES: &'static [(&'static str, Rule)] = &[("determinant", Rule::Exact)];
    type Request = MatrixRequest;
    type Response = DeterminantResponse;

    fn run(req: MatrixRequest, limits: &Limits) -> OpResult<DeterminantResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        require_square(0, &m).operands(&["matrix"])?;
        let determinant = match exact::as_small_integer_matrix(&m) {
            Some(ints) => {
                let (_, det) = exact::bareiss(ints);
                let det = det.expect("a square matrix has a determinant");
                exact::determinant_to_f64(&det).operands(&["matrix"])?
            }
            None => solve::determinant(&m).operands(&["matrix"])?,
        };
        Ok(DeterminantResponse { determinant })
    }

    fn grading_context(req: &MatrixRequest, limits: &Limits) -> Context {
        let m = req.matrix.clone().into_mat("matrix", limits).ok();
        Context {
            exact: m
                .as_ref()
                .is_some_and(|m| exact::as_small_integer_matrix(m).is_some()),
            ..Context::of_matrix(m)
        }
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::determinant(g)
    }

    fn example() -> Value {
        json!({"matrix": [[1, 2], [3, 4]]})
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct InverseResponse {
    pub inverse: MatOut,
}

pub struct Inverse;

impl Operation for Inverse {
    const NAME: &'static str = "inverse";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Inverse of a square matrix.";
    const DESCRIPTION: &'static str = "A singular matrix (reciprocal condition number in the 1-norm below machine epsilon, not det == 0: [[1e-20]] inverts) is a 422 singular-matrix.";
    type Request = MatrixRequest;
    type Response = InverseResponse;

    fn run(req: MatrixRequest, limits: &Limits) -> OpResult<InverseResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        Ok(InverseResponse {
            inverse: MatOut(solve::inverse(&m).operands(&["matrix"])?),
        })
    }

    fn grading_context(req: &MatrixRequest, limits: &Limits) -> Context {
        let m = req.matrix.clone().into_mat("matrix", limits).ok();
        let wrong = m.as_ref().map(misconceptions::inverse).unwrap_or_default();
        Context::of_matrix(m).with_candidates(wrong)
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::inverse(g)
    }

    fn example() -> Value {
        json!({"matrix": [[4, 7], [2, 6]]})
    }
}

// ---------------------------------------------------------------------------------------------

/// A system `a x = b`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemRequest {
    pub a: MatrixIn,
    /// One right-hand side (a vector) or several (matrix columns).
    pub b: VectorOrMatrixIn,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SolveResponse {
    /// Shaped like `b`.
    pub x: ArrayOut,
}

pub struct Solve;

impl Operation for Solve {
    const NAME: &'static str = "solve";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Solve a x = b for square, non-singular a.";
    const DESCRIPTION: &'static str = "One LU factorization gives both the condition check (singular: 422) and the solution; `x` is shaped like `b`.";
    type Request = SystemRequest;
    type Response = SolveResponse;

    fn run(req: SystemRequest, limits: &Limits) -> OpResult<SolveResponse> {
        let a = req.a.into_mat("a", limits)?;
        check_cubic(limits, "a", a.nrows(), a.ncols())?;
        let (b, b_is_vector) = req.b.into_array("b", limits)?.into_columns();
        let x = solve::solve(&a, &b, b_is_vector).operands(&["a", "b"])?;
        Ok(SolveResponse {
            x: ArrayOut::shaped_like_rhs(x, b_is_vector),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::solve(g)
    }

    fn example() -> Value {
        json!({"a": [[2, 1], [1, 3]], "b": [3, 5]})
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct LstsqResponse {
    /// Minimum-norm least-squares solution, shaped like `b`.
    pub x: ArrayOut,
    /// Squared residual norm per column of `b`; empty unless rank == columns < rows.
    pub residuals: VecOut,
    pub rank: usize,
    /// Singular values of `a`, descending.
    pub singular_values: VecOut,
}

pub struct Lstsq;

impl Operation for Lstsq {
    const NAME: &'static str = "lstsq";
    const TAG: Tag = Tag::Matrices;
    const SUMMARY: &'static str = "Least squares with numpy.linalg.lstsq's conventions.";
    const DESCRIPTION: &'static str = "The minimum-norm least-squares solution of a x ≈ b, with numpy.linalg.lstsq's `residuals` (empty unless rank == columns < rows), `rank` and `singular_values`.";
    type Request = SystemRequest;
    type Response = LstsqResponse;

    fn run(req: SystemRequest, limits: &Limits) -> OpResult<LstsqResponse> {
        let a = req.a.into_mat("a", limits)?;
        check_cubic(limits, "a", a.nrows(), a.ncols())?;
        let (b, b_is_vector) = req.b.into_array("b", limits)?.into_columns();
        let r = solve::lstsq(&a, &b, b_is_vector).operands(&["a", "b"])?;
        Ok(LstsqResponse {
            x: ArrayOut::shaped_like_rhs(r.x, b_is_vector),
            residuals: VecOut(r.residuals),
            rank: r.rank,
            singular_values: VecOut(r.singular_values),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::matrices::lstsq(g)
    }

    fn example() -> Value {
        json!({"a": [[1, 0], [1, 1], [1, 2]], "b": [1, 2, 2]})
    }
}
