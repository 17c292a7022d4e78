//! Seeded exercise generators, one per compute endpoint.
//!
//! Same kind, seed and difficulty: the same exercise (ChaCha8 seeded from all three). At
//! difficulty 1 every number is a small integer a student can work by hand, and the answers
//! are built to be friendly: inverses of unimodular matrices are integer, eigenvalues come
//! from `P D P^-1` with integer `D`, ranks are chosen, Cholesky inputs are `L L^T` of integer
//! `L`, SVD inputs are signed permutations times integer scales. Difficulty 2 and 3 grow the
//! sizes and the ranges. The expected answer is not computed here: the HTTP layer runs the
//! generated input through the endpoint itself.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

/// Every op that `/exercises` and `/grade` know.
pub const KINDS: &[&str] = &[
    "dot",
    "matmul",
    "svd",
    "pca",
    "cosine-search",
    "cosine",
    "norm",
    "distance",
    "linear-combination",
    "project",
    "cross",
    "transpose",
    "determinant",
    "inverse",
    "solve",
    "lstsq",
    "rank",
    "subspaces",
    "eigen",
    "low-rank",
    "qr",
    "lu",
    "cholesky",
    "rref",
    "tensor/reshape",
    "tensor/transpose",
    "tensor/permute",
    "tensor/matmul",
    "shapes",
    "softmax",
    "attention",
    "lora",
];

/// A generated exercise: the endpoint's input and the question in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub input: Value,
    pub prompt: String,
}

struct Gen {
    rng: ChaCha8Rng,
    difficulty: u8,
}

type IntMat = Vec<Vec<i64>>;

impl Gen {
    /// Largest magnitude of a random entry.
    fn range(&self) -> i64 {
        match self.difficulty {
            1 => 3,
            2 => 6,
            _ => 9,
        }
    }

    /// A size between `lo` and `hi` (inclusive) growing with difficulty.
    fn size(&mut self, lo: usize, hi: usize) -> usize {
        let top = (lo + self.difficulty as usize - 1).min(hi);
        self.rng.random_range(lo..=top)
    }

    fn int(&mut self) -> i64 {
        let r = self.range();
        self.rng.random_range(-r..=r)
    }

    fn nonzero(&mut self) -> i64 {
        loop {
            let x = self.int();
            if x != 0 {
                return x;
            }
        }
    }

    fn vec(&mut self, n: usize) -> Vec<i64> {
        (0..n).map(|_| self.int()).collect()
    }

    fn nonzero_vec(&mut self, n: usize) -> Vec<i64> {
        loop {
            let v = self.vec(n);
            if v.iter().any(|&x| x != 0) {
                return v;
            }
        }
    }

    fn mat(&mut self, rows: usize, cols: usize) -> IntMat {
        (0..rows).map(|_| self.vec(cols)).collect()
    }

    /// A random integer matrix with determinant +-1 (so its inverse is integer too).
    fn unimodular(&mut self, n: usize) -> IntMat {
        let mut m: IntMat = (0..n)
            .map(|i| (0..n).map(|j| i64::from(i == j)).collect())
            .collect();
        for _ in 0..(2 * n) {
            let (i, j) = (self.rng.random_range(0..n), self.rng.random_range(0..n));
            if i != j {
                let f = self.rng.random_range(-2..=2);
                let src = m[j].clone();
                for (x, y) in m[i].iter_mut().zip(src) {
                    *x += f * y;
                }
            }
        }
        if n > 1 && self.rng.random_bool(0.5) {
            m.swap(0, 1);
        }
        m
    }

