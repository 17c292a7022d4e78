//! The OpenAPI schemas of the wire's own types, which serde-derived schemas cannot describe:
//! operands parsed by hand, output writers, exact matrices and masks.

use std::borrow::Cow;

use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema,
    SchemaType, Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::choice::{Choice, Named};
use super::exact::ExactMatrixIn;
use super::generated::GeneratedOperand;
use super::mask::{MaskIn, NamedMask};
use super::operand::{MatrixIn, VectorIn, VectorOrMatrixIn};
use super::output::{ArrayOut, ComplexOut, MatOut, VecOut};

fn number() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::new(Type::Number))
}

pub(crate) fn vector_schema() -> Schema {
    ArrayBuilder::new()
        .items(number())
        .min_items(Some(1))
        .description(Some("A vector: an array of at least one number."))
        .build()
        .into()
}

pub(crate) fn matrix_schema() -> Schema {
    ArrayBuilder::new()
        .items(RefOr::T(vector_schema()))
        .min_items(Some(1))
        .description(Some(
            "A matrix: an array of m >= 1 rows, each an array of the same n >= 1 numbers (row-major).",
        ))
        .build()
        .into()
}

fn generated_ref() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name("GeneratedOperand"))
}

/// An operand field's schema: named, and bringing the generated operand's schema along.
macro_rules! operand_schema {
    ($type:ty, $name:literal, $schema:expr) => {
        impl PartialSchema for $type {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }

        impl ToSchema for $type {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }

            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                schemas.push((GeneratedOperand::name().into(), GeneratedOperand::schema()));
                <GeneratedOperand as ToSchema>::schemas(schemas);
            }
        }
    };
}

operand_schema!(
    VectorIn,
    "Vector",
    OneOfBuilder::new()
        .item(vector_schema())
        .item(generated_ref())
        .description(Some(
            "A vector of numbers, or a generated operand with shape [n]."
        ))
        .examples([serde_json::json!([1, 2, 3])])
        .into()
);

operand_schema!(
    MatrixIn,
    "Matrix",
    OneOfBuilder::new()
        .item(matrix_schema())
        .item(generated_ref())
        .description(Some(
            "A matrix (rows of numbers), or a generated operand with shape [m, n]."
        ))
        .examples([serde_json::json!([[1, 2], [3, 4]])])
        .into()
);

operand_schema!(
    VectorOrMatrixIn,
    "VectorOrMatrix",
    OneOfBuilder::new()
        .item(vector_schema())
        .item(matrix_schema())
        .item(generated_ref())
        .description(Some(
            "A vector or a matrix, or a generated operand of shape [n] or [m, n]."
        ))
        .examples([serde_json::json!([5, 6])])
        .into()
);

operand_schema!(ExactMatrixIn, "Matrix", MatrixIn::schema());

impl PartialSchema for MaskIn {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(Named::<NamedMask>::schema())
            .item(MatrixIn::schema())
            .description(Some(
                "`\"causal\"` (keep j <= i, top-left aligned as torch's `is_causal`) or an n x m matrix of 0/1 (1 = keep).",
            ))
            .into()
    }
}

impl ToSchema for MaskIn {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Mask")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            NamedMask::SCHEMA_NAME.to_string(),
            NamedMask::enum_schema().into(),
        ));
        <MatrixIn as ToSchema>::schemas(schemas);
    }
}

impl PartialSchema for MatOut {
    fn schema() -> RefOr<Schema> {
        matrix_schema().into()
    }
}
impl ToSchema for MatOut {}

impl PartialSchema for VecOut {
    fn schema() -> RefOr<Schema> {
        ArrayBuilder::new().items(number()).build().into()
    }
}
impl ToSchema for VecOut {}

impl PartialSchema for ArrayOut {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(VecOut::schema())
            .item(MatOut::schema())
            .into()
    }
}
impl ToSchema for ArrayOut {}

impl PartialSchema for ComplexOut {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .property("re", number())
            .property("im", number())
            .required("re")
            .required("im")
            .description(Some("A complex number."))
            .into()
    }
}

impl ToSchema for ComplexOut {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Complex")
    }
}

/// Any JSON object, documented as one (a payload, a filter, the request and answer that `/grade`
/// passes on): `additionalProperties: true`, so that typed clients accept every key.
pub struct JsonObject;

impl PartialSchema for JsonObject {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Object))
            .additional_properties(Some(AdditionalProperties::FreeForm(true)))
            .description(Some("A JSON object with any keys."))
            .into()
    }
}

impl ToSchema for JsonObject {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("JsonObject")
    }
}

/// The schema of a [`SearchResults`] of `T` hits: one list, or one list per query.
pub fn search_results_schema<T: ToSchema>() -> RefOr<Schema> {
    let hit = || RefOr::Ref(Ref::from_schema_name(T::name()));
    // anyOf, not oneOf: an empty list (no point passed the filter, or an empty collection) is
    // both an empty list of hits and an empty list of lists, which oneOf forbids
    AnyOfBuilder::new()
        .item(ArrayBuilder::new().items(hit()))
        .item(ArrayBuilder::new().items(ArrayBuilder::new().items(hit())))
        .description(Some(
            "Results for `query` (a list, best first), or for `queries` (a list of such lists).",
        ))
        .into()
}

/// A named schema for the results of one kind of hit (`search_results!(PointHitResults,
/// PointHit)`), for a `results: SearchResults<PointHit>` field's `value_type`: the derive
/// cannot name a generic type's schema itself.
#[macro_export]
macro_rules! search_results {
    ($name:ident, $hit:ty) => {
        #[doc = concat!("The OpenAPI schema of `SearchResults<", stringify!($hit), ">`.")]
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::wire::search_results_schema::<$hit>()
            }
        }

        impl utoipa::ToSchema for $name {
            fn schemas(
                schemas: &mut Vec<(
                    String,
                    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
                )>,
            ) {
                schemas.push((
                    <$hit as utoipa::ToSchema>::name().into_owned(),
                    <$hit as utoipa::PartialSchema>::schema(),
                ));
                <$hit as utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}
