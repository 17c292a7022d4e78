//! Compute limits: how big an operand may be before the service refuses it.
//!
//! The checks run after parsing and before any O(n^2) allocation or O(n^3) work, so an
//! oversized request costs the server no more than reading its body. Generated operands
//! (`{"random": ...}`) are checked against the same numbers before they are generated.

use crate::linalg::{LinalgError, LinalgResult};

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
        }
    }
}

impl Limits {
    /// Refuses operands with more than `max_elements` entries.
    pub fn check_elements(&self, field: &str, count: usize) -> LinalgResult<()> {
        if count > self.max_elements {
            return Err(LinalgError::TooLarge(format!(
                "{field} has {count} entries; the limit is {} per operand",
                self.max_elements
            )));
        }
        Ok(())
    }

    /// Refuses an O(n^3) operand whose larger side is over `max_dim`.
    pub fn check_cubic(&self, op: &str, field: &str, rows: usize, cols: usize) -> LinalgResult<()> {
        if rows.max(cols) > self.max_dim {
            return Err(LinalgError::TooLarge(format!(
                "{op}: {field} is {rows}x{cols}; the limit is {} per side for this operation",
                self.max_dim
            )));
        }
        Ok(())
    }
}
