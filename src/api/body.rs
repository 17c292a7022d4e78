//! Request bodies as HTTP sees them: content negotiation, the body bytes, and the response
//! envelope (status, content type, `Server-Timing`).
//!
//! A request says what it sends with `Content-Type` (JSON or MessagePack, else 415) and what it
//! wants back with `Accept` (MessagePack when it names a MessagePack type with a higher, or equal
//! and earlier, preference than JSON; JSON otherwise, including when `Accept` is absent or `*/*`).
//! The bytes are read on the runtime (I/O only) and decoded later, in the pool, by `crate::wire`.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Request};
use axum::http::Extensions;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::state::AppState;
use crate::error::{ApiError, ApiResult};
use crate::pool::{CostKey, Ticket};
use crate::telemetry::Arrival;
use crate::wire::codec::{JSON, MSGPACK};
use crate::wire::compress::Codec;
use crate::wire::{Format, Payload};

/// What a request sends and what it wants back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    pub request: Format,
    pub response: Format,
    /// The request body's `Content-Encoding` (none: sent as is).
    pub coding: Option<Codec>,
    /// The client accepts a gzip-encoded response.
    pub accepts_gzip: bool,
    /// The client accepts a zstd-encoded response.
    pub accepts_zstd: bool,
}

impl Negotiated {
    /// Whether `Accept-Encoding` allows `codec`.
    pub fn accepts(&self, codec: Codec) -> bool {
        match codec {
            Codec::Gzip => self.accepts_gzip,
            Codec::Zstd => self.accepts_zstd,
        }
    }
}

/// The request's format from `Content-Type` and `Content-Encoding`, the response's from
/// `Accept` and `Accept-Encoding`.
pub fn negotiate(headers: &HeaderMap) -> ApiResult<Negotiated> {
    let value = headers.get(header::CONTENT_TYPE);
    let essence = value
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    let request = essence
        .as_deref()
        .and_then(Format::from_media_type)
        .ok_or_else(|| {
            ApiError::UnsupportedMediaType(format!(
                "Content-Type must be {JSON} (or {MSGPACK}), got {}",
                value
                    .and_then(|v| v.to_str().ok())
                    .map_or("none".to_string(), |v| format!("{v:?}"))
            ))
        })?;
    Ok(Negotiated {
        coding: request_coding(headers)?,
        ..response_format(headers, request)
    })
}

/// The formats of a request without a body: only its answer is negotiated.
fn response_format(headers: &HeaderMap, request: Format) -> Negotiated {
    let accepts = |codec: Codec| {
        weighted_items(headers, header::ACCEPT_ENCODING)
            .iter()
            .any(|(coding, q)| (coding == codec.token() || coding == "*") && *q > 0.0)
    };
    Negotiated {
        request,
        response: preferred_response(headers),
        coding: None,
        accepts_gzip: accepts(Codec::Gzip),
        accepts_zstd: accepts(Codec::Zstd),
    }
}

/// `Content-Encoding` of a request body: none, `identity`, `gzip` or `zstd` (else 415).
fn request_coding(headers: &HeaderMap) -> ApiResult<Option<Codec>> {
    let Some(value) = headers.get(header::CONTENT_ENCODING) else {
        return Ok(None);
    };
    let token = value.to_str().unwrap_or("").trim().to_ascii_lowercase();
    match token.as_str() {
        "" | "identity" => Ok(None),
        other => Codec::from_token(other).map(Some).ok_or_else(|| {
            ApiError::UnsupportedMediaType(format!(
                "Content-Encoding must be gzip or zstd (or none), got {other:?}"
            ))
        }),
    }
}

fn preferred_response(headers: &HeaderMap) -> Format {
    let mut best: Option<(f32, Format)> = None;
    for (essence, q) in weighted_items(headers, header::ACCEPT) {
        if let Some(format) = Format::from_media_type(&essence)
            && q > 0.0
            && best.is_none_or(|(b, _)| q > b)
        {
            best = Some((q, format));
        }
    }
    best.map_or(Format::Json, |(_, f)| f)
}

/// How much `Accept` wants `media` (`image/png`): the q of its most specific match (the type
/// itself, then `image/*`, then `*/*`), 1 when there is no `Accept`, 0 when nothing matches.
pub fn accept_quality(headers: &HeaderMap, media: &str) -> f32 {
    let items = weighted_items(headers, header::ACCEPT);
    if items.is_empty() {
        return 1.0;
    }
    let kind = media.split('/').next().unwrap_or("");
    let wildcard = format!("{kind}/*");
    [media, wildcard.as_str(), "*/*"]
        .iter()
        .find_map(|want| items.iter().find(|(m, _)| m == want).map(|(_, q)| *q))
        .unwrap_or(0.0)
}

/// The items of a comma-separated, q-weighted header (`Accept`, `Accept-Encoding`), lower-cased,
/// each with its q value (1 when absent), in order.
fn weighted_items(headers: &HeaderMap, name: header::HeaderName) -> Vec<(String, f32)> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| {
            let mut parts = item.split(';');
            let value = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (value, q)
        })
        .collect()
}

/// A request the pool has admitted: when it arrived, what it sends and wants back, and its
/// place in the pool.
pub struct Admitted {
    pub arrival: Instant,
    pub format: Negotiated,
    pub ticket: Ticket,
}

