//! The operation registry: every compute operation declared once.
//!
//! An operation is a type implementing [`Operation`]: its name (which is its path without the
//! `/`), its request and response types, a pure `run`, how `/grade` compares its answers, its
//! seeded exercise and a request example. Everything else is derived from that one declaration
//! through [`Entry`] (see the list in [`super::ops`]): the route and its handler, the OpenAPI
//! operation (operationId, tag, request and response schemas, example), the `op` and `kind`
//! enums of `/grade` and `/exercises`, and the expected answer `/grade` compares against, which
//! is `run` itself, called directly.
//!
//! Adding a compute endpoint is: a linalg function, a request and a response type, an
//! `impl Operation`, and one line in [`super::ops::OPERATIONS`].

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{MethodRouter, post};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use utoipa::openapi::path::{HttpMethod, OperationBuilder};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Required};
use utoipa::{PartialSchema, ToSchema};

use super::body::RequestBody;
use super::compute::respond;
use super::state::AppState;
use crate::error::{ApiError, ApiResult, OpError, OpResult};
use crate::grading::exercises::{Exercise, ExerciseGen};
use crate::grading::{Context, Rule};
use crate::limits::Limits;
use crate::wire::{self, Format};

/// The OpenAPI tags the operations are grouped under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Vectors,
    Matrices,
    Decompositions,
    Tensors,
    MachineLearning,
    Search,
}

impl Tag {
    pub const ALL: [Tag; 6] = [
        Tag::Vectors,
        Tag::Matrices,
        Tag::Decompositions,
        Tag::Tensors,
        Tag::MachineLearning,
        Tag::Search,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tag::Vectors => "vectors",
            Tag::Matrices => "matrices",
            Tag::Decompositions => "decompositions",
            Tag::Tensors => "tensors",
            Tag::MachineLearning => "ml",
            Tag::Search => "search",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Tag::Vectors => {
                "Vectors and geometry: dot products, angles, norms, distances, projections."
            }
            Tag::Matrices => {
                "Matrices: products, transposes, determinants, inverses, systems, rank and subspaces, echelon forms."
            }
            Tag::Decompositions => {
                "Factorizations: SVD, eigendecompositions, low-rank approximation, QR, LU, Cholesky."
            }
            Tag::Tensors => "N-dimensional tensors with PyTorch semantics, and shape arithmetic.",
            Tag::MachineLearning => "Softmax, attention, LoRA and PCA.",
            Tag::Search => "Exact top-k similarity search over embeddings sent with the request.",
        }
    }
}

/// One compute operation.
pub trait Operation: 'static {
    /// Its path without the leading `/` (`svd`, `tensor/reshape`), the name `/grade` and
    /// `/exercises` take.
    const NAME: &'static str;
    const TAG: Tag;
    /// One line for the docs.
    const SUMMARY: &'static str;
    /// A paragraph for the docs: conventions, limits, what is refused.
    const DESCRIPTION: &'static str;
    /// Whether the request must be JSON text (it reads numbers exactly from their decimals).
    const JSON_ONLY: bool = false;
    /// How `/grade` compares each response field; fields not listed compare entry by entry.
    const RULES: &'static [(&'static str, Rule)] = &[];

    type Request: DeserializeOwned + ToSchema + Send + 'static;
    type Response: Serialize + ToSchema + Send + 'static;

    /// The computation, from a decoded request to the response fields.
    fn run(request: Self::Request, limits: &Limits) -> OpResult<Self::Response>;

    /// What `/grade` needs of the request beside the expected answer (the input matrix for
    /// rules that check defining properties, the factors of a product, ...).
    fn grading_context(_request: &Self::Request, _limits: &Limits) -> Context {
        Context::default()
    }

    /// A seeded exercise a student can work.
    fn exercise(generator: &mut ExerciseGen) -> Exercise;

    /// A request that succeeds as it is, for the docs (and a test sends every one).
    fn example() -> Value;
}

/// The expected answer to a request: the operation's response fields (no `timing`), and what
/// grading needs of the request.
pub struct Expected {
    pub fields: Map<String, Value>,
    pub context: Context,
}

