//! `/visualize/*`: the pictures of `crate::viz` over HTTP, and the `/playground` page.
//!
//! A picture is declared once, like a compute operation: its name, docs, request type, an
//! example and how it is drawn ([`Picture`]); the route, its handler and its OpenAPI operation
//! are derived from that ([`PICTURES`]). Requests are decoded and drawn (and rendered to PNG when
//! `Accept` prefers `image/png`) on the compute pool, admitted like any compute request, with
//! the same problem+json errors. Pictures are not gradable: they are not in the operation
//! registry, so `/grade` and `/exercises` refuse them with the usual 422.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use utoipa::openapi::path::{HttpMethod, OperationBuilder};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Required};
use utoipa::{PartialSchema, ToSchema};

use super::body::{RequestBody, accept_quality};
use super::compute::respond_bytes;
use super::ops::ml::AttentionRequest;
use super::state::AppState;
use crate::error::{ApiError, ApiResult, OpResult, Operands};
use crate::limits::Limits;
use crate::viz;
use crate::wire::{MatrixIn, VectorIn, codec::JSON};

pub const SVG: &str = "image/svg+xml";
pub const PNG: &str = "image/png";

/// The OpenAPI tag of the pictures.
pub const TAG: &str = "visualize";
pub const TAG_DESCRIPTION: &str = "Pictures of the course's ideas, drawn by the server from its own results: SVG by default, PNG on `Accept: image/png`. The interactive page is `GET /playground`.";

/// One picture endpoint.
pub trait Picture: 'static {
    /// Its path without the leading `/` (`visualize/svd`): the name its errors start with.
    const NAME: &'static str;
    const SUMMARY: &'static str;
    const DESCRIPTION: &'static str;
    type Request: DeserializeOwned + ToSchema + Send + 'static;

    /// The picture as SVG text.
    fn draw(request: Self::Request, limits: &Limits) -> OpResult<String>;

    /// A request that succeeds as it is (the docs show it; a test sends every one).
    fn example() -> Value;
}

/// A picture as the route table holds it.
pub struct PictureEntry {
    pub name: &'static str,
    pub route: fn() -> MethodRouter<AppState>,
    pub document: fn(&mut OpenApi),
    pub example: fn() -> Value,
}

impl PictureEntry {
    pub fn path(&self) -> String {
        format!("/{}", self.name)
    }
}

const fn entry<P: Picture>() -> PictureEntry {
    PictureEntry {
        name: P::NAME,
        route: || post(picture::<P>),
        document: document::<P>,
        example: P::example,
    }
}

/// Every picture endpoint.
pub static PICTURES: &[PictureEntry] = &[
    entry::<Transform>(),
    entry::<SvdPicture>(),
    entry::<ProjectionPicture>(),
    entry::<PcaPicture>(),
    entry::<AttentionPicture>(),
    entry::<MatrixPicture>(),
];

/// What the client asked for: SVG unless `Accept` prefers PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    Svg,
    Png,
}

impl Rendering {
    pub fn from_accept(headers: &HeaderMap) -> Self {
        if accept_quality(headers, PNG) > accept_quality(headers, SVG) {
            Rendering::Png
        } else {
            Rendering::Svg
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Rendering::Svg => "image/svg+xml; charset=utf-8",
            Rendering::Png => PNG,
        }
    }
}

async fn picture<P: Picture>(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: RequestBody,
) -> ApiResult<Response> {
    let rendering = Rendering::from_accept(&headers);
    let limits = state.limits;
    let RequestBody { payload, admitted } = body;
    respond_bytes(
        &state,
        P::NAME,
        admitted,
        rendering.content_type(),
        move || {
            let request: P::Request = payload.decode()?;
            let svg = P::draw(request, &limits).map_err(|e| ApiError::from_op(P::NAME, e))?;
            match rendering {
                Rendering::Svg => Ok(svg.into_bytes()),
                Rendering::Png => viz::png::render(&svg)
                    .map_err(|e| ApiError::Internal(format!("{}: {e}", P::NAME))),
            }
        },
    )
    .await
}

