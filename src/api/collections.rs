//! Stored embedding collections over HTTP: create, list, inspect, delete, upsert points, get and
//! delete a point, search. All storage work runs on the compute pool.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::design::{SearchResults, search_options};
use super::{Either, RequestBody, Timed, compute_with_status, json_response, one_of};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use crate::linalg::search::Metric;
use crate::store::{CollectionConfig, CollectionInfo, Point, PointId, ScoredPoint, Store};
use crate::wire::{MatrixIn, VecOut, VectorIn, finite};

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"dimension": 384, "metric": "cosine"}))]
pub struct CreateCollectionRequest {
    /// Length of every vector in the collection (1 to 65536).
    pub dimension: i64,
    /// `cosine` (default), `dot` or `euclidean`.
    pub metric: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"name": "docs", "dimension": 384, "metric": "cosine", "count": 1000}))]
pub struct CollectionOut {
    pub name: String,
    pub dimension: usize,
    /// `cosine`, `dot` or `euclidean`.
    pub metric: String,
    /// Number of points.
    pub count: usize,
}

impl From<CollectionInfo> for CollectionOut {
    fn from(i: CollectionInfo) -> Self {
        CollectionOut {
            name: i.name,
            dimension: i.config.dimension,
            metric: i.config.metric.name().to_string(),
            count: i.count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionList {
    pub collections: Vec<CollectionOut>,
}

/// Runs storage work on the compute pool and returns a JSON body with `status`.
async fn storage<T: Serialize + Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Store) -> ApiResult<(StatusCode, T)> + Send + 'static,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    let (status, body) = state.pool.run(move |_| work(&store)).await??;
    let json = serde_json::to_vec(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(json_response(status, json, None))
}

/// Create a collection (201), or confirm one with the same configuration (200).
#[utoipa::path(put, path = "/collections/{name}", tag = "collections", request_body = CreateCollectionRequest,
    params(("name" = String, Path, description = "1 to 64 ASCII letters, digits, '-' or '_'")),
    responses(
        (status = 201, description = "Created", body = CollectionOut),
        (status = 200, description = "Already exists with this configuration", body = CollectionOut),
        (status = 409, description = "Exists with another configuration (`/problems/conflict`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn create_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: RequestBody,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    compute_with_status(
        &state,
        "collections",
        body,
        move |req: CreateCollectionRequest, _: &Limits| {
            let metric = match req.metric.as_deref() {
                None => Metric::Cosine,
                Some(m) => Metric::parse(m).ok_or_else(|| {
                    ApiError::InvalidInput(format!(
                        "metric is {m:?}; use \"cosine\", \"dot\" or \"euclidean\""
                    ))
                })?,
            };
            let dimension = usize::try_from(req.dimension).unwrap_or(0);
            let (info, created) = store
                .create(&name, CollectionConfig { dimension, metric })
                .map_err(|e| match e {
                    crate::store::StoreError::Invalid(m) if m.starts_with("dimension") => {
                        ApiError::InvalidInput(format!(
                            "dimension is {}; it must be between 1 and {}",
                            req.dimension,
                            crate::store::MAX_DIMENSION
                        ))
                    }
                    other => other.into(),
                })?;
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((status, CollectionOut::from(info)))
        },
    )
    .await
}

/// Every collection, sorted by name.
#[utoipa::path(get, path = "/collections", tag = "collections",
    responses((status = 200, description = "The collections", body = CollectionList)))]
pub async fn list_collections(State(state): State<AppState>) -> ApiResult<Response> {
    storage(&state, |store| {
        Ok((
            StatusCode::OK,
            CollectionList {
                collections: store.list().into_iter().map(CollectionOut::from).collect(),
            },
        ))
    })
    .await
}

/// One collection's configuration and size.
#[utoipa::path(get, path = "/collections/{name}", tag = "collections",
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 200, description = "The collection", body = CollectionOut),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<Response> {
    storage(&state, move |store| {
        Ok((StatusCode::OK, CollectionOut::from(store.get(&name)?)))
    })
    .await
}

