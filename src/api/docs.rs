//! The OpenAPI document's frame: title, description, tags, and the error responses.
//!
//! Paths come from the registry (compute operations) and from the other handlers'
//! `#[utoipa::path]` attributes (collected in [`super::routes`]). The error responses are the
//! same for every endpoint of a kind, so instead of repeating them in forty attributes they are
//! added here, once, from the status table of `crate::error::ProblemType`, as is the table in
//! the description.

use std::collections::{BTreeMap, BTreeSet};

use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{ResponseBuilder, Responses};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{ContentBuilder, HttpMethod, Ref, RefOr, Required};

use super::ops;
use super::registry::Tag;
use crate::error::{Problem, ProblemType};
use crate::wire::codec::{JSON, MSGPACK};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "linalg-server",
        description = "Linear algebra, equivalence-aware grading and embedding similarity search over HTTP.\n\n\
Compute endpoints take `POST` with `Content-Type: application/json`. Wherever a request expects a Vector or a Matrix it \
also accepts a generated operand, `{\"random\": {\"shape\": [m, n], \"seed\": 7, \"distribution\": \"normal\"}}`, drawn on \
the server from a ChaCha8 stream seeded with `seed` (row-major; `normal` or `uniform` on [-1, 1]). A request field that \
the endpoint does not know is a 400 naming it and listing the accepted ones.\n\n\
**MessagePack**: every request with a body may instead be sent as `Content-Type: application/msgpack` \
(same schema: maps with the same field names, numbers as numbers; NaN and infinity refused as in JSON), and any \
response of such a request comes back as MessagePack when `Accept` prefers `application/msgpack`. `/rref` reads \
decimal text exactly and takes JSON only. Errors are always `application/problem+json`.\n\n\
**Compression**: request bodies may be sent with `Content-Encoding: gzip` or `zstd` (the body limit applies after \
decompression: a body that inflates past it is a 413; any other coding is a 415). Responses are not compressed unless \
the server runs with `--compression gzip|zstd`, and then only bodies of `--compression-min-bytes` (64 KiB) or more for \
clients whose `Accept-Encoding` names the codec: on a fast link compression costs more time than it saves. HTTP/2 \
without TLS (prior knowledge) is served beside HTTP/1.1.\n\n\
**Pictures**: `/visualize/*` draws the course's ideas (a 2x2 matrix as a transformation, its SVD, a projection, \
PCA of a point cloud, attention weights, any matrix as a heatmap) as SVG, or as PNG when `Accept` prefers `image/png`; \
the interactive [playground](/playground) uses them.\n\n\
**Stored collections** live in a redb file in `--data-dir`, or, with `--database-url`, in PostgreSQL, shared by every \
server given the same URL: a write is acknowledged once committed, visible to the server that took it at once and to \
every other within 1 second; scores and order are the same with either store. While the database is unreachable or \
the collections are still loading, collection requests answer 503 `/problems/unavailable` with `Retry-After` (compute \
endpoints are unaffected); `GET /ready` reports the store under `collections`.\n\n\
Every successful compute response carries `timing` (`queue_us`, `compute_us`, `total_us`) and a `Server-Timing` header; \
every response carries an `x-request-id` header (the client's own, or a new one) that the server's log lines name.\n\n\
Limits (flags, with `LINALG_*` environment fallbacks): body size `--max-body-bytes` (64 MiB, 413), entries per operand \
`--max-elements` (16,777,216, 422 too-large), side of an O(n^3) operand `--max-dim` (4096, 422 too-large), queued \
requests `--max-queue` (64, then 503), expected wait in the queue `--max-queue-wait-ms` (1000, then 503), time per \
request `--request-timeout-secs` (60, 408). Admission is decided from the headers, before the body is read, so a \
refusal costs microseconds; its `Retry-After` is the queue's expected drain time, learned from how long recent \
requests of each operation took. Requests that the server has seen finish in under a millisecond (a `/dot` of \
3-vectors) have a lane of their own and do not wait behind queued heavy work.\n\n\
Every error is RFC 9457 `application/problem+json` with a stable `type`:\n\n",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
        contact(name = "linalg-server developers", email = "dev@linalg-server.invalid")
    ),
    servers((url = "/", description = "The server that serves this document")),
    components(schemas(Problem, super::body::Timing)),
    modifiers(&Frame)
)]
pub struct ApiDoc;

