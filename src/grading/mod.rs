//! Equivalence-aware grading: one comparison engine, a rule per op and response field.
//!
//! The expected answer always comes from the endpoint itself (the HTTP layer runs the exercise
//! through the real handler), so this module only *compares*. Entry-by-entry comparison is
//! wrong for anything defined up to sign or basis, so those fields are compared by what they
//! mean: eigenvalues as a multiset, eigenvectors by `A v = λ v` (any basis of a repeated
//! eigenspace, any phase), SVD factors by orthonormality and `U diag(s) Vt = A` (or the span of
//! each singular subspace), PCA components up to sign with the scores flipped to match, bases
//! by the subspace they span, exact rationals exactly, top-k lists with ties in any order.
//!
//! Every verdict carries a stable `code` and a message naming what to fix.

pub mod exercises;

use faer::{Mat, c64};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::limits::Limits;
use crate::linalg::exact;
use crate::wire::Numeric;

/// `|given - expected| <= abs + rel * |expected|`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, ToSchema)]
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
    fn ok(&self, given: f64, expected: f64) -> bool {
        (given - expected).abs() <= self.abs + self.rel * expected.abs()
    }
    /// Tolerance for a property residual of a problem whose entries have size `scale`.
    fn scaled(&self, scale: f64) -> f64 {
        self.abs + self.rel * scale.max(1.0)
    }
}

/// The verdict on one answered field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldVerdict {
    pub field: String,
    pub correct: bool,
    /// `ok`, `wrong-shape`, `wrong-values`, `wrong-type`, `missing`, `not-orthonormal`,
    /// `not-normalized`, `wrong-span`, `wrong-dimension`, `wrong-sign-pairing`,
    /// `not-eigenvector`, `dependent-vectors`, `not-exact`, `wrong-order`.
    pub code: &'static str,
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

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GradeError {
    #[error("{0}")]
    InvalidAnswer(String),
}

/// Outcome of one comparison before it is wrapped into a verdict.
struct Check {
    code: &'static str,
    max_abs_error: Option<f64>,
    message: String,
}

impl Check {
    fn ok(err: Option<f64>) -> Check {
        Check {
            code: "ok",
            max_abs_error: err,
            message: "correct".into(),
        }
    }
    fn fail(code: &'static str, message: String) -> Check {
        Check {
            code,
            max_abs_error: None,
            message,
        }
    }
    fn with_error(mut self, err: f64) -> Check {
        self.max_abs_error = Some(err);
        self
    }
}

// ---------------------------------------------------------------------------------------------
// JSON shapes

/// A JSON value seen as numbers: a scalar, a vector or a matrix (row-major).
#[derive(Debug, Clone, PartialEq)]
enum Numbers {
    Scalar(f64),
    Vector(Vec<f64>),
    Matrix(usize, usize, Vec<f64>),
}

fn numbers(v: &Value) -> Option<Numbers> {
    match v {
        Value::Number(n) => n.as_f64().map(Numbers::Scalar),
        Value::Array(items) if items.iter().all(Value::is_number) => Some(Numbers::Vector(
            items.iter().filter_map(Value::as_f64).collect(),
        )),
        Value::Array(rows) if !rows.is_empty() && rows.iter().all(Value::is_array) => {
            let cols = rows[0].as_array()?.len();
            let mut data = Vec::with_capacity(rows.len() * cols);
            for row in rows {
                let row = row.as_array()?;
                if row.len() != cols || !row.iter().all(Value::is_number) {
                    return None;
                }
                data.extend(row.iter().filter_map(Value::as_f64));
            }
            Some(Numbers::Matrix(rows.len(), cols, data))
        }
        _ => None,
    }
}

fn describe(n: &Numbers) -> String {
    match n {
        Numbers::Scalar(_) => "a number".into(),
        Numbers::Vector(v) => format!("a vector of length {}", v.len()),
        Numbers::Matrix(r, c, _) => format!("a {r}x{c} matrix"),
    }
}

