//! Equivalence-aware grading: one comparison engine, a rule per kind of field, a library of
//! recognised mistakes, and feedback that teaches without giving the answer away.
//!
//! The expected answer always comes from the operation itself (`/grade` runs the exercise's
//! input through the operation's own `run`), so this module only *compares*. Entry-by-entry
//! comparison is wrong for anything defined up to sign, scale or basis, so those fields are
//! compared by what they mean ([`rules`]): eigenvalues as a multiset, eigenvectors by
//! `A v = λ v` (any nonzero scale, any basis of a repeated eigenspace), SVD factors by
//! orthonormality and `U diag(s) Vt = A` (or the span of each singular subspace), PCA components
//! up to sign with the scores flipped to match, bases by the subspace they span, exact answers
//! exactly when that is required, top-k lists with ties in any order. Which rule a field follows
//! is declared by its operation (`crate::api::registry`).
//!
//! A wrong field is then explained when a recognised mistake reproduces it ([`misconceptions`]),
//! and put in words as far as the teacher's `reveal` allows ([`feedback`]). Students' numbers are
//! read by [`crate::wire::answer`]; [`exercises`] makes the seeded exercises.

pub mod advice;
pub mod compare;
pub mod exercises;
pub mod feedback;
pub mod misconceptions;
pub mod options;
pub mod rules;
pub mod tolerance;
pub mod verdict;

use faer::Mat;
use serde_json::{Map, Value};

pub use misconceptions::Candidate;
pub use options::{Options, Requirement, Reveal};
pub use tolerance::Tolerance;
pub use verdict::{Code, FieldVerdict, Grade, GradeError, Misconception};

use compare::compare;
use rules::{bases, eigen, exact, factors, mat_of, pca, product, ranked, tensor};
use verdict::Check;

/// How a response field is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Entry by entry within the tolerance (whole numbers exactly): the default.
    Values,
    /// A product's result: by value, with the reversed product named when its shape is B A's.
    Product,
    /// `u` or `vt` of the input matrix: up to paired signs, or rotation inside a repeated
    /// singular value.
    SingularVectors,
    /// `u` or `vt` of a truncated SVD: the same, against the approximation.
    TruncatedSingularVectors,
    /// A multiset of (possibly complex) numbers.
    Eigenvalues,
    /// `A v = λ v`, each vector with its own eigenvalue, any nonzero scale.
    Eigenvectors,
    /// PCA components up to sign, scores flipped with their component.
    PcaSigned,
    /// A basis of the expected subspace.
    Basis,
    /// Values the endpoint has exactly (`/rref`'s rationals, the determinant of an integer
    /// matrix): within the tolerance, and exactly with `require: ["exact"]`.
    Exact,
    /// Ranked results, equal scores in any order.
    Ranked,
    /// A tensor: its shape exactly, then its data.
    Tensor,
}

/// What grading needs of the request beside the expected answer.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The input matrix, for rules that check defining properties.
    pub matrix: Option<Mat<f64>>,
    /// The two factors of a product.
    pub factors: Option<(Mat<f64>, Mat<f64>)>,
    /// Whether the endpoint's answer is exact (an exact RREF, an integer matrix's determinant).
    pub exact: bool,
    /// Wrong answers that recognised mistakes produce from this input.
    pub candidates: Vec<Candidate>,
}

impl Context {
    pub fn of_matrix(matrix: Option<Mat<f64>>) -> Context {
        Context {
            matrix,
            ..Context::default()
        }
    }

    /// Adds the wrong answers that recognised mistakes produce.
    pub fn with_candidates(mut self, candidates: Vec<Candidate>) -> Context {
        self.candidates.extend(candidates);
        self
    }
}

