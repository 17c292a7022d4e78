//! The misconception library: the wrong answers that classic mistakes produce.
//!
//! A misconception is only named when it explains the answer: for each one that applies to a
//! field, the wrong answer it produces is computed (B A for A B, the transpose, the negative, the
//! squares, ...) and compared with the given answer under the same tolerance. Operations add the
//! wrong answers that need their input ([`Candidate`]s in the grading context: B A needs A and
//! B); the ones that follow from the expected value alone are made here ([`from_value`]).

use faer::{Mat, Scale};
use ndarray::ArrayD;
use serde_json::Value;

use super::verdict::Misconception;
use crate::linalg::ml::{self, Mask};
use crate::linalg::solve;
use crate::wire::answer::{self, Numbers};
use crate::wire::{MatOut, TensorOut, to_json_value};

/// A wrong answer to one field, and the mistake that produces it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub field: &'static str,
    pub misconception: Misconception,
    pub value: Value,
}

/// Numbers as JSON, as integers when `whole` (so a whole-number field's candidates still
/// compare exactly).
fn numbers_value(n: &Numbers, whole: bool) -> Value {
    let number = |x: f64| {
        if whole {
            Value::from(x as i64)
        } else {
            Value::from(x)
        }
    };
    let row = |r: &[f64]| Value::Array(r.iter().map(|&x| number(x)).collect());
    match n {
        Numbers::Scalar(x) => number(*x),
        Numbers::Vector(v) => row(v),
        Numbers::Matrix(_, c, d) => Value::Array(d.chunks(*c).map(row).collect()),
    }
}

fn map(n: &Numbers, f: impl Fn(f64) -> f64) -> Numbers {
    let entries: Vec<f64> = n.entries().iter().map(|&x| f(x)).collect();
    match n {
        Numbers::Scalar(_) => Numbers::Scalar(entries[0]),
        Numbers::Vector(_) => Numbers::Vector(entries),
        Numbers::Matrix(r, c, _) => Numbers::Matrix(*r, *c, entries),
    }
}

/// Fields whose values are sorted by convention (singular values descending, symmetric
/// eigenvalues ascending): the other order is a misconception there, a coincidence elsewhere.
const SORTED_FIELDS: [&str; 5] = [
    "s",
    "singular_values",
    "eigenvalues",
    "explained_variance",
    "explained_variance_ratio",
];

/// Fields of indices, where counting from 1 is the mistake.
const INDEX_FIELDS: [&str; 1] = ["pivots"];

/// The wrong answers that a field's expected value suggests by itself, most specific first.
pub fn from_value(field: &str, expected: &Value) -> Vec<(Misconception, Value)> {
    let Ok(e) = answer::numbers(expected) else {
        return Vec::new();
    };
    let whole = super::compare::is_whole(expected);
    let mut out = Vec::new();
    let value = |n: &Numbers| numbers_value(n, whole);
    if let Numbers::Matrix(r, c, d) = &e {
        let t: Vec<f64> = (0..*c)
            .flat_map(|j| (0..*r).map(move |i| d[i * c + j]))
            .collect();
        out.push((
            Misconception::Transposed,
            value(&Numbers::Matrix(*c, *r, t)),
        ));
    }
    if e.entries().iter().any(|&x| x != 0.0) {
        out.push((Misconception::SignError, value(&map(&e, |x| -x))));
    }
    if let (Numbers::Vector(v), true) = (&e, SORTED_FIELDS.contains(&field)) {
        let ascending = v.windows(2).all(|w| w[0] <= w[1]);
        let descending = v.windows(2).all(|w| w[0] >= w[1]);
        if (ascending || descending) && v.first() != v.last() {
            let reversed: Vec<f64> = v.iter().rev().copied().collect();
            out.push((Misconception::AscendingOrder, Value::from(reversed)));
        }
    }
    if !whole && e.entries().iter().any(|&x| x.abs() != 1.0 && x != 0.0) {
        out.push((Misconception::Squared, value(&map(&e, |x| x * x))));
        if e.entries().iter().all(|&x| x >= 0.0) {
            out.push((Misconception::Squared, value(&map(&e, f64::sqrt))));
        }
    }
    if whole && INDEX_FIELDS.contains(&field) {
        out.push((Misconception::OneBased, value(&map(&e, |x| x + 1.0))));
    }
    if field.contains("degrees") {
        out.push((
            Misconception::RadiansDegrees,
            value(&map(&e, f64::to_radians)),
        ));
    } else if field.contains("radians") {
        out.push((
            Misconception::RadiansDegrees,
            value(&map(&e, f64::to_degrees)),
        ));
    }
    // a wrong answer the same as the right one explains nothing
    out.retain(|(_, v)| answer::numbers(v).ok().as_ref() != Some(&e));
    out
}