/// An operation as the registry holds it: its declaration, type-erased.
pub struct Entry {
    pub name: &'static str,
    pub json_only: bool,
    pub rules: &'static [(&'static str, Rule)],
    /// The route's method router (`POST` to the compute handler).
    pub route: fn() -> MethodRouter<AppState>,
    /// Adds the operation, and its request and response schemas, to an OpenAPI document.
    pub document: fn(&mut OpenApi),
    /// The expected answer to a JSON request body.
    pub expect: fn(&[u8], &Limits) -> OpResult<Expected>,
    pub exercise: fn(&mut ExerciseGen) -> Exercise,
    pub example: fn() -> Value,
}

impl Entry {
    /// The path it is served at.
    pub fn path(&self) -> String {
        format!("/{}", self.name)
    }
}

/// An operation's OpenAPI operationId: its name with `/` and `-` as `_` (`tensor_matmul`).
pub fn operation_id(name: &str) -> String {
    name.replace(['/', '-'], "_")
}

/// The registry entry of the operation `O`.
pub const fn entry<O: Operation>() -> Entry {
    Entry {
        name: O::NAME,
        json_only: O::JSON_ONLY,
        rules: O::RULES,
        route: route::<O>,
        document: document::<O>,
        expect: expect::<O>,
        exercise: O::exercise,
        example: O::example,
    }
}

/// The handler of the compute operation `O`: decode its request, run it, encode its response.
async fn compute<O: Operation>(
    State(state): State<AppState>,
    body: RequestBody,
) -> ApiResult<Response> {
    if O::JSON_ONLY && body.payload.format != Format::Json {
        return Err(ApiError::UnsupportedMediaType(format!(
            "{}: this operation reads each number's decimal text exactly (0.1 is 1/10); send the request as application/json",
            O::NAME
        )));
    }
    let limits = state.limits;
    let RequestBody { payload, admitted } = body;
    respond(&state, O::NAME, admitted, move || {
        let request: O::Request = payload.decode()?;
        let response = O::run(request, &limits).map_err(|e| ApiError::from_op(O::NAME, e))?;
        Ok((StatusCode::OK, response))
    })
    .await
}

fn route<O: Operation>() -> MethodRouter<AppState> {
    post(compute::<O>)
}

fn expect<O: Operation>(input: &[u8], limits: &Limits) -> OpResult<Expected> {
    let request: O::Request = wire::decode(input, Format::Json)?;
    let context = O::grading_context(&request, limits);
    let response = O::run(request, limits)?;
    match wire::to_json_value(&response)? {
        Value::Object(fields) => Ok(Expected { fields, context }),
        _ => Err(OpError::Wire(wire::WireError::Encode(format!(
            "{}: a response is not an object",
            O::NAME
        )))),
    }
}

fn document<O: Operation>(api: &mut OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    let mut schemas = Vec::new();
    <O::Request as ToSchema>::schemas(&mut schemas);
    <O::Response as ToSchema>::schemas(&mut schemas);
    schemas.push((
        <O::Request as ToSchema>::name().into_owned(),
        <O::Request as PartialSchema>::schema(),
    ));
    let response_name = <O::Response as ToSchema>::name().into_owned();
    schemas.push((
        response_name.clone(),
        <O::Response as PartialSchema>::schema(),
    ));
    for (name, schema) in schemas {
        components.schemas.insert(name, schema);
    }
    let request_ref = || RefOr::<Schema>::Ref(Ref::from_schema_name(O::Request::name()));
    let body = RequestBodyBuilder::new()
        .required(Some(Required::True))
        .content(
            wire::codec::JSON,
            ContentBuilder::new()
                .schema(Some(request_ref()))
                .example(Some(O::example()))
                .build(),
        );
    let ok = ResponseBuilder::new().description(O::SUMMARY).content(
        wire::codec::JSON,
        ContentBuilder::new()
            .schema(Some(RefOr::<Schema>::Ref(Ref::from_schema_name(
                response_name,
            ))))
            .build(),
    );
    let operation = OperationBuilder::new()
        .operation_id(Some(operation_id(O::NAME)))
        .tag(O::TAG.name())
        .summary(Some(O::SUMMARY))
        .description(Some(O::DESCRIPTION))
        .request_body(Some(body.build()))
        .response("200", ok.build())
        .build();
    api.paths
        .add_path_operation(format!("/{}", O::NAME), vec![HttpMethod::Post], operation);
}
