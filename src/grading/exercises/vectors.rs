//! Exercises on vectors and geometry.

use rand::Rng;
use serde_json::json;

use super::{Exercise, ExerciseGen, text};

pub fn dot(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 5);
    let (a, b) = (g.vec(n), g.vec(n));
    Exercise::new(
        json!({"a": a, "b": b}),
        format!(
            "Compute the dot product a · b for a = {} and b = {}.",
            text(&a),
            text(&b)
        ),
    )
}

pub fn cosine(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let (a, b) = (g.nonzero_vec(n), g.nonzero_vec(n));
    Exercise::new(
        json!({"a": a, "b": b}),
        format!(
            "Find the cosine of the angle between a = {} and b = {}, and the angle in radians and degrees.",
            text(&a),
            text(&b)
        ),
    )
}

pub fn norm(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 5);
    let v = g.vec(n);
    let ord = ["l1", "l2", "linf"][g.rng.random_range(0..3)];
    Exercise::new(
        json!({"vector": v, "ord": ord}),
        format!("Compute the {ord} norm of {}.", text(&v)),
    )
}

pub fn distance(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let (a, b) = (g.vec(n), g.vec(n));
    let metric = ["euclidean", "manhattan", "chebyshev"][g.rng.random_range(0..3)];
    Exercise::new(
        json!({"a": a, "b": b, "metric": metric}),
        format!(
            "Compute the {metric} distance between {} and {}.",
            text(&a),
            text(&b)
        ),
    )
}

pub fn linear_combination(g: &mut ExerciseGen) -> Exercise {
    let (k, n) = (g.size(2, 3), g.size(2, 4));
    let vs = g.mat(k, n);
    let c = g.vec(k);
    Exercise::new(
        json!({"vectors": vs, "coefficients": c}),
        format!(
            "Compute the linear combination of the vectors {} with coefficients {}.",
            text(&vs),
            text(&c)
        ),
    )
}

pub fn project(g: &mut ExerciseGen) -> Exercise {
    let n = g.size(2, 4);
    let (v, u) = (g.vec(n), g.nonzero_vec(n));
    Exercise::new(
        json!({"vector": v, "onto": u}),
        format!(
            "Project v = {} onto the line through u = {}; give the projection, the residual and the coefficient.",
            text(&v),
            text(&u)
        ),
    )
}

pub fn cross(g: &mut ExerciseGen) -> Exercise {
    let (a, b) = (g.vec(3), g.vec(3));
    Exercise::new(
        json!({"a": a, "b": b}),
        format!(
            "Compute the cross product a × b for a = {} and b = {}.",
            text(&a),
            text(&b)
        ),
    )
}
