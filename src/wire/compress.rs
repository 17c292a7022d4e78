//! Compression of large success bodies.
//!
//! Bodies are compressed in the compute pool like the serialization itself: compressing
//! megabytes takes milliseconds that must not stall the async runtime.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_bodies_are_gzipped_only_when_accepted() {
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
}
