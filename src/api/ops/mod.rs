//! The compute operations, one file per family, and the registry's list of them.
//!
//! Each file holds its operations' request and response types (whose `///` comments become the
//! OpenAPI descriptions) and their `impl Operation`: field names, limits and the call into
//! `crate::linalg`. Nothing here parses a body or touches faer directly: operands come from
//! `crate::wire` as the math needs them, and go back through `crate::wire`'s output types.

pub mod decompositions;
pub mod echelon;
pub mod matrices;
pub mod ml;
pub mod search;
pub mod systems;
pub mod tensors;
pub mod vectors;

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

use super::registry::{Entry, entry};
use crate::error::{OpError, OpResult};
use crate::limits::Limits;

/// Every compute operation. The router, the OpenAPI document, `/grade` and `/exercises` all
/// read this list.
pub const OPERATIONS: &[Entry] = &[
    entry::<vectors::Dot>(),
    entry::<matrices::Matmul>(),
    entry::<decompositions::Svd>(),
    entry::<ml::Pca>(),
    entry::<search::CosineSearch>(),
    entry::<vectors::Cosine>(),
    entry::<vectors::Norm>(),
    entry::<vectors::Distance>(),
    entry::<vectors::LinearCombination>(),
    entry::<vectors::Project>(),
    entry::<vectors::Cross>(),
    entry::<matrices::Transpose>(),
    entry::<systems::Determinant>(),
    entry::<systems::Inverse>(),
    entry::<systems::Solve>(),
    entry::<systems::Lstsq>(),
    entry::<echelon::Rank>(),
    entry::<echelon::Subspaces>(),
    entry::<decompositions::Eigen>(),
    entry::<decompositions::LowRank>(),
    entry::<decompositions::Qr>(),
    entry::<decompositions::Lu>(),
    entry::<decompositions::Cholesky>(),
    entry::<echelon::Rref>(),
    entry::<tensors::Reshape>(),
    entry::<tensors::Transpose>(),
    entry::<tensors::Permute>(),
    entry::<tensors::Matmul>(),
    entry::<tensors::Shapes>(),
    entry::<ml::Softmax>(),
    entry::<ml::Attention>(),
    entry::<ml::Lora>(),
];

/// The name of a gradable operation, as `/grade`'s `op` and `/exercises`' `kind` take it: its
/// schema is the enum of the registry's names.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct OpName(pub String);

impl PartialSchema for OpName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .enum_values(Some(OPERATIONS.iter().map(|e| e.name)))
            .description(Some(
                "A compute operation: an endpoint path without the leading `/`.",
            ))
            .into()
    }
}

impl ToSchema for OpName {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("OpName")
    }
}

/// The operation called `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    OPERATIONS.iter().find(|e| e.name == name)
}

/// Every operation's name, for messages.
pub fn names() -> String {
    OPERATIONS
        .iter()
        .map(|e| e.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses an operand of an O(n^3) operation whose larger side is over `--max-dim`, before the
/// work starts.
fn check_cubic(limits: &Limits, field: &str, rows: usize, cols: usize) -> OpResult<()> {
    if rows.max(cols) > limits.max_dim {
        return Err(OpError::Limit(format!(
            "{field} is {rows}x{cols}; the limit is {} per side for this operation",
            limits.max_dim
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::registry::operation_id;
    use crate::grading::exercises::generate;
    use serde_json::Value;

    #[test]
    fn names_and_operation_ids_are_unique() {
        let ops = OPERATIONS;
        let mut names: Vec<&str> = ops.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ops.len());
        let mut ids: Vec<String> = ops.iter().map(|e| operation_id(e.name)).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ops.len());
    }

    fn numbers(v: &Value, out: &mut Vec<f64>) {
        match v {
            Value::Number(n) => out.push(n.as_f64().unwrap()),
            Value::Array(a) => a.iter().for_each(|x| numbers(x, out)),
            Value::Object(o) => o.values().for_each(|x| numbers(x, out)),
            _ => {}
        }
    }

    #[test]
    fn every_exercise_is_reproducible_and_small_at_difficulty_one() {
        for e in OPERATIONS {
            for seed in 0..20 {
                let a = generate(e.name, seed, 1, e.exercise);
                assert_eq!(
                    a,
                    generate(e.name, seed, 1, e.exercise),
                    "{} {seed}",
                    e.name
                );
                let mut xs = Vec::new();
                numbers(&a.input, &mut xs);
                assert!(
                    xs.iter().all(|x| x.fract() == 0.0),
                    "{}: integers only",
                    e.name
                );
                if e.name != "shapes" {
                    assert!(
                        xs.iter().all(|x| x.abs() <= 100.0),
                        "{}: small numbers, got {xs:?}",
                        e.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_example_is_answered() {
        for e in OPERATIONS {
            let body = serde_json::to_vec(&(e.example)()).unwrap();
            let expected = (e.expect)(&body, &Limits::default());
            assert!(expected.is_ok(), "{}: {:?}", e.name, expected.err());
        }
    }
}
