//! PCA: components up to sign (and scale, unless unit length is required), with `transformed`
//! flipped to match.

use faer::Mat;
use serde_json::{Map, Value};

use super::mat_of;
use crate::grading::compare::{compare, compare_numbers};
use crate::grading::options::{Options, Requirement};
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

fn as_numbers(m: &Mat<f64>) -> Numbers {
    Numbers::Matrix(
        m.nrows(),
        m.ncols(),
        (0..m.nrows())
            .flat_map(|i| (0..m.ncols()).map(move |j| (i, j)))
            .map(|(i, j)| m[(i, j)])
            .collect(),
    )
}

/// `components` (each row up to sign, and up to scale unless `unit` is required) or
/// `transformed` (each column flipped with its component's sign).
pub fn check_pca(
    field: &str,
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
    opts: &Options,
) -> Check {
    let tol = &opts.tolerance;
    let (Some(e), Some(g)) = (mat_of(&expected[field]), mat_of(&answer[field])) else {
        return compare(&expected[field], &answer[field], tol);
    };
    if (e.nrows(), e.ncols()) != (g.nrows(), g.ncols()) {
        return Check::fail(
            Code::WrongShape,
            format!(
                "expected a {}x{} matrix, got a {}x{} matrix",
                e.nrows(),
                e.ncols(),
                g.nrows(),
                g.ncols()
            ),
        )
        .blind(format!(
            "the shape is wrong: you gave a {}x{} matrix",
            g.nrows(),
            g.ncols()
        ));
    }
    if field == "components" {
        // Each row scaled to unit length with the expected row's sign, then compared.
        let norms: Vec<f64> = (0..g.nrows()).map(|i| g.row(i).norm_l2()).collect();
        let signs = pca_signs(&e, &g, true);
        let scaled = Mat::from_fn(g.nrows(), g.ncols(), |i, j| {
            if norms[i] == 0.0 {
                0.0
            } else {
                g[(i, j)] * signs[i] / norms[i]
            }
        });
        let c = compare_numbers(&as_numbers(&e), &as_numbers(&scaled), tol, false);
        if c.is_ok()
            && opts.requires(Requirement::Unit)
            && let Some(i) = norms.iter().position(|&n| !tol.ok(n, 1.0))
        {
            return Check::fail(
                Code::NotNormalized,
                "the components point the right way but are not of unit length",
            )
            .at(format!("component {i}"))
            .entries(c.correct_entries.clone().unwrap_or(Value::Null), 0, 1);
        }
        return c;
    }
    let signs = match (
        answer.get("components").and_then(mat_of),
        expected.get("components").and_then(mat_of),
    ) {
        (Some(gc), Some(ec)) if (gc.nrows(), gc.ncols()) == (ec.nrows(), ec.ncols()) => {
            pca_signs(&ec, &gc, true)
        }
        _ => pca_signs(&e, &g, false),
    };
    let flipped = Mat::from_fn(g.nrows(), g.ncols(), |i, j| g[(i, j)] * signs[j]);
    let c = compare_numbers(&as_numbers(&e), &as_numbers(&flipped), tol, false);
    if !c.is_ok() && answer.contains_key("components") {
        let what = format!(
            "{} (each column is compared after flipping it with its component's sign)",
            c.what
        );
        return Check { what, ..c };
    }
    c
}
