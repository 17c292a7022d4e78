//! Verdicts: the stable codes, the misconceptions, one field's verdict, the whole grade.

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

/// A recognised mistake: given only when computing the mistake's answer reproduces the given
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Misconception {
    /// B A for A B.
    ProductOrder,
    /// The transpose of the expected matrix.
    Transposed,
    /// Entrywise instead of matrix product.
    ElementwiseProduct,
    /// An inverse not divided by the determinant (the adjugate).
    MissingDeterminantScale,
    /// The cofactor matrix instead of its transpose.
    AdjugateNotTransposed,
    /// The negative of the expected value.
    SignError,
    /// V given for Vt, or u for v.
    FactorsSwapped,
    /// Squared values (eigenvalues of A^T A for singular values), or the reverse.
    Squared,
    /// Sorted the wrong way.
    AscendingOrder,
    /// n where n - 1 was expected, or the reverse.
    Ddof,
    /// Indices off by one.
    OneBased,
    /// Attention without the 1/sqrt(d) scale.
    MissingScale,
    /// Radians for degrees, or the reverse.
    RadiansDegrees,
    /// Right to fewer digits than the tolerance asks.
    TooFewDigits,
}

/// Outcome of comparing one field, before it is put in words for the student.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub code: Code,
    pub misconception: Option<Misconception>,
    pub max_abs_error: Option<f64>,
    /// Which entries are right (booleans shaped like the field), where entries can be judged.
    pub correct_entries: Option<Value>,
    /// The share of the field that is right, for partial credit.
    pub credit: f64,
    /// What is wrong, in words; it may name the expected structure (a shape, a count) but no
    /// expected value.
    pub what: String,
    /// The same with nothing taken from the expected answer, where `what` names some of it.
    pub blind: Option<String>,
    /// Where: the first wrong entry, row or vector.
    pub place: Option<String>,
    /// The expected value at that place, and the given one.
    pub values: Option<String>,
}

impl Check {
    pub fn ok(err: Option<f64>) -> Check {
        Check {
            code: Code::Ok,
            misconception: None,
            max_abs_error: err,
            correct_entries: None,
            credit: 1.0,
            what: String::new(),
            blind: None,
            place: None,
            values: None,
        }
    }

    pub fn fail(code: Code, what: impl Into<String>) -> Check {
        Check {
            code,
            misconception: None,
            max_abs_error: None,
            correct_entries: None,
            credit: 0.0,
            what: what.into(),
            blind: None,
            place: None,
            values: None,
        }
    }

    pub fn with_error(mut self, err: f64) -> Check {
        self.max_abs_error = Some(err);
        self
    }

    /// What is wrong with nothing taken from the expected answer (for `reveal: none`).
    pub fn blind(mut self, text: impl Into<String>) -> Check {
        self.blind = Some(text.into());
        self
    }

    pub fn at(mut self, place: impl Into<String>) -> Check {
        self.place = Some(place.into());
        self
    }

    pub fn showing(mut self, values: impl Into<String>) -> Check {
        self.values = Some(values.into());
        self
    }

    pub fn because(mut self, misconception: Misconception) -> Check {
        self.misconception = Some(misconception);
        self
    }

    /// Which entries are right; the credit becomes their share.
    pub fn entries(mut self, flags: Value, right: usize, total: usize) -> Check {
        self.correct_entries = Some(flags);
        if self.code != Code::Ok {
            self.credit = if total == 0 {
                0.0
            } else {
                right as f64 / total as f64
            };
        }
        self
    }

    pub fn is_ok(&self) -> bool {
        self.code == Code::Ok
    }
}

/// The verdict on one answered field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldVerdict {
    pub field: String,
    pub correct: bool,
    pub code: Code,
    /// The recognised mistake that produces the given answer, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub misconception: Option<Misconception>,
    /// The endpoint's own answer for this field (for the backend, whatever `reveal` says).
    pub expected: Value,
    /// Largest entry-wise error, where values were compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub max_abs_error: Option<f64>,
    /// Which entries are right (same shape as the field), for a vector or matrix field of the
    /// right shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<CorrectEntries>)]
    #[schema(nullable = false)]
    pub correct_entries: Option<Value>,
    /// What is right or wrong, as much as `reveal` allows.
    pub message: String,
}

/// The schema of `correct_entries`: one boolean per entry of a vector field, or rows of them
/// for a matrix field. (Documentation only: the flags are built as JSON values, shaped like
/// the answer they judge.)
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum CorrectEntries {
    Vector(Vec<bool>),
    Matrix(Vec<Vec<bool>>),
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Grade {
    /// All given fields right.
    pub correct: bool,
    /// 0..1: the share of given fields right, or with `partial_credit` the mean of each field's
    /// share of right entries.
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
