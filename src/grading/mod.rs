//! Equivalence-aware grading: one comparison engine, a rule per kind of field.
//!
//! The expected answer always comes from the operation itself (`/grade` runs the exercise's
//! input through the operation's own `run`), so this module only *compares*. Entry-by-entry
//! comparison is wrong for anything defined up to sign or basis, so those fields are compared by
//! what they mean ([`rules`]): eigenvalues as a multiset, eigenvectors by `A v = λ v` (any basis
//! of a repeated eigenspace, any phase), SVD factors by orthonormality and `U diag(s) Vt = A` (or
//! the span of each singular subspace), PCA components up to sign with the scores flipped to
//! match, bases by the subspace they span, exact rationals exactly, top-k lists with ties in any
//! order. Which rule a field follows is declared by its operation (`crate::api::registry`).
//!
//! Every verdict carries a stable [`Code`] and a message naming what to fix; the advice for each
//! code is one exhaustive match ([`advice`]). Students' numbers are read by
//! [`crate::wire::answer`]; [`exercises`] makes the seeded exercises.

pub mod advice;
pub mod compare;
pub mod exercises;
pub mod rules;
pub mod tolerance;
pub mod verdict;

use faer::Mat;
use serde_json::{Map, Value};

pub use tolerance::Tolerance;
pub use verdict::{Code, FieldVerdict, Grade, GradeError};

use compare::compare_generic;
use rules::{bases, eigen, exact, factors, mat_of, pca, product, ranked};
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
    /// Exact rationals when the request asked for exact arithmetic, else by value.
    ExactWhenExact,
    /// Exact for an integer matrix's determinant, else by value.
    Determinant,
    /// Ranked results, equal scores in any order.
    Ranked,
}

/// What grading needs of the request beside the expected answer.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The input matrix, for rules that check defining properties.
    pub matrix: Option<Mat<f64>>,
    /// The two factors of a product.
    pub factors: Option<(Mat<f64>, Mat<f64>)>,
    /// Whether the request asked for exact arithmetic.
    pub exact: bool,
}

