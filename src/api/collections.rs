//! Stored embedding collections over HTTP: create, list, inspect, delete, upsert points, get and
//! delete a point, search. All storage work runs on the compute pool.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::body::{Admitted, RequestBody, RequestHead};
use super::compute::respond;
use super::state::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use crate::linalg::search::Metric;
use crate::store::{
    CollectionConfig, CollectionInfo, MAX_DIMENSION, Point, PointId, ScoredPoint, Store,
};
use crate::wire::query::{MetricName, top_k};
use crate::wire::{
    Choice, JsonObject, MatrixIn, Named, QueryBatch, SearchResults, VecOut, VectorIn, finite,
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"dimension": 3, "metric": "cosine"}))]
pub struct CreateCollectionRequest {
    /// Length of every vector in the collection (1 to 65536).
    #[schema(minimum = 1, maximum = 65536)]
    pub dimension: i64,
    /// `cosine` (default), `dot` or `euclidean`.
    #[schema(nullable = false, default = "cosine")]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub metric: Option<MetricName>,
}

/// A collection's configuration and size.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "docs", "dimension": 3, "metric": "cosine", "count": 2}))]
pub struct Collection {
    pub name: String,
    pub dimension: usize,
    /// How the collection's searches score.
    #[schema(value_type = MetricName)]
    pub metric: &'static str,
    /// Number of points.
    pub count: usize,
}

impl From<CollectionInfo> for Collection {
    fn from(i: CollectionInfo) -> Self {
        Collection {
            name: i.name,
            dimension: i.config.dimension,
            metric: Choice::name(i.config.metric),
            count: i.count,
        }
    }
}

/// The answer about one collection: its fields at the top level, plus `timing`. (The same
/// fields as [`Collection`], under its own schema name because a top-level response also
/// carries `timing`, which a list entry does not.)
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CollectionResponse(Collection);

impl utoipa::PartialSchema for CollectionResponse {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <Collection as utoipa::PartialSchema>::schema()
    }
}

impl ToSchema for CollectionResponse {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        <Collection as ToSchema>::schemas(schemas);
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"collections": [{"name": "docs", "dimension": 3, "metric": "cosine", "count": 2}]}))]
pub struct CollectionList {
    /// Sorted by name.
    pub collections: Vec<Collection>,
}

/// A point id: a non-negative integer, or a string of 1 to 256 bytes. (Documentation only: ids
/// are read from JSON values by [`point_id`], so that a negative integer is a 422 naming the
/// field rather than a schema error.)
pub struct PointIdSchema;

impl utoipa::PartialSchema for PointIdSchema {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Int64,
                    ))),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(256)),
            )
            .description(Some(
                "A point id: an integer >= 0, or a string of 1 to 256 bytes (UTF-8). In a path, \
                 an id of all digits names the integer id.",
            ))
            .examples([serde_json::json!(42), serde_json::json!("doc-7")])
            .into()
    }
}

impl ToSchema for PointIdSchema {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("PointId")
    }
}

/// Runs storage work on the compute pool (store calls fsync and scan megabytes) and answers
/// with its status and value, plus `timing`.
async fn storage<T: Serialize + Send + 'static>(
    state: &AppState,
    request: Admitted,
    work: impl FnOnce(&Store) -> ApiResult<(StatusCode, T)> + Send + 'static,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    respond(state, "collections", request, move || work(&store)).await
}

/// Like [`storage`], for a request with a body of type `Req`.
async fn storage_with<Req, T>(
    state: &AppState,
    body: RequestBody,
    work: impl FnOnce(&Store, Req, &Limits) -> ApiResult<(StatusCode, T)> + Send + 'static,
) -> ApiResult<Response>
where
    Req: DeserializeOwned + Send + 'static,
    T: Serialize + Send + 'static,
{
    let limits = state.limits;
    let RequestBody { payload, admitted } = body;
    storage(state, admitted, move |store| {
        let request: Req = payload.decode()?;
        work(store, request, &limits)
    })
    .await
}

