//! Body formats: JSON (the contract) and MessagePack (for heavy clients), one schema for both.
//!
//! Every request body becomes a typed value through [`decode`] and every success value becomes
//! bytes through [`encode`], so operations never see the format. Which format a request uses is
//! HTTP's business (`Content-Type` and `Accept`, read in `crate::api::body`); what the bytes mean
//! is decided here.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{WireError, WireResult};
use super::output::{refused_non_finite, reset_non_finite};

pub const JSON: &str = "application/json";
pub const MSGPACK: &str = "application/msgpack";
/// Other names clients use for MessagePack, accepted as well.
pub const MSGPACK_ALIASES: [&str; 2] = ["application/x-msgpack", "application/vnd.msgpack"];

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

    /// The format of a media type's essence (`application/json`, lower-case, no parameters).
    pub fn from_media_type(essence: &str) -> Option<Format> {
        match essence {
            JSON => Some(Format::Json),
            MSGPACK => Some(Format::MsgPack),
            other if MSGPACK_ALIASES.contains(&other) => Some(Format::MsgPack),
            _ => None,
        }
    }
}

/// Parses a request body; decoder errors become `Malformed` (the contract's "not the request's
/// schema", whatever the encoding: 400).
/// A request body as it arrived: its bytes, their format and content coding, and the body
/// limit that applies after decompression.
#[derive(Debug, Clone)]
pub struct Payload {
    pub bytes: bytes::Bytes,
    pub format: Format,
    pub coding: Option<super::compress::Codec>,
    pub max_bytes: usize,
}

impl Payload {
    /// The request's values: inflated first if the body was sent compressed.
    pub fn decode<T: DeserializeOwned>(self) -> WireResult<T> {
        match self.coding {
            None => decode(&self.bytes, self.format),
            Some(codec) => {
                let inflated = super::compress::decompress(&self.bytes, codec, self.max_bytes)?;
                drop(self.bytes);
                decode(&inflated, self.format)
            }
        }
    }
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8], format: Format) -> WireResult<T> {
    match format {
        Format::Json => super::frame::from_slice(bytes).map_err(|e| {
            let what = match e.classify() {
                serde_json::error::Category::Data => "the request body does not match the schema",
                _ => "the request body is not valid JSON",
            };
            let at = json_error_path::<T>(bytes);
            WireError::Malformed(format!("{what}: {at}{e}"))
        }),
        Format::MsgPack => {
            super::msgpack::check_msgpack(bytes).map_err(|e| {
                WireError::Malformed(format!("the request body is not valid MessagePack: {e}"))
            })?;
            rmp_serde::from_slice(bytes).map_err(|e| {
                let at = msgpack_error_path::<T>(bytes);
                WireError::Malformed(format!(
                    "the MessagePack request body does not match the schema: {at}{}",
                    msgpack_error_in_words(&e)
                ))
            })
        }
    }
}

/// Where a body that failed to decode went wrong (`"points[2].id: "`), found by decoding it
/// again with the path tracked: only on the error path, so a good body pays nothing for it.
/// Empty when the failure is at the top level (a missing field, an unknown one: their message
/// names the field itself).
fn json_error_path<T: DeserializeOwned>(bytes: &[u8]) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    path_prefix(serde_path_to_error::deserialize::<_, T>(&mut deserializer).err())
}

fn msgpack_error_path<T: DeserializeOwned>(bytes: &[u8]) -> String {
    let mut deserializer = rmp_serde::Deserializer::new(bytes);
    path_prefix(serde_path_to_error::deserialize::<_, T>(&mut deserializer).err())
}

/// rmp's type errors name a wire marker (`wrong msgpack marker FixStr(5)`); say what was sent.
fn msgpack_error_in_words(error: &rmp_serde::decode::Error) -> String {
    use rmp::Marker;
    let rmp_serde::decode::Error::TypeMismatch(marker) = error else {
        return error.to_string();
    };
    let sent = match marker {
        Marker::Null => "nil",
        Marker::True | Marker::False => "a boolean",
        Marker::FixPos(_)
        | Marker::FixNeg(_)
        | Marker::U8
        | Marker::U16
        | Marker::U32
        | Marker::U64
        | Marker::I8
        | Marker::I16
        | Marker::I32
        | Marker::I64 => "an integer",
        Marker::F32 | Marker::F64 => "a float",
        Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => "a string",
        Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => "an array",
        Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => "a map",
        Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => "binary data",
        _ => "an extension type",
    };
    format!("invalid type: {sent}")
}

fn path_prefix<E>(error: Option<serde_path_to_error::Error<E>>) -> String {
    match error.map(|e| e.path().to_string()) {
        Some(path) if path != "." && !path.is_empty() => format!("{path}: "),
        _ => String::new(),
    }
}

