//! `/grade` and `/exercises`: the expected answer is the operation's own response, from its
//! registry entry's `run`, called directly.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::body::RequestBody;
use super::compute::respond;
use super::ops::{self, OpName};
use super::registry::{Entry, Expected};
use super::state::AppState;
use crate::error::{ApiError, ApiResult};
use crate::grading::{
    self, FieldVerdict, Grade, GradeError, Options, Requirement, Reveal, Tolerance, exercises,
};
use crate::limits::Limits;
use crate::wire::{Choice, EmbeddedRequest, JsonObject, Named};

/// A tolerance: `{"abs": a, "rel": r}` (a key left out is 0), `{"decimals": d}` (0 to 12) or
/// `{"sig_figs": s}` (1 to 15); one mode per object.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decimals": 2}))]
pub struct ToleranceIn {
    /// Absolute bound: right when |given - expected| <= abs + rel |expected|.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub abs: Option<f64>,
    /// Relative bound, with `abs`.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub rel: Option<f64>,
    /// Right when it is the expected value rounded to this many decimals (0 to 12).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub decimals: Option<i64>,
    /// Right when it agrees with the expected value to this many significant figures (1 to
    /// 15).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub sig_figs: Option<i64>,
}

impl ToleranceIn {
    fn into_tolerance(self) -> ApiResult<Tolerance> {
        Tolerance::from_parts(self.abs, self.rel, self.decimals, self.sig_figs)
            .map_err(ApiError::InvalidInput)
    }
}

/// A `require` entry.
pub type RequirementName = Named<Requirement>;
/// The `reveal` field.
pub type RevealName = Named<Reveal>;

/// The registry entry of a gradable operation; `field` names the request field in messages.
fn gradable(field: &str, name: &str) -> ApiResult<&'static Entry> {
    ops::find(name).ok_or_else(|| {
        ApiError::InvalidInput(format!(
            "{field} {name:?} is not a gradable endpoint; use one of {}",
            ops::names()
        ))
    })
}

/// The expected answer to `input` (JSON text of `entry`'s request). An input the operation
/// refuses is a 422 carrying the operation's own detail.
fn expected_answer(entry: &Entry, input: &[u8], limits: &Limits) -> ApiResult<Expected> {
    (entry.expect)(input, limits).map_err(|e| {
        let e = match ApiError::from_op(entry.name, e) {
            // the grading request is well-formed; its input is what does not fit the operation
            ApiError::InvalidJson(detail) => ApiError::InvalidInput(detail),
            other => other,
        };
        e.in_context("input")
    })
}

/// An exercise's input and a student's answer to it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"op": "matmul", "input": {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}, "answer": {"result": [[19, 22], [43, 50]], "shape": [2, 2]}}))]
pub struct GradeRequest {
    /// An endpoint path without `/`, e.g. `svd` or `tensor/reshape`.
    pub op: OpName,
    /// That endpoint's request body.
    #[schema(value_type = JsonObject)]
    pub input: EmbeddedRequest,
    /// Any subset of that endpoint's response fields. Numbers may be JSON numbers or strings
    /// holding an integer, a decimal or a fraction (`"3/5"`).
    #[schema(value_type = JsonObject)]
    pub answer: Map<String, Value>,
    /// Default `{"abs": 1e-6, "rel": 1e-6}`.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub tolerance: Option<ToleranceIn>,
    /// Extra conditions: `unit`, `orthonormal`, `order`, `exact` (none by default).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub require: Option<Vec<RequirementName>>,
    /// What the feedback may show: `none`, `hint` (default) or `full`.
    #[schema(nullable = false, default = "hint")]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub reveal: Option<RevealName>,
    /// Score vector and matrix fields by their share of right entries (default false).
    #[schema(nullable = false, default = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub partial_credit: Option<bool>,
}