/// Create a collection (201), or confirm one with the same configuration (200).
///
/// Creating is idempotent: the same name with the same dimension and metric again answers 200
/// with the collection as it is (its points kept); another configuration is a 409. The
/// collection is durable once this response is sent.
#[utoipa::path(put, path = "/collections/{name}", tag = "collections", request_body = CreateCollectionRequest,
    params(("name" = String, Path, description = "1 to 64 ASCII letters, digits, '-' or '_'")),
    responses(
        (status = 201, description = "Created", body = CollectionResponse),
        (status = 200, description = "Already exists with this configuration", body = CollectionResponse),
        (status = 409, description = "Exists with another configuration (`/problems/conflict`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn create_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: RequestBody,
) -> ApiResult<Response> {
    storage_with(
        &state,
        body,
        move |store, req: CreateCollectionRequest, _| {
            let metric = Named::or_default("metric", req.metric.as_ref(), Metric::Cosine)?;
            let dimension = match usize::try_from(req.dimension) {
                Ok(d) if (1..=MAX_DIMENSION).contains(&d) => d,
                _ => {
                    return Err(ApiError::InvalidInput(format!(
                        "dimension is {}; it must be between 1 and {MAX_DIMENSION}",
                        req.dimension
                    )));
                }
            };
            let (info, created) = store.create(&name, CollectionConfig { dimension, metric })?;
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((status, CollectionResponse(Collection::from(info))))
        },
    )
    .await
}

/// Every collection, sorted by name.
///
/// Each entry has the collection's configuration and its number of points (as of this
/// request: concurrent writes may change it a moment later).
#[utoipa::path(get, path = "/collections", tag = "collections",
    responses((status = 200, description = "The collections", body = CollectionList)))]
pub async fn list_collections(
    State(state): State<AppState>,
    head: RequestHead,
) -> ApiResult<Response> {
    storage(&state, head.admit(&state)?, |store| {
        Ok((
            StatusCode::OK,
            CollectionList {
                collections: store.list()?.into_iter().map(Collection::from).collect(),
            },
        ))
    })
    .await
}

/// One collection's configuration and size.
///
/// The same fields as a `/collections` entry; 404 when no collection has this name.
#[utoipa::path(get, path = "/collections/{name}", tag = "collections",
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 200, description = "The collection", body = CollectionResponse),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
    head: RequestHead,
) -> ApiResult<Response> {
    storage(&state, head.admit(&state)?, move |store| {
        Ok((
            StatusCode::OK,
            CollectionResponse(Collection::from(store.get(&name)?)),
        ))
    })
    .await
}

/// Delete a collection and all its points.
///
/// Durable once the 204 is sent; searches already running finish on the points they started
/// with.
#[utoipa::path(delete, path = "/collections/{name}", tag = "collections",
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn delete_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
    head: RequestHead,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    let ticket = head.admit(&state)?.ticket;
    ticket.run(move |_| store.delete(&name)).await??;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------

/// A point to store.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PointIn {
    /// A string (1 to 256 bytes) or a non-negative integer; upserting an existing id replaces
    /// that point.
    #[schema(value_type = PointIdSchema)]
    pub id: Value,
    /// Length equal to the collection's dimension; stored exactly as sent.
    pub vector: VectorIn,
    /// Any JSON object, returned with the point and matched by search filters; `null` or left
    /// out: no payload.
    #[schema(value_type = Option<JsonObject>, required = false)]
    pub payload: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
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
///
/// Every point is validated first (id, vector length and finiteness, payload); one invalid
/// point refuses the whole batch with a detail naming it (`points[3].vector`). A batch is one
/// transaction, synced to disk before the response: an acknowledged write survives a crash.
/// Batches hold at most `--max-batch` points.
#[utoipa::path(post, path = "/collections/{name}/points", tag = "collections", request_body = UpsertRequest,
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 200, description = "Stored", body = UpsertResponse),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn upsert_points(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: RequestBody,
) -> ApiResult<Response> {
    storage_with(&state, body, move |store, req: UpsertRequest, limits| {
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
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "vector": [0.1, 0.2, 0.3], "payload": {"lang": "en"}}))]
pub struct PointOut {
    #[schema(value_type = PointIdSchema)]
    pub id: Value,
    /// Exactly as sent.
    pub vector: VecOut,
    /// The payload, or null.
    pub payload: Option<Map<String, Value>>,
}