/// Delete a collection and all its points.
#[utoipa::path(delete, path = "/collections/{name}", tag = "collections",
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn delete_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    state.pool.run(move |_| store.delete(&name)).await??;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------

/// A point to store.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PointIn {
    /// A string (1 to 256 bytes) or a non-negative integer.
    #[schema(value_type = Object, example = 42)]
    pub id: Value,
    /// Length equal to the collection's dimension; stored exactly as sent.
    pub vector: VectorIn,
    /// Any JSON object, returned with the point and matched by search filters.
    pub payload: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"points": [{"id": 1, "vector": [0.1, 0.2, 0.3], "payload": {"lang": "en"}}, {"id": "doc-7", "vector": [0.3, 0.1, 0.0]}]}))]
pub struct UpsertRequest {
    pub points: Vec<PointIn>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"upserted": 2}))]
pub struct UpsertResponse {
    /// Points written; durable on disk once this response is sent.
    pub upserted: usize,
}

fn point_id(value: &Value, field: &str) -> ApiResult<PointId> {
    match value {
        Value::String(s) => Ok(PointId::Str(s.clone())),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Ok(PointId::Int(u)),
            (None, Some(i)) => Err(ApiError::InvalidInput(format!(
                "{field} is {i}; an integer id must be non-negative"
            ))),
            _ => Err(ApiError::InvalidJson(format!(
                "{field} is {n}; an id is a string or a non-negative integer"
            ))),
        },
        other => Err(ApiError::InvalidJson(format!(
            "{field} must be a string or a non-negative integer, got {other}"
        ))),
    }
}

fn payload(value: Option<Value>, field: &str) -> ApiResult<Option<Map<String, Value>>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(other) => Err(ApiError::InvalidJson(format!(
            "{field} must be a JSON object, got {other}"
        ))),
    }
}

/// Insert or replace points, atomically (all or none) and durably.
#[utoipa::path(post, path = "/collections/{name}/points", tag = "collections", request_body = UpsertRequest,
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 200, description = "Stored", body = inline(Timed<UpsertResponse>)),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn upsert_points(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: RequestBody,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    compute_with_status(
        &state,
        "points",
        body,
        move |req: UpsertRequest, limits: &Limits| {
            if req.points.len() > limits.max_batch {
                return Err(ApiError::TooLarge(format!(
                    "points has {} entries; the limit is {} per request",
                    req.points.len(),
                    limits.max_batch
                )));
            }
            let points = req
                .points
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    Ok(Point {
                        id: point_id(&p.id, &format!("points[{i}].id"))?,
                        vector: p.vector.into_vec(&format!("points[{i}].vector"), limits)?,
                        payload: payload(p.payload, &format!("points[{i}].payload"))?,
                    })
                })
                .collect::<ApiResult<Vec<_>>>()?;
            let upserted = store.upsert(&name, points)?;
            Ok((StatusCode::OK, UpsertResponse { upserted }))
        },
    )
    .await
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "vector": [0.1, 0.2, 0.3], "payload": {"lang": "en"}}))]
pub struct PointOut {
    #[schema(value_type = Object)]
    pub id: Value,
    /// Exactly as sent.
    pub vector: VecOut,
    /// The payload, or null.
    pub payload: Option<Map<String, Value>>,
}

/// One point, exactly as stored.
#[utoipa::path(get, path = "/collections/{name}/points/{id}", tag = "collections",
    params(("name" = String, Path, description = "Collection name"),
           ("id" = String, Path, description = "Point id; all digits name the integer id")),
    responses(
        (status = 200, description = "The point", body = PointOut),
        (status = 404, description = "No such collection or point (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_point(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    storage(&state, move |store| {
        let p = store.get_point(&name, &PointId::from_path(&id))?;
        Ok((
            StatusCode::OK,
            PointOut {
                id: p.id.to_json(),
                vector: VecOut(p.vector),
                payload: p.payload,
            },
        ))
    })
    .await
}

