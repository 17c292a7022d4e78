//! N-dimensional tensors with PyTorch's semantics: reshape with one `-1`, transpose and permute
//! with negative dims, and `torch.matmul`'s 1-D promotion and batch broadcasting.
//!
//! The shape rules are separate functions on plain shapes, so `/shapes` checks a chain of
//! operations without any data using exactly the rules the data endpoints apply. Element counts
//! use checked arithmetic: a shape whose product overflows is an error, never a wrap-around.
//! Errors are [`TensorError`]s told in shapes; operands (a dimension argument, a shape) are named
//! by position as everywhere in `linalg`.

use ndarray::{ArrayD, Axis, Ix3, IxDyn};

use super::{LinalgError, LinalgResult, Operand, Quantity, TensorError};

/// Largest element count a shape may describe (as PyTorch's int64 sizes).
pub const MAX_SHAPE_ELEMENTS: u128 = i64::MAX as u128;

/// Product of a shape, or `None` past [`MAX_SHAPE_ELEMENTS`].
pub fn numel(shape: &[usize]) -> Option<usize> {
    let mut n: u128 = 1;
    for &d in shape {
        n = n.checked_mul(d as u128)?;
        if n > MAX_SHAPE_ELEMENTS {
            return None;
        }
    }
    usize::try_from(n).ok()
}

/// A shape from the wire (the argument `operand`): non-negative dimensions with a representable
/// element count.
pub fn parse_shape(shape: &[i64], operand: Operand) -> LinalgResult<Vec<usize>> {
    if shape.iter().any(|&d| d < 0) {
        return Err(TensorError::NegativeDimension {
            operand,
            shape: shape.to_vec(),
        }
        .into());
    }
    let dims: Vec<usize> = shape.iter().map(|&d| d as usize).collect();
    if numel(&dims).is_none() {
        return Err(TensorError::ShapeTooLarge {
            operand,
            shape: shape.to_vec(),
        }
        .into());
    }
    Ok(dims)
}

/// A dimension index in `[-ndim, ndim)` (a 0-d tensor accepts -1 and 0), normalised.
pub fn normalize_dim(d: i64, ndim: usize, operand: Operand) -> LinalgResult<usize> {
    let n = ndim.max(1) as i64;
    if d < -n || d >= n {
        return Err(TensorError::DimOutOfRange {
            operand,
            dim: d,
            ndim,
        }
        .into());
    }
    Ok(d.rem_euclid(n) as usize)
}

/// The target of a reshape of `src` into `shape` (with at most one `-1`).
pub fn reshape_shape(src: &[usize], shape: &[i64]) -> LinalgResult<Vec<usize>> {
    let count = numel(src).expect("source shapes are validated");
    let wildcards = shape.iter().filter(|&&d| d == -1).count();
    if wildcards > 1 {
        return Err(TensorError::TwoWildcards {
            shape: shape.to_vec(),
        }
        .into());
    }
    if let Some(&d) = shape.iter().find(|&&d| d < -1) {
        return Err(TensorError::NegativeTarget {
            shape: shape.to_vec(),
            dim: d,
        }
        .into());
    }
    let known: Vec<usize> = shape
        .iter()
        .filter(|&&d| d != -1)
        .map(|&d| d as usize)
        .collect();
    let known_count = numel(&known);
    let cannot = |to_count| TensorError::CannotReshape {
        from: src.to_vec(),
        count,
        to: shape.to_vec(),
        to_count,
    };
    let target: Vec<usize> = if wildcards == 1 {
        match known_count {
            Some(k) if k != 0 && count.is_multiple_of(k) => shape
                .iter()
                .map(|&d| if d == -1 { count / k } else { d as usize })
                .collect(),
            _ => return Err(cannot(None).into()),
        }
    } else {
        if known_count != Some(count) {
            return Err(cannot(known_count).into());
        }
        known
    };
    Ok(target)
}

/// `dims` (the argument `operand`) as a permutation of `0..ndim` (negative dims allowed).
pub fn permutation(dims: &[i64], ndim: usize, operand: Operand) -> LinalgResult<Vec<usize>> {
    if dims.len() != ndim {
        return Err(TensorError::PermutationLength {
            dims: dims.to_vec(),
            ndim,
        }
        .into());
    }
    let arg = match operand {
        Operand::Arg(i) | Operand::Item(i, _) => i,
    };
    let perm = dims
        .iter()
        .enumerate()
        .map(|(i, &d)| normalize_dim(d, ndim, Operand::Item(arg, i)))
        .collect::<LinalgResult<Vec<usize>>>()?;
    let mut seen = vec![false; ndim];
    for &p in &perm {
        if std::mem::replace(&mut seen[p], true) {
            return Err(TensorError::NotPermutation {
                dims: dims.to_vec(),
                ndim,
                repeated: p,
            }
            .into());
        }
    }
    Ok(perm)
}

