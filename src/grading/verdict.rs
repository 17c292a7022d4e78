//! Verdicts: the stable codes, one field's verdict, the whole grade.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// What is wrong with a field (or `ok`), as a stable machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    Ok,
    WrongShape,
    WrongValues,
    WrongType,
    Missing,
    NotOrthonormal,
    NotNormalized,
    WrongSpan,
    WrongDimension,
    WrongSignPairing,
    NotEigenvector,
    DependentVectors,
    NotExact,
    WrongOrder,
}

/// Outcome of one comparison before it is wrapped into a verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub code: Code,
    pub max_abs_error: Option<f64>,
    pub message: String,
}

impl Check {
    pub fn ok(err: Option<f64>) -> Check {
        Check {
            code: Code::Ok,
            max_abs_error: err,
            message: "correct".into(),
        }
    }

    pub fn fail(code: Code, message: String) -> Check {
        Check {
            code,
            max_abs_error: None,
            message,
        }
    }

    pub fn with_error(mut self, err: f64) -> Check {
        self.max_abs_error = Some(err);
        self
    }

    pub fn is_ok(&self) -> bool {
        self.code == Code::Ok
    }

    /// The same failure with `prefix: ` in front of its message.
    pub fn prefixed(self, prefix: &str) -> Check {
        Check {
            message: format!("{prefix}: {}", self.message),
            ..self
        }
    }
}

/// The verdict on one answered field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldVerdict {
    pub field: String,
    pub correct: bool,
    pub code: Code,
    /// The endpoint's own answer for this field.
    pub expected: Value,
    /// Largest entry-wise error, where values were compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_abs_error: Option<f64>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Grade {
    /// All given fields right.
    pub correct: bool,
    /// Share of given fields right, 0..1.
    pub score: f64,
    pub fields: Vec<FieldVerdict>,
    /// One paragraph for the student, naming the first thing to fix.
    pub feedback: String,
}

/// An answer that cannot be graded at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GradeError {
    #[error("{0}")]
    InvalidAnswer(String),
}
