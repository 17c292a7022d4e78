//! Pictures of linear algebra: what the course's "visual grasp" rungs show, drawn as SVG from
//! the service's own results, and rendered to PNG on request.
//!
//! Pure like [`crate::linalg`]: matrices in, SVG text (or PNG bytes) out, no HTTP. Each
//! picture has a function here that computes what it shows with the same `linalg` functions
//! as the compute endpoints (`/svd`, `/eigen`, `/project`, `/pca`, `/attention`) and a module
//! that lays it out and draws it. Pictures are deterministic: the same input gives the same
//! bytes (coordinates rounded to 0.01 px, no clocks, no hash order).
//!
//! Errors are [`LinalgError`]s naming operands by position, like the math's, so a handler
//! names them with its request's fields.

pub mod color;
pub mod heatmap;
pub mod pca;
pub mod plane;
pub mod png;
pub mod projection;
pub mod svd;
pub mod svg;
pub mod transform;

use faer::Mat;

use crate::linalg::decomp::{self, Eigen};
use crate::linalg::ml::{self, Mask};
use crate::linalg::{
    LinalgError, LinalgResult, Operand, Shape, ensure_finite_slice, pca as pca_math, vectors,
};

/// The most cells a heatmap draws, and the most samples a scatter plot does: more would not
/// be readable, and the SVG would grow past what a page embeds comfortably.
pub const MAX_CELLS: usize = 64 * 64;
pub const MAX_POINTS: usize = 10_000;
/// The most rows, or columns, a heatmap draws (a 1 x 4096 strip would not be a picture).
pub const MAX_SIDE: usize = 256;

/// A 2x2 matrix, row-major.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix2(pub [[f64; 2]; 2]);

impl Matrix2 {
    /// `A (x, y)`.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [[a, b], [c, d]] = self.0;
        (a * x + b * y, c * x + d * y)
    }

    pub fn determinant(&self) -> f64 {
        let [[a, b], [c, d]] = self.0;
        a * d - b * c
    }

    /// The largest singular value, in closed form (the picture's scale; the SVD picture uses
    /// the decomposition itself).
    pub fn max_stretch(&self) -> f64 {
        let [[a, b], [c, d]] = self.0;
        let s = a * a + b * b + c * c + d * d;
        let det = self.determinant();
        let disc = (s * s - 4.0 * det * det).max(0.0).sqrt();
        ((s + disc) / 2.0).sqrt()
    }

    /// `[[a, b], [c, d]]` with short numbers.
    pub fn describe(&self) -> String {
        let [[a, b], [c, d]] = self.0;
        let n = plane::number;
        format!("[[{}, {}], [{}, {}]]", n(a), n(b), n(c), n(d))
    }

    /// The top-left 2x2 block of `m`.
    pub fn of(m: &Mat<f64>) -> Self {
        Matrix2([[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]])
    }
}

/// The unit circle sampled at 96 points, each sent through `map` (to the picture, or through a
/// matrix first): the circle, and the ellipse that is its image.
pub fn circle_through(map: impl Fn(f64, f64) -> (f64, f64)) -> Vec<(f64, f64)> {
    (0..96)
        .map(|k| {
            let th = std::f64::consts::TAU * k as f64 / 96.0;
            map(th.cos(), th.sin())
        })
        .collect()
}

/// The segment of the line through the origin along `direction`, `reach` each way.
pub fn line_through_origin(direction: (f64, f64), reach: f64) -> ((f64, f64), (f64, f64)) {
    let len = direction.0.hypot(direction.1).max(f64::MIN_POSITIVE);
    let (ux, uy) = (direction.0 / len, direction.1 / len);
    ((-ux * reach, -uy * reach), (ux * reach, uy * reach))
}