fn document<P: Picture>(api: &mut OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    let mut schemas = Vec::new();
    <P::Request as ToSchema>::schemas(&mut schemas);
    schemas.push((
        <P::Request as ToSchema>::name().into_owned(),
        <P::Request as PartialSchema>::schema(),
    ));
    for (name, schema) in schemas {
        components.schemas.insert(name, schema);
    }
    let body = RequestBodyBuilder::new()
        .required(Some(Required::True))
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(RefOr::<Schema>::Ref(Ref::from_schema_name(
                    P::Request::name(),
                ))))
                .example(Some(P::example()))
                .build(),
        );
    let text = |format: Option<SchemaFormat>, description: &str| {
        RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(format)
                .description(Some(description))
                .build(),
        ))
    };
    let ok = ResponseBuilder::new()
        .description(format!(
            "{} SVG by default; PNG (twice the SVG's size) when `Accept` prefers `image/png`. The same request gives the same bytes. `Server-Timing` says where the time went.",
            P::SUMMARY
        ))
        .content(
            SVG,
            ContentBuilder::new()
                .schema(Some(text(None, "An SVG document with a viewBox and a <title>.")))
                .build(),
        )
        .content(
            PNG,
            ContentBuilder::new()
                .schema(Some(text(
                    Some(SchemaFormat::KnownFormat(KnownFormat::Binary)),
                    "A PNG image.",
                )))
                .build(),
        );
    let operation = OperationBuilder::new()
        .operation_id(Some(super::registry::operation_id(P::NAME)))
        .tag(TAG)
        .summary(Some(P::SUMMARY))
        .description(Some(P::DESCRIPTION))
        .request_body(Some(body.build()))
        .response("200", ok.build())
        .build();
    api.paths
        .add_path_operation(format!("/{}", P::NAME), vec![HttpMethod::Post], operation);
}

/// A 2x2 matrix to picture (or, for `/visualize/matrix`, any matrix).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PictureMatrixRequest {
    pub matrix: MatrixIn,
}

/// A vector and the line it is projected onto, both in the plane.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PictureProjectionRequest {
    /// The vector projected (length 2).
    pub vector: VectorIn,
    /// The line is the one through this vector (length 2, not zero).
    pub onto: VectorIn,
}

/// Samples in the plane.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PicturePcaRequest {
    /// Samples as rows, 2 columns; at least 2 samples, at most 10,000.
    pub data: MatrixIn,
}

pub struct Transform;

impl Picture for Transform {
    const NAME: &'static str = "visualize/transform";
    const SUMMARY: &'static str = "A 2x2 matrix as a transformation of the plane.";
    const DESCRIPTION: &'static str = "The grid before (faint grey) and after (blue), i and j landing on the matrix's columns, the unit square becoming a parallelogram labelled with the signed determinant (purple, with the turn from A i to A j drawn clockwise, when the orientation flips), the unit circle becoming an ellipse, and the real eigenvector lines (green, none for a rotation, one for a shear). Scaled to fit whatever the entries' size. A matrix that is not 2x2 is a 422 shape-mismatch.";
    type Request = PictureMatrixRequest;

    fn draw(req: PictureMatrixRequest, limits: &Limits) -> OpResult<String> {
        let m = req.matrix.into_mat("matrix", limits)?;
        viz::transform(&m).operands(&["matrix"])
    }

    fn example() -> Value {
        json!({"matrix": [[2, 1], [1, 3]]})
    }
}

pub struct SvdPicture;

impl Picture for SvdPicture {
    const NAME: &'static str = "visualize/svd";
    const SUMMARY: &'static str = "The SVD of a 2x2 matrix as rotate, scale, rotate.";
    const DESCRIPTION: &'static str = "Four panels: the unit circle with i, j and the right singular vectors v1, v2; after Vt (a rotation: the signs are chosen so); after S Vt (an ellipse on the axes, its semi-axes labelled with the singular values); after U S Vt = A. The steps between panels say what each does (rotate by an angle, or reflect across a line). A matrix that is not 2x2 is a 422 shape-mismatch.";
    type Request = PictureMatrixRequest;

    fn draw(req: PictureMatrixRequest, limits: &Limits) -> OpResult<String> {
        let m = req.matrix.into_mat("matrix", limits)?;
        viz::svd(&m).operands(&["matrix"])
    }

    fn example() -> Value {
        json!({"matrix": [[3, 0], [4, 5]]})
    }
}

pub struct ProjectionPicture;

impl Picture for ProjectionPicture {
    const NAME: &'static str = "visualize/projection";
    const SUMMARY: &'static str = "The projection of a vector onto a line, and its residual.";
    const DESCRIPTION: &'static str = "The vector v, the line through `onto`, the projection (as `/project` computes it) and the residual v - projection, drawn dashed with a right-angle mark where it meets the line. Vectors must have length 2 (else 422 shape-mismatch); a zero `onto` is a 422 invalid-input.";
    type Request = PictureProjectionRequest;

    fn draw(req: PictureProjectionRequest, limits: &Limits) -> OpResult<String> {
        let v = req.vector.into_vec("vector", limits)?;
        let onto = req.onto.into_vec("onto", limits)?;
        viz::projection(&v, &onto).operands(&["vector", "onto"])
    }

