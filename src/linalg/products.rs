//! Dot products and matrix products, including chains in their cheapest parenthesisation.
//!
//! Operands are named by position in errors: `dot(a, b)` and `matmul(a, b)` report `Arg(0)` and
//! `Arg(1)`; a chain reports `Item(0, i)`, the i-th matrix of its one list argument.

use faer::Mat;

use super::{
    Axis, Extent, LinalgError, LinalgResult, Operand, Quantity, Shape, ensure_finite,
    ensure_finite_scalar, require_equal, shape_of,
};

/// `a · b` for vectors of equal length.
pub fn dot(a: &[f64], b: &[f64]) -> LinalgResult<f64> {
    require_equal(vector_extent(0, a), vector_extent(1, b))?;
    let value = a.iter().zip(b).map(|(x, y)| x * y).sum();
    ensure_finite_scalar(Quantity::DotProduct, value)
}

fn vector_extent(arg: usize, v: &[f64]) -> Extent {
    Extent {
        operand: Operand::Arg(arg),
        shape: Shape::Vector(v.len()),
        axis: Axis::Length,
    }
}

/// `A B`, checking that A's columns equal B's rows.
pub fn matmul(a: &Mat<f64>, b: &Mat<f64>) -> LinalgResult<Mat<f64>> {
    check_product(Operand::Arg(0), a, Operand::Arg(1), b)?;
    let product = a * b;
    ensure_finite(Quantity::Product, &product)?;
    Ok(product)
}

/// `A v` for a vector `v` of length A's columns.
pub fn matvec(a: &Mat<f64>, v: &[f64]) -> LinalgResult<Vec<f64>> {
    require_equal(
        Extent {
            operand: Operand::Arg(0),
            shape: shape_of(a),
            axis: Axis::Columns,
        },
        vector_extent(1, v),
    )?;
    let col = super::column(v);
    let product = a * &col;
    ensure_finite(Quantity::Product, &product)?;
    Ok((0..a.nrows()).map(|i| product[(i, 0)]).collect())
}

fn check_product(an: Operand, a: &Mat<f64>, bn: Operand, b: &Mat<f64>) -> LinalgResult<()> {
    require_equal(
        Extent {
            operand: an,
            shape: shape_of(a),
            axis: Axis::Columns,
        },
        Extent {
            operand: bn,
            shape: shape_of(b),
            axis: Axis::Rows,
        },
    )
}

/// The product of a chain `A1 A2 ... An` (n >= 2) and the shapes of its left-to-right partial
/// products `A1A2, A1A2A3, ...`. The chain is evaluated in the order with the fewest scalar
/// multiplications (the classic O(n^3) dynamic programme, as `numpy.linalg.multi_dot`), which
/// can be orders of magnitude cheaper than left to right.
///
/// Every product formed on the way, partial or final, may hold at most `max_elements` entries.
pub fn matmul_chain(
    mats: &[Mat<f64>],
    max_elements: usize,
) -> LinalgResult<(Mat<f64>, Vec<[usize; 2]>)> {
    if mats.len() < 2 {
        return Err(LinalgError::TooFew {
            operand: Operand::Arg(0),
            count: mats.len(),
            min: 2,
            unit: ("matrix", "matrices"),
            operation: "a chain",
        });
    }
    for i in 0..mats.len() - 1 {
        check_product(
            Operand::Item(0, i),
            &mats[i],
            Operand::Item(0, i + 1),
            &mats[i + 1],
        )?;
    }
    let rows = mats[0].nrows();
    let shapes = mats[1..].iter().map(|m| [rows, m.ncols()]).collect();
    let split = chain_order(mats);
    let product = multiply_range(mats, &split, 0, mats.len() - 1, max_elements)?;
    ensure_finite(Quantity::Product, &product)?;
    Ok((product, shapes))
}

/// `split[i][j]`: where the optimal product of `mats[i..=j]` splits.
fn chain_order(mats: &[Mat<f64>]) -> Vec<Vec<usize>> {
    let n = mats.len();
    // dims[i] x dims[i+1] is the shape of mats[i]
    let dims: Vec<u128> = std::iter::once(mats[0].nrows())
        .chain(mats.iter().map(|m| m.ncols()))
        .map(|d| d as u128)
        .collect();
    let mut cost = vec![vec![0u128; n]; n];
    let mut split = vec![vec![0usize; n]; n];
    for len in 1..n {
        for i in 0..n - len {
            let j = i + len;
            cost[i][j] = u128::MAX;
            for k in i..j {
                let c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
                if c < cost[i][j] {
                    cost[i][j] = c;
                    split[i][j] = k;
                }
            }
        }
    }
    split
}