/// A matrix as the JSON tree of an operation's response.
fn mat_value(m: &Mat<f64>) -> Option<Value> {
    to_json_value(&MatOut(m.clone())).ok()
}

fn candidate(
    field: &'static str,
    misconception: Misconception,
    value: Option<Value>,
) -> Option<Candidate> {
    value.map(|value| Candidate {
        field,
        misconception,
        value,
    })
}

/// `/matmul` of `a` and `b`: B A (for the result and its shape), and the entrywise product.
pub fn product(a: &Mat<f64>, b: &Mat<f64>) -> Vec<Candidate> {
    let mut out = Vec::new();
    if b.ncols() == a.nrows() {
        let ba = b * a;
        out.push(candidate(
            "result",
            Misconception::ProductOrder,
            mat_value(&ba),
        ));
        out.push(candidate(
            "shape",
            Misconception::ProductOrder,
            Some(Value::from(vec![ba.nrows(), ba.ncols()])),
        ));
    }
    if (a.nrows(), a.ncols()) == (b.nrows(), b.ncols()) {
        let hadamard = Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[(i, j)] * b[(i, j)]);
        out.push(candidate(
            "result",
            Misconception::ElementwiseProduct,
            mat_value(&hadamard),
        ));
    }
    out.into_iter().flatten().collect()
}

