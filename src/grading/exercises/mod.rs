//! Seeded exercise generators, one per compute operation (each operation's declaration names
//! its generator: `crate::api::registry`).
//!
//! Same kind, seed and difficulty: the same exercise (ChaCha8 seeded from all three). At
//! difficulty 1 every number is a small integer a student can work by hand, and the answers
//! are built to be friendly: inverses of unimodular matrices are integer, eigenvalues come
//! from `P D P^-1` with integer `D`, ranks are chosen, Cholesky inputs are `L L^T` of integer
//! `L`, SVD inputs are signed permutations times integer scales. Difficulty 2 and 3 grow the
//! sizes and the ranges. The expected answer is not computed here: `/exercises` runs the
//! generated input through the operation itself.

pub mod decompositions;
pub mod matrices;
pub mod ml;
pub mod search;
pub mod tensors;
pub mod vectors;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use super::options::Requirement;
use super::tolerance::Tolerance;

/// A generator: the exercise from its random source.
pub type Make = fn(&mut ExerciseGen) -> Exercise;

/// A generated exercise: the endpoint's input, the question in words, and how to grade it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub input: Value,
    pub prompt: String,
    /// What `/grade` should be sent with for this exercise (the prompt says it in words).
    pub tolerance: Tolerance,
    pub require: Vec<Requirement>,
}

impl Exercise {
    /// An exercise graded to 2 decimal places, with no extra requirement.
    pub fn new(input: Value, prompt: String) -> Exercise {
        Exercise {
            input,
            prompt,
            tolerance: Tolerance::Decimals(2),
            require: Vec::new(),
        }
    }

    /// An exercise whose answers are whole numbers (shapes, ranks): compared exactly, and the
    /// prompt does not ask for decimals.
    pub fn whole_numbers(mut self) -> Exercise {
        self.tolerance = Tolerance::Decimals(0);
        self
    }

    pub fn requiring(mut self, require: &[Requirement]) -> Exercise {
        self.require = require.to_vec();
        self
    }

    /// The prompt with how the answer is graded, in words.
    fn with_grading_in_words(mut self) -> Exercise {
        if self.tolerance == Tolerance::Decimals(0) && self.require.is_empty() {
            return self;
        }
        let mut how = format!(
            " Give each number {} (fractions such as 3/5 are fine)",
            self.tolerance.in_words()
        );
        if !self.require.is_empty() {
            let words: Vec<&str> = self.require.iter().map(|r| r.in_words()).collect();
            how.push_str(&format!("; the answer must give {}", words.join(" and ")));
        }
        how.push('.');
        self.prompt.push_str(&how);
        self
    }
}

/// The random source of one exercise, and its difficulty.
pub struct ExerciseGen {
    rng: ChaCha8Rng,
    difficulty: u8,
}

pub(super) type IntMat = Vec<Vec<i64>>;

impl ExerciseGen {
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

pub(super) fn mul(a: &IntMat, b: &IntMat) -> IntMat {
    let (n, k, m) = (a.len(), b.len(), b[0].len());
    (0..n)
        .map(|i| {
            (0..m)
                .map(|j| (0..k).map(|l| a[i][l] * b[l][j]).sum())
                .collect()
        })
        .collect()
}

pub(super) fn transpose(a: &IntMat) -> IntMat {
    (0..a[0].len())
        .map(|j| a.iter().map(|r| r[j]).collect())
        .collect()
}

pub(super) fn diag(d: &[i64]) -> IntMat {
    (0..d.len())
        .map(|i| {
            (0..d.len())
                .map(|j| if i == j { d[i] } else { 0 })
                .collect()
        })
        .collect()
}

/// Integer inverse of a unimodular matrix, by exact Gauss-Jordan over rationals.
pub(super) fn integer_inverse(a: &IntMat) -> IntMat {
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

pub(super) fn text(v: &impl serde::Serialize) -> String {
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

/// The exercise `make` generates for `kind` (an operation's name), `seed` and `difficulty`
/// (clamped to 1..=3).
pub fn generate(kind: &str, seed: u64, difficulty: u8, make: Make) -> Exercise {
    let difficulty = difficulty.clamp(1, 3);
    let mut g = ExerciseGen {
        rng: ChaCha8Rng::seed_from_u64(stream_seed(kind, seed, difficulty)),
        difficulty,
    };
    make(&mut g).with_grading_in_words()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_exercise() {
        let a = generate("dot", 1, 1, vectors::dot);
        assert_eq!(a, generate("dot", 1, 1, vectors::dot));
        assert_ne!(a, generate("dot", 2, 1, vectors::dot));
        assert_ne!(a, generate("dot", 1, 2, vectors::dot));
    }

    #[test]
    fn unimodular_matrices_have_integer_inverses() {
        let mut g = ExerciseGen {
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
