//! Generated operands: `{"random": {"shape": [m, n], "seed": 7, "distribution": "normal"}}`.
//!
//! Wherever a request takes a Vector or a Matrix it also accepts a generated operand, so that a
//! load test of compute need not ship megabytes. It is produced here from a ChaCha8 stream seeded
//! with `seed` (`rand_chacha::ChaCha8Rng::seed_from_u64`), entries drawn in row-major order:
//! standard normal, or uniform on [-1, 1]. It counts against the same size limits as sent data,
//! checked before anything is drawn.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, StandardNormal, Uniform};
use serde::Deserialize;
use utoipa::ToSchema;

use super::budget::check_elements;
use super::choice::{Choice, Named};
use super::error::{WireError, WireResult};
use crate::limits::Limits;

/// The distribution of a generated operand's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distribution {
    /// Standard normal.
    Normal,
    /// Uniform on [-1, 1].
    Uniform,
}

/// The `distribution` field.
pub type DistributionName = Named<Distribution>;

impl Choice for Distribution {
    const SCHEMA_NAME: &'static str = "Distribution";
    const DESCRIPTION: &'static str = "The distribution of a generated operand's entries: `normal` (standard normal) or `uniform` (on [-1, 1]).";
    const ALL: &'static [(Self, &'static str)] = &[
        (Distribution::Normal, "normal"),
        (Distribution::Uniform, "uniform"),
    ];
}

/// `{"shape": [m, n], "seed": 7, "distribution": "normal"}`: an operand made on the server.
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"shape": [64, 64], "seed": 7, "distribution": "normal"}))]
pub struct RandomSpec {
    /// `[n]` for a vector, `[m, n]` for a matrix; every dimension at least 1.
    pub shape: Vec<i64>,
    /// Seed of the ChaCha8 stream (0 to 2^63 - 1): the same seed gives the same operand.
    #[schema(minimum = 0)]
    pub seed: i64,
    /// `normal` (standard normal, the default) or `uniform` (on [-1, 1]).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub distribution: Option<DistributionName>,
}

/// `{"random": {...}}`, documented as one alternative of every Vector and Matrix.
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeneratedOperand {
    pub random: RandomSpec,
}

impl RandomSpec {
    /// Checks the spec against the expected rank (`None`: a vector or a matrix) and the limits,
    /// then draws the entries.
    pub(crate) fn generate(
        &self,
        field: &str,
        want_ndim: Option<usize>,
        limits: &Limits,
    ) -> WireResult<(Vec<usize>, Vec<f64>)> {
        let shape = &self.shape;
        let hint = match want_ndim {
            Some(1) => "use [n] for a vector",
            Some(2) => "use [m, n] for a matrix",
            _ => "use [n] for a vector or [m, n] for a matrix",
        };
        let ndim_ok = match want_ndim {
            Some(n) => shape.len() == n,
            None => shape.len() == 1 || shape.len() == 2,
        };
        if !ndim_ok {
            return Err(WireError::Invalid(format!(
                "{field}.random.shape is {shape:?}; {hint}"
            )));
        }
        if shape.iter().any(|&d| d < 1) {
            return Err(WireError::Invalid(format!(
                "{field}.random.shape is {shape:?}; every dimension must be at least 1"
            )));
        }
        if self.seed < 0 {
            return Err(WireError::Invalid(format!(
                "{field}.random.seed is {}; it must be between 0 and 2^63 - 1",
                self.seed
            )));
        }
        let dims: Vec<usize> = shape.iter().map(|&d| d as usize).collect();
        let count = dims
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .unwrap_or(usize::MAX);
        check_elements(limits, field, count)?;
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed as u64);
        let distribution = Named::or_default(
            &format!("{field}.random.distribution"),
            self.distribution.as_ref(),
            Distribution::Normal,
        )?;
        let data: Vec<f64> = match distribution {
            Distribution::Normal => (0..count)
                .map(|_| StandardNormal.sample(&mut rng))
                .collect(),
            Distribution::Uniform => {
                let dist = Uniform::new_inclusive(-1.0, 1.0).expect("valid bounds");
                (0..count).map(|_| dist.sample(&mut rng)).collect()
            }
        };
        Ok((dims, data))
    }
}
