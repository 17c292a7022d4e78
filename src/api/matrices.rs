//! Matrices: `/transpose`, `/determinant`, `/inverse`, `/solve`, `/lstsq`, `/rank`,
//! `/subspaces`, `/eigen`, `/low-rank`, `/qr`, `/lu`, `/cholesky`, `/rref`.

use axum::extract::State;
use axum::response::Response;
use faer::{Mat, c64};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use utoipa::ToSchema;

use super::format::Format;
use super::{RequestBody, Timed, compute, parse_body};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use crate::linalg::{decomp, exact, solve};
use crate::wire::{ArrayOut, MatOut, MatrixIn, Numeric, Operand, VecOut, VectorOrMatrixIn, finite};

/// A request with one matrix.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"matrix": [[1, 2], [3, 4]]}))]
pub struct MatrixRequest {
    pub matrix: MatrixIn,
}

/// A matrix operand checked against the O(n^3) limit.
fn cubic(op: &str, m: MatrixIn, field: &str, limits: &Limits) -> ApiResult<Mat<f64>> {
    let m = m.into_mat(field, limits)?;
    limits.check_cubic(op, field, m.nrows(), m.ncols())?;
    Ok(m)
}

/// `b` of `/solve` and `/lstsq` as a column matrix, and whether it was a vector.
fn right_hand_side(b: VectorOrMatrixIn, limits: &Limits) -> ApiResult<(Mat<f64>, bool)> {
    Ok(match b.into_operand("b", limits)? {
        Operand::Vector(v) => (Mat::from_fn(v.len(), 1, |i, _| v[i]), true),
        Operand::Matrix(m) => (m, false),
    })
}

/// A column matrix back to the shape `b` had.
fn shaped_like_b(x: Mat<f64>, b_is_vector: bool) -> ArrayOut {
    if b_is_vector {
        ArrayOut::Vector(VecOut((0..x.nrows()).map(|i| x[(i, 0)]).collect()))
    } else {
        ArrayOut::Matrix(MatOut(x))
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"result": [[1.0, 3.0], [2.0, 4.0]]}))]
pub struct TransposeResponse {
    pub result: MatOut,
}

/// Transpose of a matrix.
#[utoipa::path(post, path = "/transpose", tag = "matrices", request_body = MatrixRequest,
    responses((status = 200, description = "The transpose", body = inline(Timed<TransposeResponse>))))]
pub async fn transpose(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "transpose",
        body,
        |req: MatrixRequest, limits: &Limits| {
            let m = req.matrix.into_mat("matrix", limits)?;
            Ok(TransposeResponse {
                result: MatOut(m.transpose().to_owned()),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"determinant": -2.0}))]
pub struct DeterminantResponse {
    /// Exact for integer matrices up to 16x16 (fraction-free elimination), LU otherwise.
    #[serde(serialize_with = "finite")]
    pub determinant: f64,
}

/// Determinant of a square matrix.
#[utoipa::path(post, path = "/determinant", tag = "matrices", request_body = MatrixRequest,
    responses((status = 200, description = "The determinant", body = inline(Timed<DeterminantResponse>))))]
pub async fn determinant(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "determinant",
        body,
        |req: MatrixRequest, limits: &Limits| {
            let m = cubic("determinant", req.matrix, "matrix", limits)?;
            crate::linalg::require_square("determinant", "matrix", &m)?;
            let determinant = match exact::as_small_integer_matrix(&m) {
                Some(ints) => {
                    let (_, det) = exact::bareiss(ints);
                    exact::determinant_to_f64(&det.expect("square"))?
                }
                None => solve::determinant(&m)?,
            };
            Ok(DeterminantResponse { determinant })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"inverse": [[-2.0, 1.0], [1.5, -0.5]]}))]
pub struct InverseResponse {
    pub inverse: MatOut,
}

/// Inverse of a square matrix; a singular matrix (reciprocal condition number below machine
/// epsilon) is a 422 `singular-matrix`.
#[utoipa::path(post, path = "/inverse", tag = "matrices", request_body = MatrixRequest,
    responses((status = 200, description = "The inverse", body = inline(Timed<InverseResponse>))))]
pub async fn inverse(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "inverse",
        body,
        |req: MatrixRequest, limits: &Limits| {
            let m = cubic("inverse", req.matrix, "matrix", limits)?;
            Ok(InverseResponse {
                inverse: MatOut(solve::inverse("inverse", &m, "matrix")?),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"a": [[2, 1], [1, 3]], "b": [3, 5]}))]
pub struct SystemRequest {
    pub a: MatrixIn,
    /// One right-hand side (a vector) or several (matrix columns).
    pub b: VectorOrMatrixIn,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"x": [0.8, 1.4]}))]