    /// A signed permutation matrix.
    fn signed_permutation(&mut self, n: usize) -> IntMat {
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.rng.random_range(0..=i);
            perm.swap(i, j);
        }
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if perm[i] == j {
                            if self.rng.random_bool(0.5) { 1 } else { -1 }
                        } else {
                            0
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn distinct_ints(&mut self, n: usize) -> Vec<i64> {
        let mut out: Vec<i64> = Vec::new();
        while out.len() < n {
            let x = self.int();
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}

fn mul(a: &IntMat, b: &IntMat) -> IntMat {
    let (n, k, m) = (a.len(), b.len(), b[0].len());
    (0..n)
        .map(|i| {
            (0..m)
                .map(|j| (0..k).map(|l| a[i][l] * b[l][j]).sum())
                .collect()
        })
        .collect()
}

fn transpose(a: &IntMat) -> IntMat {
    (0..a[0].len())
        .map(|j| a.iter().map(|r| r[j]).collect())
        .collect()
}

fn diag(d: &[i64]) -> IntMat {
    (0..d.len())
        .map(|i| {
            (0..d.len())
                .map(|j| if i == j { d[i] } else { 0 })
                .collect()
        })
        .collect()
}

/// Integer inverse of a unimodular matrix, by exact Gauss-Jordan over rationals.
fn integer_inverse(a: &IntMat) -> IntMat {
    let n = a.len();
    let mut m: Vec<Vec<f64>> = a
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.iter()
                .map(|&x| x as f64)
                .chain((0..n).map(|j| if i == j { 1.0 } else { 0.0 }))
                .collect()
        })
        .collect();
    for c in 0..n {
        let p = (c..n)
            .max_by(|&i, &j| m[i][c].abs().total_cmp(&m[j][c].abs()))
            .expect("rows");
        m.swap(c, p);
        let pv = m[c][c];
        m[c].iter_mut().for_each(|x| *x /= pv);
        for i in 0..n {
            if i != c {
                let f = m[i][c];
                let row = m[c].clone();
                m[i].iter_mut().zip(row).for_each(|(x, y)| *x -= f * y);
            }
        }
    }
    m.iter()
        .map(|r| r[n..].iter().map(|x| x.round() as i64).collect())
        .collect()
}

fn text(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).expect("serializable")
}

/// The seed of one exercise stream: the user's seed mixed with the kind and difficulty.
fn stream_seed(kind: &str, seed: u64, difficulty: u8) -> u64 {
    // FNV-1a over the kind, then mixed with the seed and difficulty.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in kind.bytes().chain([difficulty]) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ seed.rotate_left(17)
}