impl GradeRequest {
    /// The options, or a 422 naming the value out of range.
    fn options(&mut self) -> ApiResult<Options> {
        let tolerance = match self.tolerance.take() {
            Some(t) => t.into_tolerance()?,
            None => Tolerance::default(),
        };
        let require = self
            .require
            .take()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, r)| r.get(&format!("require[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let reveal = Named::or_default("reveal", self.reveal.as_ref(), Reveal::Hint)?;
        Ok(Options {
            tolerance,
            require,
            reveal,
            partial_credit: self.partial_credit.unwrap_or(false),
        })
    }
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

fn grade_request(mut req: GradeRequest, limits: &Limits) -> ApiResult<GradeResponse> {
    let entry = gradable("op", &req.op.0)?;
    let options = req.options()?;
    let expected = expected_answer(entry, req.input.json(), limits)?;
    grading::grade(
        entry.name,
        entry.rules,
        &expected.fields,
        &req.answer,
        &expected.context,
        &options,
    )
    .map(GradeResponse::from)
    .map_err(|e| match e {
        GradeError::InvalidAnswer(detail) => ApiError::InvalidInput(detail),
    })
}

/// Grade a student's answer to an exercise, understanding what is defined only up to sign or
/// basis.
///
/// The expected answer is the operation's own response to `input`, computed here; the answer is
/// compared field by field with the tolerance, and with the equivalences each operation allows
/// (singular vectors up to sign, eigenvectors up to scale, bases up to span, PCA components up
/// to sign). Each field gets a `code`, a message that names what is wrong, and, when a common
/// mistake explains the answer (a transposed product, a reversed order), the misconception.
#[utoipa::path(post, path = "/grade", tag = "grading", request_body = GradeRequest,
    responses((status = 200, description = "The verdict", body = GradeResponse)))]
pub async fn grade(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    let limits = state.limits;
    let RequestBody { payload, admitted } = body;
    respond(&state, "grade", admitted, move || {
        let req: GradeRequest = payload.decode()?;
        Ok((StatusCode::OK, grade_request(req, &limits)?))
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "inverse", "seed": 7, "difficulty": 1}))]
pub struct ExerciseRequest {
    /// An endpoint path without `/`, as `op` of `/grade`.
    pub kind: OpName,
    /// Same seed and difficulty, same exercise (0 to 2^63 - 1; random when omitted, and the
    /// response says which).
    #[schema(minimum = 0)]
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub seed: Option<i64>,
    /// 1 (small integers, by hand) to 3; default 1.
    #[schema(nullable = false, minimum = 1, maximum = 3, default = 1)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub difficulty: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"op": "dot", "input": {"a": [1, 2, 3], "b": [4, 5, 6]}, "prompt": "Compute the dot product a · b for a = [1,2,3] and b = [4,5,6].", "answer": {"dot": 32.0}, "tolerance": {"abs": 1e-6, "rel": 1e-6}, "require": [], "seed": 7, "difficulty": 1}))]
pub struct ExerciseResponse {
    /// The operation, as `op` of `/grade`.
    #[schema(value_type = OpName)]
    pub op: String,
    /// The endpoint's request body.
    #[schema(value_type = JsonObject)]
    pub input: Value,
    /// The question in words.
    pub prompt: String,
    /// The expected response fields (send them back to `/grade`: they are correct).
    #[schema(value_type = JsonObject)]
    pub answer: Value,
    /// The tolerance to send to `/grade` with this exercise (the prompt says it in words).
    #[schema(value_type = ToleranceIn)]
    pub tolerance: Value,
    /// The requirements to send to `/grade` with this exercise.
    #[schema(value_type = Vec<RequirementName>)]
    pub require: Vec<&'static str>,
    pub seed: u64,
    pub difficulty: u8,
}

fn exercise_request(req: ExerciseRequest, limits: &Limits) -> ApiResult<ExerciseResponse> {
    let entry = gradable("kind", &req.kind.0)?;
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
    let exercise = exercises::generate(entry.name, seed, difficulty, entry.exercise);
    let input = serde_json::to_vec(&exercise.input)
        .map_err(|e| ApiError::Internal(format!("an exercise input did not serialize: {e}")))?;
    let answer = expected_answer(entry, &input, limits)?;
    Ok(ExerciseResponse {
        op: entry.name.to_string(),
        input: exercise.input,
        prompt: exercise.prompt,
        answer: Value::Object(answer.fields),
        tolerance: exercise.tolerance.to_json(),
        require: exercise.require.iter().map(|r| Choice::name(*r)).collect(),
        seed,
        difficulty,
    })
}

/// A reproducible exercise for any compute endpoint, with its answer.
///
/// The input is drawn from `seed` (the same seed and difficulty give the same exercise); at
/// difficulty 1 the numbers are small integers chosen so that the work can be done by hand (an
/// inverse with an integer determinant, an SVD with whole singular values). The response holds
/// what `/grade` needs: the input, the expected answer, and the tolerance and requirements the
/// prompt states.
#[utoipa::path(post, path = "/exercises", tag = "grading", request_body = ExerciseRequest,
    responses((status = 200, description = "The exercise", body = ExerciseResponse)))]
pub async fn exercises(State(state): State<AppState>, body: RequestBody) -> ApiResult<Response> {
    let limits = state.limits;
    let RequestBody { payload, admitted } = body;
    respond(&state, "exercises", admitted, move || {
        let req: ExerciseRequest = payload.decode()?;
        Ok((StatusCode::OK, exercise_request(req, &limits)?))
    })
    .await
}