pub struct SolveResponse {
    /// Shaped like `b`.
    pub x: ArrayOut,
}

/// Solve `a x = b` for square, non-singular `a`.
#[utoipa::path(post, path = "/solve", tag = "matrices", request_body = SystemRequest,
    responses((status = 200, description = "The solution", body = inline(Timed<SolveResponse>))))]
pub async fn solve_system(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "solve",
        body,
        |req: SystemRequest, limits: &Limits| {
            let a = cubic("solve", req.a, "a", limits)?;
            let (b, b_is_vector) = right_hand_side(req.b, limits)?;
            let x = solve::solve(&a, &b, b_is_vector)?;
            Ok(SolveResponse {
                x: shaped_like_b(x, b_is_vector),
            })
        },
    )
    .await
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"x": [1.1666666666666667, 0.5], "residuals": [0.16666666666666666], "rank": 2, "singular_values": [2.6762432, 0.9151349]}))]
pub struct LstsqResponse {
    /// Minimum-norm least-squares solution, shaped like `b`.
    pub x: ArrayOut,
    /// Squared residual norm per column of `b`; empty unless rank == columns < rows.
    pub residuals: VecOut,
    pub rank: usize,
    /// Singular values of `a`, descending.
    pub singular_values: VecOut,
}

/// Least squares with `numpy.linalg.lstsq`'s return conventions.
#[utoipa::path(post, path = "/lstsq", tag = "matrices", request_body = SystemRequest,
    responses((status = 200, description = "The least-squares solution", body = inline(Timed<LstsqResponse>))))]
pub async fn lstsq(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "lstsq",
        body,
        |req: SystemRequest, limits: &Limits| {
            let a = cubic("lstsq", req.a, "a", limits)?;
            let (b, b_is_vector) = right_hand_side(req.b, limits)?;
            let r = solve::lstsq(&a, &b, b_is_vector)?;
            Ok(LstsqResponse {
                x: shaped_like_b(r.x, b_is_vector),
                residuals: VecOut(r.residuals),
                rank: r.rank,
                singular_values: VecOut(r.singular_values),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"matrix": [[1, 2], [2, 4]]}))]
pub struct RankRequest {
    pub matrix: MatrixIn,
    /// Singular values above this count (default: `s_max * max(m, n) * eps`, as NumPy).
    pub tol: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"rank": 1, "tol": 8.881784197001252e-16}))]
pub struct RankResponse {
    /// Exact for integer matrices up to 16x16 when `tol` is not given.
    pub rank: usize,
    /// The tolerance used.
    #[serde(serialize_with = "finite")]
    pub tol: f64,
}

/// Rank of a matrix.
#[utoipa::path(post, path = "/rank", tag = "matrices", request_body = RankRequest,
    responses((status = 200, description = "The rank", body = inline(Timed<RankResponse>))))]
pub async fn rank(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "rank", body, |req: RankRequest, limits: &Limits| {
        let m = cubic("rank", req.matrix, "matrix", limits)?;
        let (numeric_rank, tol) = solve::rank(&m, req.tol)?;
        let rank = match (req.tol, exact::as_small_integer_matrix(&m)) {
            (None, Some(ints)) => exact::bareiss(ints).0,
            _ => numeric_rank,
        };
        Ok(RankResponse { rank, tol })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"rank": 1, "column_space": [[0.4472135954999579, 0.8944271909999159]], "row_space": [[0.4472135954999579, 0.8944271909999159]], "null_space": [[-0.8944271909999159, 0.4472135954999579]], "left_null_space": [[-0.8944271909999159, 0.4472135954999579]]}))]
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

/// Orthonormal bases of the four fundamental subspaces (from one SVD).
#[utoipa::path(post, path = "/subspaces", tag = "matrices", request_body = RankRequest,
    responses((status = 200, description = "The four subspaces", body = inline(Timed<SubspacesResponse>))))]
pub async fn subspaces(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "subspaces",
        body,
        |req: RankRequest, limits: &Limits| {
            let m = cubic("subspaces", req.matrix, "matrix", limits)?;
            let s = solve::subspaces(&m, req.tol)?;
            Ok(SubspacesResponse {
                rank: s.rank,
                column_space: basis(s.column_space),
                row_space: basis(s.row_space),
                null_space: basis(s.null_space),
                left_null_space: basis(s.left_null_space),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"matrix": [[2, 1], [1, 2]]}))]
pub struct EigenRequest {
    /// Square.
    pub matrix: MatrixIn,
    /// Use the symmetric algorithm (detected within 1e-12 relative when omitted); `true` on a
    /// non-symmetric matrix is a 422.
    pub symmetric: Option<bool>,
}

/// A complex number.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Complex {
    #[serde(serialize_with = "finite")]
    pub re: f64,
    #[serde(serialize_with = "finite")]
    pub im: f64,
}

