//! Factorizations: `/svd`, `/eigen`, `/low-rank`, `/qr`, `/lu`, `/cholesky`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::check_cubic;
use super::matrices::MatrixRequest;
use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::grading::{Context, Rule};
use crate::limits::Limits;
use crate::linalg::decomp;
use crate::wire::{ComplexOut, MatOut, MatrixIn, VecOut, finite};

/// The one input matrix of a factorization, for the grading rules that check it.
fn matrix_context(matrix: &MatrixIn, limits: &Limits) -> Context {
    Context::of_matrix(matrix.clone().into_mat("matrix", limits).ok())
}

/// A matrix and which factors to return.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SvdRequest {
    pub matrix: MatrixIn,
    /// `u` m x m and `vt` n x n when true; reduced (k = min(m, n)) when false (default).
    #[serde(default)]
    pub full_matrices: bool,
    /// Return `u` and `vt` (default true); only `s` when false.
    #[serde(default = "default_true")]
    pub compute_uv: bool,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SvdResponse {
    /// Left singular vectors as columns (omitted when `compute_uv` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub u: Option<MatOut>,
    /// Singular values, descending.
    pub s: VecOut,
    /// Right singular vectors as rows (omitted when `compute_uv` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub vt: Option<MatOut>,
}

pub struct Svd;

impl Operation for Svd {
    const NAME: &'static str = "svd";
    const TAG: Tag = Tag::Decompositions;
    const SUMMARY: &'static str = "Singular value decomposition matrix = u diag(s) vt.";
    const DESCRIPTION: &'static str = "Singular values descending; `u` and `vt` reduced unless `full_matrices`, omitted when `compute_uv` is false. Singular vectors are defined up to paired signs: `/grade` accepts any valid pairing.";
    const RULES: &'static [(&'static str, Rule)] =
        &[("u", Rule::SingularVectors), ("vt", Rule::SingularVectors)];
    type Request = SvdRequest;
    type Response = SvdResponse;

    fn run(req: SvdRequest, limits: &Limits) -> OpResult<SvdResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        if !req.compute_uv {
            return Ok(SvdResponse {
                u: None,
                s: VecOut(decomp::singular_values(&m).operands(&["matrix"])?),
                vt: None,
            });
        }
        let d = decomp::svd(&m, req.full_matrices).operands(&["matrix"])?;
        Ok(SvdResponse {
            u: Some(MatOut(d.u)),
            s: VecOut(d.s),
            vt: Some(MatOut(d.vt)),
        })
    }

    fn grading_context(req: &SvdRequest, limits: &Limits) -> Context {
        matrix_context(&req.matrix, limits)
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::decompositions::svd(g)
    }

    fn example() -> Value {
        json!({"matrix": [[3, 0], [4, 5]]})
    }
}

// ---------------------------------------------------------------------------------------------

/// A square matrix, and whether to treat it as symmetric.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EigenRequest {
    /// Square.
    pub matrix: MatrixIn,
    /// Use the symmetric algorithm (detected within 1e-12 relative when omitted); `true` on a
    /// non-symmetric matrix is a 422.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub symmetric: Option<bool>,
}

/// Complex numbers (general) or real numbers (symmetric).
///
/// The complex variant comes first: a generated client tries the variants in order, and a list
/// of `{re, im}` objects is never a list of numbers, while a lax number-list parser may accept
/// anything.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EigenValues {
    Complex(Vec<ComplexOut>),
    Real(VecOut),
}

