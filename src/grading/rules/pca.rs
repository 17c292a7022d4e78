//! PCA: components up to sign, with `transformed` flipped to match.

use faer::Mat;
use serde_json::{Map, Value};

use super::mat_of;
use crate::grading::compare::{compare_generic, compare_numbers};
use crate::grading::tolerance::Tolerance;
use crate::grading::verdict::{Check, Code};
use crate::wire::answer::Numbers;

/// PCA: each component up to sign; `transformed` columns flipped with their component.
fn pca_signs(expected: &Mat<f64>, given: &Mat<f64>, by_rows: bool) -> Vec<f64> {
    let count = if by_rows {
        expected.nrows()
    } else {
        expected.ncols()
    };
    (0..count)
        .map(|c| {
            let dot: f64 = if by_rows {
                (0..expected.ncols())
                    .map(|j| expected[(c, j)] * given[(c, j)])
                    .sum()
            } else {
                (0..expected.nrows())
                    .map(|i| expected[(i, c)] * given[(i, c)])
                    .sum()
            };
            if dot < 0.0 { -1.0 } else { 1.0 }
        })
        .collect()
}

pub fn check_pca(
    field: &str,
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
    tol: &Tolerance,
) -> Check {
    let (Some(e), Some(g)) = (mat_of(&expected[field]), mat_of(&answer[field])) else {
        return compare_generic(&expected[field], &answer[field], tol);
    };
    if (e.nrows(), e.ncols()) != (g.nrows(), g.ncols()) {
        return Check::fail(
            Code::WrongShape,
            format!(
                "expected a {}x{} matrix, got {}x{}",
                e.nrows(),
                e.ncols(),
                g.nrows(),
                g.ncols()
            ),
        );
    }
    let signs = match (
        field,
        answer.get("components").and_then(mat_of),
        expected.get("components").and_then(mat_of),
    ) {
        ("transformed", Some(gc), Some(ec))
            if (gc.nrows(), gc.ncols()) == (ec.nrows(), ec.ncols()) =>
        {
            pca_signs(&ec, &gc, true)
        }
        ("transformed", _, _) => pca_signs(&e, &g, false),
        _ => pca_signs(&e, &g, true),
    };
    let flipped = if field == "components" {
        Mat::from_fn(g.nrows(), g.ncols(), |i, j| g[(i, j)] * signs[i])
    } else {
        Mat::from_fn(g.nrows(), g.ncols(), |i, j| g[(i, j)] * signs[j])
    };
    let as_numbers = |m: &Mat<f64>| {
        Numbers::Matrix(
            m.nrows(),
            m.ncols(),
            (0..m.nrows())
                .flat_map(|i| (0..m.ncols()).map(move |j| (i, j)))
                .map(|(i, j)| m[(i, j)])
                .collect(),
        )
    };
    let c = compare_numbers(&as_numbers(&e), &as_numbers(&flipped), tol);
    if !c.is_ok() && field == "transformed" && answer.contains_key("components") {
        return Check {
            message: format!(
                "{} (scores are compared after flipping each column with its component's sign)",
                c.message
            ),
            ..c
        };
    }
    c
}
