//! `/grade` and `/exercises`: the expected answer is always the endpoint's own response,
//! obtained by sending the exercise's input through the service's router in-process.

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tower::ServiceExt;
use utoipa::ToSchema;

use super::{RequestBody, Timed, format, run_timed};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use crate::grading::exercises::{self, KINDS};
use crate::grading::{self, FieldVerdict, Grade, Tolerance};

fn check_kind(field: &str, op: &str) -> ApiResult<()> {
    if KINDS.contains(&op) {
        Ok(())
    } else {
        Err(ApiError::InvalidInput(format!(
            "{field} {op:?} is not a gradable endpoint; use one of {}",
            KINDS.join(", ")
        )))
    }
}

/// Runs `input` through the endpoint `/{op}` and returns its response fields (no `timing`).
/// An input the endpoint rejects is a 422 carrying the endpoint's own detail.
async fn expected_answer(
    state: &AppState,
    op: &str,
    input: &Value,
) -> ApiResult<Map<String, Value>> {
    let router = state
        .router
        .get()
        .cloned()
        .ok_or_else(|| ApiError::Internal("the router is not ready".into()))?;
    let request = Request::post(format!("/{op}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::to_vec(input).map_err(|e| ApiError::Internal(e.to_string()))?,
        ))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let response = router
        .oneshot(request)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if status == StatusCode::OK {
        let mut fields: Map<String, Value> =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::Internal(e.to_string()))?;
        fields.remove("timing");
        return Ok(fields);
    }
    let problem: Problem =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::Internal(e.to_string()))?;
    let detail = format!("input: {}", problem.detail);
    Err(match problem.status {
        503 => ApiError::Overloaded(problem.detail),
        408 => ApiError::RequestTimeout(problem.detail),
        422 => match problem.r#type.as_str() {
            "/problems/shape-mismatch" => ApiError::ShapeMismatch(detail),
            "/problems/singular-matrix" => ApiError::SingularMatrix(detail),
            "/problems/not-positive-definite" => ApiError::NotPositiveDefinite(detail),
            "/problems/too-large" => ApiError::TooLarge(detail),
            "/problems/not-finite" => ApiError::NotFinite(detail),
            _ => ApiError::InvalidInput(detail),
        },
        s if s < 500 => ApiError::InvalidInput(detail),
        _ => ApiError::Internal(detail),
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"op": "matmul", "input": {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}, "answer": {"result": [[19, 22], [43, 50]], "shape": [2, 2]}}))]
pub struct GradeRequest {
    /// An endpoint path without `/`, e.g. `svd` or `tensor/reshape`.
    pub op: String,
    /// That endpoint's request body.
    #[schema(value_type = Object)]
    pub input: Value,
    /// Any subset of that endpoint's response fields.
    #[schema(value_type = Object)]
    pub answer: Value,
    /// Default `{"abs": 1e-6, "rel": 1e-6}`.
    pub tolerance: Option<Tolerance>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"correct": false, "score": 0.5, "fields": [
    {"field": "result", "correct": false, "code": "wrong-shape", "expected": [[19.0, 22.0], [43.0, 50.0]], "message": "result: expected a 2x2 matrix, got a 2x3 matrix"},
    {"field": "shape", "correct": true, "code": "ok", "expected": [2, 2], "max_abs_error": 0.0, "message": "shape is correct"}],
    "feedback": "1 of 2 answered fields are correct. Fix result first: expected a 2x2 matrix, got a 2x3 matrix. Check the dimensions first: the shape must match before the values can."}))]
pub struct GradeResponse {
    pub correct: bool,
    pub score: f64,
    pub fields: Vec<FieldVerdict>,
    pub feedback: String,
}

impl From<Grade> for GradeResponse {
    fn from(g: Grade) -> Self {
        GradeResponse {
            correct: g.correct,
            score: g.score,
            fields: g.fields,
            feedback: g.feedback,
        }
    }
}