/// Points of the arc of radius `radius` from the direction of `from` to that of `to`, turning
/// the short way (counter-clockwise when `from x to > 0`); `None` for a zero vector or an
/// angle too small to draw.
pub fn arc_points(from: (f64, f64), to: (f64, f64), radius: f64) -> Option<Vec<(f64, f64)>> {
    let (la, lb) = (from.0.hypot(from.1), to.0.hypot(to.1));
    if la == 0.0 || lb == 0.0 {
        return None;
    }
    let start = from.1.atan2(from.0);
    let cross = from.0 * to.1 - from.1 * to.0;
    let dot = from.0 * to.0 + from.1 * to.1;
    let sweep = cross.atan2(dot);
    if sweep.abs() < 0.15 {
        return None;
    }
    let steps = 24;
    Some(
        (0..=steps)
            .map(|k| {
                let th = start + sweep * k as f64 / steps as f64;
                (radius * th.cos(), radius * th.sin())
            })
            .collect(),
    )
}

/// Refuses anything but a 2x2 matrix (operand `arg`): the pictures are of the plane.
fn require_2x2(arg: usize, m: &Mat<f64>) -> LinalgResult<Matrix2> {
    if (m.nrows(), m.ncols()) != (2, 2) {
        return Err(LinalgError::NotPlanar {
            operand: Operand::Arg(arg),
            shape: Shape::Matrix(m.nrows(), m.ncols()),
            needs: "a 2x2 matrix",
        });
    }
    Ok(Matrix2::of(m))
}

/// Refuses a vector of another length than 2.
fn require_length_2(arg: usize, v: &[f64]) -> LinalgResult<(f64, f64)> {
    if v.len() != 2 {
        return Err(LinalgError::NotPlanar {
            operand: Operand::Arg(arg),
            shape: Shape::Vector(v.len()),
            needs: "a vector of length 2",
        });
    }
    Ok((v[0], v[1]))
}

/// The transformation picture of a 2x2 matrix (argument 0).
pub fn transform(m: &Mat<f64>) -> LinalgResult<String> {
    let matrix = require_2x2(0, m)?;
    let determinant = matrix.determinant();
    ensure_finite_slice(crate::linalg::Quantity::Determinant, &[determinant])?;
    let eigen_lines = real_eigen_lines(m)?;
    Ok(transform::draw(&transform::Transform {
        max_stretch: matrix.max_stretch(),
        matrix,
        determinant,
        eigen_lines,
    }))
}

/// The distinct real eigen-directions, as `/eigen` computes them: a repeated eigenvalue with
/// one eigenvector (a shear) gives one line.
fn real_eigen_lines(m: &Mat<f64>) -> LinalgResult<Vec<transform::EigenLine>> {
    let pairs: Vec<(f64, (f64, f64))> = match decomp::eigen(m, None)? {
        Eigen::Symmetric { values, vectors } => values
            .iter()
            .zip(&vectors)
            .map(|(&v, u)| (v, (u[0], u[1])))
            .collect(),
        Eigen::General { values, vectors } => {
            let scale = values.iter().fold(0.0_f64, |s, v| s.max(v.norm()));
            values
                .iter()
                .zip(&vectors)
                .filter(|(v, _)| v.im.abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE))
                .map(|(v, u)| (v.re, (u[0].re, u[1].re)))
                .collect()
        }
    };
    let mut lines: Vec<transform::EigenLine> = Vec::new();
    for (value, (x, y)) in pairs {
        let len = x.hypot(y);
        if len == 0.0 || !len.is_finite() {
            continue;
        }
        let direction = (x / len, y / len);
        let parallel = lines
            .iter()
            .any(|l| (l.direction.0 * direction.1 - l.direction.1 * direction.0).abs() < 1e-6);
        if !parallel {
            lines.push(transform::EigenLine { value, direction });
        }
    }
    Ok(lines)
}

/// The SVD picture of a 2x2 matrix (argument 0).
pub fn svd(m: &Mat<f64>) -> LinalgResult<String> {
    let matrix = require_2x2(0, m)?;
    let d = decomp::svd(m, true)?;
    Ok(svd::draw(&svd::Stages::new(matrix, &d.u, &d.s, &d.vt)))
}

/// The projection picture of `vector` (argument 0) onto the line through `onto` (argument 1).
pub fn projection(vector: &[f64], onto: &[f64]) -> LinalgResult<String> {
    let v = require_length_2(0, vector)?;
    let line = require_length_2(1, onto)?;
    let p = vectors::project_onto_vector(vector, onto)?;
    Ok(projection::draw(&projection::Projection {
        vector: v,
        onto: line,
        projection: (p.projection[0], p.projection[1]),
        coefficient: p.coefficients[0],
    }))
}

