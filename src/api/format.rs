//! Body formats: JSON (the contract) and MessagePack (for heavy clients), one schema for both.
//!
//! A request says what it sends with `Content-Type` and what it wants back with `Accept`; every
//! body goes through [`parse`] and every success body through [`serialize`], so handlers never
//! see the format. MessagePack carries the same field names and values (maps with string keys,
//! numbers as numbers): a matrix costs 9 bytes per f64 and no text parsing at all. Errors stay
//! `application/problem+json` whatever was asked, as RFC 9457 defines them.
//!
//! Large success bodies are gzip-compressed when the client sends `Accept-Encoding: gzip`
//! ([`COMPRESS_FROM_BYTES`] and up, fastest level), in the compute pool like the serialization
//! itself: compressing megabytes takes milliseconds that must not stall the async runtime. A
//! matrix in decimal text shrinks about 2x for ~17 ms of CPU per 2.7 MB: worth it on links
//! slower than about 1 Gbit/s, a loss on loopback (benches/README.md).
//!
//! JSON cannot spell NaN or infinity and MessagePack can, so a MessagePack body is first walked
//! once (cheap: no allocation, lengths skip strings and binaries) and refused if any float is not
//! finite; after that both formats hold exactly the same values.

use axum::http::{HeaderMap, header};
use rmp::Marker;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};
use crate::wire::NOT_FINITE_MARKER;

pub const JSON: &str = "application/json";
pub const MSGPACK: &str = "application/msgpack";
/// Other names clients use for MessagePack, accepted as well.
const MSGPACK_ALIASES: [&str; 2] = ["application/x-msgpack", "application/vnd.msgpack"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    MsgPack,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => JSON,
            Format::MsgPack => MSGPACK,
        }
    }

    fn from_media_type(essence: &str) -> Option<Format> {
        match essence {
            JSON => Some(Format::Json),
            MSGPACK => Some(Format::MsgPack),
            other if MSGPACK_ALIASES.contains(&other) => Some(Format::MsgPack),
            _ => None,
        }
    }
}

/// What a request sends and what it wants back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    pub request: Format,
    pub response: Format,
    /// The client accepts a gzip-encoded response.
    pub gzip: bool,
}

impl Negotiated {
    pub const JSON: Negotiated = Negotiated {
        request: Format::Json,
        response: Format::Json,
        gzip: false,
    };
}

/// Smallest success body worth compressing.
pub const COMPRESS_FROM_BYTES: usize = 64 * 1024;

/// `bytes` gzip-compressed when the client accepts it and the body is large; `true` if so.
pub fn maybe_gzip(bytes: Vec<u8>, accepted: bool) -> (Vec<u8>, bool) {
    use std::io::Write;
    if !accepted || bytes.len() < COMPRESS_FROM_BYTES {
        return (bytes, false);
    }
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::fast(),
    );
    match encoder.write_all(&bytes).and_then(|_| encoder.finish()) {
        Ok(gzipped) => (gzipped, true),
        // writing to memory cannot fail; if it did, the plain body is still right
        Err(_) => (bytes, false),
    }
}

/// Whether `Accept-Encoding` allows gzip (`gzip` or `*` with a non-zero q).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    weighted_items(headers, header::ACCEPT_ENCODING)
        .iter()
        .any(|(coding, q)| (coding == "gzip" || coding == "*") && *q > 0.0)
}

/// The request's format from `Content-Type` (415 unless JSON or MessagePack) and the response's
/// from `Accept`: MessagePack when it names a MessagePack type with a higher (or equal, and
/// earlier) preference than JSON; JSON otherwise, including when `Accept` is absent or `*/*`.
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
        request,
        response: preferred_response(headers),
        gzip: accepts_gzip(headers),
    })
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

/// Parses a request body, turning the decoder's messages into `invalid-json` problems (the
/// contract's type for "not the request's schema", whatever the encoding).
pub fn parse<T: DeserializeOwned>(bytes: &[u8], format: Format) -> ApiResult<T> {
    match format {
        Format::Json => crate::json_body::from_slice(bytes).map_err(|e| {
            let what = match e.classify() {
                serde_json::error::Category::Data => "the request body does not match the schema",
                _ => "the request body is not valid JSON",
            };
            ApiError::InvalidJson(format!("{what}: {e}"))
        }),
        Format::MsgPack => {
            check_msgpack(bytes).map_err(|e| {
                ApiError::InvalidJson(format!("the request body is not valid MessagePack: {e}"))
            })?;
            rmp_serde::from_slice(bytes).map_err(|e| {
                ApiError::InvalidJson(format!(
                    "the MessagePack request body does not match the schema: {e}"
                ))
            })
        }
    }
}

/// Serializes a success body; a non-finite number becomes a `not-finite` problem.
pub fn serialize<T: Serialize>(name: &str, value: &T, format: Format) -> ApiResult<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| {
        let message = e.to_string();
        if message.contains(NOT_FINITE_MARKER) {
            ApiError::NotFinite(format!(
                "{name}: a result is not finite (it overflows a 64-bit float); scale the input down"
            ))
        } else {
            ApiError::Internal(format!(
                "{name}: serializing the response failed: {message}"
            ))
        }
    };
    match format {
        Format::Json => serde_json::to_vec(value).map_err(|e| failed(&e)),
        Format::MsgPack => rmp_serde::to_vec_named(value).map_err(|e| failed(&e)),
    }
}