/// The generated parts of the frame: the status table, the tags, the optional bearer scheme.
struct Frame;

impl utoipa::Modify for Frame {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(description) = openapi.info.description.as_mut() {
            description.push_str(&ProblemType::markdown_table());
        }
        let mut tags: Vec<(&str, &str)> = Tag::ALL
            .iter()
            .map(|t| (t.name(), t.description()))
            .collect();
        tags.extend([
            (
                "grading",
                "Equivalence-aware grading of answers, and seeded exercises.",
            ),
            (
                "collections",
                "Stored, durable embedding collections with exact top-k search.",
            ),
            (super::visualize::TAG, super::visualize::TAG_DESCRIPTION),
            ("operations", "Health, readiness, metrics."),
        ]);
        openapi.tags = Some(
            tags.into_iter()
                .map(|(name, description)| {
                    TagBuilder::new()
                        .name(name)
                        .description(Some(description))
                        .build()
                })
                .collect(),
        );
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

/// The problems a request with a body can meet before and around its operation.
const BODY_PROBLEMS: &[ProblemType] = &[
    ProblemType::InvalidJson,
    ProblemType::RequestTimeout,
    ProblemType::PayloadTooLarge,
    ProblemType::UnsupportedMediaType,
    ProblemType::InvalidInput,
    ProblemType::ShapeMismatch,
    ProblemType::SingularMatrix,
    ProblemType::NotPositiveDefinite,
    ProblemType::TooLarge,
    ProblemType::NotFinite,
    ProblemType::Overloaded,
];

/// The problems of a collection request without a body.
const LOOKUP_PROBLEMS: &[ProblemType] = &[ProblemType::NotFound, ProblemType::Overloaded];

/// One response per status, describing every problem type that answers with it.
fn problem_responses(
    problems: &[ProblemType],
) -> BTreeMap<String, RefOr<utoipa::openapi::response::Response>> {
    let mut by_status: BTreeMap<String, Vec<ProblemType>> = BTreeMap::new();
    for &p in problems {
        by_status
            .entry(p.describe().status.as_u16().to_string())
            .or_default()
            .push(p);
    }
    by_status
        .into_iter()
        .map(|(status, types)| {
            let description = types
                .iter()
                .map(|p| {
                    let d = p.describe();
                    format!("`/problems/{}`: {}", d.slug, d.when)
                })
                .collect::<Vec<_>>()
                .join("; ");
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build();
            let mut builder = ResponseBuilder::new()
                .description(description)
                .content("application/problem+json", content);
            if types.iter().any(|p| p.describe().status.as_u16() == 503) {
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
            (status, RefOr::T(builder.build()))
        })
        .collect()
}

fn add_missing(responses: &mut Responses, problems: &[ProblemType]) {
    for (status, response) in problem_responses(problems) {
        responses.responses.entry(status).or_insert(response);
    }
}

/// Every body-carrying operation takes and gives MessagePack beside JSON, with the same schemas.
fn add_msgpack(operation: &mut Operation) {
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

/// Adds `timing` to a response object's schema, and to its example.
fn with_timing(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(object)) = schema
        && !object.properties.contains_key("timing")
    {
        object.properties.insert(
            "timing".to_string(),
            RefOr::Ref(Ref::from_schema_name("Timing")),
        );
        object.required.push("timing".to_string());
        if let Some(serde_json::Value::Object(example)) = object.example.as_mut() {
            example.insert(
                "timing".to_string(),
                serde_json::json!({"queue_us": 12, "compute_us": 340, "total_us": 410}),
            );
        }
    }
}

/// The names of the component schemas that operations answer with (a JSON body at the top
/// level of a 2xx response, or of `/ready`'s 503).
fn answered_schemas(api: &utoipa::openapi::OpenApi) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in api.paths.paths.values() {
        let operations = [&item.get, &item.post, &item.put, &item.delete];
        for operation in operations.into_iter().flatten() {
            for (status, response) in &operation.responses.responses {
                if let (true, RefOr::T(response)) =
                    (status.starts_with('2') || status == "503", response)
                    && let Some(RefOr::T(content)) = response.content.get(JSON)
                    && let Some(RefOr::Ref(reference)) = &content.schema
                    && let Some(name) = reference.ref_location.strip_prefix("#/components/schemas/")
                    && name != "Problem"
                {
                    names.insert(name.to_string());
                }
            }
        }
    }
    names
}

/// Documents `timing` on every answer, the problem responses on every operation, MessagePack
/// where it applies, and the API key where it applies.
pub fn finish(api: &mut utoipa::openapi::OpenApi) {
    let answered = answered_schemas(api);
    let components = api.components.get_or_insert_with(Default::default);
    for name in &answered {
        if let Some(schema) = components.schemas.get_mut(name) {
            with_timing(schema);
        }
    }
    // The key is optional unless the server runs with one: `{}` (no key) is always listed.
    api.security = Some(vec![
        SecurityRequirement::default(),
        SecurityRequirement::new("api_key", Vec::<String>::new()),
    ]);
    for (path, item) in api.paths.paths.iter_mut() {
        let json_only = ops::find(path.trim_start_matches('/')).is_some_and(|e| e.json_only);
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
            let needs_key = |all: bool| {
                super::auth::Auth::new(Some("documented".into()), all)
                    .protects(&method_of(&method), &example_path(path))
            };
            if needs_key(false) {
                // needs the key whenever the server has one
                operation.security = Some(vec![
                    SecurityRequirement::new("api_key", Vec::<String>::new()),
                    SecurityRequirement::default(),
                ]);
                add_missing(&mut operation.responses, &[ProblemType::Unauthorized]);
            } else if needs_key(true) {
                // needs it under --api-key-all: the document's default (optional key)
                add_missing(&mut operation.responses, &[ProblemType::Unauthorized]);
            } else {
                // never needs a key
                operation.security = Some(vec![SecurityRequirement::default()]);
            }
            let collections = path.starts_with("/collections");
            let mut problems = match method {
                HttpMethod::Post | HttpMethod::Put => {
                    if let Some(RefOr::T(body)) = operation.request_body.as_mut() {
                        body.required = Some(Required::True);
                    }
                    BODY_PROBLEMS.to_vec()
                }
                HttpMethod::Get | HttpMethod::Delete if collections => LOOKUP_PROBLEMS.to_vec(),
                _ => Vec::new(),
            };
            if collections {
                // the database behind --database-url is down, or the collections still load
                problems.push(ProblemType::Unavailable);
            }
            add_missing(&mut operation.responses, &problems);
            if !json_only {
                add_msgpack(operation);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `timing` is added to the schemas operations answer with, in place: that is only right
    /// if no other schema (a list entry, a request) uses one of them inside itself.
    #[test]
    fn schemas_that_gain_timing_are_only_used_at_the_top_level_of_answers() {
        let (_, api) = super::super::routes();
        let answered = answered_schemas(&api);
        assert!(answered.contains("SvdResponse") && answered.contains("CollectionResponse"));
        let components = api.components.as_ref().unwrap();
        for (name, schema) in &components.schemas {
            let text = serde_json::to_string(schema).unwrap();
            for inner in &answered {
                assert!(
                    !text.contains(&format!("\"#/components/schemas/{inner}\"")),
                    "{name} uses {inner}, which carries timing only at the top level"
                );
            }
        }
        for (path, item) in &api.paths.paths {
            for operation in [&item.post, &item.put].into_iter().flatten() {
                let text = serde_json::to_string(&operation.request_body).unwrap();
                for inner in &answered {
                    assert!(
                        !text.contains(&format!("\"#/components/schemas/{inner}\"")),
                        "{path} takes {inner} as its request"
                    );
                }
            }
        }
    }

    #[test]
    fn every_answer_documents_timing() {
        let (_, api) = super::super::routes();
        let components = api.components.as_ref().unwrap();
        for name in answered_schemas(&api) {
            let schema = serde_json::to_value(&components.schemas[&name]).unwrap();
            assert!(
                schema["required"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|f| f == "timing")),
                "{name} requires timing"
            );
        }
    }
}
