//! Size and finiteness rules applied as operands are read, sent or generated.

use super::error::{WireError, WireResult};
use crate::limits::Limits;

/// Refuses operands with more than `max_elements` entries.
pub(crate) fn check_elements(limits: &Limits, field: &str, count: usize) -> WireResult<()> {
    if count > limits.max_elements {
        return Err(WireError::TooLarge(format!(
            "{field} has {count} entries; the limit is {} per operand",
            limits.max_elements
        )));
    }
    Ok(())
}

/// JSON cannot spell NaN or infinity, but integers beyond f64's range become infinite.
pub(crate) fn check_finite_input(field: &str, data: &[f64]) -> WireResult<()> {
    match data.iter().position(|x| !x.is_finite()) {
        None => Ok(()),
        Some(i) => Err(WireError::Invalid(format!(
            "{field} entry {i} is not finite as a 64-bit float"
        ))),
    }
}
