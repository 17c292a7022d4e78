//! Exercises on similarity search.

use serde_json::json;

use super::{Exercise, ExerciseGen, IntMat, text};

pub fn cosine_search(g: &mut ExerciseGen) -> Exercise {
    let (n, d) = (g.size(4, 7), g.size(2, 4));
    let emb: IntMat = (0..n).map(|_| g.nonzero_vec(d)).collect();
    let q = g.nonzero_vec(d);
    Exercise::new(
        json!({"embeddings": emb, "query": q, "k": 2}),
        format!(
            "Which 2 rows of {} are most cosine-similar to the query {}? Give their indices and similarities, best first.",
            text(&emb),
            text(&q)
        ),
    )
}