    fn example() -> Value {
        json!({"vector": [2, 3], "onto": [4, 1]})
    }
}

pub struct PcaPicture;

impl Picture for PcaPicture {
    const NAME: &'static str = "visualize/pca";
    const SUMMARY: &'static str = "A 2-D point cloud with its mean and principal axes.";
    const DESCRIPTION: &'static str = "The samples, their mean, and each principal axis (as `/pca` computes it) drawn from the mean both ways, as long as the square root of its explained variance, labelled with its share of the variance. `data` must have 2 columns (else 422 shape-mismatch) and at most 10,000 rows (else 422 too-large).";
    type Request = PicturePcaRequest;

    fn draw(req: PicturePcaRequest, limits: &Limits) -> OpResult<String> {
        let data = req.data.into_mat("data", limits)?;
        viz::pca(&data).operands(&["data"])
    }

    fn example() -> Value {
        json!({"data": [[2.5, 2.4], [0.5, 0.7], [2.2, 2.9], [1.9, 2.2], [3.1, 3.0], [2.3, 2.7], [2.0, 1.6], [1.0, 1.1], [1.5, 1.6], [1.1, 0.9]]})
    }
}

pub struct AttentionPicture;

impl Picture for AttentionPicture {
    const NAME: &'static str = "visualize/attention";
    const SUMMARY: &'static str = "Attention weights as a labelled heatmap.";
    const DESCRIPTION: &'static str = "The request is `/attention`'s. The weights softmax(q k^T / sqrt(d)) as a heatmap (queries as rows, keys as columns, viridis from 0 to 1 with its colour bar, the numbers written in the cells when they fit), masked positions grey with a cross. At most 256 queries or keys and 4,096 cells (else 422 too-large).";
    type Request = AttentionRequest;

    fn draw(req: AttentionRequest, limits: &Limits) -> OpResult<String> {
        let q = req.q.into_mat("q", limits)?;
        let k = req.k.into_mat("k", limits)?;
        let v = req.v.into_mat("v", limits)?;
        let mask = req.mask.map(|m| m.into_mask("mask", limits)).transpose()?;
        viz::attention(&q, &k, &v, mask.as_ref()).operands(&["q", "k", "v", "mask"])
    }

    fn example() -> Value {
        json!({
            "q": [[1, 0], [0, 1], [1, 1], [0.5, -1]],
            "k": [[1, 0], [0, 1], [1, 1], [-1, 0.5]],
            "v": [[1, 0], [0, 1], [1, 1], [0, 0]],
            "mask": "causal"
        })
    }
}

pub struct MatrixPicture;

impl Picture for MatrixPicture {
    const NAME: &'static str = "visualize/matrix";
    const SUMMARY: &'static str = "A matrix as a heatmap with a colour scale.";
    const DESCRIPTION: &'static str = "Each entry a coloured cell (viridis when the entries share a sign; purple for negative, white for 0 and orange for positive when they do not), with row and column indices, the numbers written in the cells when they fit, and a colour bar with its numbers: send a matrix and its `/low-rank` approximation to compare them. At most 256 rows or columns and 4,096 entries (else 422 too-large).";
    type Request = PictureMatrixRequest;

    fn draw(req: PictureMatrixRequest, limits: &Limits) -> OpResult<String> {
        let m = req.matrix.into_mat("matrix", limits)?;
        viz::matrix(&m).operands(&["matrix"])
    }

    fn example() -> Value {
        json!({"matrix": [[1, -2, 3], [-4, 5, -6], [7, -8, 9]]})
    }
}

/// The playground page, compiled into the binary: no build step, no network.
static PLAYGROUND: &str = include_str!("playground.html");

/// `GET /playground`: edit a 2x2 matrix, project a vector, try an exercise.
pub async fn playground() -> Response {
    let mut response = Html(PLAYGROUND).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(value: &str) -> Rendering {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        Rendering::from_accept(&h)
    }

    #[test]
    fn png_only_when_accept_prefers_it() {
        assert_eq!(Rendering::from_accept(&HeaderMap::new()), Rendering::Svg);
        assert_eq!(accept("image/png"), Rendering::Png);
        assert_eq!(accept("image/svg+xml, image/png;q=0.9"), Rendering::Svg);
        assert_eq!(accept("image/svg+xml;q=0.5, image/png"), Rendering::Png);
        assert_eq!(accept("image/*"), Rendering::Svg);
        assert_eq!(accept("*/*"), Rendering::Svg);
        assert_eq!(accept("image/png, */*;q=0.1"), Rendering::Png);
    }
}
