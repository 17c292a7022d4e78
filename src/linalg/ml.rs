//! The machine-learning rungs: softmax, scaled dot-product attention, LoRA updates.
//!
//! Errors name operands by position: `attention(q, k, v, mask)` as 0 to 3, `lora(w, a, b,
//! alpha)` as 0 to 3, the temperature of a softmax as 1.

use faer::Mat;

use super::solve::rank;
use super::{
    Axis, Extent, LinalgError, LinalgResult, Operand, Quantity, Rule, ensure_finite, require_equal,
    shape_of,
};

/// `softmax(row / temperature)` of each row, computed as `exp((x - max) / t) / sum` so it never
/// overflows. `keep`, when given, masks entries out (weight exactly 0).
fn softmax_row(row: &[f64], temperature: f64, keep: Option<&[bool]>) -> Vec<f64> {
    let kept = |j: usize| keep.is_none_or(|k| k[j]);
    let max = (0..row.len())
        .filter(|&j| kept(j))
        .map(|j| row[j])
        .fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = (0..row.len())
        .map(|j| {
            if kept(j) {
                ((row[j] - max) / temperature).exp()
            } else {
                0.0
            }
        })
        .collect();
    let sum: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

/// The temperature is argument 1 of the softmax functions.
fn check_temperature(t: f64) -> LinalgResult<()> {
    if t > 0.0 && t.is_finite() {
        Ok(())
    } else {
        Err(LinalgError::Parameter {
            operand: Operand::Arg(1),
            value: t,
            rule: Rule::Positive,
        })
    }
}

pub fn softmax_vector(v: &[f64], temperature: f64) -> LinalgResult<Vec<f64>> {
    check_temperature(temperature)?;
    Ok(softmax_row(v, temperature, None))
}

/// Row-wise softmax of a matrix.
pub fn softmax_rows(m: &Mat<f64>, temperature: f64) -> LinalgResult<Mat<f64>> {
    check_temperature(temperature)?;
    let mut out = Mat::zeros(m.nrows(), m.ncols());
    for i in 0..m.nrows() {
        let row: Vec<f64> = (0..m.ncols()).map(|j| m[(i, j)]).collect();
        for (j, w) in softmax_row(&row, temperature, None).into_iter().enumerate() {
            out[(i, j)] = w;
        }
    }
    Ok(out)
}

#[derive(Debug, Clone)]
pub enum Mask {
    /// Keep `j <= i` (top-left aligned, as `torch`'s `is_causal`).
    Causal,
    /// n x m of 0/1, 1 = keep.
    Explicit(Mat<f64>),
}

#[derive(Debug, Clone)]
pub struct Attention {
    /// `Q K^T / sqrt(d)`, before masking.
    pub scores: Mat<f64>,
    /// Row softmax over the kept positions; exactly 0 where masked.
    pub weights: Mat<f64>,
    /// `weights V`.
    pub output: Mat<f64>,
}

fn matrix_extent(arg: usize, m: &Mat<f64>, axis: Axis) -> Extent {
    Extent {
        operand: Operand::Arg(arg),
        shape: shape_of(m),
        axis,
    }
}

/// Which positions a mask keeps, row by row; `None` keeps all.
pub fn kept_positions(
    mask: Option<&Mask>,
    n: usize,
    m: usize,
) -> LinalgResult<Option<Vec<Vec<bool>>>> {
    let keep = match mask {
        None => return Ok(None),
        Some(Mask::Causal) => (0..n).map(|i| (0..m).map(|j| j <= i).collect()).collect(),
        Some(Mask::Explicit(mk)) => {
            let mut rows: Vec<Vec<bool>> = Vec::with_capacity(n);
            for i in 0..n {
                let mut row = Vec::with_capacity(m);
                for j in 0..m {
                    match mk[(i, j)] {
                        0.0 => row.push(false),
                        1.0 => row.push(true),
                        value => {
                            return Err(LinalgError::NotZeroOrOne {
                                operand: Operand::Arg(3),
                                row: i,
                                col: j,
                                value,
                            });
                        }
                    }
                }
                rows.push(row);
            }
            rows
        }
    };
    if let Some(i) = keep.iter().position(|r: &Vec<bool>| !r.iter().any(|&x| x)) {
        return Err(LinalgError::FullyMasked {
            operand: Operand::Arg(3),
            row: i,
        });
    }
    Ok(Some(keep))
}

/// Scaled dot-product attention `softmax(Q K^T / sqrt(d)) V`.
pub fn attention(
    q: &Mat<f64>,
    k: &Mat<f64>,
    v: &Mat<f64>,
    mask: Option<&Mask>,
) -> LinalgResult<Attention> {
    require_equal(
        matrix_extent(0, q, Axis::Columns),
        matrix_extent(1, k, Axis::Columns),
    )?;
    require_equal(
        matrix_extent(1, k, Axis::Rows),
        matrix_extent(2, v, Axis::Rows),
    )?;
    let (n, m) = (q.nrows(), k.nrows());
    if let Some(Mask::Explicit(mk)) = mask {
        require_equal(
            matrix_extent(3, mk, Axis::Rows),
            matrix_extent(0, q, Axis::Rows),
        )?;
        require_equal(
            matrix_extent(3, mk, Axis::Columns),
            matrix_extent(1, k, Axis::Rows),
        )?;
    }
    let keep = kept_positions(mask, n, m)?;
    let scale = 1.0 / (q.ncols() as f64).sqrt();
    let scores = (q * k.transpose()) * faer::Scale(scale);
    ensure_finite(Quantity::Scores, &scores)?;
    let mut weights = Mat::zeros(n, m);
    for i in 0..n {
        let row: Vec<f64> = (0..m).map(|j| scores[(i, j)]).collect();
        let w = softmax_row(&row, 1.0, keep.as_ref().map(|k| k[i].as_slice()));
        for (j, x) in w.into_iter().enumerate() {
            weights[(i, j)] = x;
        }
    }
    let output = &weights * v;
    ensure_finite(Quantity::Output, &output)?;
    Ok(Attention {
        scores,
        weights,
        output,
    })
}

#[derive(Debug, Clone)]
pub struct Lora {
    pub merged: Mat<f64>,
    pub delta_rank: usize,
    pub params_full: usize,
    pub params_lora: usize,
    pub compression_ratio: f64,
}

/// `W + (alpha / r) B A` for `W` d x k, `A` r x k, `B` d x r.
pub fn lora(w: &Mat<f64>, a: &Mat<f64>, b: &Mat<f64>, alpha: Option<f64>) -> LinalgResult<Lora> {
    let (d, k, r) = (w.nrows(), w.ncols(), a.nrows());
    require_equal(
        matrix_extent(1, a, Axis::Columns),
        matrix_extent(0, w, Axis::Columns),
    )?;
    require_equal(
        matrix_extent(2, b, Axis::Rows),
        matrix_extent(0, w, Axis::Rows),
    )?;
    require_equal(
        matrix_extent(2, b, Axis::Columns),
        matrix_extent(1, a, Axis::Rows),
    )?;
    let alpha = alpha.unwrap_or(r as f64);
    if !alpha.is_finite() {
        return Err(LinalgError::Parameter {
            operand: Operand::Arg(3),
            value: alpha,
            rule: Rule::Finite,
        });
    }
    let delta = (b * a) * faer::Scale(alpha / r as f64);
    ensure_finite(Quantity::Result, &delta)?;
    let merged = w + &delta;
    ensure_finite(Quantity::Result, &merged)?;
    let delta_rank = if super::max_abs(&delta) == 0.0 {
        0
    } else {
        rank(&delta, None)?.0
    };
    let (params_full, params_lora) = (d * k, r * (d + k));
    Ok(Lora {
        merged,
        delta_rank,
        params_full,
        params_lora,
        compression_ratio: params_lora as f64 / params_full as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::random_mat;
    use proptest::prelude::*;

    #[test]
    fn softmax_of_equal_entries_is_uniform_and_large_inputs_do_not_overflow() {
        assert_eq!(softmax_vector(&[1.0, 1.0], 1.0).unwrap(), vec![0.5, 0.5]);
        let s = softmax_vector(&[1000.0, 0.0], 1.0).unwrap();
        assert_eq!(s, vec![1.0, 0.0]);
        assert!(softmax_vector(&[1.0], 0.0).is_err());
    }

    #[test]
    fn causal_attention_weights_are_zero_above_the_diagonal() {
        let q = random_mat(3, 4, 1);
        let k = random_mat(3, 4, 2);
        let v = random_mat(3, 2, 3);
        let r = attention(&q, &k, &v, Some(&Mask::Causal)).unwrap();
        assert_eq!(r.weights[(0, 0)], 1.0);
        assert_eq!(r.weights[(0, 1)], 0.0);
        assert_eq!(r.weights[(1, 2)], 0.0);
        // row 0 attends only to key 0, so its output is v's row 0
        assert!((r.output[(0, 1)] - v[(0, 1)]).abs() < 1e-15);
    }

    #[test]
    fn a_fully_masked_row_is_refused() {
        let q = random_mat(2, 2, 1);
        let mask = Mask::Explicit(mat_from_rows(2, 2, &[1.0, 0.0, 0.0, 0.0]));
        let e = attention(&q, &q, &q, Some(&mask)).unwrap_err();
        assert!(
            e.describe(&["q", "k", "v", "mask"])
                .contains("mask row 1 masks every key")
        );
    }

    #[test]
    fn textbook_lora() {
        let w = Mat::zeros(2, 3);
        let a = mat_from_rows(1, 3, &[1.0, 2.0, 3.0]);
        let b = mat_from_rows(2, 1, &[1.0, 1.0]);
        let r = lora(&w, &a, &b, Some(2.0)).unwrap();
        assert_eq!(
            r.merged,
            mat_from_rows(2, 3, &[2.0, 4.0, 6.0, 2.0, 4.0, 6.0])
        );
        assert_eq!((r.delta_rank, r.params_full, r.params_lora), (1, 6, 5));
        assert!((r.compression_ratio - 5.0 / 6.0).abs() < 1e-15);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn softmax_rows_sum_to_one(m in 1usize..6, n in 1usize..9, seed: u64, t in 0.1f64..10.0) {
            let x = random_mat(m, n, seed) * faer::Scale(50.0);
            let s = softmax_rows(&x, t).unwrap();
            for i in 0..m {
                let sum: f64 = (0..n).map(|j| s[(i, j)]).sum();
                prop_assert!((sum - 1.0).abs() < 1e-12);
            }
        }
    }
}
