//! How close a number must be to count as right.

use serde::Deserialize;
use utoipa::ToSchema;

/// `|given - expected| <= abs + rel * |expected|`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    #[serde(default = "default_tol")]
    pub abs: f64,
    #[serde(default = "default_tol")]
    pub rel: f64,
}

fn default_tol() -> f64 {
    1e-6
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            abs: 1e-6,
            rel: 1e-6,
        }
    }
}

impl Tolerance {
    /// Whether both bounds are finite numbers >= 0.
    pub fn is_valid(&self) -> bool {
        self.abs >= 0.0 && self.rel >= 0.0 && self.abs.is_finite() && self.rel.is_finite()
    }

    pub fn ok(&self, given: f64, expected: f64) -> bool {
        (given - expected).abs() <= self.abs + self.rel * expected.abs()
    }

    /// Tolerance for a property residual of a problem whose entries have size `scale`.
    pub fn scaled(&self, scale: f64) -> f64 {
        self.abs + self.rel * scale.max(1.0)
    }
}