/// The exercise for `kind` (an endpoint path without `/`), or `None` for an unknown kind.
pub fn generate(kind: &str, seed: u64, difficulty: u8) -> Option<Exercise> {
    let difficulty = difficulty.clamp(1, 3);
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(stream_seed(kind, seed, difficulty)),
        difficulty,
    };
    let (input, prompt) = match kind {
        "dot" => {
            let n = g.size(2, 5);
            let (a, b) = (g.vec(n), g.vec(n));
            (
                json!({"a": a, "b": b}),
                format!(
                    "Compute the dot product a · b for a = {} and b = {}.",
                    text(&a),
                    text(&b)
                ),
            )
        }
        "matmul" => {
            let (n, k, m) = (g.size(2, 4), g.size(2, 4), g.size(1, 4));
            let (a, b) = (g.mat(n, k), g.mat(k, m));
            (
                json!({"a": a, "b": b}),
                format!(
                    "Compute the matrix product A B for A = {} ({n}x{k}) and B = {} ({k}x{m}); give result and shape.",
                    text(&a),
                    text(&b)
                ),
            )
        }
        "svd" => {
            let n = g.size(2, 4);
            let scales: Vec<i64> = {
                let mut s: Vec<i64> = (0..n)
                    .map(|_| g.rng.random_range(1..=g.range() + 2))
                    .collect();
                s.sort_unstable_by(|a, b| b.cmp(a));
                s
            };
            let (p, q) = (g.signed_permutation(n), g.signed_permutation(n));
            let a = mul(&mul(&p, &diag(&scales)), &q);
            (
                json!({"matrix": a}),
                format!(
                    "Find the singular value decomposition A = U diag(s) Vt of A = {} (singular values descending).",
                    text(&a)
                ),
            )
        }
        "pca" => {
            let (n, p) = (g.size(3, 6), g.size(2, 3));
            let mut data = g.mat(n, p);
            data[0][0] = data[1][0] + 1; // never all samples identical
            (
                json!({"data": data, "n_components": 1}),
                format!(
                    "Run PCA on the samples (rows) {} and give the first principal component, its explained variance (ddof = 1) and the projected data.",
                    text(&data)
                ),
            )
        }
        "cosine-search" => {
            let (n, d) = (g.size(4, 7), g.size(2, 4));
            let emb: IntMat = (0..n).map(|_| g.nonzero_vec(d)).collect();
            let q = g.nonzero_vec(d);
            (
                json!({"embeddings": emb, "query": q, "k": 2}),
                format!(
                    "Which 2 rows of {} are most cosine-similar to the query {}? Give their indices and similarities, best first.",
                    text(&emb),
                    text(&q)
                ),
            )
        }
        "cosine" => {
            let n = g.size(2, 4);
            let (a, b) = (g.nonzero_vec(n), g.nonzero_vec(n));
            (
                json!({"a": a, "b": b}),
                format!(
                    "Find the cosine of the angle between a = {} and b = {}, and the angle in radians and degrees.",
                    text(&a),
                    text(&b)
                ),
            )
        }
        "norm" => {
            let n = g.size(2, 5);
            let v = g.vec(n);
            let ord = ["l1", "l2", "linf"][g.rng.random_range(0..3)];
            (
                json!({"vector": v, "ord": ord}),
                format!("Compute the {ord} norm of {}.", text(&v)),
            )
        }
        "distance" => {
            let n = g.size(2, 4);
            let (a, b) = (g.vec(n), g.vec(n));
            let metric = ["euclidean", "manhattan", "chebyshev"][g.rng.random_range(0..3)];
            (
                json!({"a": a, "b": b, "metric": metric}),
                format!(
                    "Compute the {metric} distance between {} and {}.",
                    text(&a),
                    text(&b)
                ),
            )
        }
        "linear-combination" => {
            let (k, n) = (g.size(2, 3), g.size(2, 4));
            let vs = g.mat(k, n);
            let c = g.vec(k);
            (
                json!({"vectors": vs, "coefficients": c}),
                format!(
                    "Compute the linear combination of the vectors {} with coefficients {}.",
                    text(&vs),
                    text(&c)
                ),
            )
        }
        "project" => {
            let n = g.size(2, 4);
            let (v, u) = (g.vec(n), g.nonzero_vec(n));
            (
                json!({"vector": v, "onto": u}),
                format!(
                    "Project v = {} onto the line through u = {}; give the projection, the residual and the coefficient.",
                    text(&v),
                    text(&u)
                ),
            )
        }
        "cross" => {
            let (a, b) = (g.vec(3), g.vec(3));
            (
                json!({"a": a, "b": b}),
                format!(
                    "Compute the cross product a × b for a = {} and b = {}.",
                    text(&a),
                    text(&b)
                ),
            )
        }
        "transpose" => {
            let (m, n) = (g.size(2, 4), g.size(2, 5));
            let a = g.mat(m, n);
            (
                json!({"matrix": a}),
                format!("Transpose the {m}x{n} matrix {}.", text(&a)),
            )
        }
        "determinant" => {
            let n = g.size(2, 4);
            let a = g.mat(n, n);
            (
                json!({"matrix": a}),
                format!("Compute the determinant of {}.", text(&a)),
            )
        }
        "inverse" => {
            let n = g.size(2, 4);
            let a = g.unimodular(n);
            (
                json!({"matrix": a}),
                format!(
                    "Find the inverse of {} (its entries are integers).",
                    text(&a)
                ),
            )
        }
        "solve" => {
            let n = g.size(2, 4);
            let a = g.unimodular(n);
            let x = g.vec(n);
            let b: Vec<i64> = a
                .iter()
                .map(|r| r.iter().zip(&x).map(|(p, q)| p * q).sum())
                .collect();
            (
                json!({"a": a, "b": b}),
                format!("Solve A x = b for A = {} and b = {}.", text(&a), text(&b)),
            )
        }
        "lstsq" => {
            let n = g.size(2, 3);
            let m = n + g.size(1, 3);
            let mut a = g.mat(m, n);
            for (i, row) in a.iter_mut().enumerate().take(n) {
                row.iter_mut().enumerate().for_each(|(j, x)| {
                    if i == j {
                        *x = g_nonzero_fallback(*x)
                    }
                });
            }
            let b = g.vec(m);
            (
                json!({"a": a, "b": b}),
                format!(
                    "Find the least-squares solution of A x ≈ b for A = {} and b = {}; give x, the residual sum of squares, the rank and the singular values.",
                    text(&a),
                    text(&b)
                ),
            )
        }
        "rank" | "subspaces" | "rref" => {
            let (m, n) = (g.size(2, 4), g.size(3, 5));
            let r = g.rng.random_range(1..=m.min(n));
            let left = g.mat(m, r);
            let right = g.mat(r, n);
            let a = mul(&left, &right);
            let prompt = match kind {
                "rank" => format!("What is the rank of {}?", text(&a)),
                "subspaces" => format!(
                    "Give orthonormal bases of the column space, row space, null space and left null space of {}, and its rank.",
                    text(&a)
                ),
                _ => format!(
                    "Row-reduce {} to reduced row echelon form (exact fractions); give the pivot columns and the rank.",
                    text(&a)
                ),
            };
            (json!({"matrix": a}), prompt)
        }
        "eigen" => {
            let n = g.size(2, 3);
            if g.difficulty == 1 || g.rng.random_bool(0.5) {
                let (a, b) = (g.int(), g.nonzero());
                let m = vec![vec![a, b], vec![b, a]];
                (
                    json!({"matrix": m}),
                    format!(
                        "Find the eigenvalues and unit eigenvectors of the symmetric matrix {}.",
                        text(&m)
                    ),
                )
            } else {
                let p = g.unimodular(n);
                let d = g.distinct_ints(n);
                let m = mul(&mul(&p, &diag(&d)), &integer_inverse(&p));
                (
                    json!({"matrix": m}),
                    format!(
                        "Find the eigenvalues and unit eigenvectors of {} (its eigenvalues are integers).",
                        text(&m)
                    ),
                )
            }
        }
        "low-rank" => {
            let n = g.size(2, 4);
            let scales: Vec<i64> = {
                let mut s: Vec<i64> = (0..n)
                    .map(|i| 2 * (n - i) as i64 + g.rng.random_range(0..2))
                    .collect();
                s.sort_unstable_by(|a, b| b.cmp(a));
                s
            };
            let (p, q) = (g.signed_permutation(n), g.signed_permutation(n));
            let a = mul(&mul(&p, &diag(&scales)), &q);
            (
                json!({"matrix": a, "k": 1}),
                format!(
                    "Give the best rank-1 approximation of {} (Eckart-Young), its factors, both errors and the parameter counts.",
                    text(&a)
                ),
            )
        }
        "qr" => {
            let n = g.size(2, 3);
            let a = g.unimodular(n);
            (
                json!({"matrix": a}),
                format!(
                    "Compute the reduced QR decomposition of {} with a non-negative diagonal in R.",
                    text(&a)
                ),
            )
        }
        "lu" => {
            let n = g.size(2, 3);
            let a = g.unimodular(n);
            (
                json!({"matrix": a}),
                format!(
                    "Compute the LU decomposition with partial pivoting P A = L U of A = {}.",
                    text(&a)
                ),
            )
        }
        "cholesky" => {
            let n = g.size(2, 3);
            let l: IntMat = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            if j < i {
                                g.int()
                            } else if j == i {
                                g.rng.random_range(1..=g.range())
                            } else {
                                0
                            }
                        })
                        .collect()
                })
                .collect();
            let a = mul(&l, &transpose(&l));
            (
                json!({"matrix": a}),
                format!(
                    "Find the Cholesky factor L (lower triangular, L L^T = A) of A = {}.",
                    text(&a)
                ),
            )
        }
        "tensor/reshape" => {
            let (a, b) = (g.size(2, 3), g.size(2, 4));
            let data = g.vec(a * b);
            (
                json!({"tensor": {"shape": [a, b], "data": data}, "shape": [b, -1]}),
                format!(
                    "Reshape the {a}x{b} tensor with data {} to shape [{b}, -1].",
                    text(&data)
                ),
            )
        }
        "tensor/transpose" => {
            let (b, s, h) = (2, g.size(2, 3), g.size(2, 3));
            let data = g.vec(b * s * h);
            (
                json!({"tensor": {"shape": [b, s, h], "data": data}, "dim0": 1, "dim1": 2}),
                format!(
                    "A (batch, seq, hidden) tensor of shape [{b}, {s}, {h}] has data {}; transpose dims 1 and 2.",
                    text(&data)
                ),
            )
        }
        "tensor/permute" => {
            let (a, b, c) = (g.size(1, 2), g.size(2, 3), g.size(2, 3));
            let data = g.vec(a * b * c);
            (
                json!({"tensor": {"shape": [a, b, c], "data": data}, "dims": [2, 0, 1]}),
                format!(
                    "Permute the dims of the [{a}, {b}, {c}] tensor with data {} to order [2, 0, 1].",
                    text(&data)
                ),
            )
        }
        "tensor/matmul" => {
            let (b, n, k, m) = (2, g.size(1, 2), g.size(2, 3), g.size(1, 2));
            let (x, y) = (g.vec(b * n * k), g.vec(k * m));
            (
                json!({"a": {"shape": [b, n, k], "data": x}, "b": {"shape": [k, m], "data": y}}),
                format!(
                    "Compute torch.matmul of a [{b}, {n}, {k}] tensor with data {} and a [{k}, {m}] tensor with data {} (broadcasting the batch).",
                    text(&x),
                    text(&y)
                ),
            )
        }
        "shapes" => {
            let (b, s, h) = (g.size(2, 32), g.size(2, 16), g.size(2, 64));
            let o = g.size(2, 8);
            let ops = json!([{"op": "transpose", "dim0": 1, "dim1": 2}, {"op": "permute", "dims": [0, 2, 1]}, {"op": "matmul", "other": [h, o]}, {"op": "reshape", "shape": [-1, o]}]);
            (
                json!({"input": [b, s, h], "ops": ops}),
                format!(
                    "Start from shape [{b}, {s}, {h}] and apply, in order: transpose(1, 2), permute(0, 2, 1), matmul with [{h}, {o}], reshape to [-1, {o}]. Give the shape after each step."
                ),
            )
        }
        "softmax" => {
            let n = g.size(2, 4);
            let v = g.vec(n);
            (
                json!({"vector": v}),
                format!("Compute softmax({}).", text(&v)),
            )
        }
        "attention" => {
            let (n, d) = (g.size(2, 3), 2);
            let (q, k, v) = (g.mat(n, d), g.mat(n, d), g.mat(n, d));
            (
                json!({"q": q, "k": k, "v": v, "mask": "causal"}),
                format!(
                    "Compute causal scaled dot-product attention softmax(Q K^T / sqrt(d)) V for Q = {}, K = {}, V = {}: give the scores, the weights and the output.",
                    text(&q),
                    text(&k),
                    text(&v)
                ),
            )
        }
        "lora" => {
            let (d, k) = (g.size(2, 3), g.size(2, 4));
            let w = g.mat(d, k);
            let (a, b) = (vec![g.vec(k)], g.mat(d, 1));
            (
                json!({"w": w, "a": a, "b": b, "alpha": 1}),
                format!(
                    "Merge the rank-1 LoRA update (alpha = 1, r = 1) with B = {} and A = {} into W = {}; give the merged weight, the update's rank and the parameter counts.",
                    text(&b),
                    text(&a),
                    text(&w)
                ),
            )
        }
        _ => return None,
    };
    Some(Exercise { input, prompt })
}