/// One point, exactly as stored.
///
/// The vector comes back exactly as it was sent (float64, bit for bit), with its payload (null
/// for a point stored without one).
#[utoipa::path(get, path = "/collections/{name}/points/{id}", tag = "collections",
    params(("name" = String, Path, description = "Collection name"),
           ("id" = String, Path, description = "Point id; all digits name the integer id")),
    responses(
        (status = 200, description = "The point", body = PointOut),
        (status = 404, description = "No such collection or point (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_point(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, String)>,
    head: RequestHead,
) -> ApiResult<Response> {
    storage(&state, head.admit(&state)?, move |store| {
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
///
/// 404 when the collection or the point does not exist; the delete is synced to disk before
/// the 204.
#[utoipa::path(delete, path = "/collections/{name}/points/{id}", tag = "collections",
    params(("name" = String, Path, description = "Collection name"),
           ("id" = String, Path, description = "Point id; all digits name the integer id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such collection or point (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn delete_point(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, String)>,
    head: RequestHead,
) -> ApiResult<Response> {
    let store = Arc::clone(&state.store);
    let ticket = head.admit(&state)?.ticket;
    ticket
        .run(move |_| store.delete_point(&name, &PointId::from_path(&id)))
        .await??;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"query": [0.1, 0.2, 0.3], "k": 5, "filter": {"lang": "en"}, "with_payload": true}))]
pub struct CollectionSearchRequest {
    /// One query (or use `queries`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub query: Option<VectorIn>,
    /// A batch of queries (or use `query`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub queries: Option<MatrixIn>,
    /// Results per query (default 10).
    #[schema(nullable = false, minimum = 1, default = 10)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub k: Option<i64>,
    /// Payload field equality, applied before the top-k selection: `{"lang": "en"}` keeps the
    /// points whose payload has `lang` equal to `"en"` (every field must match). Boolean clauses
    /// of other stores (`must`, `should`, `must_not` with a list or object) are a 422.
    #[schema(value_type = JsonObject, nullable = false, required = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub filter: Option<Map<String, Value>>,
    /// Include each hit's payload (default true).
    #[schema(nullable = false, default = true)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub with_payload: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PointHit {
    #[schema(value_type = PointIdSchema)]
    pub id: Value,
    /// Similarity (cosine, dot) or distance (euclidean).
    #[serde(serialize_with = "finite")]
    pub score: f64,
    /// Present when `with_payload`: the point's payload, or null for a point without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<JsonObject>, required = false)]
    pub payload: Option<Value>,
}

crate::search_results!(PointHitResults, PointHit);

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"results": [{"id": 1, "score": 0.98, "payload": {"lang": "en"}}]}))]
pub struct CollectionSearchResponse {
    /// Best first, ordered as `/cosine-search`; ties are broken by insertion order (the lower
    /// index of the collection's points in the order their ids were first inserted: an id keeps
    /// its place when upserted again and goes last when deleted and inserted again). Scores are
    /// exact in float64.
    #[schema(value_type = PointHitResults)]
    pub results: SearchResults<PointHit>,
}

/// Exact top-k search in a stored collection.
///
/// Scores every point that passes the filter (a narrow copy narrows the candidates, then every
/// candidate's score is recomputed in float64 from the stored vector), so results are exact,
/// not approximate. `queries` searches a batch at once and answers a list of lists.
#[utoipa::path(post, path = "/collections/{name}/search", tag = "collections", request_body = CollectionSearchRequest,
    params(("name" = String, Path, description = "Collection name")),
    responses(
        (status = 200, description = "The best matches", body = CollectionSearchResponse),
        (status = 404, description = "No such collection (`/problems/not-found`)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn search_collection(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: RequestBody,
) -> ApiResult<Response> {
    storage_with(
        &state,
        body,
        move |store, req: CollectionSearchRequest, limits| {
            let k = top_k(req.k, limits).map_err(|e| ApiError::from(e).in_context("search"))?;
            let dimension = store.get(&name)?.config.dimension;
            let mut batch = QueryBatch::from_fields(req.query, req.queries, limits)
                .and_then(|b| {
                    b.check_dimension(dimension, &format!("collection {name:?} has"))?;
                    Ok(b)
                })
                .map_err(|e| ApiError::from(e).in_context("search"))?;
            let with_payload = req.with_payload.unwrap_or(true);
            let hits = store.search(
                &name,
                std::mem::take(&mut batch.rows.data),
                k,
                req.filter.as_ref(),
                with_payload,
            )?;
            let lists = hits
                .into_iter()
                .map(|list: Vec<ScoredPoint>| {
                    list.into_iter()
                        .map(|h| PointHit {
                            id: h.id.to_json(),
                            score: h.score,
                            payload: with_payload
                                .then(|| h.payload.map_or(Value::Null, Value::Object)),
                        })
                        .collect()
                })
                .collect();
            Ok((
                StatusCode::OK,
                CollectionSearchResponse {
                    results: batch.shape_results(lists),
                },
            ))
        },
    )
    .await
}
