//! The five endpoints named by the design: `/dot`, `/matmul`, `/svd`, `/pca`, `/cosine-search`.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Either, RequestBody, compute, one_of};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use crate::linalg::search::{self, Hit, Metric};
use crate::linalg::{decomp, pca, products};
use crate::wire::{
    ArrayOut, MatOut, MatrixIn, Operand, VecOut, VectorIn, VectorOrMatrixIn, finite,
};

// ---------------------------------------------------------------------------------------------
// /dot

/// Two vectors of the same length.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"a": [1, 2, 3], "b": [4, 5, 6]}))]
pub struct DotRequest {
    pub a: VectorIn,
    pub b: VectorIn,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"dot": 32.0}))]
pub struct DotResponse {
    /// The sum of the products of corresponding entries.
    #[serde(serialize_with = "finite")]
    pub dot: f64,
}

/// Dot product of two vectors.
#[utoipa::path(post, path = "/dot", tag = "design", request_body = DotRequest,
    responses((status = 200, description = "The dot product", body = inline(super::Timed<DotResponse>))))]
pub async fn dot(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "dot", body, |req: DotRequest, limits: &Limits| {
        let a = req.a.into_vec("a", limits)?;
        let b = req.b.into_vec("b", limits)?;
        Ok(DotResponse {
            dot: products::dot(&a, &b)?,
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// /matmul

/// `a` times `b`, or the product of a chain `matrices`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}))]
pub struct MatmulRequest {
    /// Left operand (with `b`).
    pub a: Option<MatrixIn>,
    /// Right operand: a matrix, or a vector for a matrix-vector product.
    pub b: Option<VectorOrMatrixIn>,
    /// A chain of at least 2 matrices, multiplied in the cheapest order (instead of `a`, `b`).
    pub matrices: Option<Vec<MatrixIn>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"result": [[19.0, 22.0], [43.0, 50.0]], "shape": [2, 2]}))]
pub struct MatmulResponse {
    /// The product: a matrix, or a vector when `b` is a vector.
    pub result: ArrayOut,
    /// `[rows, cols]`, or `[len]` for a vector.
    pub shape: Vec<usize>,
    /// For a chain: the shapes of the left-to-right partial products A1A2, A1A2A3, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shapes: Option<Vec<[usize; 2]>>,
}

/// Matrix product, matrix-vector product, or a chain of products.
#[utoipa::path(post, path = "/matmul", tag = "design", request_body = MatmulRequest,
    responses((status = 200, description = "The product", body = inline(super::Timed<MatmulResponse>))))]
pub async fn matmul(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "matmul", body, matmul_op).await
}

fn matmul_op(req: MatmulRequest, limits: &Limits) -> ApiResult<MatmulResponse> {
    let pair = match (req.a, req.b) {
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => None,
        (Some(_), None) => {
            return Err(ApiError::InvalidJson(
                "matmul: missing field 'b' (a is given)".into(),
            ));
        }
        (None, Some(_)) => {
            return Err(ApiError::InvalidJson(
                "matmul: missing field 'a' (b is given)".into(),
            ));
        }
    };
    match one_of("matmul", pair, req.matrices, ("a", "matrices"))? {
        Either::Left((a, b)) => {
            let a = a.into_mat("a", limits)?;
            match b.into_operand("b", limits)? {
                Operand::Matrix(b) => {
                    if a.ncols() == b.nrows() {
                        products::check_product_size(a.nrows(), b.ncols(), limits.max_elements)?;
                    }
                    let product = products::matmul(&a, &b, ("a", "b"))?;
                    Ok(MatmulResponse {
                        shape: vec![product.nrows(), product.ncols()],
                        result: ArrayOut::Matrix(MatOut(product)),
                        shapes: None,
                    })
                }
                Operand::Vector(v) => {
                    let product = products::matvec(&a, &v)?;
                    Ok(MatmulResponse {
                        shape: vec![product.len()],
                        result: ArrayOut::Vector(VecOut(product)),
                        shapes: None,
                    })
                }
            }
        }
        Either::Right(list) => {
            let mats = list
                .into_iter()
                .enumerate()
                .map(|(i, m)| m.into_mat(&format!("matrices[{i}]"), limits))
                .collect::<ApiResult<Vec<_>>>()?;
            let (product, shapes) = products::matmul_chain(&mats, limits.max_elements)?;
            Ok(MatmulResponse {
                shape: vec![product.nrows(), product.ncols()],
                result: ArrayOut::Matrix(MatOut(product)),
                shapes: Some(shapes),
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// /svd

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"matrix": [[3, 0], [4, 5]]}))]
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
#[schema(example = json!({
    "u": [[-0.3162277660168379, -0.9486832980505138], [-0.9486832980505138, 0.3162277660168379]],
    "s": [6.708203932499369, 2.23606797749979],
    "vt": [[-0.7071067811865475, -0.7071067811865475], [-0.7071067811865475, 0.7071067811865475]]
}))]
pub struct SvdResponse {
    /// Left singular vectors as columns (omitted when `compute_uv` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub u: Option<MatOut>,
    /// Singular values, descending.
    pub s: VecOut,
    /// Right singular vectors as rows (omitted when `compute_uv` is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vt: Option<MatOut>,
}

