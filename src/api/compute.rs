//! The one path every pooled response takes.
//!
//! The request was admitted to the pool when its headers arrived ([`super::body`]); its body
//! was read on the runtime (I/O only). Decoding, the work itself, encoding and (when
//! configured) compressing the response all run on the compute pool, under the request's time
//! limit, so a 5 MB body never blocks a runtime thread and `/health` answers while every worker
//! is busy. The response carries `timing` (and `Server-Timing`): time queued, time on the
//! worker, time since arrival.

use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use super::body::{Admitted, Timed, Timing, body_response};
use super::state::AppState;
use crate::error::{ApiError, ApiResult};
use crate::wire;

fn micros(d: Duration) -> u64 {
    d.as_micros().try_into().unwrap_or(u64::MAX)
}

/// Runs `work` on the pool in the place `request` was admitted to, and answers with its status
/// and value, plus `timing` (in the body and as `Server-Timing`). `context` names the request in
/// messages (`svd`, `grade`, `collections`).
pub(crate) async fn respond<T, F>(
    state: &AppState,
    context: &'static str,
    request: Admitted,
    work: F,
) -> ApiResult<Response>
where
    T: Serialize + Send + 'static,
    F: FnOnce() -> ApiResult<(StatusCode, T)> + Send + 'static,
{
    let format = request.format.response;
    on_pool(
        state,
        context,
        request,
        format.content_type(),
        move |timing| {
            let (status, body) = work()?;
            let bytes = wire::encode(
                &Timed {
                    body,
                    timing: timing(),
                },
                format,
            )
            .map_err(|e| ApiError::from(e).in_context(context))?;
            Ok((status, bytes))
        },
    )
    .await
}

/// Runs `work` on the pool and answers 200 with the bytes it made, as `content_type` (a
/// picture): `timing` goes in `Server-Timing` only, as the body is not JSON.
pub(crate) async fn respond_bytes<F>(
    state: &AppState,
    context: &'static str,
    request: Admitted,
    content_type: &'static str,
    work: F,
) -> ApiResult<Response>
where
    F: FnOnce() -> ApiResult<Vec<u8>> + Send + 'static,
{
    on_pool(state, context, request, content_type, move |_| {
        Ok((StatusCode::OK, work()?))
    })
    .await
}

/// The shared path: `work` gets a function that reads the request's timing so far (for a
/// body that carries it), its bytes are compressed when configured and accepted, and the
/// response carries `Server-Timing`.
async fn on_pool<F>(
    state: &AppState,
    context: &'static str,
    request: Admitted,
    content_type: &'static str,
    work: F,
) -> ApiResult<Response>
where
    F: FnOnce(&dyn Fn() -> Timing) -> ApiResult<(StatusCode, Vec<u8>)> + Send + 'static,
{
    let Admitted {
        arrival,
        format,
        ticket,
    } = request;
    let compression = state.compression;
    let job = ticket.run(
        move |clock| -> ApiResult<(StatusCode, Vec<u8>, Option<wire::compress::Codec>, Timing)> {
            let timing = || {
                let now = Instant::now();
                Timing {
                    queue_us: micros(clock.started - clock.submitted),
                    compute_us: micros(now - clock.started),
                    total_us: micros(now - arrival),
                }
            };
            let (status, bytes) = work(&timing)?;
            let timing = timing();
            let (bytes, coding) = compression.apply(bytes, |codec| format.accepts(codec));
            Ok((status, bytes, coding, timing))
        },
    );
    let (status, bytes, coding, timing) =
        match tokio::time::timeout(state.request_timeout, job).await {
            Ok(result) => result??,
            Err(_) => {
                return Err(ApiError::RequestTimeout(format!(
                    "{context}: the request did not finish within {} s (--request-timeout-secs)",
                    state.request_timeout.as_secs_f64()
                )));
            }
        };
    let mut response = body_response(status, bytes, content_type, Some(&timing));
    if compression.codec.is_some() {
        // the body depends on Accept-Encoding whether or not this one was compressed
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Some(codec) = coding {
        response.headers_mut().insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(codec.token()),
        );
    }
    Ok(response)
}
