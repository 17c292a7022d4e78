//! Compute limits: how big an operand may be before the service refuses it.
//!
//! Plain numbers, checked where they apply: entries per operand by the wire as it reads an
//! operand (generated operands before they are generated), the side of an O(n^3) operand by the
//! operation before it computes. So an oversized request costs the server no more than reading
//! its body.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest dimension of an operand of an O(n^3) operation (`--max-dim`).
    pub max_dim: usize,
    /// Most entries in one operand, sent or generated.
    pub max_elements: usize,
    /// Largest side of a matrix whose RREF is computed in exact rational arithmetic.
    pub max_exact_dim: usize,
    /// Most significant digits in all the numbers of one exact RREF: rational elimination
    /// grows with both size and digits, so both are bounded.
    pub max_exact_digits: usize,
    /// Most queries in one search batch, and most points in one upsert.
    pub max_batch: usize,
    /// Largest `k` of a top-k search.
    pub max_k: usize,
    /// Largest request body, as sent and (for a compressed one) after decompression
    /// (`--max-body-bytes`).
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_dim: 4096,
            max_elements: 1 << 24,
            max_exact_dim: 64,
            max_exact_digits: 4096,
            max_batch: 10_000,
            max_k: 10_000,
            max_body_bytes: 64 * 1024 * 1024,
        }
    }
}
