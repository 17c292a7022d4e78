//! The one boundary between bytes and values.
//!
//! Every request body (JSON or MessagePack) becomes typed, validated values here, and every
//! response value becomes bytes here; nothing else in the service parses a body or writes one.
//! One file per concern:
//!
//! - [`codec`]: formats, [`decode`] and [`encode`] (and a response as a JSON tree, for grading);
//! - [`frame`] and [`scan`]: JSON bodies framed in one pass, operands scanned straight into flat
//!   row-major buffers; [`msgpack`]: the MessagePack validator and operand visitor;
//! - [`operand`]: Vector and Matrix fields and their shape rules; [`generated`]: operands made on
//!   the server from a seed; [`exact`]: numbers read exactly from their decimal text;
//!   [`tensor`], [`mask`], [`query`]: the other composite fields; [`alternatives`]: requests
//!   with two alternative fields; [`choice`]: closed sets of names;
//! - [`output`]: response values that refuse to write a non-finite number; [`compress`]: large
//!   bodies compressed; [`answer`]: students' answers read as numbers;
//! - [`schema`]: the OpenAPI schemas of these hand-parsed types.
//!
//! Errors are [`WireError`]s, whose class decides the HTTP status and whose sentence names the
//! field at fault. The wire knows request field names and faer/ndarray values; it knows nothing of
//! HTTP (headers and statuses are `crate::api`'s).

pub mod alternatives;
pub mod answer;
mod budget;
pub mod choice;
pub mod codec;
pub mod compress;
pub mod error;
pub mod exact;
mod frame;
pub mod generated;
pub mod mask;
mod msgpack;
mod numeric;
pub mod operand;
pub mod output;
pub mod query;
mod scan;
mod schema;
pub mod tensor;

pub use alternatives::{Either, both_or_neither, one_of};
pub use choice::{Choice, Named};
pub use codec::{EmbeddedRequest, Format, Payload, decode, encode, not_null, to_json_value};
pub use error::{WireError, WireResult};
pub use exact::ExactMatrixIn;
pub use mask::MaskIn;
pub use operand::{Array, MatrixIn, Numeric, RowMajor, VectorIn, VectorOrMatrixIn};
pub use output::{ArrayOut, ComplexOut, MatOut, VecOut, finite};
pub use query::{QueryBatch, SearchResults};
pub use schema::{JsonObject, search_results_schema};
pub use tensor::{TensorIn, TensorOut};