/// Grades `answer` against `expected` (the operation's response, `timing` removed), field by
/// field under each field's rule. `op` names the operation in messages.
pub fn grade(
    op: &str,
    rules: &[(&str, Rule)],
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
    context: &Context,
    options: &Options,
) -> Result<Grade, GradeError> {
    let unknown: Vec<&str> = answer
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        let mut known: Vec<&str> = expected.keys().map(String::as_str).collect();
        known.sort();
        return Err(GradeError::InvalidAnswer(format!(
            "answer has fields that {op} does not return: {}; it returns {}",
            unknown.join(", "),
            known.join(", ")
        )));
    }
    if answer.is_empty() {
        return Err(GradeError::InvalidAnswer(format!(
            "answer is empty; give at least one of {op}'s response fields"
        )));
    }
    let mut checked = Vec::with_capacity(answer.len());
    let mut hint = None;
    // Answer fields in the operation's order.
    for (field, e) in expected {
        let Some(g) = answer.get(field) else { continue };
        let rule = rules
            .iter()
            .find(|(f, _)| f == field)
            .map_or(Rule::Values, |(_, r)| *r);
        let mut check = if g.is_null() {
            Check::fail(Code::Missing, "no value was given")
        } else {
            check_field(rule, field, e, g, expected, answer, context, options)
        };
        if !check.is_ok() && check.misconception.is_none() && !g.is_null() {
            check.misconception = recognise(rule, field, e, g, context, &options.tolerance);
        }
        if rule == Rule::Product && check.code == Code::WrongShape {
            hint = product::reversed_product_hint(context.factors.as_ref(), e, g);
        }
        checked.push((field.as_str(), e, check));
    }
    Ok(feedback::grade(checked, hint, options))
}

/// The mistake that explains a wrong answer, if a recognised one does: the operation's own
/// wrong answers first, then those the expected value suggests, then a near miss.
fn recognise(
    rule: Rule,
    field: &str,
    e: &Value,
    g: &Value,
    context: &Context,
    tol: &Tolerance,
) -> Option<Misconception> {
    let explains = |candidate: &Value| candidate != e && compare(candidate, g, tol).is_ok();
    if let Some(c) = context
        .candidates
        .iter()
        .find(|c| c.field == field && explains(&c.value))
    {
        return Some(c.misconception);
    }
    if matches!(rule, Rule::Values | Rule::Product | Rule::Exact) {
        if let Some((m, _)) = misconceptions::from_value(field, e)
            .into_iter()
            .find(|(_, value)| explains(value))
        {
            return Some(m);
        }
        if near_miss(e, g, tol) {
            return Some(Misconception::TooFewDigits);
        }
    }
    None
}

/// Whether every wrong entry is within ten times the tolerance: right to fewer digits.
fn near_miss(e: &Value, g: &Value, tol: &Tolerance) -> bool {
    use crate::wire::answer::numbers;
    let (Ok(e), Ok(g)) = (numbers(e), numbers(g)) else {
        return false;
    };
    let (e, g) = (e.entries(), g.entries());
    e.len() == g.len()
        && e.iter().zip(g).any(|(x, y)| !tol.ok(*y, *x))
        && e.iter()
            .zip(g)
            .all(|(x, y)| tol.ok(*y, *x) || tol.near_miss(*y, *x))
}

/// One field under its rule. Rules that need the input fall back to comparing values when the
/// input is not at hand.
#[allow(clippy::too_many_arguments)]
fn check_field(
    rule: Rule,
    field: &str,
    e: &Value,
    g: &Value,
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
    context: &Context,
    options: &Options,
) -> Check {
    let tol = &options.tolerance;
    match rule {
        Rule::Values | Rule::Product => compare(e, g, tol),
        Rule::SingularVectors => match &context.matrix {
            Some(a) => factors::check_svd_factor(field, a, expected, answer, options),
            None => compare(e, g, tol),
        },
        Rule::TruncatedSingularVectors => {
            let target = expected
                .get("approximation")
                .and_then(mat_of)
                .unwrap_or_else(|| Mat::zeros(0, 0));
            factors::check_svd_factor(field, &target, expected, answer, options)
        }
        Rule::Eigenvalues => eigen::check_eigenvalues(e, g, options),
        Rule::Eigenvectors => match &context.matrix {
            Some(a) => {
                // Pair vectors with the student's eigenvalues when those are right.
                let expected_values = expected.get("eigenvalues").unwrap_or(&Value::Null);
                let values = answer
                    .get("eigenvalues")
                    .filter(|v| eigen::check_eigenvalues(expected_values, v, options).is_ok())
                    .unwrap_or(expected_values);
                let values = crate::wire::answer::complex_list(values).unwrap_or_default();
                eigen::check_eigenvectors(a, &values, g, options)
            }
            None => compare(e, g, tol),
        },
        Rule::PcaSigned => pca::check_pca(field, expected, answer, options),
        Rule::Basis => bases::check_basis(e, g, options),
        Rule::Exact => exact::check_exact(
            e,
            g,
            tol,
            context.exact && options.requires(Requirement::Exact),
        ),
        Rule::Ranked => ranked::check_ranked(e, g, tol),
        Rule::Tensor => tensor::check_tensor(e, g, tol),
    }
}