impl From<c64> for Complex {
    fn from(z: c64) -> Self {
        Complex { re: z.re, im: z.im }
    }
}

/// Real numbers (symmetric) or complex numbers (general).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EigenValues {
    Real(VecOut),
    Complex(Vec<Complex>),
}

/// Real unit vectors (symmetric) or complex unit vectors (general).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EigenVectors {
    Real(Vec<VecOut>),
    Complex(Vec<Vec<Complex>>),
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"symmetric": true, "eigenvalues": [1.0, 3.0], "eigenvectors": [[0.7071067811865475, -0.7071067811865475], [0.7071067811865475, 0.7071067811865475]]}))]
pub struct EigenResponse {
    pub symmetric: bool,
    /// Ascending numbers when symmetric; else complex numbers ordered by real then imaginary part.
    pub eigenvalues: EigenValues,
    /// One unit vector per eigenvalue (same order), its largest-magnitude entry real and positive.
    pub eigenvectors: EigenVectors,
}

/// Eigenvalues and eigenvectors.
#[utoipa::path(post, path = "/eigen", tag = "matrices", request_body = EigenRequest,
    responses((status = 200, description = "The eigenpairs", body = inline(Timed<EigenResponse>))))]
pub async fn eigen(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "eigen",
        body,
        |req: EigenRequest, limits: &Limits| {
            let m = cubic("eigen", req.matrix, "matrix", limits)?;
            Ok(match decomp::eigen(&m, req.symmetric)? {
                decomp::Eigen::Symmetric { values, vectors } => EigenResponse {
                    symmetric: true,
                    eigenvalues: EigenValues::Real(VecOut(values)),
                    eigenvectors: EigenVectors::Real(basis(vectors)),
                },
                decomp::Eigen::General { values, vectors } => EigenResponse {
                    symmetric: false,
                    eigenvalues: EigenValues::Complex(
                        values.into_iter().map(Complex::from).collect(),
                    ),
                    eigenvectors: EigenVectors::Complex(
                        vectors
                            .into_iter()
                            .map(|v| v.into_iter().map(Complex::from).collect())
                            .collect(),
                    ),
                },
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"matrix": [[3, 1, 1], [-1, 3, 1]], "k": 1}))]
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

/// Eckart-Young rank-k truncation of the SVD.
#[utoipa::path(post, path = "/low-rank", tag = "matrices", request_body = LowRankRequest,
    responses((status = 200, description = "The approximation and its cost", body = inline(Timed<LowRankResponse>))))]
pub async fn low_rank(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "low-rank",
        body,
        |req: LowRankRequest, limits: &Limits| {
            let m = cubic("low-rank", req.matrix, "matrix", limits)?;
            let k = usize::try_from(req.k).unwrap_or(0);
            let r = decomp::low_rank(&m, k).map_err(|e| match e {
                crate::linalg::LinalgError::InvalidInput(_) => ApiError::InvalidInput(format!(
                    "low-rank: k is {}; it must be between 1 and min(rows, columns) = {}",
                    req.k,
                    m.nrows().min(m.ncols())
                )),
                other => other.into(),
            })?;
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
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"q": [[0.6, 0.8], [0.8, -0.6]], "r": [[5.0, 2.2], [0.0, 0.4]]}))]
pub struct QrResponse {
    /// m x k with orthonormal columns, k = min(m, n).
    pub q: MatOut,
    /// k x n upper triangular with a non-negative diagonal.
    pub r: MatOut,
}

/// Reduced QR decomposition.
#[utoipa::path(post, path = "/qr", tag = "matrices", request_body = MatrixRequest,
    responses((status = 200, description = "Q and R", body = inline(Timed<QrResponse>))))]
pub async fn qr(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "qr", body, |req: MatrixRequest, limits: &Limits| {
        let m = cubic("qr", req.matrix, "matrix", limits)?;
        let (q, r) = decomp::qr(&m);
        Ok(QrResponse {
            q: MatOut(q),
            r: MatOut(r),
        })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"p": [[0.0, 1.0], [1.0, 0.0]], "l": [[1.0, 0.0], [0.3333333333333333, 1.0]], "u": [[3.0, 4.0], [0.0, 0.6666666666666667]]}))]
pub struct LuResponse {
    /// Permutation matrix with `p @ a == l @ u`.
    pub p: MatOut,
    /// Unit lower triangular.
    pub l: MatOut,
    /// Upper triangular.
    pub u: MatOut,
}

/// LU decomposition with partial pivoting.
#[utoipa::path(post, path = "/lu", tag = "matrices", request_body = MatrixRequest,
    responses((status = 200, description = "P, L and U", body = inline(Timed<LuResponse>))))]
