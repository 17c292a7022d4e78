//! Content codings: compressed request bodies, and compressed responses when configured.
//!
//! Responses are not compressed by default. Measured on this service's heavy answers
//! (`benches/compression.py`, table in `benches/README.md`), the fastest codecs pay only on links
//! slower than 0.3 Gbit/s (gzip) to 1.7 Gbit/s (zstd): on a data-centre link or loopback,
//! compressing costs the client throughput. A deployment behind a slow link turns it on with
//! `--compression gzip|zstd` (and `--compression-min-bytes`).
//!
//! Request bodies sent with `Content-Encoding: gzip` or `zstd` are always accepted: a large
//! upload over a slow link is where compression does pay. They are inflated in the compute
//! pool (never on the async runtime), at most to the body limit: a body that inflates past it
//! (a zip bomb) is refused as too large, having cost no more than the limit in memory.

use std::io::Read;

use super::error::{WireError, WireResult};

/// A content coding this service reads and can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Gzip,
    Zstd,
}

impl Codec {
    /// The token of `Content-Encoding` and `Accept-Encoding`.
    pub fn token(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        }
    }

    pub fn from_token(token: &str) -> Option<Codec> {
        match token {
            "gzip" | "x-gzip" => Some(Codec::Gzip),
            "zstd" => Some(Codec::Zstd),
            _ => None,
        }
    }
}

/// Whether and when responses are compressed (`--compression`, `--compression-min-bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseCompression {
    /// `None`: never (the default).
    pub codec: Option<Codec>,
    /// Smallest body worth compressing.
    pub min_bytes: usize,
}

impl ResponseCompression {
    pub const OFF: ResponseCompression = ResponseCompression {
        codec: None,
        min_bytes: 64 * 1024,
    };

    /// `bytes` compressed when configured, accepted by the client (`accepts`) and large
    /// enough; with the codec used, if any.
    pub fn apply(
        &self,
        bytes: Vec<u8>,
        accepts: impl Fn(Codec) -> bool,
    ) -> (Vec<u8>, Option<Codec>) {
        let Some(codec) = self.codec.filter(|c| accepts(*c)) else {
            return (bytes, None);
        };
        if bytes.len() < self.min_bytes {
            return (bytes, None);
        }
        match compress(&bytes, codec) {
            Ok(packed) => (packed, Some(codec)),
            // compressing into memory cannot fail; if it did, the plain body is still right
            Err(_) => (bytes, None),
        }
    }
}

fn compress(bytes: &[u8], codec: Codec) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    match codec {
        Codec::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(bytes.len() / 2),
                flate2::Compression::fast(),
            );
            encoder.write_all(bytes)?;
            encoder.finish()
        }
        Codec::Zstd => zstd::bulk::compress(bytes, 1),
    }
}

/// A request body sent with `Content-Encoding: codec`, inflated to at most `max_bytes`.
pub fn decompress(bytes: &[u8], codec: Codec, max_bytes: usize) -> WireResult<Vec<u8>> {
    let reader: Box<dyn Read + '_> =
        match codec {
            Codec::Gzip => Box::new(flate2::read::MultiGzDecoder::new(bytes)),
            Codec::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(bytes).map_err(
                |e| WireError::Malformed(format!("the zstd request body cannot be read: {e}")),
            )?),
        };
    let mut inflated = Vec::with_capacity(bytes.len().saturating_mul(4).min(max_bytes));
    let read = reader
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut inflated)
        .map_err(|e| {
            WireError::Malformed(format!(
                "the request body is not valid {}: {e}",
                codec.token()
            ))
        })?;
    if read > max_bytes {
        return Err(WireError::BodyTooLarge(format!(
            "the {} request body inflates past the body limit of {max_bytes} bytes \
             (--max-body-bytes applies after decompression)",
            codec.token()
        )));
    }
    Ok(inflated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Vec<u8> {
        b"[1.2345678901234567, ".repeat(10_000)
    }

    #[test]
    fn responses_are_compressed_only_when_configured_accepted_and_large() {
        let on = ResponseCompression {
            codec: Some(Codec::Zstd),
            min_bytes: 1024,
        };
        let (packed, used) = on.apply(body(), |_| true);
        assert_eq!(used, Some(Codec::Zstd));
        assert!(packed.len() < body().len() / 4);
        assert_eq!(decompress(&packed, Codec::Zstd, 1 << 20).unwrap(), body());
        assert_eq!(on.apply(body(), |c| c == Codec::Gzip), (body(), None));
        assert_eq!(on.apply(b"[1]".to_vec(), |_| true), (b"[1]".to_vec(), None));
        assert_eq!(
            ResponseCompression::OFF.apply(body(), |_| true),
            (body(), None)
        );
    }

    #[test]
    fn compressed_request_bodies_inflate_in_both_codings() {
        for codec in [Codec::Gzip, Codec::Zstd] {
            let packed = compress(&body(), codec).unwrap();
            assert_eq!(decompress(&packed, codec, body().len()).unwrap(), body());
        }
    }

    #[test]
    fn a_body_that_inflates_past_the_limit_is_refused_without_inflating_it_all() {
        let bomb = compress(&vec![b' '; 50 << 20], Codec::Gzip).unwrap();
        assert!(
            bomb.len() < 1 << 20,
            "50 MiB of spaces packs below the 1 MiB limit: {} bytes",
            bomb.len()
        );
        let err = decompress(&bomb, Codec::Gzip, 1 << 20).unwrap_err();
        assert!(matches!(err, WireError::BodyTooLarge(ref m) if m.contains("--max-body-bytes")));
        let err = decompress(b"not gzip", Codec::Gzip, 1 << 20).unwrap_err();
        assert!(matches!(err, WireError::Malformed(_)));
    }
}
