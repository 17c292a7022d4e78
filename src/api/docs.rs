//! The OpenAPI document's frame: title, description, tags, and the error responses.
//!
//! Paths come from the handlers' `#[utoipa::path]` attributes (collected in `app::api_router`).
//! The error responses are the same for every compute endpoint, so instead of repeating them in
//! forty attributes they are added here, once, from the same table the error type uses.

use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{ResponseBuilder, Responses};
use utoipa::openapi::{ContentBuilder, HttpMethod, Ref, RefOr, Required};

use crate::error::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "linalg-server",
        description = "Linear algebra, equivalence-aware grading and embedding similarity search over HTTP.\n\n\
Compute endpoints take `POST` with `Content-Type: application/json`. Wherever a request expects a Vector or a Matrix it \
also accepts a generated operand, `{\"random\": {\"shape\": [m, n], \"seed\": 7, \"distribution\": \"normal\"}}`, drawn on \
the server from a ChaCha8 stream seeded with `seed` (row-major; `normal` or `uniform` on [-1, 1]).\n\n\
**MessagePack**: every request with a body may instead be sent as `Content-Type: application/msgpack` \
(same schema: maps with the same field names, numbers as numbers; NaN and infinity refused as in JSON), and any \
response of such a request comes back as MessagePack when `Accept` prefers `application/msgpack`. `/rref` reads \
decimal text exactly and takes JSON only. Errors are always `application/problem+json`.\n\n\
Success bodies of 64 KiB and more are gzip-compressed when the request sends `Accept-Encoding: gzip`. HTTP/2 \
without TLS (prior knowledge) is served beside HTTP/1.1.\n\n\
Every successful compute response carries `timing` (`queue_us`, `compute_us`, `total_us`) and a `Server-Timing` header. \
Every error is RFC 9457 `application/problem+json` with a stable `type`.\n\n\
Limits (flags, with `LINALG_*` environment fallbacks): body size `--max-body-bytes` (64 MiB, 413), entries per operand \
`--max-elements` (16,777,216, 422 too-large), side of an O(n^3) operand `--max-dim` (4096, 422 too-large), queued \
requests `--max-queue` (64, then 503 with Retry-After), time per request `--request-timeout-secs` (60, 408).",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "design", description = "The endpoints named by the design: products, SVD, PCA, similarity search."),
        (name = "vectors", description = "Vectors and geometry."),
        (name = "matrices", description = "Matrices: determinants, inverses, systems, decompositions, subspaces."),
        (name = "tensors", description = "N-dimensional tensors with PyTorch semantics, and shape arithmetic."),
        (name = "ml", description = "Softmax, attention, LoRA."),
        (name = "grading", description = "Equivalence-aware grading of answers, and seeded exercises."),
        (name = "collections", description = "Stored, durable embedding collections with exact top-k search."),
        (name = "operations", description = "Health, readiness, metrics."),
    ),
    components(schemas(Problem, crate::api::Timing)),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;

/// Declares the optional API key as an HTTP bearer security scheme.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "Only when the server runs with --api-key: collection writes need `Authorization: Bearer <key>`; \
                         with --api-key-all, every endpoint but /health and /ready.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Error statuses every JSON compute endpoint can answer, with when.
const COMPUTE_ERRORS: &[(&str, &str)] = &[
    (
        "400",
        "The body is not JSON (or MessagePack) or not the request's schema (`/problems/invalid-json`).",
    ),
    (
        "408",
        "The request did not finish within the time limit (`/problems/request-timeout`).",
    ),
    (
        "413",
        "The body is over the size limit (`/problems/payload-too-large`).",
    ),
    (
        "415",
        "The body is neither `application/json` nor `application/msgpack` (`/problems/unsupported-media-type`).",
    ),
    (
        "422",
        "Well-typed but invalid input: `/problems/invalid-input`, `/problems/shape-mismatch`, \
         `/problems/singular-matrix`, `/problems/not-positive-definite`, `/problems/too-large` or \
         `/problems/not-finite`; `detail` names the field and dimensions at fault.",
    ),
    (
        "503",
        "The compute queue is full (`/problems/overloaded`); retry after `Retry-After` seconds.",
    ),
];