/// The result shape of `torch.matmul(a, b)`.
pub fn matmul_shape(a: &[usize], b: &[usize]) -> LinalgResult<Vec<usize>> {
    if a.is_empty() || b.is_empty() {
        return Err(TensorError::ZeroDimensional {
            a: a.to_vec(),
            b: b.to_vec(),
        }
        .into());
    }
    let a2: Vec<usize> = if a.len() == 1 {
        vec![1, a[0]]
    } else {
        a.to_vec()
    };
    let b2: Vec<usize> = if b.len() == 1 {
        vec![b[0], 1]
    } else {
        b.to_vec()
    };
    let (inner_a, inner_b) = (a2[a2.len() - 1], b2[b2.len() - 2]);
    if inner_a != inner_b {
        return Err(TensorError::InnerDimensions {
            a: a.to_vec(),
            b: b.to_vec(),
            inner_a,
            inner_b,
        }
        .into());
    }
    let batch = broadcast(&a2[..a2.len() - 2], &b2[..b2.len() - 2]).map_err(|(x, y, at)| {
        TensorError::Broadcast {
            a: a.to_vec(),
            b: b.to_vec(),
            x,
            y,
            at,
        }
    })?;
    let mut out = batch;
    if a.len() > 1 {
        out.push(a2[a2.len() - 2]);
    }
    if b.len() > 1 {
        out.push(b2[b2.len() - 1]);
    }
    Ok(out)
}

/// NumPy/PyTorch broadcasting of two batch shapes; on failure the clashing sizes and position.
fn broadcast(a: &[usize], b: &[usize]) -> Result<Vec<usize>, (usize, usize, usize)> {
    let n = a.len().max(b.len());
    let pad = |s: &[usize]| -> Vec<usize> {
        std::iter::repeat_n(1, n - s.len())
            .chain(s.iter().copied())
            .collect()
    };
    let (a, b) = (pad(a), pad(b));
    a.iter()
        .zip(&b)
        .enumerate()
        .map(|(i, (&x, &y))| match (x, y) {
            _ if x == y => Ok(x),
            (1, y) => Ok(y),
            (x, 1) => Ok(x),
            _ => Err((x, y, i)),
        })
        .collect()
}

/// Row-major data of a tensor, whatever its memory layout.
pub fn into_row_major(t: ArrayD<f64>) -> (Vec<usize>, Vec<f64>) {
    let shape = t.shape().to_vec();
    let data = if t.is_standard_layout() {
        t.into_raw_vec_and_offset().0
    } else {
        t.iter().copied().collect()
    };
    (shape, data)
}

pub fn reshape(t: ArrayD<f64>, shape: &[i64]) -> LinalgResult<ArrayD<f64>> {
    let target = reshape_shape(t.shape(), shape)?;
    let (_, data) = into_row_major(t);
    Ok(ArrayD::from_shape_vec(IxDyn(&target), data).expect("element count checked"))
}

/// `dim0` and `dim1` are arguments 1 and 2.
pub fn transpose(mut t: ArrayD<f64>, dim0: i64, dim1: i64) -> LinalgResult<ArrayD<f64>> {
    let nd = t.ndim();
    let d0 = normalize_dim(dim0, nd, Operand::Arg(1))?;
    let d1 = normalize_dim(dim1, nd, Operand::Arg(2))?;
    if nd > 0 {
        t.swap_axes(d0, d1);
    }
    Ok(t)
}

/// `dims` is argument 1.
pub fn permute(t: ArrayD<f64>, dims: &[i64]) -> LinalgResult<ArrayD<f64>> {
    let perm = permutation(dims, t.ndim(), Operand::Arg(1))?;
    Ok(t.permuted_axes(IxDyn(&perm)))
}