/// Singular value decomposition `matrix = u diag(s) vt`.
#[utoipa::path(post, path = "/svd", tag = "design", request_body = SvdRequest,
    responses((status = 200, description = "The SVD", body = inline(super::Timed<SvdResponse>))))]
pub async fn svd(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "svd", body, |req: SvdRequest, limits: &Limits| {
        let m = req.matrix.into_mat("matrix", limits)?;
        limits.check_cubic("svd", "matrix", m.nrows(), m.ncols())?;
        if !req.compute_uv {
            return Ok(SvdResponse {
                u: None,
                s: VecOut(decomp::singular_values(&m)?),
                vt: None,
            });
        }
        let d = decomp::svd(&m, req.full_matrices)?;
        Ok(SvdResponse {
            u: Some(MatOut(d.u)),
            s: VecOut(d.s),
            vt: Some(MatOut(d.vt)),
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// /pca

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"data": [[1, 2], [2, 4], [3, 6], [4, 8.5]], "n_components": 1}))]
pub struct PcaRequest {
    /// Samples as rows, features as columns; at least 2 samples.
    pub data: MatrixIn,
    /// How many components to keep (default min(samples, features)).
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

/// Principal component analysis (scikit-learn conventions).
#[utoipa::path(post, path = "/pca", tag = "design", request_body = PcaRequest,
    responses((status = 200, description = "The principal components", body = inline(super::Timed<PcaResponse>))))]
pub async fn pca(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    compute(&state, "pca", body, |req: PcaRequest, limits: &Limits| {
        let data = req.data.into_mat("data", limits)?;
        limits.check_cubic("pca", "data", data.nrows(), data.ncols())?;
        let n_components = match req.n_components {
            None => None,
            Some(k) if k < 1 => {
                return Err(ApiError::InvalidInput(format!(
                    "pca: n_components is {k}; it must be between 1 and min(samples, features) = {}",
                    data.nrows().min(data.ncols())
                )));
            }
            Some(k) => Some(usize::try_from(k).unwrap_or(usize::MAX)),
        };
        let r = pca::pca(&data, n_components, req.whiten)?;
        Ok(PcaResponse {
            components: MatOut(r.components),
            explained_variance: VecOut(r.explained_variance),
            explained_variance_ratio: VecOut(r.explained_variance_ratio),
            singular_values: VecOut(r.singular_values),
            mean: VecOut(r.mean),
            transformed: MatOut(r.transformed),
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// /cosine-search

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"embeddings": [[1, 0], [0.6, 0.8], [0, 1]], "query": [1, 0.1], "k": 2}))]
pub struct CosineSearchRequest {
    /// The set to search, one row per item.
    pub embeddings: MatrixIn,
    /// One query (or use `queries`).
    pub query: Option<VectorIn>,
    /// A batch of queries (or use `query`).
    pub queries: Option<MatrixIn>,
    /// How many results per query (default 10); larger than the set returns the whole set.
    pub k: Option<i64>,
    /// `cosine` (default), `dot` or `euclidean`.
    pub metric: Option<String>,
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndexHit {
    /// Row of `embeddings`.
    pub index: usize,
    /// Similarity (cosine, dot: higher is better) or distance (euclidean: lower is better).
    #[serde(serialize_with = "finite")]
    pub score: f64,
}

/// Results for `query` (a list), or for `queries` (a list of lists).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum SearchResults<T> {
    One(Vec<T>),
    Many(Vec<Vec<T>>),
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"results": [{"index": 0, "score": 0.9950371902099892}, {"index": 1, "score": 0.6865749895302156}]}))]
pub struct CosineSearchResponse {
    /// Best first; ties broken by lower index.
    pub results: SearchResults<IndexHit>,
}