/// `/inverse` of `a`: the adjugate (the inverse not divided by the determinant), and the
/// cofactor matrix divided by it or not (the adjugate not transposed).
pub fn inverse(a: &Mat<f64>) -> Vec<Candidate> {
    let (Ok(inv), Ok(det)) = (solve::inverse(a), solve::determinant(a)) else {
        return Vec::new();
    };
    let adjugate = &inv * Scale(det);
    let transposed = inv.transpose().to_owned();
    let cofactors = &transposed * Scale(det);
    [
        candidate(
            "inverse",
            Misconception::MissingDeterminantScale,
            mat_value(&adjugate),
        ),
        candidate(
            "inverse",
            Misconception::AdjugateNotTransposed,
            mat_value(&transposed),
        ),
        candidate(
            "inverse",
            Misconception::AdjugateNotTransposed,
            mat_value(&cofactors),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `/pca` of `samples` samples: variances divided by n instead of n - 1, or the reverse.
pub fn pca(explained_variance: &[f64], samples: usize) -> Vec<Candidate> {
    let n = samples as f64;
    [(n - 1.0) / n, n / (n - 1.0)]
        .into_iter()
        .filter_map(|f| {
            let v: Vec<f64> = explained_variance.iter().map(|x| x * f).collect();
            candidate(
                "explained_variance",
                Misconception::Ddof,
                Some(Value::from(v)),
            )
        })
        .collect()
}

/// `/attention` without the 1/sqrt(d) scale: its scores, weights and output.
pub fn attention(q: &Mat<f64>, k: &Mat<f64>, v: &Mat<f64>, mask: Option<&Mask>) -> Vec<Candidate> {
    let unscaled_q = q * Scale((q.ncols() as f64).sqrt());
    let Ok(r) = ml::attention(&unscaled_q, k, v, mask) else {
        return Vec::new();
    };
    [
        candidate("scores", Misconception::MissingScale, mat_value(&r.scores)),
        candidate(
            "weights",
            Misconception::MissingScale,
            mat_value(&r.weights),
        ),
        candidate("output", Misconception::MissingScale, mat_value(&r.output)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `/tensor/transpose` answered with all dimensions reversed (torch's `.T`) instead of the two
/// asked for.
pub fn tensor_reversed(t: &ArrayD<f64>) -> Vec<Candidate> {
    let reversed = t.clone().reversed_axes();
    to_json_value(&TensorOut::from(reversed))
        .ok()
        .map(|value| Candidate {
            field: "tensor",
            misconception: Misconception::Transposed,
            value,
        })
        .into_iter()
        .collect()
}

/// The mistake in words a student can act on.
pub fn explain(m: Misconception) -> &'static str {
    match m {
        Misconception::ProductOrder => {
            "You multiplied in the wrong order (B A instead of A B); matrix multiplication does not commute, and row i of A B is row i of A times B."
        }
        Misconception::Transposed => {
            "Your answer is the transpose of the right one: check which index is the row and which the column."
        }
        Misconception::ElementwiseProduct => {
            "You multiplied entry by entry; the matrix product takes dot products of the rows of A with the columns of B."
        }
        Misconception::MissingDeterminantScale => {
            "You found the adjugate but did not divide it by the determinant: A^-1 = adj(A) / det(A)."
        }
        Misconception::AdjugateNotTransposed => {
            "You used the matrix of cofactors without transposing it: the adjugate is the transpose of the cofactor matrix."
        }
        Misconception::SignError => {
            "Your answer has the opposite sign: check the signs in your expansion (the checkerboard of cofactor signs, or a subtraction)."
        }
        Misconception::FactorsSwapped => {
            "You gave the other factor (or its transpose): u holds the left singular vectors as columns, vt the right ones as rows."
        }
        Misconception::Squared => {
            "Your values are the squares of the right ones, or their square roots: singular values are the square roots of the eigenvalues of A^T A, and a norm is a square root."
        }
        Misconception::AscendingOrder => {
            "Your values are in the opposite order: check which way they should be sorted."
        }
        Misconception::Ddof => {
            "You divided by n where n - 1 is used (or the reverse): the sample variance divides by n - 1."
        }
        Misconception::OneBased => "Your indices are off by one: positions count from 0 here.",
        Misconception::MissingScale => {
            "You left out the scale: attention divides the scores Q K^T by sqrt(d) before the softmax."
        }
        Misconception::RadiansDegrees => {
            "You mixed up radians and degrees: pi radians is 180 degrees."
        }
        Misconception::TooFewDigits => {
            "Your answer is right to fewer digits than asked: keep more digits through the working and round only at the end."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_matrix_suggests_its_transpose_and_negative() {
        let c = from_value("result", &json!([[1.0, 2.0, 3.0]]));
        assert!(c.contains(&(Misconception::Transposed, json!([[1.0], [2.0], [3.0]]))));
        assert!(c.contains(&(Misconception::SignError, json!([[-1.0, -2.0, -3.0]]))));
    }

    #[test]
    fn sorted_vectors_suggest_the_other_order_and_indices_one_base() {
        let c = from_value("s", &json!([3.0, 1.0]));
        assert!(c.contains(&(Misconception::AscendingOrder, json!([1.0, 3.0]))));
        assert!(c.contains(&(Misconception::Squared, json!([9.0, 1.0]))));
        let c = from_value("pivots", &json!([0, 2]));
        assert!(c.contains(&(Misconception::OneBased, json!([1, 3]))));
        let c = from_value("result", &json!([[2.0]]));
        assert!(
            c.iter().all(|(m, _)| *m != Misconception::Transposed),
            "a 1x1 matrix is its own transpose"
        );
        let c = from_value("angle_degrees", &json!(90.0));
        assert!(c.iter().any(|(m, _)| *m == Misconception::RadiansDegrees));
    }
}