/// `torch.matmul(a, b)`; the result may hold at most `max_elements` entries.
pub fn matmul(a: &ArrayD<f64>, b: &ArrayD<f64>, max_elements: usize) -> LinalgResult<ArrayD<f64>> {
    let out_shape = matmul_shape(a.shape(), b.shape())?;
    let count = numel(&out_shape).unwrap_or(usize::MAX);
    if count > max_elements {
        return Err(TensorError::ResultTooLarge {
            shape: out_shape,
            count,
            limit: max_elements,
        }
        .into());
    }
    // Promote to batched 3-D operands [batch, n, k] @ [batch, k, m] over the broadcast batch.
    let a2: Vec<usize> = if a.ndim() == 1 {
        vec![1, a.len()]
    } else {
        a.shape().to_vec()
    };
    let b2: Vec<usize> = if b.ndim() == 1 {
        vec![b.len(), 1]
    } else {
        b.shape().to_vec()
    };
    let batch =
        broadcast(&a2[..a2.len() - 2], &b2[..b2.len() - 2]).expect("checked by matmul_shape");
    let (n, k, m) = (a2[a2.len() - 2], a2[a2.len() - 1], b2[b2.len() - 1]);
    let full = |mat: &[usize]| -> Vec<usize> {
        batch.iter().chain(&mat[mat.len() - 2..]).copied().collect()
    };
    let av = a.to_shape(IxDyn(&a2)).expect("same element count");
    let bv = b.to_shape(IxDyn(&b2)).expect("same element count");
    let a_full = av
        .broadcast(IxDyn(&full(&a2)))
        .expect("batch shapes broadcast");
    let b_full = bv
        .broadcast(IxDyn(&full(&b2)))
        .expect("batch shapes broadcast");
    let batches = numel(&batch).expect("bounded by the result");
    let a3 = a_full
        .to_shape((batches, n, k))
        .expect("contiguous copy")
        .into_dimensionality::<Ix3>()
        .expect("3-D");
    let b3 = b_full
        .to_shape((batches, k, m))
        .expect("contiguous copy")
        .into_dimensionality::<Ix3>()
        .expect("3-D");
    let mut data = Vec::with_capacity(count);
    for i in 0..batches {
        let product = a3.index_axis(Axis(0), i).dot(&b3.index_axis(Axis(0), i));
        data.extend(product.iter().copied());
    }
    super::ensure_finite_slice(Quantity::Product, &data)?;
    Ok(ArrayD::from_shape_vec(IxDyn(&out_shape), data).expect("result shape"))
}

/// One step of a `/shapes` chain.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeOp {
    Matmul { other: Vec<i64> },
    Transpose { dim0: i64, dim1: i64 },
    Permute { dims: Vec<i64> },
    Reshape { shape: Vec<i64> },
}

impl ShapeOp {
    pub fn name(&self) -> &'static str {
        match self {
            ShapeOp::Matmul { .. } => "matmul",
            ShapeOp::Transpose { .. } => "transpose",
            ShapeOp::Permute { .. } => "permute",
            ShapeOp::Reshape { .. } => "reshape",
        }
    }

    /// The names of the step's own fields, by position, for its errors.
    pub fn field_names(&self) -> &'static [&'static str] {
        match self {
            ShapeOp::Matmul { .. } => &["other"],
            ShapeOp::Transpose { .. } => &["dim0", "dim1"],
            ShapeOp::Permute { .. } => &["dims"],
            ShapeOp::Reshape { .. } => &["shape"],
        }
    }
}

