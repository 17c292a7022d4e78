//! The grading corpus: realistic student answers, each with a careful teacher's verdict
//! (`tests/integration/corpus/grading_corpus.json`, written by `make_corpus.py` beside it).
//! Zero wrong answers accepted, zero right answers rejected, and the expected misconception
//! named for each classic mistake.

use serde_json::{Value, json};

use crate::helpers::spawn_app;

fn corpus() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/integration/corpus/grading_corpus.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the corpus file")).unwrap()
}

#[tokio::test]
async fn the_corpus_is_graded_as_a_careful_teacher_grades_it() {
    let app = spawn_app().await;
    let cases = corpus();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let mut disagreements = Vec::new();
    for c in &cases {
        let mut body = json!({"op": c["op"], "input": c["input"], "answer": c["answer"]});
        for option in ["tolerance", "require", "reveal", "partial_credit"] {
            if let Some(v) = c.get(option) {
                body[option] = v.clone();
            }
        }
        let g = app.ok("/grade", body).await;
        let named: Vec<&str> = g["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["misconception"].as_str())
            .collect();
        let verdict_ok = g["correct"] == c["correct"];
        let misconception_ok = match c["misconception"].as_str() {
            Some(m) => named.contains(&m),
            None => named.is_empty(),
        };
        if !verdict_ok || !misconception_ok {
            disagreements.push(format!(
                "{} ({}): teacher {} {}, service {} {:?}: {}",
                c["op"],
                c["note"],
                c["correct"],
                c["misconception"],
                g["correct"],
                named,
                g["feedback"]
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
}