/// A request with a body: admitted to the pool when its headers arrived (a refusal costs no
/// body read), then its body read on the runtime (I/O only), to be decoded in the pool.
pub struct RequestBody {
    pub payload: Payload,
    pub admitted: Admitted,
}

impl FromRequest<AppState> for RequestBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let arrival = arrival(req.extensions());
        let format = negotiate(req.headers())?;
        let length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let ticket = state.pool.admit(cost_key(req.extensions(), length))?;
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
            payload: Payload {
                bytes,
                format: format.request,
                coding: format.coding,
                max_bytes: state.limits.max_body_bytes,
            },
            admitted: Admitted {
                arrival,
                format,
                ticket,
            },
        })
    }
}

fn arrival(extensions: &Extensions) -> Instant {
    extensions
        .get::<Arrival>()
        .map_or_else(Instant::now, |a| a.0)
}

/// The kind of a request, for its expected cost: its route and body size.
fn cost_key(extensions: &Extensions, body_bytes: u64) -> CostKey {
    let route = extensions
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str());
    CostKey::new(route, body_bytes)
}

/// A request without a body (`GET`, `DELETE`): when it arrived, the response format its
/// `Accept` asks for, and its kind (to be admitted when it runs: there is no body to save).
#[derive(Debug, Clone)]
pub struct RequestHead {
    pub arrival: Instant,
    pub format: Negotiated,
    pub key: CostKey,
}

impl RequestHead {
    /// Admits the request to the pool, or refuses it with 503.
    pub fn admit(self, state: &AppState) -> ApiResult<Admitted> {
        Ok(Admitted {
            ticket: state.pool.admit(self.key)?,
            arrival: self.arrival,
            format: self.format,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestHead {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestHead {
            arrival: arrival(&parts.extensions),
            format: response_format(&parts.headers, Format::Json),
            key: cost_key(&parts.extensions, 0),
        })
    }
}

/// A small response built on the runtime (probes): the body plus `timing`, all of it
/// `total_us` (no queue, no pool).
pub fn answer_now<T: Serialize>(head: RequestHead, status: StatusCode, body: T) -> Response {
    let total_us = head
        .arrival
        .elapsed()
        .as_micros()
        .try_into()
        .unwrap_or(u64::MAX);
    let timing = Timing {
        queue_us: 0,
        compute_us: 0,
        total_us,
    };
    match crate::wire::encode(&Timed { body, timing }, head.format.response) {
        Ok(bytes) => body_response(
            status,
            bytes,
            head.format.response.content_type(),
            Some(&timing),
        ),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// Where a request's time went, in microseconds. Also sent as a `Server-Timing` header.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
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

/// A response from a body already serialized as `content_type`.
pub fn body_response(
    status: StatusCode,
    bytes: Vec<u8>,
    content_type: &'static str,
    timing: Option<&Timing>,
) -> Response {
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(v) = timing.and_then(|t| HeaderValue::from_str(&t.server_timing_header()).ok()) {
        headers.insert("server-timing", v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str, accept: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        if let Some(a) = accept {
            h.insert(header::ACCEPT, HeaderValue::from_str(a).unwrap());
        }
        h
    }

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

    #[test]
    fn content_type_picks_the_request_format() {
        let n = negotiate(&headers("Application/JSON; charset=utf-8", None)).unwrap();
        assert_eq!(
            (n.request, n.response, n.coding),
            (Format::Json, Format::Json, None)
        );
        let n = negotiate(&headers("application/x-msgpack", None)).unwrap();
        assert_eq!(n.request, Format::MsgPack);
        assert_eq!(n.response, Format::Json);
        assert!(matches!(
            negotiate(&headers("text/plain", None)),
            Err(ApiError::UnsupportedMediaType(_))
        ));
    }

    #[test]
    fn accept_picks_the_response_format_by_preference() {
        let response = |accept: &str| {
            negotiate(&headers("application/json", Some(accept)))
                .unwrap()
                .response
        };
        assert_eq!(response("application/msgpack"), Format::MsgPack);
        assert_eq!(
            response("application/json, application/msgpack"),
            Format::Json
        );
        assert_eq!(
            response("application/json;q=0.5, application/vnd.msgpack"),
            Format::MsgPack
        );
        assert_eq!(response("application/msgpack;q=0, */*"), Format::Json);
        assert_eq!(response("*/*"), Format::Json);
    }

    #[test]
    fn a_request_body_may_be_gzip_or_zstd_and_nothing_else() {
        let mut h = headers("application/json", None);
        assert_eq!(negotiate(&h).unwrap().coding, None);
        for (encoding, coding) in [
            ("gzip", Some(Codec::Gzip)),
            ("ZSTD", Some(Codec::Zstd)),
            ("identity", None),
        ] {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            assert_eq!(negotiate(&h).unwrap().coding, coding, "{encoding}");
        }
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        assert!(matches!(
            negotiate(&h),
            Err(ApiError::UnsupportedMediaType(ref m)) if m.contains("\"br\"")
        ));
    }

    #[test]
    fn gzip_is_accepted_by_name_or_star_with_a_positive_q() {
        let mut h = headers("application/json", None);
        assert!(!negotiate(&h).unwrap().accepts_gzip);
        for (accept, gzip) in [
            ("gzip", true),
            ("br, gzip;q=0.5", true),
            ("gzip;q=0", false),
            ("*", true),
            ("br", false),
        ] {
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(accept));
            assert_eq!(negotiate(&h).unwrap().accepts_gzip, gzip, "{accept}");
        }
    }
}