fn describe_value(v: &Value) -> String {
    numbers(v).map_or_else(
        || match v {
            Value::Null => "null".into(),
            Value::Bool(_) => "a boolean".into(),
            Value::String(_) => "a string".into(),
            Value::Array(a) => format!("a list of {} items", a.len()),
            Value::Object(_) => "an object".into(),
            Value::Number(_) => "a number".into(),
        },
        |n| describe(&n),
    )
}

fn mat_of(v: &Value) -> Option<Mat<f64>> {
    match numbers(v)? {
        Numbers::Matrix(r, c, d) => Some(Mat::from_fn(r, c, |i, j| d[i * c + j])),
        _ => None,
    }
}

/// A list of vectors (a basis) as the rows of a matrix with `len` columns; empty allowed.
fn rows_of(v: &Value, len: usize) -> Option<Mat<f64>> {
    let items = v.as_array()?;
    if items.is_empty() {
        return Some(Mat::zeros(0, len));
    }
    let m = mat_of(v)?;
    (m.ncols() == len).then_some(m)
}

/// Entry-wise comparison of two numeric values of the same kind.
fn compare_numbers(expected: &Numbers, given: &Numbers, tol: &Tolerance) -> Check {
    let (e, g): (&[f64], &[f64]) = match (expected, given) {
        (Numbers::Scalar(e), Numbers::Scalar(g)) => {
            (std::slice::from_ref(e), std::slice::from_ref(g))
        }
        (Numbers::Vector(e), Numbers::Vector(g)) if e.len() == g.len() => (e, g),
        (Numbers::Matrix(r, c, e), Numbers::Matrix(r2, c2, g)) if (r, c) == (r2, c2) => (e, g),
        _ => {
            return Check::fail(
                "wrong-shape",
                format!("expected {}, got {}", describe(expected), describe(given)),
            );
        }
    };
    let mut worst = (0.0_f64, 0usize);
    let mut bad = None;
    for (i, (x, y)) in e.iter().zip(g).enumerate() {
        let err = (x - y).abs();
        if err > worst.0 {
            worst = (err, i);
        }
        if bad.is_none() && !tol.ok(*y, *x) {
            bad = Some(i);
        }
    }
    match bad {
        None => Check::ok(Some(worst.0)),
        Some(_) => {
            let position = match expected {
                Numbers::Matrix(_, c, _) => format!("entry ({}, {})", worst.1 / c, worst.1 % c),
                Numbers::Vector(_) => format!("entry {}", worst.1),
                Numbers::Scalar(_) => "the value".into(),
            };
            Check::fail(
                "wrong-values",
                format!(
                    "{position} is off by {:.3e} (expected {}, got {})",
                    worst.0, e[worst.1], g[worst.1]
                ),
            )
            .with_error(worst.0)
        }
    }
}

/// Structural comparison of any two JSON values (objects, lists of objects, numbers, ...).
fn compare_generic(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    if let (Some(e), Some(g)) = (numbers(expected), numbers(given)) {
        // Integers (counts, ranks, indices) compare exactly.
        if let (Numbers::Scalar(x), Numbers::Scalar(y)) = (&e, &g)
            && (expected.is_u64() || expected.is_i64())
        {
            return if x == y {
                Check::ok(Some(0.0))
            } else {
                Check::fail("wrong-values", format!("expected {x}, got {y}"))
                    .with_error((x - y).abs())
            };
        }
        return compare_numbers(&e, &g, tol);
    }
    match (expected, given) {
        (Value::Bool(a), Value::Bool(b)) if a == b => Check::ok(None),
        (Value::Bool(a), Value::Bool(_)) => Check::fail("wrong-values", format!("expected {a}")),
        (Value::String(a), Value::String(b)) if a == b => Check::ok(None),
        (Value::String(a), Value::String(b)) => {
            Check::fail("wrong-values", format!("expected {a:?}, got {b:?}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Check::fail(
                    "wrong-shape",
                    format!("expected {} items, got {}", a.len(), b.len()),
                );
            }
            let mut worst: Option<f64> = None;
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let c = compare_generic(x, y, tol);
                if c.code != "ok" {
                    return Check {
                        message: format!("item {i}: {}", c.message),
                        ..c
                    };
                }
                worst = max_opt(worst, c.max_abs_error);
            }
            Check::ok(worst)
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut worst = None;
            for (k, x) in a {
                let Some(y) = b.get(k) else {
                    return Check::fail("missing", format!("'{k}' is missing"));
                };
                let c = compare_generic(x, y, tol);
                if c.code != "ok" {
                    return Check {
                        message: format!("{k}: {}", c.message),
                        ..c
                    };
                }
                worst = max_opt(worst, c.max_abs_error);
            }
            Check::ok(worst)
        }
        _ => Check::fail(
            "wrong-type",
            format!(
                "expected {}, got {}",
                describe_value(expected),
                describe_value(given)
            ),
        ),
    }
}

fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

// ---------------------------------------------------------------------------------------------
// Linear-algebra helpers for the equivalence rules

fn max_abs_diff(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
    let mut worst = 0.0_f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            worst = worst.max((a[(i, j)] - b[(i, j)]).abs());
        }
    }
    worst
}

/// How far the rows of `b` are from orthonormal: max |B B^T - I|.
fn orthonormality_error(rows: &Mat<f64>) -> f64 {
    let gram = rows * rows.transpose();
    let n = gram.nrows();
    max_abs_diff(&gram, &Mat::identity(n, n))
}

/// Projector onto the row space of orthonormal rows.
fn projector(rows: &Mat<f64>) -> Mat<f64> {
    rows.transpose() * rows
}

/// The input matrix of an exercise (sent or generated).
fn input_matrix(input: &Value, field: &str) -> Option<Mat<f64>> {
    Numeric::from_json_text(&input.get(field)?.to_string())
        .ok()?
        .into_mat(field, &Limits::default())
        .ok()
}

/// Groups of indices whose values are equal within `tol` (values sorted either way).
fn equal_groups(values: &[f64], tol: f64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if (values[*g.last().expect("non-empty")] - v).abs() <= tol => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

fn select_rows(m: &Mat<f64>, rows: &[usize]) -> Mat<f64> {
    Mat::from_fn(rows.len(), m.ncols(), |i, j| m[(rows[i], j)])
}

/// Whether the rows of `given` span the same space as the rows of `expected`, group by group.
fn same_spans(
    given: &Mat<f64>,
    expected: &Mat<f64>,
    groups: &[Vec<usize>],
    tol: f64,
) -> Option<f64> {
    let mut worst = 0.0_f64;
    for g in groups {
        let err = max_abs_diff(
            &projector(&select_rows(given, g)),
            &projector(&select_rows(expected, g)),
        );
        worst = worst.max(err);
        if err > tol {
            return None;
        }
    }
    Some(worst)
}

// ---------------------------------------------------------------------------------------------
// Field rules

/// An orthonormal basis field (a list of vectors): dimension, orthonormality, then span.
fn check_basis(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let e_items = expected.as_array().map_or(0, Vec::len);
    let len = expected
        .as_array()
        .and_then(|a| a.first())
        .and_then(|v| v.as_array())
        .map(Vec::len);
    let Some(g_items) = given.as_array() else {
        return Check::fail(
            "wrong-type",
            format!("expected a list of vectors, got {}", describe_value(given)),
        );
    };
    if g_items.len() != e_items {
        return Check::fail(
            "wrong-dimension",
            format!(
                "expected a basis of {e_items} vectors (the subspace's dimension), got {}",
                g_items.len()
            ),
        );
    }
    let Some(len) = len else {
        return Check::ok(Some(0.0)); // both empty
    };
    let (Some(e), Some(g)) = (rows_of(expected, len), rows_of(given, len)) else {
        return Check::fail("wrong-shape", format!("expected vectors of length {len}"));
    };
    let ortho = orthonormality_error(&g);
    if ortho > tol.scaled(1.0) * 10.0 {
        return Check::fail(
            "not-orthonormal",
            format!(
                "the basis vectors are not orthonormal (|B B^T - I| = {ortho:.3e}); normalise them and make them mutually orthogonal"
            ),
        );
    }
    let all: Vec<usize> = (0..e.nrows()).collect();
    match same_spans(&g, &e, &[all], tol.scaled(1.0) * 10.0) {
        Some(err) => Check::ok(Some(err)),
        None => Check::fail(
            "wrong-span",
            "the vectors do not span the expected subspace".into(),
        ),
    }
}

/// Eigenvalues as a multiset: each expected value matched to the nearest unused given value.
fn check_eigenvalues(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let (Some(e), Some(g)) = (complex_list(expected), complex_list(given)) else {
        return Check::fail(
            "wrong-type",
            "eigenvalues must be numbers or {\"re\", \"im\"} objects".into(),
        );
    };
    if e.len() != g.len() {
        return Check::fail(
            "wrong-shape",
            format!("expected {} eigenvalues, got {}", e.len(), g.len()),
        );
    }
    let mut used = vec![false; g.len()];
    let mut worst = 0.0_f64;
    for x in &e {
        let (j, d) = g
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .map(|(j, y)| (j, (x - y).norm()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("as many given as expected");
        used[j] = true;
        worst = worst.max(d);
        if d > tol.abs + tol.rel * x.norm() {
            return Check::fail(
                "wrong-values",
                format!(
                    "the eigenvalue {} has no match in your answer (nearest is off by {d:.3e})",
                    fmt_c(*x)
                ),
            )
            .with_error(d);
        }
    }
    Check::ok(Some(worst))
}

fn fmt_c(z: c64) -> String {
    if z.im == 0.0 {
        format!("{}", z.re)
    } else {
        format!("{}{:+}i", z.re, z.im)
    }
}

/// A list of real numbers or `{"re", "im"}` objects as complex numbers.
fn complex_list(v: &Value) -> Option<Vec<c64>> {
    v.as_array()?
        .iter()
        .map(|z| match z {
            Value::Number(n) => n.as_f64().map(|x| c64::new(x, 0.0)),
            Value::Object(o) => Some(c64::new(o.get("re")?.as_f64()?, o.get("im")?.as_f64()?)),
            _ => None,
        })
        .collect()
}

fn complex_vectors(v: &Value) -> Option<Vec<Vec<c64>>> {
    v.as_array()?.iter().map(complex_list).collect()
}

/// Eigenvectors by their defining property `A v = λ v` (any scale or phase), unit length, and
/// linearly independent inside a repeated eigenvalue.
fn check_eigenvectors(a: &Mat<f64>, values: &[c64], given: &Value, tol: &Tolerance) -> Check {
    let Some(vs) = complex_vectors(given) else {
        return Check::fail(
            "wrong-type",
            "eigenvectors must be a list of vectors".into(),
        );
    };
    let n = a.nrows();
    if vs.len() != values.len() || vs.iter().any(|v| v.len() != n) {
        return Check::fail(
            "wrong-shape",
            format!("expected {} vectors of length {n}", values.len()),
        );
    }
    let scale = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .fold(0.0_f64, |m, (i, j)| m.max(a[(i, j)].abs()));
    let mut worst = 0.0_f64;
    for (k, (v, lambda)) in vs.iter().zip(values).enumerate() {
        let norm = v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        if (norm - 1.0).abs() > tol.scaled(1.0) * 10.0 {
            return Check::fail(
                "not-normalized",
                format!("eigenvector {k} has length {norm:.6}; eigenvectors are unit vectors"),
            );
        }
        let residual = (0..n)
            .map(|i| {
                let av: c64 = (0..n).map(|j| v[j] * a[(i, j)]).sum();
                (av - lambda * v[i]).norm()
            })
            .fold(0.0_f64, f64::max);
        worst = worst.max(residual);
        if residual > tol.scaled(scale) * (n as f64).sqrt() * 10.0 {
            return Check::fail(
                "not-eigenvector",
                format!(
                    "vector {k} is not an eigenvector for {}: |A v - λ v| = {residual:.3e}",
                    fmt_c(*lambda)
                ),
            )
            .with_error(residual);
        }
    }
    // Inside a repeated eigenvalue the vectors must be independent (a basis of the eigenspace).
    let mut i = 0;
    while i < values.len() {
        let mut j = i + 1;
        while j < values.len() && (values[j] - values[i]).norm() <= tol.scaled(scale) * 10.0 {
            j += 1;
        }
        if j - i > 1 {
            let block = Mat::from_fn(n, 2 * (j - i), |r, c| {
                let z = vs[i + c / 2][r];
                if c % 2 == 0 { z.re } else { z.im }
            });
            let s = block.singular_values().unwrap_or_default();
            let rank = s.iter().filter(|&&x| x > 1e-6).count();
            if rank < j - i {
                return Check::fail(
                    "dependent-vectors",
                    format!(
                        "the eigenvalue {} repeats {} times but your vectors for it are dependent; give a basis of its eigenspace",
                        fmt_c(values[i]),
                        j - i
                    ),
                );
            }
        }
        i = j;
    }
    Check::ok(Some(worst))
}

/// SVD factors: orthonormality, then `U diag(s) Vt = A` jointly (with paired signs), or each
/// singular subspace's span when only one factor is given.
fn check_svd_factor(
    field: &str,
    a: &Mat<f64>,
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
    tol: &Tolerance,
) -> Check {
    let e = &expected[field];
    let g = &answer[field];
    let (Some(em), Some(gm)) = (mat_of(e), mat_of(g)) else {
        return compare_generic(e, g, tol);
    };
    if (em.nrows(), em.ncols()) != (gm.nrows(), gm.ncols()) {
        return Check::fail(
            "wrong-shape",
            format!(
                "expected a {}x{} matrix, got {}x{}",
                em.nrows(),
                em.ncols(),
                gm.nrows(),
                gm.ncols()
            ),
        );
    }
    // As rows: u's columns are its singular vectors.
    let (e_rows, g_rows) = if field == "u" {
        (em.transpose().to_owned(), gm.transpose().to_owned())
    } else {
        (em.clone(), gm.clone())
    };
    let ortho = orthonormality_error(&g_rows);
    if ortho > tol.scaled(1.0) * 10.0 {
        return Check::fail(
            "not-orthonormal",
            format!(
                "the singular vectors in {field} are not orthonormal (|{field}^T {field} - I| = {ortho:.3e})"
            ),
        );
    }
    let s: Vec<f64> = expected
        .get("s")
        .and_then(numbers)
        .and_then(|n| match n {
            Numbers::Vector(v) => Some(v),
            _ => None,
        })
        .unwrap_or_default();
    let k = s.len();
    let scale = s.first().copied().unwrap_or(1.0);
    let other = if field == "u" { "vt" } else { "u" };
    if let Some(other_m) = answer.get(other).and_then(mat_of) {
        let (u, vt) = if field == "u" {
            (gm.clone(), other_m)
        } else {
            (other_m, gm.clone())
        };
        if u.ncols() >= k && vt.nrows() >= k && u.nrows() == a.nrows() && vt.ncols() == a.ncols() {
            let us = Mat::from_fn(u.nrows(), k, |i, j| u[(i, j)] * s[j]);
            let recon = &us * vt.subrows(0, k);
            let err = max_abs_diff(&recon, a);
            if err <= tol.scaled(scale) * 10.0 {
                return Check::ok(Some(err));
            }
            // Each vector right up to sign, but the signs of u_i and v_i do not pair up.
            let groups = singular_groups(&s, e_rows.nrows(), tol.scaled(scale));
            if same_spans(&g_rows, &e_rows, &groups, tol.scaled(1.0) * 10.0).is_some() {
                return Check::fail(
                    "wrong-sign-pairing",
                    format!("each singular vector in {field} is right up to sign, but flipping u_i requires flipping v_i too: u diag(s) vt differs from the matrix by {err:.3e}"),
                )
                .with_error(err);
            }
        }
    }
    let groups = singular_groups(&s, e_rows.nrows(), tol.scaled(scale));
    match same_spans(&g_rows, &e_rows, &groups, tol.scaled(1.0) * 10.0) {
        Some(err) => Check::ok(Some(err)),
        None => Check::fail(
            "wrong-values",
            format!(
                "the singular vectors in {field} do not match the matrix (not even up to sign)"
            ),
        ),
    }
}

/// Groups of singular-vector indices sharing a singular value; vectors beyond `s` (full
/// matrices) join the zero group.
fn singular_groups(s: &[f64], count: usize, tol: f64) -> Vec<Vec<usize>> {
    let extended: Vec<f64> = (0..count)
        .map(|i| s.get(i).copied().unwrap_or(0.0))
        .collect();
    equal_groups(&extended, tol)
}

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

fn check_pca(
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
            "wrong-shape",
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
    if c.code != "ok" && field == "transformed" && answer.contains_key("components") {
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

/// Exact rationals: strings like `-3/2` or decimals, or JSON numbers read exactly.
fn rational(v: &Value) -> Option<num_rational::BigRational> {
    match v {
        Value::Number(n) => exact::parse_decimal(&n.to_string()).ok(),
        Value::String(s) => {
            let s = s.trim();
            match s.split_once('/') {
                Some((p, q)) => {
                    let p = exact::parse_decimal(p.trim()).ok()?;
                    let q = exact::parse_decimal(q.trim()).ok()?;
                    (!num_traits::Zero::is_zero(&q)).then(|| p / q)
                }
                None => exact::parse_decimal(s).ok(),
            }
        }
        _ => None,
    }
}

fn check_exact_matrix(expected: &Value, given: &Value) -> Check {
    let rows = |v: &Value| -> Option<Vec<Vec<Value>>> {
        v.as_array()?
            .iter()
            .map(|r| r.as_array().cloned())
            .collect()
    };
    let (Some(e), Some(g)) = (rows(expected), rows(given)) else {
        return Check::fail(
            "wrong-type",
            "expected a matrix of exact rationals such as \"-3/2\"".into(),
        );
    };
    let shape = |m: &Vec<Vec<Value>>| (m.len(), m.first().map_or(0, Vec::len));
    if shape(&e) != shape(&g) || g.iter().any(|r| r.len() != shape(&g).1) {
        return Check::fail(
            "wrong-shape",
            format!("expected a {}x{} matrix", shape(&e).0, shape(&e).1),
        );
    }
    for (i, (er, gr)) in e.iter().zip(&g).enumerate() {
        for (j, (x, y)) in er.iter().zip(gr).enumerate() {
            let (Some(x), Some(y)) = (rational(x), rational(y)) else {
                return Check::fail(
                    "wrong-type",
                    format!("entry ({i}, {j}) is not a number or a rational such as \"-3/2\""),
                );
            };
            if x != y {
                return Check::fail(
                    "not-exact",
                    format!(
                        "entry ({i}, {j}) should be exactly {}, got {}",
                        exact::format_rational(&x),
                        exact::format_rational(&y)
                    ),
                );
            }
        }
    }
    Check::ok(Some(0.0))
}

/// Top-k results: scores by position within tolerance; indices may swap among equal scores.
fn check_ranked(expected: &Value, given: &Value, tol: &Tolerance) -> Check {
    let (Some(e), Some(g)) = (expected.as_array(), given.as_array()) else {
        return compare_generic(expected, given, tol);
    };
    if e.first().is_some_and(Value::is_array) {
        if e.len() != g.len() {
            return Check::fail(
                "wrong-shape",
                format!("expected {} result lists, got {}", e.len(), g.len()),
            );
        }
        for (q, (x, y)) in e.iter().zip(g).enumerate() {
            let c = check_ranked(x, y, tol);
            if c.code != "ok" {
                return Check {
                    message: format!("query {q}: {}", c.message),
                    ..c
                };
            }
        }
        return Check::ok(None);
    }
    if e.len() != g.len() {
        return Check::fail(
            "wrong-shape",
            format!("expected {} results, got {}", e.len(), g.len()),
        );
    }
    let key = |h: &Value| {
        (
            h.get("index").or_else(|| h.get("id")).cloned(),
            h.get("score").and_then(Value::as_f64),
        )
    };
    let mut seen = std::collections::HashSet::new();
    for (p, (x, y)) in e.iter().zip(g).enumerate() {
        let ((ei, Some(es)), (gi, Some(gs))) = (key(x), key(y)) else {
            return Check::fail(
                "wrong-type",
                format!("result {p} needs an index (or id) and a score"),
            );
        };
        if !tol.ok(gs, es) {
            return Check::fail(
                "wrong-values",
                format!("result {p} should have score {es}, got {gs}"),
            )
            .with_error((gs - es).abs());
        }
        if gi != ei {
            // Allowed only when the given item has the same score in the expected list.
            let tied = e
                .iter()
                .any(|h| key(h).0 == gi && key(h).1.is_some_and(|s| tol.ok(s, es)));
            if !tied {
                return Check::fail(
                    "wrong-order",
                    format!(
                        "result {p} should be {}, got {}",
                        ei.unwrap_or(Value::Null),
                        gi.unwrap_or(Value::Null)
                    ),
                );
            }
        }
        if !seen.insert(gi.map(|v| v.to_string())) {
            return Check::fail("wrong-values", format!("result {p} repeats an item"));
        }
    }
    Check::ok(None)
}

/// Extra advice when a product has the shape of the reversed product.
fn matmul_hint(input: &Value, expected: &Value, given: &Value) -> Option<String> {
    let (Some(Numbers::Matrix(er, ec, _)), Some(Numbers::Matrix(gr, gc, _))) =
        (numbers(expected), numbers(given))
    else {
        return None;
    };
    let a = input.get("a").and_then(mat_of)?;
    let b = input.get("b").and_then(mat_of)?;
    ((gr, gc) == (b.nrows(), a.ncols()) && (gr, gc) != (er, ec)).then(|| {
        format!(
            "Your product has the shape of B A, not A B: a is {}x{} and b is {}x{}, so A B is {er}x{ec}.",
            a.nrows(), a.ncols(), b.nrows(), b.ncols()
        )
    })
}

// ---------------------------------------------------------------------------------------------

/// Grades `answer` against `expected` (the endpoint's own response, `timing` removed) for the
/// exercise `op` with `input`.
pub fn grade(
    op: &str,
    input: &Value,
    expected: &Map<String, Value>,
    answer: &Map<String, Value>,
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
    let exact_rref = op == "rref" && input.get("exact").and_then(Value::as_bool).unwrap_or(true);
    // The exercise's matrix, parsed at most once however many fields need it.
    let parsed = std::cell::OnceCell::new();
    let matrix = || {
        parsed
            .get_or_init(|| input_matrix(input, "matrix"))
            .as_ref()
    };
    let mut fields = Vec::with_capacity(answer.len());
    let mut hint = None;
    // Answer fields in the endpoint's order.
    for (field, e) in expected {
        let Some(g) = answer.get(field) else { continue };
        let check = if g.is_null() {
            Check::fail("missing", format!("{field} is null; give a value"))
        } else {
            match (op, field.as_str()) {
                ("svd" | "low-rank", "u" | "vt") => match matrix() {
                    Some(a) if op == "svd" => check_svd_factor(field, a, expected, answer, &tol),
                    Some(_) => {
                        check_svd_factor(field, &low_rank_target(expected), expected, answer, &tol)
                    }
                    None => compare_generic(e, g, &tol),
                },
                ("eigen", "eigenvalues") => check_eigenvalues(e, g, &tol),
                ("eigen", "eigenvectors") => match matrix() {
                    Some(a) => {
                        // Pair vectors with the student's eigenvalues when those are right.
                        let values = answer
                            .get("eigenvalues")
                            .filter(|v| check_eigenvalues(e_values(expected), v, &tol).code == "ok")
                            .or_else(|| expected.get("eigenvalues"))
                            .and_then(complex_list)
                            .unwrap_or_default();
                        check_eigenvectors(a, &values, g, &tol)
                    }
                    None => compare_generic(e, g, &tol),
                },
                ("pca", "components" | "transformed") => check_pca(field, expected, answer, &tol),
                ("subspaces", "column_space" | "row_space" | "null_space" | "left_null_space") => {
                    check_basis(e, g, &tol)
                }
                ("rref", "rref") if exact_rref => check_exact_matrix(e, g),
                ("determinant", "determinant")
                    if matrix().and_then(exact::as_small_integer_matrix).is_some() =>
                {
                    match (e.as_f64(), g.as_f64()) {
                        (Some(x), Some(y)) if x == y => Check::ok(Some(0.0)),
                        (Some(x), Some(y)) => Check::fail(
                            "not-exact",
                            format!(
                                "the determinant of this integer matrix is exactly {x}, got {y}"
                            ),
                        )
                        .with_error((x - y).abs()),
                        _ => compare_generic(e, g, &tol),
                    }
                }
                ("cosine-search", "results") => check_ranked(e, g, &tol),
                _ => compare_generic(e, g, &tol),
            }
        };
        if op == "matmul" && field == "result" && check.code == "wrong-shape" {
            hint = matmul_hint(input, e, g);
        }
        fields.push(FieldVerdict {
            field: field.clone(),
            correct: check.code == "ok",
            code: check.code,
            expected: e.clone(),
            max_abs_error: check.max_abs_error,
            message: if check.code == "ok" {
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
        let advice = hint.unwrap_or_else(|| advice_for(first.code).to_string());
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

fn e_values(expected: &Map<String, Value>) -> &Value {
    expected.get("eigenvalues").unwrap_or(&Value::Null)
}

/// The rank-k approximation a low-rank answer's factors must reproduce.
fn low_rank_target(expected: &Map<String, Value>) -> Mat<f64> {
    expected
        .get("approximation")
        .and_then(mat_of)
        .unwrap_or_else(|| Mat::zeros(0, 0))
}

fn advice_for(code: &str) -> &'static str {
    match code {
        "wrong-shape" => "Check the dimensions first: the shape must match before the values can.",
        "wrong-values" => "The shape is right; recheck the arithmetic of the entry named.",
        "not-orthonormal" => {
            "Normalise each vector and make them mutually orthogonal (Gram-Schmidt)."
        }
        "wrong-span" => "Your vectors span a different subspace; recompute the basis.",
        "wrong-dimension" => {
            "The number of basis vectors is the subspace's dimension; recount using the rank."
        }
        "wrong-sign-pairing" => {
            "Singular vectors may flip sign only in pairs: flipping u_i means flipping v_i too."
        }
        "not-eigenvector" => "Check A v = λ v for the vector named.",
        "not-normalized" => "Scale each eigenvector to unit length.",
        "dependent-vectors" => {
            "Inside a repeated eigenvalue, give independent vectors spanning its eigenspace."
        }
        "not-exact" => {
            "This exercise expects exact arithmetic: use fractions such as \"-3/2\", not rounded decimals."
        }
        "wrong-order" => "Results go best first; only equal scores may appear in any order.",
        "missing" => "Give a value for every field you answer.",
        _ => "Compare your answer's form with the expected one.",
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
            &json!({}),
            &expected,
            &answer,
            Tolerance::default(),
        )
        .unwrap();
        assert_eq!(g.fields[0].code, "wrong-shape");
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
        let g = grade(
            "eigen",
            &json!({}),
            &expected,
            &obj(json!({"eigenvalues": [3, 1]})),
            Tolerance::default(),
        )
        .unwrap();
        assert!(g.correct);
        let g = grade(
            "eigen",
            &json!({}),
            &expected,
            &obj(json!({"eigenvalues": [3, 2]})),
            Tolerance::default(),
        )
        .unwrap();
        assert_eq!(g.fields[0].code, "wrong-values");
    }

    #[test]
    fn exact_rationals_compare_exactly() {
        let input = json!({"matrix": [[2, 3], [1, 1]]});
        let expected = obj(json!({"rref": [["1", "3/2"], ["0", "0"]]}));
        let ok = grade(
            "rref",
            &input,
            &expected,
            &obj(json!({"rref": [["1", "1.5"], [0, "0/7"]]})),
            Tolerance::default(),
        )
        .unwrap();
        assert!(ok.correct, "{:?}", ok.fields);
        let off = grade(
            "rref",
            &input,
            &expected,
            &obj(json!({"rref": [["1", 1.5000001], ["0", "0"]]})),
            Tolerance::default(),
        )
        .unwrap();
        assert_eq!(off.fields[0].code, "not-exact");
    }

    #[test]
    fn unknown_answer_fields_are_refused_by_name() {
        let e = grade(
            "dot",
            &json!({}),
            &obj(json!({"dot": 32.0})),
            &obj(json!({"dott": 32})),
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
                &json!({}),
                &expected,
                &swapped,
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
                &json!({}),
                &expected,
                &wrong,
                Tolerance::default()
            )
            .unwrap()
            .correct
        );
    }
}
