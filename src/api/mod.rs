//! The HTTP layer: handlers, their wire DTOs and the OpenAPI document, and nothing of faer.
//!
//! Every compute handler has the same shape: [`RequestBody`] checks the content type and reads
//! the bytes on the runtime (I/O only), then [`compute`] moves parsing, validation, the math and
//! serialization of the response onto the bounded compute pool. So a 5 MB body never blocks a
//! runtime thread, and `/health` answers while every worker is busy. Handlers themselves are
//! one-liners naming the request type and the function from request to response.

pub mod collections;
pub mod design;
pub mod docs;
pub mod format;
pub mod grading;
pub mod matrices;
pub mod ml;
pub mod ops;
pub mod tensors;
pub mod vectors;

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::limits::Limits;
use format::{Format, Negotiated};

/// When the request arrived, stamped by the metrics middleware before the body is read.
#[derive(Debug, Clone, Copy)]
pub struct Arrival(pub Instant);

/// Where a request's time went, in microseconds. Also sent as a `Server-Timing` header.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, ToSchema)]
#[schema(example = json!({"queue_us": 12, "compute_us": 340, "total_us": 410}))]
pub struct Timing {
    /// Waiting for a compute worker.
    pub queue_us: u64,
    /// Running on the worker: parsing, validation and the computation.
    pub compute_us: u64,
    /// From the request's arrival to the response being built.
    pub total_us: u64,
}

impl Timing {
    fn server_timing_header(&self) -> String {
        let ms = |us: u64| us as f64 / 1000.0;
        format!(
            "queue;dur={:.3}, compute;dur={:.3}, total;dur={:.3}",
            ms(self.queue_us),
            ms(self.compute_us),
            ms(self.total_us)
        )
    }
}

/// A response body with the request's `timing` beside the operation's fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct Timed<T> {
    #[serde(flatten)]
    pub body: T,
    pub timing: Timing,
}

/// The raw body of a request (JSON, or MessagePack: see [`format`]) and the formats it asked
/// for, read on the runtime and parsed later in the pool.
pub struct RequestBody {
    bytes: Bytes,
    arrival: Instant,
    format: Negotiated,
}

impl<S: Send + Sync> FromRequest<S> for RequestBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let arrival = req
            .extensions()
            .get::<Arrival>()
            .map_or_else(Instant::now, |a| a.0);
        let format = format::negotiate(req.headers())?;
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge(
                    "the request body is larger than the configured limit (--max-body-bytes)"
                        .into(),
                )
            } else {
                ApiError::InvalidJson(format!("the request body could not be read: {rejection}"))
            }
        })?;
        Ok(RequestBody {
            bytes,
            arrival,
            format,
        })
    }
}

impl RequestBody {
    /// The body's bytes, the request's arrival time and its formats.
    pub fn into_parts(self) -> (Bytes, Instant, Negotiated) {
        (self.bytes, self.arrival, self.format)
    }

    pub fn format(&self) -> Negotiated {
        self.format
    }
}

/// Parses a JSON text (a request body, or a part of one), turning serde's messages into
/// `invalid-json` problems.
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    format::parse(bytes, Format::Json)
}

fn micros(d: Duration) -> u64 {
    d.as_micros().try_into().unwrap_or(u64::MAX)
}

/// Runs one compute request on the pool: parse `Req`, apply `op`, serialize the result with its
/// timing. `name` is the endpoint (`"svd"`), used in messages.
pub async fn compute<Req, Resp, F>(
    state: &AppState,
    name: &'static str,
    body: RequestBody,
    op: F,
) -> ApiResult<Response>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: FnOnce(Req, &Limits) -> ApiResult<Resp> + Send + 'static,
{
    compute_with_status(state, name, body, move |req, limits| {
        Ok((StatusCode::OK, op(req, limits)?))
    })
    .await
}

/// Like [`compute`], for operations that choose their success status (e.g. 201 Created).
pub async fn compute_with_status<Req, Resp, F>(
    state: &AppState,
    name: &'static str,
    body: RequestBody,
    op: F,
) -> ApiResult<Response>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: FnOnce(Req, &Limits) -> ApiResult<(StatusCode, Resp)> + Send + 'static,
{
    let limits = state.limits;
    let RequestBody {
        bytes,
        arrival,
        format,
    } = body;
    run_on_pool(state, name, arrival, format, move || {
        let request: Req = format::parse(&bytes, format.request)?;
        drop(bytes);
        op(request, &limits)
    })
    .await
}

