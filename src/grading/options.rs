//! What a teacher asks of a grading: the tolerance, extra requirements, how much the feedback
//! may reveal, and whether partial answers earn partial credit.

use super::tolerance::Tolerance;
use crate::wire::Choice;

/// An extra condition on top of being right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Eigenvectors and PCA components of unit length.
    Unit,
    /// Bases orthonormal.
    Orthonormal,
    /// Eigenvalues (with their eigenvectors) in the endpoint's order.
    Order,
    /// Numbers equal to the exact value where the endpoint has one (`/rref`, and
    /// `/determinant` of an integer matrix).
    Exact,
}

impl Choice for Requirement {
    const SCHEMA_NAME: &'static str = "Requirement";
    const DESCRIPTION: &'static str = "`unit`: eigenvectors and PCA components of unit length; `orthonormal`: bases orthonormal; `order`: eigenvalues (with their eigenvectors) in the endpoint's order; `exact`: numbers equal to the exact value where the endpoint has one (`/rref`, `/determinant` of an integer matrix).";
    const ALL: &'static [(Self, &'static str)] = &[
        (Requirement::Unit, "unit"),
        (Requirement::Orthonormal, "orthonormal"),
        (Requirement::Order, "order"),
        (Requirement::Exact, "exact"),
    ];
}

impl Requirement {
    /// The requirement in words, for prompts.
    pub fn in_words(self) -> &'static str {
        match self {
            Requirement::Unit => "vectors of unit length",
            Requirement::Orthonormal => "orthonormal basis vectors",
            Requirement::Order => "the eigenvalues in the endpoint's order",
            Requirement::Exact => "exact values (fractions such as 3/2, not rounded decimals)",
        }
    }
}

/// How much `feedback` and each `message` may show the student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Reveal {
    /// What is wrong, in words, with no number taken from the expected answer.
    None,
    /// Also where (the first wrong entry, row or vector) and the recognised misconception.
    #[default]
    Hint,
    /// Also the expected values.
    Full,
}

impl Choice for Reveal {
    const SCHEMA_NAME: &'static str = "Reveal";
    const DESCRIPTION: &'static str = "`none`: what is wrong, in words, without numbers from the expected answer; `hint` (default): also where and the recognised misconception; `full`: also the expected values.";
    const ALL: &'static [(Self, &'static str)] = &[
        (Reveal::None, "none"),
        (Reveal::Hint, "hint"),
        (Reveal::Full, "full"),
    ];
}

/// Everything that shapes a grading beside the answer itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    pub tolerance: Tolerance,
    pub require: Vec<Requirement>,
    pub reveal: Reveal,
    pub partial_credit: bool,
}

impl Options {
    pub fn requires(&self, r: Requirement) -> bool {
        self.require.contains(&r)
    }
}