/// Walks one MessagePack value: well-formed, complete, and every float finite.
fn check_msgpack(mut rd: &[u8]) -> Result<(), String> {
    fn take<'a>(rd: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
        if rd.len() < n {
            return Err("it ends in the middle of a value".into());
        }
        let (head, tail) = rd.split_at(n);
        *rd = tail;
        Ok(head)
    }
    fn length(rd: &mut &[u8], bytes: usize) -> Result<u64, String> {
        let raw = take(rd, bytes)?;
        Ok(raw.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
    }
    // values still to read; maps count their keys and values
    let mut pending: u64 = 1;
    while pending > 0 {
        pending -= 1;
        let marker = Marker::from_u8(take(&mut rd, 1)?[0]);
        let skip: u64 = match marker {
            Marker::FixPos(_) | Marker::FixNeg(_) | Marker::Null | Marker::True | Marker::False => {
                0
            }
            Marker::U8 | Marker::I8 => 1,
            Marker::U16 | Marker::I16 => 2,
            Marker::U32 | Marker::I32 => 4,
            Marker::U64 | Marker::I64 => 8,
            Marker::F32 => {
                let raw = take(&mut rd, 4)?;
                if !f32::from_be_bytes(raw.try_into().expect("4 bytes")).is_finite() {
                    return Err("a number is not finite (NaN or infinity)".into());
                }
                0
            }
            Marker::F64 => {
                let raw = take(&mut rd, 8)?;
                if !f64::from_be_bytes(raw.try_into().expect("8 bytes")).is_finite() {
                    return Err("a number is not finite (NaN or infinity)".into());
                }
                0
            }
            Marker::FixStr(n) => u64::from(n),
            Marker::Str8 | Marker::Bin8 => length(&mut rd, 1)?,
            Marker::Str16 | Marker::Bin16 => length(&mut rd, 2)?,
            Marker::Str32 | Marker::Bin32 => length(&mut rd, 4)?,
            Marker::FixArray(n) => {
                pending += u64::from(n);
                0
            }
            Marker::Array16 => {
                pending += length(&mut rd, 2)?;
                0
            }
            Marker::Array32 => {
                pending += length(&mut rd, 4)?;
                0
            }
            Marker::FixMap(n) => {
                pending += 2 * u64::from(n);
                0
            }
            Marker::Map16 => {
                pending += 2 * length(&mut rd, 2)?;
                0
            }
            Marker::Map32 => {
                pending += 2 * length(&mut rd, 4)?;
                0
            }
            Marker::FixExt1 => 2,
            Marker::FixExt2 => 3,
            Marker::FixExt4 => 5,
            Marker::FixExt8 => 9,
            Marker::FixExt16 => 17,
            Marker::Ext8 => length(&mut rd, 1)? + 1,
            Marker::Ext16 => length(&mut rd, 2)? + 1,
            Marker::Ext32 => length(&mut rd, 4)? + 1,
            Marker::Reserved => return Err("it holds the reserved byte 0xc1".into()),
        };
        let skip = usize::try_from(skip).map_err(|_| "a length is too large".to_string())?;
        take(&mut rd, skip)?;
    }
    if !rd.is_empty() {
        return Err(format!("{} bytes follow the value", rd.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use serde_json::{Value, json};

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
    fn content_type_picks_the_request_format() {
        let n = negotiate(&headers("Application/JSON; charset=utf-8", None)).unwrap();
        assert_eq!(n, Negotiated::JSON);
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
    fn large_bodies_are_gzipped_only_when_accepted() {
        let mut h = headers("application/json", None);
        assert!(!negotiate(&h).unwrap().gzip);
        for (accept, gzip) in [
            ("gzip", true),
            ("br, gzip;q=0.5", true),
            ("gzip;q=0", false),
            ("*", true),
            ("br", false),
        ] {
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(accept));
            assert_eq!(negotiate(&h).unwrap().gzip, gzip, "{accept}");
        }
        let body = b"[1.2345678901234567, ".repeat(COMPRESS_FROM_BYTES / 10);
        let (gzipped, done) = maybe_gzip(body.clone(), true);
        assert!(done && gzipped.len() < body.len() / 4);
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzipped[..]), &mut back)
            .unwrap();
        assert_eq!(back, body);
        assert_eq!(maybe_gzip(body.clone(), false), (body, false));
        assert_eq!(maybe_gzip(b"[1]".to_vec(), true), (b"[1]".to_vec(), false));
    }

    #[test]
    fn msgpack_round_trips_the_same_values_as_json() {
        let value = json!({"a": [[1, 2.5], [-3, 1e300]], "k": 3, "s": "x", "n": null, "t": true});
        let bytes = rmp_serde::to_vec_named(&value).unwrap();
        let back: Value = parse(&bytes, Format::MsgPack).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn msgpack_with_non_finite_or_truncated_values_is_refused() {
        for bad in [f64::NAN, f64::INFINITY] {
            let bytes = rmp_serde::to_vec_named(&json!({"x": [1.0]})).unwrap();
            let mut with_bad = bytes[..bytes.len() - 9].to_vec();
            with_bad.push(0xcb);
            with_bad.extend_from_slice(&bad.to_be_bytes());
            assert!(parse::<Value>(&bytes, Format::MsgPack).is_ok());
            let err = parse::<Value>(&with_bad, Format::MsgPack).unwrap_err();
            assert!(err.to_string().contains("not finite"), "{err}");
        }
        let bytes = rmp_serde::to_vec_named(&json!({"x": [1, 2, 3]})).unwrap();
        assert!(parse::<Value>(&bytes[..bytes.len() - 1], Format::MsgPack).is_err());
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert!(parse::<Value>(&trailing, Format::MsgPack).is_err());
        // an array claiming 2^32 - 1 entries with none there
        assert!(parse::<Value>(&[0xdd, 0xff, 0xff, 0xff, 0xff], Format::MsgPack).is_err());
    }
}
