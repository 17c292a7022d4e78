//! What the store holds and promises: ids, points, configurations, their limits and errors.

use serde_json::{Map, Value};

use crate::linalg::search::Metric;

/// Longest collection name.
pub const MAX_NAME_LEN: usize = 64;
/// Largest payload, serialized.
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024;
/// Deepest nesting inside a payload.
pub const MAX_PAYLOAD_DEPTH: usize = 32;
/// Longest string id.
pub const MAX_ID_LEN: usize = 256;
/// Largest dimension of a collection.
pub const MAX_DIMENSION: usize = 65_536;

/// Why a collection request failed. The sentence names what is at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    ShapeMismatch(String),
    #[error("{0}")]
    TooLarge(String),
    /// A score would overflow f64.
    #[error("{0}")]
    NotFinite(String),
    /// The store cannot be reached now (the database is down or the server is still
    /// loading); the request may be retried.
    #[error("{0}")]
    Unavailable(String),
    /// The disk or the database failed; not the client's doing.
    #[error("storage error: {0}")]
    Storage(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

pub(crate) fn storage<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Storage(e.to_string())
}

/// A point id: a non-negative integer or a string (distinct even when they look alike).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PointId {
    Int(u64),
    Str(String),
}

impl PointId {
    /// The id named by a URL path segment: all ASCII digits name the integer id.
    pub fn from_path(segment: &str) -> PointId {
        let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
        match segment.parse() {
            Ok(n) if digits => PointId::Int(n),
            _ => PointId::Str(segment.to_string()),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            PointId::Int(n) => Value::from(*n),
            PointId::Str(s) => Value::from(s.clone()),
        }
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        match self {
            PointId::Int(n) => [&[b'i'][..], &n.to_be_bytes()].concat(),
            PointId::Str(s) => [&[b's'][..], s.as_bytes()].concat(),
        }
    }

    pub(crate) fn decode(bytes: &[u8]) -> Option<PointId> {
        match bytes.split_first()? {
            (b'i', rest) => Some(PointId::Int(u64::from_be_bytes(rest.try_into().ok()?))),
            (b's', rest) => Some(PointId::Str(String::from_utf8(rest.to_vec()).ok()?)),
            _ => None,
        }
    }
}

impl std::fmt::Display for PointId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PointId::Int(n) => write!(f, "{n}"),
            PointId::Str(s) => write!(f, "{s:?}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionConfig {
    pub dimension: usize,
    pub metric: Metric,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CollectionInfo {
    pub name: String,
    pub config: CollectionConfig,
    pub count: usize,
}

/// A payload: any JSON object.
pub type Payload = Map<String, Value>;

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub id: PointId,
    pub vector: Vec<f64>,
    pub payload: Option<Map<String, Value>>,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPoint {
    pub id: PointId,
    pub score: f64,
    pub payload: Option<Map<String, Value>>,
}

/// Checks a collection name: 1 to 64 ASCII letters, digits, `-` or `_`.
pub fn validate_name(name: &str) -> StoreResult<()> {
    if name.is_empty()
        || name.len() > MAX_NAME_LEN
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(StoreError::Invalid(format!(
            "collection name {name:?} is not valid: use 1 to {MAX_NAME_LEN} ASCII letters, digits, '-' or '_'"
        )));
    }
    Ok(())
}

/// Checks a point id from a request body.
pub fn validate_id(id: &PointId, field: &str) -> StoreResult<()> {
    if let PointId::Str(s) = id
        && (s.is_empty() || s.len() > MAX_ID_LEN)
    {
        return Err(StoreError::Invalid(format!(
            "{field} is a string of {} bytes; a string id has 1 to {MAX_ID_LEN} bytes",
            s.len()
        )));
    }
    Ok(())
}

fn payload_depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(payload_depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(payload_depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Checks a payload's size and nesting depth.
pub fn validate_payload(payload: &Map<String, Value>, field: &str) -> StoreResult<()> {
    let depth = payload.values().map(payload_depth).max().unwrap_or(0) + 1;
    if depth > MAX_PAYLOAD_DEPTH {
        return Err(StoreError::TooLarge(format!(
            "{field} is nested {depth} levels deep; the limit is {MAX_PAYLOAD_DEPTH}"
        )));
    }
    let size = serde_json::to_vec(payload)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_PAYLOAD_BYTES {
        return Err(StoreError::TooLarge(format!(
            "{field} is {size} bytes as JSON; the limit is {MAX_PAYLOAD_BYTES}"
        )));
    }
    Ok(())
}

/// Whether `v` cannot be scaled to unit length: its norm is zero or underflows to zero, the same
/// test [`crate::linalg::search::normalize_rows`] applies.
pub(crate) fn zero_norm(v: &[f64]) -> bool {
    v.iter().map(|x| x * x).sum::<f64>().sqrt() == 0.0
}

/// The 409 for creating `name` again with another configuration.
pub fn conflict_unless_same(
    name: &str,
    existing: CollectionConfig,
    wanted: CollectionConfig,
) -> StoreResult<()> {
    if existing == wanted {
        return Ok(());
    }
    Err(StoreError::Conflict(format!(
        "collection {name:?} exists with dimension {} and metric {:?}; delete it first to change its configuration",
        existing.dimension,
        existing.metric.name()
    )))
}