/// Runs already-parsed work on the pool and answers 200 with its result and `timing`.
pub async fn run_timed<Resp, F>(
    state: &AppState,
    name: &'static str,
    arrival: Instant,
    format: Negotiated,
    work: F,
) -> ApiResult<Response>
where
    Resp: Serialize + Send + 'static,
    F: FnOnce() -> ApiResult<Resp> + Send + 'static,
{
    run_on_pool(state, name, arrival, format, move || {
        Ok((StatusCode::OK, work()?))
    })
    .await
}

/// The one path every compute response takes: pool, timing, serialization, time limit.
async fn run_on_pool<Resp, F>(
    state: &AppState,
    name: &'static str,
    arrival: Instant,
    format: Negotiated,
    work: F,
) -> ApiResult<Response>
where
    Resp: Serialize + Send + 'static,
    F: FnOnce() -> ApiResult<(StatusCode, Resp)> + Send + 'static,
{
    let job = state.pool.run(
        move |clock| -> ApiResult<(StatusCode, Vec<u8>, bool, Timing)> {
            let (status, response) = work()?;
            let now = Instant::now();
            let timing = Timing {
                queue_us: micros(clock.started - clock.submitted),
                compute_us: micros(now - clock.started),
                total_us: micros(now - arrival),
            };
            let bytes = format::serialize(
                name,
                &Timed {
                    body: response,
                    timing,
                },
                format.response,
            )?;
            let (bytes, gzipped) = format::maybe_gzip(bytes, format.gzip);
            Ok((status, bytes, gzipped, timing))
        },
    );
    let (status, bytes, gzipped, timing) =
        match tokio::time::timeout(state.request_timeout, job).await {
            Ok(result) => result??,
            Err(_) => {
                return Err(ApiError::RequestTimeout(format!(
                    "{name}: the request did not finish within {} s (--request-timeout-secs)",
                    state.request_timeout.as_secs_f64()
                )));
            }
        };
    let mut response = body_response(status, bytes, format.response, Some(&timing));
    if format.gzip {
        // the body depends on Accept-Encoding whether or not this one was compressed
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if gzipped {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    Ok(response)
}

/// A JSON response from already-serialized bytes.
pub fn json_response(status: StatusCode, json: Vec<u8>, timing: Option<&Timing>) -> Response {
    body_response(status, json, Format::Json, timing)
}

/// A response from a body already serialized in `format`.
fn body_response(
    status: StatusCode,
    bytes: Vec<u8>,
    format: Format,
    timing: Option<&Timing>,
) -> Response {
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Some(v) = timing.and_then(|t| HeaderValue::from_str(&t.server_timing_header()).ok()) {
        headers.insert("server-timing", v);
    }
    response
}

/// Which of two alternative request fields was sent.
pub enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Exactly one of two alternative fields (`query`/`queries`, `vector`/`matrix`, ...).
///
/// Both is a 422 (`invalid-input`), neither is a 400 (a required field is missing).
pub fn one_of<A, B>(
    op: &str,
    a: Option<A>,
    b: Option<B>,
    names: (&str, &str),
) -> ApiResult<Either<A, B>> {
    match (a, b) {
        (Some(a), None) => Ok(Either::Left(a)),
        (None, Some(b)) => Ok(Either::Right(b)),
        (Some(_), Some(_)) => Err(ApiError::InvalidInput(format!(
            "{op}: give either '{}' or '{}', not both",
            names.0, names.1
        ))),
        (None, None) => Err(ApiError::InvalidJson(format!(
            "{op}: missing field: give '{}' or '{}'",
            names.0, names.1
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_timing_is_in_milliseconds() {
        let t = Timing {
            queue_us: 12,
            compute_us: 340,
            total_us: 410,
        };
        assert_eq!(
            t.server_timing_header(),
            "queue;dur=0.012, compute;dur=0.340, total;dur=0.410"
        );
    }
}