/// The shape after each step. `input` is argument 0; an invalid step's error is a
/// [`LinalgError::Step`] naming its index and op, whose own operands are the step's fields
/// (positions in [`ShapeOp::field_names`]).
pub fn shape_chain(input: &[i64], ops: &[ShapeOp]) -> LinalgResult<Vec<Vec<usize>>> {
    let mut current = parse_shape(input, Operand::Arg(0))?;
    let mut shapes = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        let step = |e: LinalgError| LinalgError::Step {
            index: i,
            op: op.name(),
            fields: op.field_names(),
            error: Box::new(e),
        };
        current = match op {
            ShapeOp::Matmul { other } => {
                let other = parse_shape(other, Operand::Arg(0)).map_err(step)?;
                matmul_shape(&current, &other).map_err(step)?
            }
            ShapeOp::Transpose { dim0, dim1 } => {
                let nd = current.len();
                let d0 = normalize_dim(*dim0, nd, Operand::Arg(0)).map_err(step)?;
                let d1 = normalize_dim(*dim1, nd, Operand::Arg(1)).map_err(step)?;
                if nd > 0 {
                    current.swap(d0, d1);
                }
                current
            }
            ShapeOp::Permute { dims } => {
                let perm = permutation(dims, current.len(), Operand::Arg(0)).map_err(step)?;
                perm.iter().map(|&p| current[p]).collect()
            }
            ShapeOp::Reshape { shape } => reshape_shape(&current, shape).map_err(step)?,
        };
        if numel(&current).is_none() {
            return Err(step(
                TensorError::ResultOverflows {
                    shape: current.clone(),
                }
                .into(),
            ));
        }
        shapes.push(current.clone());
    }
    Ok(shapes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arange(shape: &[usize]) -> ArrayD<f64> {
        let n = numel(shape).unwrap();
        ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(|x| x as f64).collect()).unwrap()
    }

    #[test]
    fn reshape_infers_one_dimension() {
        assert_eq!(reshape_shape(&[2, 3, 4], &[-1, 4]).unwrap(), vec![6, 4]);
        assert!(reshape_shape(&[2, 3], &[-1, -1]).is_err());
        assert!(matches!(
            reshape_shape(&[2, 3], &[4, -1]),
            Err(LinalgError::Tensor(TensorError::CannotReshape { .. }))
        ));
    }

    #[test]
    fn batch_seq_hidden_transpose() {
        let t = arange(&[2, 3, 4]);
        let r = transpose(t.clone(), 1, -1).unwrap();
        assert_eq!(r.shape(), &[2, 4, 3]);
        assert_eq!(r[[1, 2, 0]], t[[1, 0, 2]]);
        let (_, data) = into_row_major(r);
        assert_eq!(data[..3], [0.0, 4.0, 8.0]);
    }

    #[test]
    fn torch_matmul_shapes() {
        assert_eq!(matmul_shape(&[3], &[3]).unwrap(), Vec::<usize>::new());
        assert_eq!(matmul_shape(&[2, 3], &[3]).unwrap(), vec![2]);
        assert_eq!(matmul_shape(&[3], &[3, 4]).unwrap(), vec![4]);
        assert_eq!(
            matmul_shape(&[10, 1, 2, 3], &[5, 3, 4]).unwrap(),
            vec![10, 5, 2, 4]
        );
        let e = matmul_shape(&[32, 10, 64], &[128, 64]).unwrap_err();
        assert_eq!(
            e.describe(&[]),
            "[32, 10, 64] @ [128, 64]: inner dimensions 64 and 128 differ (the last dimension of the first must equal the second-to-last of the second)"
        );
        assert!(matmul_shape(&[2, 2, 3], &[4, 3, 1]).is_err());
    }

    #[test]
    fn batched_matmul_matches_per_batch_products() {
        let a = arange(&[2, 1, 2, 3]);
        let b = arange(&[3, 3, 2]);
        let c = matmul(&a, &b, usize::MAX).unwrap();
        assert_eq!(c.shape(), &[2, 3, 2, 2]);
        // c[1, 2] = a[1, 0] @ b[2]
        for i in 0..2 {
            for j in 0..2 {
                let want: f64 = (0..3).map(|l| a[[1, 0, i, l]] * b[[2, l, j]]).sum();
                assert_eq!(c[[1, 2, i, j]], want);
            }
        }
        let dot = matmul(&arange(&[3]), &arange(&[3]), usize::MAX).unwrap();
        assert_eq!(dot.shape(), &[] as &[usize]);
        assert_eq!(dot.iter().next(), Some(&5.0));
    }

    #[test]
    fn a_bad_step_names_its_index() {
        let ops = vec![
            ShapeOp::Transpose { dim0: 0, dim1: 1 },
            ShapeOp::Reshape {
                shape: vec![32, 10, 64],
            },
            ShapeOp::Matmul {
                other: vec![128, 64],
            },
        ];
        let e = shape_chain(&[10, 32, 64], &ops).unwrap_err();
        assert!(e.describe(&["input", "ops"]).starts_with(
            "step 2 (matmul): [32, 10, 64] @ [128, 64]: inner dimensions 64 and 128 differ"
        ));
    }

    #[test]
    fn element_count_overflow_is_refused() {
        assert!(matches!(
            parse_shape(&[1 << 40, 1 << 40], Operand::Arg(0)),
            Err(LinalgError::Tensor(TensorError::ShapeTooLarge { .. }))
        ));
        let ops = vec![ShapeOp::Matmul {
            other: vec![1 << 31, 1 << 40],
        }];
        let e = shape_chain(&[1 << 20, 1 << 31], &ops).unwrap_err();
        assert!(matches!(e, LinalgError::Step { .. }), "{e:?}");
        assert_eq!(e.class(), crate::linalg::ErrorClass::TooLarge);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn permute_then_inverse_permute_is_identity(dims in proptest::collection::vec(1usize..4, 1..5), seed: u64) {
            let t = arange(&dims);
            let nd = dims.len();
            let mut perm: Vec<usize> = (0..nd).collect();
            let mut s = seed;
            for i in (1..nd).rev() { s = s.wrapping_mul(6364136223846793005).wrapping_add(1); perm.swap(i, (s >> 33) as usize % (i + 1)); }
            let mut inv = vec![0i64; nd];
            for (i, &p) in perm.iter().enumerate() { inv[p] = i as i64; }
            let fwd: Vec<i64> = perm.iter().map(|&p| p as i64).collect();
            let back = permute(permute(t.clone(), &fwd).unwrap(), &inv).unwrap();
            prop_assert_eq!(back, t);
        }

        #[test]
        fn reshape_round_trips(dims in proptest::collection::vec(1usize..5, 1..5)) {
            let t = arange(&dims);
            let flat = reshape(t.clone(), &[-1]).unwrap();
            let back_shape: Vec<i64> = dims.iter().map(|&d| d as i64).collect();
            prop_assert_eq!(reshape(flat, &back_shape).unwrap(), t);
        }
    }
}
