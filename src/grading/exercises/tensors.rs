//! Exercises on tensors and shapes.

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

pub fn shapes(g: &mut ExerciseGen) -> Exercise {
    let (b, s, h) = (g.size(2, 32), g.size(2, 16), g.size(2, 64));
    let o = g.size(2, 8);
    let ops = json!([{"op": "transpose", "dim0": 1, "dim1": 2}, {"op": "permute", "dims": [0, 2, 1]}, {"op": "matmul", "other": [h, o]}, {"op": "reshape", "shape": [-1, o]}]);
    Exercise::new(
        json!({"input": [b, s, h], "ops": ops}),
        format!(
            "Start from shape [{b}, {s}, {h}] and apply, in order: transpose(1, 2), permute(0, 2, 1), matmul with [{h}, {o}], reshape to [-1, {o}]. Give the shape after each step."
        ),
    )
}
