//! The machine-learning rungs: softmax, scaled dot-product attention, LoRA updates.

use faer::Mat;

use super::solve::rank;
use super::{LinalgError, LinalgResult, ensure_finite, shape_str};

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

fn check_temperature(t: f64) -> LinalgResult<()> {
    if t > 0.0 && t.is_finite() {
        Ok(())
    } else {
        Err(LinalgError::InvalidInput(format!(
            "softmax: temperature is {t}; it must be a finite number > 0"
        )))
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

/// Scaled dot-product attention `softmax(Q K^T / sqrt(d)) V`.
pub fn attention(
    q: &Mat<f64>,
    k: &Mat<f64>,
    v: &Mat<f64>,
    mask: Option<&Mask>,
) -> LinalgResult<Attention> {
    const OP: &str = "attention";
    if q.ncols() != k.ncols() {
        return Err(LinalgError::ShapeMismatch(format!(
            "{OP}: q is {} and k is {}; q's columns ({}) must equal k's columns ({})",
            shape_str(q),
            shape_str(k),
            q.ncols(),
            k.ncols()
        )));
    }
    if k.nrows() != v.nrows() {
        return Err(LinalgError::ShapeMismatch(format!(
            "{OP}: k is {} and v is {}; k and v must have the same number of rows",
            shape_str(k),
            shape_str(v)
        )));
    }
    let (n, m) = (q.nrows(), k.nrows());
    let keep: Option<Vec<Vec<bool>>> = match mask {
        None => None,
        Some(Mask::Causal) => Some((0..n).map(|i| (0..m).map(|j| j <= i).collect()).collect()),
        Some(Mask::Explicit(mk)) => {
            if (mk.nrows(), mk.ncols()) != (n, m) {
                return Err(LinalgError::ShapeMismatch(format!(
                    "{OP}: mask is {} but must be {n}x{m} (q rows x k rows)",
                    shape_str(mk)
                )));
            }
            let mut rows = Vec::with_capacity(n);
            for i in 0..n {
                let mut row = Vec::with_capacity(m);
                for j in 0..m {
                    match mk[(i, j)] {
                        0.0 => row.push(false),
                        1.0 => row.push(true),
                        x => {
                            return Err(LinalgError::InvalidInput(format!(
                                "{OP}: mask entry ({i}, {j}) is {x}; mask entries must be 0 or 1 (1 = keep)"
                            )));
                        }
                    }
                }
                rows.push(row);
            }
            Some(rows)
        }
    };
    let fully_masked = keep
        .as_ref()
        .and_then(|rows| rows.iter().position(|r| !r.iter().any(|&x| x)));
    if let Some(i) = fully_masked {
        return Err(LinalgError::InvalidInput(format!(
            "{OP}: mask row {i} masks every key; its softmax is undefined"
        )));
    }
    let scale = 1.0 / (q.ncols() as f64).sqrt();
    let scores = (q * k.transpose()) * faer::Scale(scale);
    ensure_finite(OP, "scores q k^T / sqrt(d)", &scores)?;
    let mut weights = Mat::zeros(n, m);
    for i in 0..n {
        let row: Vec<f64> = (0..m).map(|j| scores[(i, j)]).collect();
        let w = softmax_row(&row, 1.0, keep.as_ref().map(|k| k[i].as_slice()));
        for (j, x) in w.into_iter().enumerate() {
            weights[(i, j)] = x;
        }
    }
    let output = &weights * v;
    ensure_finite(OP, "output", &output)?;
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
    const OP: &str = "lora";
    let (d, k, r) = (w.nrows(), w.ncols(), a.nrows());
    if a.ncols() != k {
        return Err(LinalgError::ShapeMismatch(format!(
            "{OP}: w is {} and a is {}; a's columns ({}) must equal w's columns ({k})",
            shape_str(w),
            shape_str(a),
            a.ncols()
        )));
    }
    if b.nrows() != d {
        return Err(LinalgError::ShapeMismatch(format!(
            "{OP}: w is {} and b is {}; b's rows ({}) must equal w's rows ({d})",
            shape_str(w),
            shape_str(b),
            b.nrows()
        )));
    }
    if b.ncols() != r {
        return Err(LinalgError::ShapeMismatch(format!(
            "{OP}: a is {} and b is {}; b's columns ({}) must equal a's rows (r = {r})",
            shape_str(a),
            shape_str(b),
            b.ncols()
        )));
    }
    let alpha = alpha.unwrap_or(r as f64);
    if !alpha.is_finite() {
        return Err(LinalgError::InvalidInput(format!(
            "{OP}: alpha is {alpha}; it must be finite"
        )));
    }
    let delta = (b * a) * faer::Scale(alpha / r as f64);
    ensure_finite(OP, "update (alpha / r) B A", &delta)?;
    let merged = w + &delta;
    ensure_finite(OP, "merged weight", &merged)?;
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
        assert!(e.to_string().contains("mask row 1 masks every key"));
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