/// The PCA picture of samples x 2 `data` (argument 0).
pub fn pca(data: &Mat<f64>) -> LinalgResult<String> {
    if data.ncols() != 2 {
        return Err(LinalgError::NotPlanar {
            operand: Operand::Arg(0),
            shape: Shape::Matrix(data.nrows(), data.ncols()),
            needs: "2 columns (one sample per row)",
        });
    }
    if data.nrows() > MAX_POINTS {
        return Err(LinalgError::TooManyToDraw {
            operand: Operand::Arg(0),
            count: data.nrows(),
            limit: MAX_POINTS,
            unit: "samples",
        });
    }
    let p = pca_math::pca(data, None, false)?;
    let samples = (0..data.nrows())
        .map(|i| (data[(i, 0)], data[(i, 1)]))
        .collect();
    let axes = (0..p.components.nrows())
        .map(|k| pca::Axis {
            direction: (p.components[(k, 0)], p.components[(k, 1)]),
            variance: p.explained_variance[k],
            ratio: p.explained_variance_ratio[k],
        })
        .collect();
    Ok(pca::draw(&pca::Cloud {
        samples,
        mean: (p.mean[0], p.mean[1]),
        axes,
    }))
}

/// The heatmap of attention weights of `q`, `k`, `v` and an optional mask (arguments 0 to 3).
pub fn attention(
    q: &Mat<f64>,
    k: &Mat<f64>,
    v: &Mat<f64>,
    mask: Option<&Mask>,
) -> LinalgResult<String> {
    let a = ml::attention(q, k, v, mask)?;
    let (n, m) = (a.weights.nrows(), a.weights.ncols());
    check_cells(0, n, m)?;
    let kept = ml::kept_positions(mask, n, m)?;
    let cells = (0..n)
        .map(|i| {
            (0..m)
                .map(|j| {
                    let shown = kept.as_ref().is_none_or(|rows| rows[i][j]);
                    shown.then(|| a.weights[(i, j)])
                })
                .collect()
        })
        .collect();
    let masked = match mask {
        None => "no mask",
        Some(Mask::Causal) => "causal mask: query i sees keys j ≤ i",
        Some(Mask::Explicit(_)) => "explicit mask",
    };
    Ok(heatmap::draw(&heatmap::Heatmap {
        title: "Attention weights softmax(q kᵀ / √d)".into(),
        subtitle: format!("{n} queries × {m} keys · each row sums to 1 · {masked} · ✕ masked"),
        cells,
        scale: color::Scale::Sequential { lo: 0.0, hi: 1.0 },
        row_label: "query",
        col_label: "key",
    }))
}

/// The heatmap of a matrix (argument 0).
pub fn matrix(m: &Mat<f64>) -> LinalgResult<String> {
    let (rows, cols) = (m.nrows(), m.ncols());
    check_cells(0, rows, cols)?;
    let cells: Vec<Vec<Option<f64>>> = (0..rows)
        .map(|i| (0..cols).map(|j| Some(m[(i, j)])).collect())
        .collect();
    let scale = color::Scale::for_values(cells.iter().flatten().flatten().copied());
    let kind = match scale {
        color::Scale::Diverging { .. } => "purple negative · white 0 · orange positive",
        color::Scale::Sequential { .. } => "viridis: dark low · yellow high",
    };
    Ok(heatmap::draw(&heatmap::Heatmap {
        title: format!("A {rows}x{cols} matrix"),
        subtitle: kind.into(),
        cells,
        scale,
        row_label: "row",
        col_label: "column",
    }))
}

fn check_cells(arg: usize, rows: usize, cols: usize) -> LinalgResult<()> {
    for (count, unit) in [(rows, "rows"), (cols, "columns")] {
        if count > MAX_SIDE {
            return Err(LinalgError::TooManyToDraw {
                operand: Operand::Arg(arg),
                count,
                limit: MAX_SIDE,
                unit,
            });
        }
    }
    if rows * cols > MAX_CELLS {
        return Err(LinalgError::TooManyToDraw {
            operand: Operand::Arg(arg),
            count: rows * cols,
            limit: MAX_CELLS,
            unit: "cells",
        });
    }
    Ok(())
}