/// Serializes a success body. A non-finite number is [`WireError::NotFinite`].
pub fn encode<T: Serialize>(value: &T, format: Format) -> WireResult<Vec<u8>> {
    reset_non_finite();
    let written = match format {
        Format::Json => serde_json::to_vec(value).map_err(|e| e.to_string()),
        Format::MsgPack => rmp_serde::to_vec_named(value).map_err(|e| e.to_string()),
    };
    written.map_err(|message| failure(&message))
}

/// A response value as a JSON tree (for `/grade`, which compares answers field by field).
pub fn to_json_value<T: Serialize>(value: &T) -> WireResult<serde_json::Value> {
    reset_non_finite();
    serde_json::to_value(value).map_err(|e| failure(&e.to_string()))
}

/// A request body carried inside another request (`/grade`'s `input`): kept as JSON text, to be
/// decoded by the operation named beside it. From JSON it is the member's own text, untouched;
/// from MessagePack it is the value written out as JSON.
#[derive(Debug, Clone)]
pub struct EmbeddedRequest(String);

impl EmbeddedRequest {
    pub fn json(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl<'de> serde::Deserialize<'de> for EmbeddedRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
            Ok(EmbeddedRequest(raw.get().to_string()))
        } else {
            let value = serde_json::Value::deserialize(deserializer)?;
            Ok(EmbeddedRequest(value.to_string()))
        }
    }
}

fn failure(message: &str) -> WireError {
    if refused_non_finite() {
        WireError::NotFinite
    } else {
        WireError::Encode(format!("serializing the response failed: {message}"))
    }
}

/// An optional request field (`#[serde(default, deserialize_with = "crate::wire::not_null")]`):
/// left out, it is `None`; given, it is `Some`; an explicit `null` is a schema error naming the
/// field, as the OpenAPI document says (optional fields are not nullable: leave them out).
pub fn not_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::output::VecOut;
    use serde_json::{Value, json};

    #[test]
    fn msgpack_round_trips_the_same_values_as_json() {
        let value = json!({"a": [[1, 2.5], [-3, 1e300]], "k": 3, "s": "x", "n": null, "t": true});
        let bytes = rmp_serde::to_vec_named(&value).unwrap();
        let back: Value = decode(&bytes, Format::MsgPack).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn msgpack_with_non_finite_or_truncated_values_is_refused() {
        for bad in [f64::NAN, f64::INFINITY] {
            let bytes = rmp_serde::to_vec_named(&json!({"x": [1.0]})).unwrap();
            let mut with_bad = bytes[..bytes.len() - 9].to_vec();
            with_bad.push(0xcb);
            with_bad.extend_from_slice(&bad.to_be_bytes());
            assert!(decode::<Value>(&bytes, Format::MsgPack).is_ok());
            let err = decode::<Value>(&with_bad, Format::MsgPack).unwrap_err();
            assert!(err.to_string().contains("not finite"), "{err}");
        }
        let bytes = rmp_serde::to_vec_named(&json!({"x": [1, 2, 3]})).unwrap();
        assert!(decode::<Value>(&bytes[..bytes.len() - 1], Format::MsgPack).is_err());
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert!(decode::<Value>(&trailing, Format::MsgPack).is_err());
        // an array claiming 2^32 - 1 entries with none there
        assert!(decode::<Value>(&[0xdd, 0xff, 0xff, 0xff, 0xff], Format::MsgPack).is_err());
    }

    #[test]
    fn a_non_finite_result_is_told_apart_from_other_failures() {
        assert_eq!(
            encode(&VecOut(vec![f64::NAN]), Format::Json),
            Err(WireError::NotFinite)
        );
        assert_eq!(
            encode(&VecOut(vec![f64::INFINITY]), Format::MsgPack),
            Err(WireError::NotFinite)
        );
        assert_eq!(
            to_json_value(&VecOut(vec![1.0, f64::NEG_INFINITY])),
            Err(WireError::NotFinite)
        );
        assert_eq!(encode(&VecOut(vec![2.0]), Format::Json).unwrap(), b"[2.0]");
    }

    #[test]
    fn floats_round_trip_bit_exactly() {
        let xs = [0.1, 1.0 / 3.0, 2.0_f64.sqrt(), 1e-300, 123456.789e10];
        let text = encode(&VecOut(xs.to_vec()), Format::Json).unwrap();
        let back: crate::wire::VectorIn = serde_json::from_slice(&text).unwrap();
        assert_eq!(
            back.into_vec("v", &crate::limits::Limits::default())
                .unwrap(),
            xs
        );
    }
}