fn multiply_range(
    mats: &[Mat<f64>],
    split: &[Vec<usize>],
    i: usize,
    j: usize,
    max_elements: usize,
) -> LinalgResult<Mat<f64>> {
    if i == j {
        return Ok(mats[i].clone());
    }
    let (rows, cols) = (mats[i].nrows(), mats[j].ncols());
    check_product_size(rows, cols, max_elements)?;
    let k = split[i][j];
    let left = multiply_range(mats, split, i, k, max_elements)?;
    let right = multiply_range(mats, split, k + 1, j, max_elements)?;
    Ok(left * right)
}

/// Refuses a product with more than `max_elements` entries before allocating it.
pub fn check_product_size(rows: usize, cols: usize, max_elements: usize) -> LinalgResult<()> {
    match rows.checked_mul(cols) {
        Some(n) if n <= max_elements => Ok(()),
        _ => Err(LinalgError::ResultTooLarge {
            rows,
            cols,
            limit: max_elements,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::mat_from_rows;
    use crate::linalg::testutil::{diff_norm, random_mat, tol};

    #[test]
    fn the_curriculum_dot_product_is_32() {
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]).unwrap(), 32.0);
    }

    #[test]
    fn dot_of_different_lengths_names_both() {
        let err = dot(&[1.0, 2.0], &[1.0, 2.0, 3.0]).unwrap_err();
        assert_eq!(
            err.describe(&["a", "b"]),
            "a is a vector of length 2 and b is a vector of length 3; a's length (2) must equal b's length (3)"
        );
    }

    #[test]
    fn a_textbook_product() {
        let a = mat_from_rows(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let b = mat_from_rows(2, 2, &[5.0, 6.0, 7.0, 8.0]);
        let c = matmul(&a, &b).unwrap();
        assert_eq!(c, mat_from_rows(2, 2, &[19.0, 22.0, 43.0, 50.0]));
    }

    #[test]
    fn mismatched_products_name_both_shapes() {
        let err = matmul(&Mat::zeros(2, 3), &Mat::zeros(4, 5)).unwrap_err();
        assert_eq!(
            err.describe(&["a", "b"]),
            "a is 2x3 and b is 4x5; a's columns (3) must equal b's rows (4)"
        );
    }

    #[test]
    fn overflow_is_not_finite() {
        let a = mat_from_rows(1, 1, &[1e200]);
        let err = matmul(&a, &a).unwrap_err();
        assert!(matches!(err, LinalgError::NotFinite { .. }));
    }

    #[test]
    fn a_chain_equals_the_left_to_right_product_and_reports_partial_shapes() {
        let mats = vec![
            random_mat(10, 30, 1),
            random_mat(30, 5, 2),
            random_mat(5, 60, 3),
            random_mat(60, 2, 4),
        ];
        let (product, shapes) = matmul_chain(&mats, usize::MAX).unwrap();
        let naive = &(&(&mats[0] * &mats[1]) * &mats[2]) * &mats[3];
        assert!(diff_norm(&product, &naive) <= tol(60, 60, 60.0));
        assert_eq!(shapes, vec![[10, 5], [10, 60], [10, 2]]);
    }

    #[test]
    fn the_chain_order_is_the_cheapest() {
        // (10x100)(100x5)(5x50): (AB)C costs 7500, A(BC) costs 75000.
        let mats = vec![Mat::zeros(10, 100), Mat::zeros(100, 5), Mat::zeros(5, 50)];
        assert_eq!(chain_order(&mats)[0][2], 1);
    }

    #[test]
    fn a_broken_chain_names_the_pair() {
        let err = matmul_chain(
            &[Mat::zeros(2, 3), Mat::zeros(3, 4), Mat::zeros(5, 1)],
            usize::MAX,
        )
        .unwrap_err();
        assert!(
            err.describe(&["matrices"])
                .contains("matrices[1] is 3x4 and matrices[2] is 5x1")
        );
    }

    #[test]
    fn matvec_matches_matmul_with_a_column() {
        let a = random_mat(4, 3, 9);
        let v = vec![1.0, -2.0, 0.5];
        let got = matvec(&a, &v).unwrap();
        let col = Mat::from_fn(3, 1, |i, _| v[i]);
        let want = &a * &col;
        for i in 0..4 {
            assert!((got[i] - want[(i, 0)]).abs() < 1e-12);
        }
    }
}