/// Keeps diagonal entries non-zero (full column rank for least squares).
fn g_nonzero_fallback(x: i64) -> i64 {
    if x == 0 { 1 } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(v: &Value, out: &mut Vec<f64>) {
        match v {
            Value::Number(n) => out.push(n.as_f64().unwrap()),
            Value::Array(a) => a.iter().for_each(|x| numbers(x, out)),
            Value::Object(o) => o.values().for_each(|x| numbers(x, out)),
            _ => {}
        }
    }

    #[test]
    fn every_kind_is_reproducible_and_small_at_difficulty_one() {
        for kind in KINDS {
            for seed in 0..20 {
                let a = generate(kind, seed, 1).unwrap();
                assert_eq!(a, generate(kind, seed, 1).unwrap(), "{kind} {seed}");
                let mut xs = Vec::new();
                numbers(&a.input, &mut xs);
                assert!(xs.iter().all(|x| x.fract() == 0.0), "{kind}: integers only");
                if !matches!(*kind, "shapes") {
                    assert!(
                        xs.iter().all(|x| x.abs() <= 100.0),
                        "{kind}: small numbers, got {xs:?}"
                    );
                }
            }
        }
        assert_ne!(generate("dot", 1, 1), generate("dot", 2, 1));
        assert!(generate("nope", 1, 1).is_none());
    }

    #[test]
    fn unimodular_matrices_have_integer_inverses() {
        let mut g = Gen {
            rng: ChaCha8Rng::seed_from_u64(3),
            difficulty: 2,
        };
        for _ in 0..20 {
            let a = g.unimodular(3);
            let inv = integer_inverse(&a);
            assert_eq!(mul(&a, &inv), diag(&[1, 1, 1]));
        }
    }
}
