//! Exercises on tensors and shapes.

use rand::Rng;
use serde_json::json;

use super::{Exercise, ExerciseGen, text};

pub fn reshape(g: &mut ExerciseGen) -> Exercise {
    let (a, b) = (g.size(2, 3), g.size(2, 4));
    let data = g.vec(a * b);
    Exercise::new(
        json!({"tensor": {"shape": [a, b], "data": data}, "shape": [b, -1]}),
        format!(
            "Reshape the {a}x{b} tensor with data {} to shape [{b}, -1].",
            text(&data)
        ),
    )
}

pub fn transpose(g: &mut ExerciseGen) -> Exercise {
    let (b, s, h) = (2, g.size(2, 3), g.size(2, 3));
    let data = g.vec(b * s * h);
    Exercise::new(
        json!({"tensor": {"shape": [b, s, h], "data": data}, "dim0": 1, "dim1": 2}),
        format!(
            "A (batch, seq, hidden) tensor of shape [{b}, {s}, {h}] has data {}; transpose dims 1 and 2.",
            text(&data)
        ),
    )
}

pub fn permute(g: &mut ExerciseGen) -> Exercise {
    let (a, b, c) = (g.size(1, 2), g.size(2, 3), g.size(2, 3));
    let data = g.vec(a * b * c);
    Exercise::new(
        json!({"tensor": {"shape": [a, b, c], "data": data}, "dims": [2, 0, 1]}),
        format!(
            "Permute the dims of the [{a}, {b}, {c}] tensor with data {} to order [2, 0, 1].",
            text(&data)
        ),
    )
}

pub fn matmul(g: &mut ExerciseGen) -> Exercise {
    let (b, n, k, m) = (2, g.size(1, 2), g.size(2, 3), g.size(1, 2));
    let (x, y) = (g.vec(b * n * k), g.vec(k * m));
    Exercise::new(
        json!({"a": {"shape": [b, n, k], "data": x}, "b": {"shape": [k, m], "data": y}}),
        format!(
            "Compute torch.matmul of a [{b}, {n}, {k}] tensor with data {} and a [{k}, {m}] tensor with data {} (broadcasting the batch).",
            text(&x),
            text(&y)
        ),
    )
}

/// A chain of three or four steps from a (batch, seq, hidden) shape with distinct dimensions,
/// each step chosen at random among those valid for the current shape, so a wrong transpose
/// or a matmul on the wrong side shows in the answer.
pub fn shapes(g: &mut ExerciseGen) -> Exercise {
    let mut dims: Vec<i64> = Vec::new();
    while dims.len() < 4 {
        let d = g.rng.random_range(2..=(6 + 10 * g.difficulty as i64));
        if !dims.contains(&d) {
            dims.push(d);
        }
    }
    let (b, s, h, o) = (dims[0], dims[1], dims[2], dims[3]);
    let mut shape = vec![b, s, h];
    let mut ops = Vec::new();
    let mut words = Vec::new();
    let steps = g.rng.random_range(3..=4);
    for _ in 0..steps {
        let nd = shape.len();
        match g.rng.random_range(0..4) {
            0 if nd >= 2 => {
                let d0 = g.rng.random_range(0..nd);
                let d1 = (d0 + g.rng.random_range(1..nd)) % nd;
                shape.swap(d0, d1);
                ops.push(json!({"op": "transpose", "dim0": d0, "dim1": d1}));
                words.push(format!("transpose({d0}, {d1})"));
            }
            1 if nd >= 2 => {
                let mut perm: Vec<usize> = (0..nd).collect();
                while perm.iter().enumerate().all(|(i, &p)| i == p) {
                    for i in (1..nd).rev() {
                        let j = g.rng.random_range(0..=i);
                        perm.swap(i, j);
                    }
                }
                shape = perm.iter().map(|&p| shape[p]).collect();
                words.push(format!("permute{perm:?}"));
                ops.push(json!({"op": "permute", "dims": perm}));
            }
            2 => {
                let last = shape[nd - 1];
                ops.push(json!({"op": "matmul", "other": [last, o]}));
                words.push(format!("matmul with a [{last}, {o}] matrix"));
                shape[nd - 1] = o;
            }
            _ => {
                let last = shape[nd - 1];
                ops.push(json!({"op": "reshape", "shape": [-1, last]}));
                words.push(format!("reshape to [-1, {last}]"));
                let rest: i64 = shape[..nd - 1].iter().product();
                shape = vec![rest, last];
            }
        }
    }
    Exercise::new(
        json!({"input": [b, s, h], "ops": ops}),
        format!(
            "Start from shape [{b}, {s}, {h}] and apply, in order: {}. Give the shape after each step.",
            words.join(", ")
        ),
    )
    .whole_numbers()
}
