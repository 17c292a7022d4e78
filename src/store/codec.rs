//! How points and configurations are laid out as bytes in the store.
//!
//! Keys: the collection name, 0x00, the encoded point id, so one collection's points are one key
//! range. Values: the vector exactly as sent (f64, little-endian), the sequence number, and the
//! payload as JSON.

use serde_json::{Map, Value};

use super::model::{CollectionConfig, Payload, PointId};
use crate::linalg::search::Metric;

/// A configuration as stored: `{"dimension": 384, "metric": "cosine"}`.
pub(crate) fn encode_config(config: &CollectionConfig) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "dimension": config.dimension,
        "metric": config.metric.name(),
    }))
    .expect("a JSON object serializes")
}

pub(crate) fn decode_config(bytes: &[u8]) -> Option<CollectionConfig> {
    let v: Value = serde_json::from_slice(bytes).ok()?;
    Some(CollectionConfig {
        dimension: usize::try_from(v.get("dimension")?.as_u64()?).ok()?,
        metric: Metric::parse(v.get("metric")?.as_str()?)?,
    })
}

pub(crate) fn point_key(collection: &str, id: &PointId) -> Vec<u8> {
    [collection.as_bytes(), &[0], &id.encode()].concat()
}

/// The key range holding every point of `collection`: `name 0x00 ..` up to `name 0x01`.
pub(crate) fn collection_range(collection: &str) -> (Vec<u8>, Vec<u8>) {
    (
        [collection.as_bytes(), &[0]].concat(),
        [collection.as_bytes(), &[1]].concat(),
    )
}

/// Marks a stored point that carries its sequence number (the high bit of the length word;
/// dimensions are far below it). Points written before sequence numbers lack it.
pub(crate) const HAS_SEQ: u32 = 1 << 31;

/// A stored point: u32 dimension (| [`HAS_SEQ`]), the f64 vector, the u64 sequence number, the
/// payload as JSON (absent: no payload). Little-endian throughout.
pub(crate) fn encode_point(
    vector: &[f64],
    seq: u64,
    payload: &Option<Map<String, Value>>,
) -> Vec<u8> {
    let payload = payload
        .as_ref()
        .map(|p| serde_json::to_vec(p).expect("a JSON map serializes"))
        .unwrap_or_default();
    let mut out = Vec::with_capacity(12 + vector.len() * 8 + payload.len());
    out.extend_from_slice(&(vector.len() as u32 | HAS_SEQ).to_le_bytes());
    for x in vector {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// A decoded point's sequence number (if stored) and payload.
type StoredMeta = (Option<u64>, Option<Payload>);

/// Decodes a stored point, appending its vector (which must have `dimension` entries) to `out`.
pub(crate) fn decode_point_into(
    bytes: &[u8],
    dimension: usize,
    out: &mut Vec<f64>,
) -> Option<StoredMeta> {
    let word = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
    let dim = (word & !HAS_SEQ) as usize;
    if dim != dimension {
        return None;
    }
    let end = 4 + dim * 8;
    out.extend(
        bytes
            .get(4..end)?
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes"))),
    );
    let (seq, rest) = if word & HAS_SEQ != 0 {
        let seq = u64::from_le_bytes(bytes.get(end..end + 8)?.try_into().ok()?);
        (Some(seq), &bytes[end + 8..])
    } else {
        (None, &bytes[end..])
    };
    let payload = if rest.is_empty() {
        None
    } else {
        Some(serde_json::from_slice(rest).ok()?)
    };
    Some((seq, payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurations_round_trip() {
        for metric in Metric::ALL {
            let config = CollectionConfig {
                dimension: 384,
                metric,
            };
            assert_eq!(decode_config(&encode_config(&config)), Some(config));
        }
        // the format written before this encoder existed
        assert_eq!(
            decode_config(br#"{"dimension":3,"metric":"euclidean"}"#),
            Some(CollectionConfig {
                dimension: 3,
                metric: Metric::Euclidean
            })
        );
    }
}