pub async fn lu(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "lu", body, |req: MatrixRequest, limits: &Limits| {
        let m = cubic("lu", req.matrix, "matrix", limits)?;
        let (p, l, u) = decomp::lu(&m)?;
        Ok(LuResponse {
            p: MatOut(p),
            l: MatOut(l),
            u: MatOut(u),
        })
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"l": [[2.0, 0.0], [1.0, 2.0]]}))]
pub struct CholeskyResponse {
    /// Lower triangular with `l @ l.T == matrix`.
    pub l: MatOut,
}

/// Cholesky factor of a symmetric positive definite matrix (else 422 `not-positive-definite`).
#[utoipa::path(post, path = "/cholesky", tag = "matrices", request_body = MatrixRequest,
    responses((status = 200, description = "The Cholesky factor", body = inline(Timed<CholeskyResponse>))))]
pub async fn cholesky(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(
        &state,
        "cholesky",
        body,
        |req: MatrixRequest, limits: &Limits| {
            let m = cubic("cholesky", req.matrix, "matrix", limits)?;
            Ok(CholeskyResponse {
                l: MatOut(decomp::cholesky(&m)?),
            })
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"matrix": [[1, 2, 3], [2, 4, 7]], "exact": true}))]
pub struct RrefRequest {
    #[schema(value_type = MatrixIn)]
    pub matrix: Box<RawValue>,
    /// Exact rational arithmetic, reading each number from its JSON text (default true).
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
#[schema(example = json!({"rref": [["1", "2", "0"], ["0", "0", "1"]], "pivots": [0, 2], "rank": 2}))]
pub struct RrefResponse {
    pub rref: RrefMatrix,
    /// Pivot column indices.
    pub pivots: Vec<usize>,
    pub rank: usize,
}

/// Reduced row echelon form (exact rationals by default).
#[utoipa::path(post, path = "/rref", tag = "matrices", request_body = RrefRequest,
    responses((status = 200, description = "The RREF and its pivots", body = inline(Timed<RrefResponse>))))]
pub async fn rref(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    if body.format().request != Format::Json {
        return Err(ApiError::UnsupportedMediaType(
            "rref reads each number's decimal text exactly (0.1 is 1/10); send the request as application/json".into(),
        ));
    }
    compute(&state, "rref", body, rref_op).await
}

fn rref_op(req: RrefRequest, limits: &Limits) -> ApiResult<RrefResponse> {
    let numeric: Numeric = parse_body(req.matrix.get().as_bytes())
        .map_err(|e| ApiError::InvalidJson(format!("matrix: {e}")))?;
    let is_generated = matches!(numeric, Numeric::Random(_));
    let m = numeric.into_mat("matrix", limits)?;
    let (rows, cols) = (m.nrows(), m.ncols());
    if !req.exact.unwrap_or(true) {
        limits.check_cubic("rref", "matrix", rows, cols)?;
        let (r, pivots) = exact::rref_float(&m);
        return Ok(RrefResponse {
            rank: pivots.len(),
            rref: RrefMatrix::Float(MatOut(r)),
            pivots,
        });
    }
    if rows.max(cols) > limits.max_exact_dim {
        return Err(ApiError::TooLarge(format!(
            "rref: exact mode is limited to {} rows and columns; matrix is {rows}x{cols} (use \"exact\": false)",
            limits.max_exact_dim
        )));
    }
    let rationals = if is_generated {
        (0..rows)
            .map(|i| {
                (0..cols)
                    .map(|j| exact::rational_from_f64(m[(i, j)]))
                    .collect()
            })
            .collect()
    } else {
        let texts: Vec<Vec<&RawValue>> = serde_json::from_str(req.matrix.get())
            .map_err(|e| ApiError::InvalidJson(format!("matrix: {e}")))?;
        texts
            .iter()
            .map(|row| {
                row.iter()
                    .map(|x| {
                        exact::parse_decimal(x.get())
                            .map_err(|e| ApiError::from(e.context("rref: matrix")))
                    })
                    .collect::<ApiResult<Vec<_>>>()
            })
            .collect::<ApiResult<Vec<_>>>()?
    };
    let digits: usize = rationals
        .iter()
        .flatten()
        .map(|q: &num_rational::BigRational| q.numer().bits() as usize + q.denom().bits() as usize)
        .sum::<usize>()
        * 3
        / 10; // bits to decimal digits
    if digits > limits.max_exact_digits {
        return Err(ApiError::TooLarge(format!(
            "rref: exact mode is limited to about {} significant digits in all; this {rows}x{cols} matrix has about {digits} (use \"exact\": false, or fewer digits)",
            limits.max_exact_digits
        )));
    }
    let (r, pivots) = exact::rref_exact(rationals);
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