/// Complex unit vectors (general) or real unit vectors (symmetric); complex first, as in
/// [`EigenValues`].
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EigenVectors {
    Complex(Vec<Vec<ComplexOut>>),
    Real(Vec<VecOut>),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EigenResponse {
    pub symmetric: bool,
    /// Ascending numbers when symmetric; else complex numbers ordered by real then imaginary part.
    pub eigenvalues: EigenValues,
    /// One unit vector per eigenvalue (same order), its largest-magnitude entry real and positive.
    pub eigenvectors: EigenVectors,
}

pub struct Eigen;

impl Operation for Eigen {
    const NAME: &'static str = "eigen";
    const TAG: Tag = Tag::Decompositions;
    const SUMMARY: &'static str = "Eigenvalues and eigenvectors.";
    const DESCRIPTION: &'static str = "Symmetric matrices (detected within 1e-12 relative, or `symmetric: true`): real eigenvalues ascending. Otherwise complex eigenvalues ordered by real then imaginary part. One unit eigenvector per eigenvalue, in the same order (a list of vectors, not NumPy's columns), its largest-magnitude entry real and positive.";
    const RULES: &'static [(&'static str, Rule)] = &[
        ("eigenvalues", Rule::Eigenvalues),
        ("eigenvectors", Rule::Eigenvectors),
    ];
    type Request = EigenRequest;
    type Response = EigenResponse;

    fn run(req: EigenRequest, limits: &Limits) -> OpResult<EigenResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        let names = &["matrix", "symmetric"];
        Ok(match decomp::eigen(&m, req.symmetric).operands(names)? {
            decomp::Eigen::Symmetric { values, vectors } => EigenResponse {
                symmetric: true,
                eigenvalues: EigenValues::Real(VecOut(values)),
                eigenvectors: EigenVectors::Real(vectors.into_iter().map(VecOut).collect()),
            },
            decomp::Eigen::General { values, vectors } => EigenResponse {
                symmetric: false,
                eigenvalues: EigenValues::Complex(
                    values.into_iter().map(ComplexOut::from).collect(),
                ),
                eigenvectors: EigenVectors::Complex(
                    vectors
                        .into_iter()
                        .map(|v| v.into_iter().map(ComplexOut::from).collect())
                        .collect(),
                ),
            },
        })
    }

    fn grading_context(req: &EigenRequest, limits: &Limits) -> Context {
        matrix_context(&req.matrix, limits)
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::decompositions::eigen(g)
    }

    fn example() -> Value {
        json!({"matrix": [[2, 1], [1, 2]]})
    }
}

// ---------------------------------------------------------------------------------------------

/// A matrix and the rank to keep.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LowRankRequest {
    pub matrix: MatrixIn,
    /// Rank to keep, 1 <= k <= min(m, n).
    pub k: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LowRankResponse {
    /// The best rank-k approximation `u diag(s) vt`.
    pub approximation: MatOut,
    /// m x k.
    pub u: MatOut,
    /// The k largest singular values.
    pub s: VecOut,
    /// k x n.
    pub vt: MatOut,
    /// Frobenius norm of the error: sqrt of the sum of the dropped s^2.
    #[serde(serialize_with = "finite")]
    pub error_fro: f64,
    /// Spectral norm of the error: the largest dropped singular value.
    #[serde(serialize_with = "finite")]
    pub error_spectral: f64,
    /// Sum of kept s^2 over the total.
    #[serde(serialize_with = "finite")]
    pub energy_retained: f64,
    /// m * n.
    pub params_full: usize,
    /// k * (m + n).
    pub params_low_rank: usize,
}

pub struct LowRank;