/// Delete one point, durably.
#[utoipa::path(delete, path = "/collections/{name}/points/{id}", tag = "collections",
    params(("name" = String, Path, description = "Collection name"),
           ("id" = String, Path, description = "Point id; all digits name the integer id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such collection or point (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn delete_point(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    state
        .pool
        .run(move |_| store.delete_point(&name, &PointId::from_path(&id)))
        .await??;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"query": [0.1, 0.2, 0.3], "k": 5, "filter": {"lang": "en"}, "with_payload": true}))]
pub struct CollectionSearchRequest {
    /// One query (or use `queries`).
    pub query: Option<VectorIn>,
    /// A batch of queries (or use `query`).
    pub queries: Option<MatrixIn>,
    /// Results per query (default 10).
    pub k: Option<i64>,
    /// Payload field equality, applied before the top-k selection.
    pub filter: Option<Map<String, Value>>,
    /// Include each hit's payload (default true).
    pub with_payload: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PointHit {
    #[schema(value_type = Object)]
    pub id: Value,
    /// Similarity (cosine, dot) or distance (euclidean).
    #[serde(serialize_with = "finite")]
    pub score: f64,
    /// Present when `with_payload` (null for a point without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"results": [{"id": 1, "score": 0.98, "payload": {"lang": "en"}}]}))]
pub struct CollectionSearchResponse {
    /// Best first, ordered as `/cosine-search`; ties are broken by insertion order (the lower
    /// index of the collection's points in the order their ids were first inserted: an id keeps
    /// its place when upserted again and goes last when deleted and inserted again). Scores are
    /// exact in float64.
    pub results: SearchResults<PointHit>,
}

/// Exact top-k search in a stored collection.
#[utoipa::path(post, path = "/collections/{name}/search", tag = "collections", request_body = CollectionSearchRequest,
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 200, description = "The best matches", body = inline(Timed<CollectionSearchResponse>)),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn search_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: RequestBody,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    compute_with_status(&state, "search", body, move |req: CollectionSearchRequest, limits: &Limits| {
        let (k, _) = search_options("search", req.k, None, Metric::Cosine, limits)?;
        let dimension = store.get(&name)?.config.dimension;
        let mismatch = |what: &str, length: usize| {
            ApiError::ShapeMismatch(format!(
                "search: collection {name:?} has dimension {dimension} but the {what} length {length}"
            ))
        };
        let (single, queries) = match one_of("search", req.query, req.queries, ("query", "queries"))? {
            Either::Left(q) => {
                let q = q.into_vec("query", limits)?;
                if q.len() != dimension {
                    return Err(mismatch("query has", q.len()));
                }
                (true, q)
            }
            Either::Right(qs) => {
                let rows = qs.into_rows("queries", limits)?;
                if rows.rows > limits.max_batch {
                    return Err(ApiError::TooLarge(format!(
                        "search: queries has {} vectors; the limit is {}",
                        rows.rows, limits.max_batch
                    )));
                }
                if rows.cols != dimension {
                    return Err(mismatch("queries have", rows.cols));
                }
                (false, rows.data)
            }
        };
        let with_payload = req.with_payload.unwrap_or(true);
        let hits = store.search(&name, queries, k, req.filter.as_ref(), with_payload)?;
        let to_out = |list: Vec<ScoredPoint>| -> Vec<PointHit> {
            list.into_iter()
                .map(|h| PointHit {
                    id: h.id.to_json(),
                    score: h.score,
                    payload: with_payload.then(|| h.payload.map_or(Value::Null, Value::Object)),
                })
                .collect()
        };
        let results = if single {
            SearchResults::One(to_out(hits.into_iter().next().unwrap_or_default()))
        } else {
            SearchResults::Many(hits.into_iter().map(to_out).collect())
        };
        Ok((StatusCode::OK, CollectionSearchResponse { results }))
    })
    .await
}