/// Parses the common search options: `k` (default 10, at least 1) and the metric.
pub fn search_options(
    op: &str,
    k: Option<i64>,
    metric: Option<&str>,
    default: Metric,
    limits: &Limits,
) -> ApiResult<(usize, Metric)> {
    let k = k.unwrap_or(10);
    if k < 1 {
        return Err(ApiError::InvalidInput(format!(
            "{op}: k is {k}; it must be at least 1"
        )));
    }
    let k = usize::try_from(k).unwrap_or(usize::MAX).min(limits.max_k);
    let metric = match metric {
        None => default,
        Some(name) => Metric::parse(name).ok_or_else(|| {
            ApiError::InvalidInput(format!(
                "{op}: metric is {name:?}; use \"cosine\", \"dot\" or \"euclidean\""
            ))
        })?,
    };
    Ok((k, metric))
}

/// Exact top-k similarity search over the embeddings sent with the request.
#[utoipa::path(post, path = "/cosine-search", tag = "design", request_body = CosineSearchRequest,
    responses((status = 200, description = "The best matches per query", body = inline(super::Timed<CosineSearchResponse>))))]
pub async fn cosine_search(
    State(state): State<AppState>,
    body: RequestBody,
) -> ApiResult<Response> {
    compute(&state, "cosine-search", body, cosine_search_op).await
}

fn cosine_search_op(req: CosineSearchRequest, limits: &Limits) -> ApiResult<CosineSearchResponse> {
    const OP: &str = "cosine-search";
    let (k, metric) = search_options(OP, req.k, req.metric.as_deref(), Metric::Cosine, limits)?;
    let mut emb = req.embeddings.into_row_major("embeddings", limits)?;
    let (single, mut queries) = match one_of(OP, req.query, req.queries, ("query", "queries"))? {
        Either::Left(q) => {
            let q = q.into_vec("query", limits)?;
            (
                true,
                crate::wire::RowMajor {
                    rows: 1,
                    cols: q.len(),
                    data: q,
                },
            )
        }
        Either::Right(qs) => (false, qs.into_rows("queries", limits)?),
    };
    if queries.rows > limits.max_batch {
        return Err(ApiError::TooLarge(format!(
            "{OP}: queries has {} vectors; the limit is {} per request",
            queries.rows, limits.max_batch
        )));
    }
    if queries.cols != emb.cols {
        return Err(ApiError::ShapeMismatch(format!(
            "{OP}: embeddings have dimension {} but the {} length {}",
            emb.cols,
            if single { "query has" } else { "queries have" },
            queries.cols
        )));
    }
    if metric == Metric::Cosine {
        search::normalize_rows(&mut emb.data, emb.cols).map_err(|i| {
            ApiError::InvalidInput(format!(
                "{OP}: embeddings[{i}] is a zero vector; cosine similarity is undefined for it"
            ))
        })?;
        search::normalize_rows(&mut queries.data, queries.cols).map_err(|i| {
            ApiError::InvalidInput(if single {
                format!("{OP}: the query is a zero vector; cosine similarity is undefined for it")
            } else {
                format!(
                    "{OP}: queries[{i}] is a zero vector; cosine similarity is undefined for it"
                )
            })
        })?;
    }
    let hits = search::search(emb.view(), queries.view(), k, metric, None)
        .map_err(|e| ApiError::NotFinite(format!("{OP}: a {e}")))?;
    let to_out = |list: Vec<Hit>| -> Vec<IndexHit> {
        list.into_iter()
            .map(|h| IndexHit {
                index: h.index,
                score: h.score,
            })
            .collect()
    };
    let results = if single {
        SearchResults::One(to_out(hits.into_iter().next().unwrap_or_default()))
    } else {
        SearchResults::Many(hits.into_iter().map(to_out).collect())
    };
    Ok(CosineSearchResponse { results })
}