impl Operation for LowRank {
    const NAME: &'static str = "low-rank";
    const TAG: Tag = Tag::Decompositions;
    const SUMMARY: &'static str = "Eckart-Young rank-k truncation of the SVD.";
    const DESCRIPTION: &'static str = "The best rank-k approximation, its factors, its errors in the Frobenius and spectral norms, the energy it keeps and what it costs to store.";
    const RULES: &'static [(&'static str, Rule)] = &[
        ("u", Rule::TruncatedSingularVectors),
        ("vt", Rule::TruncatedSingularVectors),
    ];
    type Request = LowRankRequest;
    type Response = LowRankResponse;

    fn run(req: LowRankRequest, limits: &Limits) -> OpResult<LowRankResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        let r = decomp::low_rank(&m, req.k).operands(&["matrix", "k"])?;
        Ok(LowRankResponse {
            approximation: MatOut(r.approximation),
            u: MatOut(r.svd.u),
            s: VecOut(r.svd.s),
            vt: MatOut(r.svd.vt),
            error_fro: r.error_fro,
            error_spectral: r.error_spectral,
            energy_retained: r.energy_retained,
            params_full: r.params_full,
            params_low_rank: r.params_low_rank,
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::decompositions::low_rank(g)
    }

    fn example() -> Value {
        json!({"matrix": [[3, 1, 1], [-1, 3, 1]], "k": 1})
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct QrResponse {
    /// m x k with orthonormal columns, k = min(m, n).
    pub q: MatOut,
    /// k x n upper triangular with a non-negative diagonal.
    pub r: MatOut,
}

pub struct Qr;

impl Operation for Qr {
    const NAME: &'static str = "qr";
    const TAG: Tag = Tag::Decompositions;
    const SUMMARY: &'static str = "Reduced QR decomposition.";
    const DESCRIPTION: &'static str = "`matrix = q r` with `q` m x k orthonormal columns and `r` k x n upper triangular with a non-negative diagonal, k = min(m, n).";
    type Request = MatrixRequest;
    type Response = QrResponse;

    fn run(req: MatrixRequest, limits: &Limits) -> OpResult<QrResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        let (q, r) = decomp::qr(&m);
        Ok(QrResponse {
            q: MatOut(q),
            r: MatOut(r),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::decompositions::qr(g)
    }

    fn example() -> Value {
        json!({"matrix": [[3, 1], [4, 2]]})
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct LuResponse {
    /// Permutation matrix with `p @ a == l @ u`.
    pub p: MatOut,
    /// Unit lower triangular.
    pub l: MatOut,
    /// Upper triangular.
    pub u: MatOut,
}

pub struct Lu;

impl Operation for Lu {
    const NAME: &'static str = "lu";
    const TAG: Tag = Tag::Decompositions;
    const SUMMARY: &'static str = "LU decomposition with partial pivoting.";
    const DESCRIPTION: &'static str = "`p @ matrix == l @ u` with `p` a permutation matrix, `l` unit lower triangular and `u` upper triangular.";
    type Request = MatrixRequest;
    type Response = LuResponse;

    fn run(req: MatrixRequest, limits: &Limits) -> OpResult<LuResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        let (p, l, u) = decomp::lu(&m).operands(&["matrix"])?;
        Ok(LuResponse {
            p: MatOut(p),
            l: MatOut(l),
            u: MatOut(u),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::decompositions::lu(g)
    }

    fn example() -> Value {
        json!({"matrix": [[1, 2], [3, 4]]})
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct CholeskyResponse {
    /// Lower triangular with `l @ l.T == matrix`.
    pub l: MatOut,
}

pub struct Cholesky;

impl Operation for Cholesky {
    const NAME: &'static str = "cholesky";
    const TAG: Tag = Tag::Decompositions;
    const SUMMARY: &'static str = "Cholesky factor of a symmetric positive definite matrix.";
    const DESCRIPTION: &'static str = "Lower-triangular `l` with `l @ l.T == matrix`. A matrix that is not symmetric, or not positive definite, is a 422 not-positive-definite.";
    type Request = MatrixRequest;
    type Response = CholeskyResponse;

    fn run(req: MatrixRequest, limits: &Limits) -> OpResult<CholeskyResponse> {
        let m = req.matrix.into_mat("matrix", limits)?;
        check_cubic(limits, "matrix", m.nrows(), m.ncols())?;
        Ok(CholeskyResponse {
            l: MatOut(decomp::cholesky(&m).operands(&["matrix"])?),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::decompositions::cholesky(g)
    }

    fn example() -> Value {
        json!({"matrix": [[4, 2], [2, 5]]})
    }
}