impl Context {
    pub fn of_matrix(matrix: Option<Mat<f64>>) -> Context {
        Context {
            matrix,
            ..Context::default()
        }
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
    tol: Tolerance,
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
    let mut fields = Vec::with_capacity(answer.len());
    let mut hint = None;
    // Answer fields in the operation's order.
    for (field, e) in expected {
        let Some(g) = answer.get(field) else { continue };
        let rule = rules
            .iter()
            .find(|(f, _)| f == field)
            .map_or(Rule::Values, |(_, r)| *r);
        let check = if g.is_null() {
            Check::fail(Code::Missing, format!("{field} is null; give a value"))
        } else {
            check_field(rule, field, e, g, expected, answer, context, &tol)
        };
        if rule == Rule::Product && check.code == Code::WrongShape {
            hint = product::reversed_product_hint(context.factors.as_ref(), e, g);
        }
        fields.push(FieldVerdict {
            field: field.clone(),
            correct: check.is_ok(),
            code: check.code,
            expected: e.clone(),
            max_abs_error: check.max_abs_error,
            message: if check.is_ok() {
                format!("{field} is correct")
            } else {
                format!("{field}: {}", check.message)
            },
        });
    }
    let right = fields.iter().filter(|f| f.correct).count();
    let correct = right == fields.len();
    let feedback = if correct {
        format!(
            "All {} answered field{} correct.",
            fields.len(),
            if fields.len() == 1 { " is" } else { "s are" }
        )
    } else {
        let first = fields.iter().find(|f| !f.correct).expect("one is wrong");
        let advice = hint.unwrap_or_else(|| advice::advice_for(first.code).to_string());
        format!(
            "{right} of {} answered fields are correct. Fix {} first: {}. {advice}",
            fields.len(),
            first.field,
            first
                .message
                .trim_start_matches(&format!("{}: ", first.field))
        )
    };
    Ok(Grade {
        correct,
        score: right as f64 / fields.len() as f64,
        fields,
        feedback,
    })
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
    tol: &Tolerance,
) -> Check {
    match rule {
        Rule::Values | Rule::Product => compare_generic(e, g, tol),
        Rule::SingularVectors => match &context.matrix {
            Some(a) => factors::check_svd_factor(field, a, expected, answer, tol),
            None => compare_generic(e, g, tol),
        },
        Rule::TruncatedSingularVectors => {
            let target = expected
                .get("approximation")
                .and_then(mat_of)
                .unwrap_or_else(|| Mat::zeros(0, 0));
            factors::check_svd_factor(field, &target, expected, answer, tol)
        }
        Rule::Eigenvalues => eigen::check_eigenvalues(e, g, tol),
        Rule::Eigenvectors => match &context.matrix {
            Some(a) => {
                // Pair vectors with the student's eigenvalues when those are right.
                let expected_values = expected.get("eigenvalues").unwrap_or(&Value::Null);
                let values = answer
                    .get("eigenvalues")
                    .filter(|v| eigen::check_eigenvalues(expected_values, v, tol).is_ok())
                    .unwrap_or(expected_values);
                let values = crate::wire::answer::complex_list(values).unwrap_or_default();
                eigen::check_eigenvectors(a, &values, g, tol)
            }
            None => compare_generic(e, g, tol),
        },
        Rule::PcaSigned => pca::check_pca(field, expected, answer, tol),
        Rule::Basis => bases::check_basis(e, g, tol),
        Rule::ExactWhenExact if context.exact => exact::check_exact_matrix(e, g),
        Rule::ExactWhenExact => compare_generic(e, g, tol),
        Rule::Determinant => context
            .matrix
            .as_ref()
            .and_then(crate::linalg::exact::as_small_integer_matrix)
            .and_then(|_| exact::check_exact_number(e, g))
            .unwrap_or_else(|| compare_generic(e, g, tol)),
        Rule::Ranked => ranked::check_ranked(e, g, tol),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn shape_is_checked_before_values_and_names_both() {
        let expected = obj(json!({"result": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}));
        let answer = obj(json!({"result": [[1, 4], [2, 5], [3, 6]]}));
        let g = grade(
            "transpose",
            &[],
            &expected,
            &answer,
            &Context::default(),
            Tolerance::default(),
        )
        .unwrap();
        assert_eq!(g.fields[0].code, Code::WrongShape);
        assert!(
            g.fields[0]
                .message
                .contains("expected a 2x3 matrix, got a 3x2 matrix"),
            "{}",
            g.fields[0].message
        );
        assert!(!g.correct && g.score == 0.0);
    }

    #[test]
    fn eigenvalues_compare_as_a_multiset() {
        let expected = obj(json!({"eigenvalues": [1.0, 3.0]}));
        let rules = [("eigenvalues", Rule::Eigenvalues)];
        let g = grade(
            "eigen",
            &rules,
            &expected,
            &obj(json!({"eigenvalues": [3, 1]})),
            &Context::default(),
            Tolerance::default(),
        )
        .unwrap();
        assert!(g.correct);
        let g = grade(
            "eigen",
            &rules,
            &expected,
            &obj(json!({"eigenvalues": [3, 2]})),
            &Context::default(),
            Tolerance::default(),
        )
        .unwrap();
        assert_eq!(g.fields[0].code, Code::WrongValues);
    }

    #[test]
    fn exact_rationals_compare_exactly() {
        let rules = [("rref", Rule::ExactWhenExact)];
        let exact = Context {
            exact: true,
            ..Context::default()
        };
        let expected = obj(json!({"rref": [["1", "3/2"], ["0", "0"]]}));
        let ok = grade(
            "rref",
            &rules,
            &expected,
            &obj(json!({"rref": [["1", "1.5"], [0, "0/7"]]})),
            &exact,
            Tolerance::default(),
        )
        .unwrap();
        assert!(ok.correct, "{:?}", ok.fields);
        let off = grade(
            "rref",
            &rules,
            &expected,
            &obj(json!({"rref": [["1", 1.5000001], ["0", "0"]]})),
            &exact,
            Tolerance::default(),
        )
        .unwrap();
        assert_eq!(off.fields[0].code, Code::NotExact);
    }

    #[test]
    fn unknown_answer_fields_are_refused_by_name() {
        let e = grade(
            "dot",
            &[],
            &obj(json!({"dot": 32.0})),
            &obj(json!({"dott": 32})),
            &Context::default(),
            Tolerance::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("dott"));
    }

    #[test]
    fn ties_may_come_in_any_order() {
        let expected = obj(
            json!({"results": [{"index": 0, "score": 1.0}, {"index": 3, "score": 1.0}, {"index": 2, "score": 0.5}]}),
        );
        let swapped = obj(
            json!({"results": [{"index": 3, "score": 1.0}, {"index": 0, "score": 1.0}, {"index": 2, "score": 0.5}]}),
        );
        assert!(
            grade(
                "cosine-search",
                &[("results", Rule::Ranked)],
                &expected,
                &swapped,
                &Context::default(),
                Tolerance::default()
            )
            .unwrap()
            .correct
        );
        let wrong = obj(
            json!({"results": [{"index": 2, "score": 1.0}, {"index": 0, "score": 1.0}, {"index": 3, "score": 0.5}]}),
        );
        assert!(
            !grade(
                "cosine-search",
                &[("results", Rule::Ranked)],
                &expected,
                &wrong,
                &Context::default(),
                Tolerance::default()
            )
            .unwrap()
            .correct
        );
    }
}