/// Grade a student's answer to an exercise, understanding what is defined only up to sign or
/// basis.
#[utoipa::path(post, path = "/grade", tag = "grading", request_body = GradeRequest,
    responses((status = 200, description = "The verdict", body = inline(Timed<GradeResponse>))))]
pub async fn grade(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    let (bytes, arrival, format) = body.into_parts();
    let req: GradeRequest = state
        .pool
        .run(move |_| format::parse::<GradeRequest>(&bytes, format.request))
        .await??;
    check_kind("op", &req.op)?;
    let Value::Object(answer) = req.answer else {
        return Err(ApiError::InvalidJson(
            "answer must be an object of response fields".into(),
        ));
    };
    let tolerance = req.tolerance.unwrap_or_default();
    if !(tolerance.abs >= 0.0
        && tolerance.rel >= 0.0
        && tolerance.abs.is_finite()
        && tolerance.rel.is_finite())
    {
        return Err(ApiError::InvalidInput(
            "tolerance.abs and tolerance.rel must be finite numbers >= 0".into(),
        ));
    }
    let expected = expected_answer(&state, &req.op, &req.input).await?;
    let (op, input) = (req.op, req.input);
    run_timed(&state, "grade", arrival, format, move || {
        grading::grade(&op, &input, &expected, &answer, tolerance)
            .map(GradeResponse::from)
            .map_err(|e| ApiError::InvalidInput(e.to_string()))
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"kind": "inverse", "seed": 7, "difficulty": 1}))]
pub struct ExerciseRequest {
    /// An endpoint path without `/`, as `op` of `/grade`.
    pub kind: String,
    /// Same seed and difficulty, same exercise (0 to 2^63 - 1; random when omitted, and the
    /// response says which).
    #[schema(minimum = 0)]
    pub seed: Option<i64>,
    /// 1 (small integers, by hand) to 3; default 1.
    pub difficulty: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"op": "dot", "input": {"a": [1, 2, 3], "b": [4, 5, 6]}, "prompt": "Compute the dot product a · b for a = [1,2,3] and b = [4,5,6].", "answer": {"dot": 32.0}, "seed": 7, "difficulty": 1}))]
pub struct ExerciseResponse {
    pub op: String,
    /// The endpoint's request body.
    #[schema(value_type = Object)]
    pub input: Value,
    /// The question in words.
    pub prompt: String,
    /// The expected response fields (send them back to `/grade`: they are correct).
    #[schema(value_type = Object)]
    pub answer: Value,
    pub seed: u64,
    pub difficulty: u8,
}

/// A reproducible exercise for any endpoint, with its answer.
#[utoipa::path(post, path = "/exercises", tag = "grading", request_body = ExerciseRequest,
    responses((status = 200, description = "The exercise", body = inline(Timed<ExerciseResponse>))))]
pub async fn exercise(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    let (bytes, arrival, format) = body.into_parts();
    let req: ExerciseRequest = state
        .pool
        .run(move |_| format::parse::<ExerciseRequest>(&bytes, format.request))
        .await??;
    check_kind("kind", &req.kind)?;
    let difficulty = match req.difficulty.unwrap_or(1) {
        d @ 1..=3 => d as u8,
        d => {
            return Err(ApiError::InvalidInput(format!(
                "difficulty is {d}; use 1, 2 or 3"
            )));
        }
    };
    let seed = match req.seed {
        None => u64::from(rand::random::<u32>()),
        Some(s) if s >= 0 => s as u64,
        Some(s) => {
            return Err(ApiError::InvalidInput(format!(
                "seed is {s}; it must be between 0 and 2^63 - 1"
            )));
        }
    };
    let ex = exercises::generate(&req.kind, seed, difficulty)
        .ok_or_else(|| ApiError::Internal(format!("no generator for {}", req.kind)))?;
    let answer = expected_answer(&state, &req.kind, &ex.input).await?;
    run_timed(&state, "exercises", arrival, format, move || {
        Ok(ExerciseResponse {
            op: req.kind,
            input: ex.input,
            prompt: ex.prompt,
            answer: Value::Object(answer),
            seed,
            difficulty,
        })
    })
    .await
}