/// Every body-carrying operation takes and gives MessagePack beside JSON, with the same schemas.
fn add_msgpack(operation: &mut Operation) {
    use crate::api::format::{JSON, MSGPACK};
    let Some(RefOr::T(body)) = operation.request_body.as_mut() else {
        return;
    };
    if let Some(json) = body.content.get(JSON).cloned() {
        body.content.insert(MSGPACK.to_string(), json);
    }
    for (status, response) in operation.responses.responses.iter_mut() {
        if let (true, RefOr::T(response)) = (status.starts_with('2'), response)
            && let Some(json) = response.content.get(JSON).cloned()
        {
            response.content.insert(MSGPACK.to_string(), json);
        }
    }
}

fn problem_response(description: &str) -> RefOr<utoipa::openapi::response::Response> {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build();
    let mut builder = ResponseBuilder::new()
        .description(description)
        .content("application/problem+json", content);
    if description.contains("Retry-After") {
        builder = builder.header(
            "Retry-After",
            utoipa::openapi::header::HeaderBuilder::new()
                .schema(Some(utoipa::openapi::schema::Object::with_type(
                    utoipa::openapi::schema::Type::Integer,
                )))
                .description(Some("Seconds to wait before retrying."))
                .build(),
        );
    }
    RefOr::T(builder.build())
}

fn add_missing(responses: &mut Responses, table: &[(&str, &str)]) {
    for (status, description) in table {
        responses
            .responses
            .entry((*status).to_string())
            .or_insert_with(|| problem_response(description));
    }
}

fn method_of(method: &HttpMethod) -> axum::http::Method {
    match method {
        HttpMethod::Get => axum::http::Method::GET,
        HttpMethod::Post => axum::http::Method::POST,
        HttpMethod::Put => axum::http::Method::PUT,
        HttpMethod::Delete => axum::http::Method::DELETE,
        _ => axum::http::Method::OPTIONS,
    }
}

/// A concrete path for a template (`/collections/{name}` -> `/collections/x`).
fn example_path(template: &str) -> String {
    template
        .split('/')
        .map(|seg| if seg.starts_with('{') { "x" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Documents the problem responses on every operation, and the API key where it applies.
pub fn add_problem_responses(api: &mut utoipa::openapi::OpenApi) {
    for (path, item) in api.paths.paths.iter_mut() {
        for method in [
            HttpMethod::Get,
            HttpMethod::Post,
            HttpMethod::Put,
            HttpMethod::Delete,
        ] {
            let operation: Option<&mut Operation> = match method {
                HttpMethod::Get => item.get.as_mut(),
                HttpMethod::Post => item.post.as_mut(),
                HttpMethod::Put => item.put.as_mut(),
                HttpMethod::Delete => item.delete.as_mut(),
                _ => None,
            };
            let Some(operation) = operation else { continue };
            let guarded = crate::auth::Auth::new(Some("documented".into()), false)
                .protects(&method_of(&method), &example_path(path));
            if guarded {
                operation.security =
                    Some(vec![utoipa::openapi::security::SecurityRequirement::new(
                        "api_key",
                        Vec::<String>::new(),
                    )]);
                add_missing(
                    &mut operation.responses,
                    &[(
                        "401",
                        "The API key is missing or wrong (`/problems/unauthorized`); only with --api-key.",
                    )],
                );
            }
            let status_table: &[(&str, &str)] = match method {
                HttpMethod::Put => COMPUTE_ERRORS,
                HttpMethod::Get | HttpMethod::Delete if path.starts_with("/collections") => &[
                    (
                        "404",
                        "No such collection or point (`/problems/not-found`).",
                    ),
                    (
                        "503",
                        "The compute queue is full (`/problems/overloaded`); retry after `Retry-After` seconds.",
                    ),
                ],
                _ => &[],
            };
            add_missing(&mut operation.responses, status_table);
            if method == HttpMethod::Post {
                if let Some(RefOr::T(body)) = operation.request_body.as_mut() {
                    body.required = Some(Required::True);
                }
                add_missing(&mut operation.responses, COMPUTE_ERRORS);
            }
            if path != "/rref" {
                add_msgpack(operation);
            }
        }
    }
}
