//! Closed sets of names: `metric`, `distribution`, `ord`'s names, `reveal`, the op of a step...
//!
//! The contract treats a well-formed request that names an unknown member of such a set as
//! well-typed but invalid (422 `invalid-input`, e.g. "an unknown metric or op"), not as a schema
//! error (400). So a field of such a set is a [`Named<T>`]: any string is read, and the lookup
//! happens when the operation asks for the value, with a message that lists the accepted names.
//! The OpenAPI schema is still a string `enum`, so typed clients refuse a misspelt name before
//! sending it.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer};
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::error::{WireError, WireResult};

/// A closed set of names.
pub trait Choice: Sized + Copy + 'static {
    /// The schema's name in the OpenAPI document.
    const SCHEMA_NAME: &'static str;
    /// What the set is, for the schema's description.
    const DESCRIPTION: &'static str;
    /// Every member with its name, in the order the docs list them.
    const ALL: &'static [(Self, &'static str)];

    fn lookup(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(v, _)| *v)
    }

    fn name(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::ALL
            .iter()
            .find(|(v, _)| *v == self)
            .map(|(_, n)| *n)
            .expect("every member is listed in ALL")
    }

    /// `"a", "b" or "c"`.
    fn listing() -> String {
        let names: Vec<String> = Self::ALL.iter().map(|(_, n)| format!("{n:?}")).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
        }
    }

    /// The string enum schema of the set.
    fn enum_schema() -> Schema {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .enum_values(Some(Self::ALL.iter().map(|(_, n)| *n)))
            .description(Some(Self::DESCRIPTION))
            .build()
            .into()
    }
}

/// A name sent for a field of the set `T`: known or not, decided when it is used.
#[derive(Debug, Clone, PartialEq)]
pub struct Named<T> {
    sent: String,
    marker: PhantomData<T>,
}

impl<T: Choice> Named<T> {
    /// The member, or a 422 naming `field`, what was sent and what is accepted.
    pub fn get(&self, field: &str) -> WireResult<T> {
        T::lookup(&self.sent).ok_or_else(|| {
            WireError::Invalid(format!("{field} is {:?}; use {}", self.sent, T::listing()))
        })
    }

    /// The value of an optional field, `default` when it was left out.
    pub fn or_default(field: &str, named: Option<&Named<T>>, default: T) -> WireResult<T> {
        named.map_or(Ok(default), |n| n.get(field))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.sent
    }
}

impl<T> From<&str> for Named<T> {
    fn from(s: &str) -> Self {
        Named {
            sent: s.to_string(),
            marker: PhantomData,
        }
    }
}

impl<'de, T> Deserialize<'de> for Named<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|sent| Named {
            sent,
            marker: PhantomData,
        })
    }
}

impl<T: Choice> PartialSchema for Named<T> {
    fn schema() -> RefOr<Schema> {
        RefOr::Ref(Ref::from_schema_name(T::SCHEMA_NAME))
    }
}

impl<T: Choice> ToSchema for Named<T> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed(T::SCHEMA_NAME)
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((T::SCHEMA_NAME.to_string(), T::enum_schema().into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Colour {
        Red,
        Green,
        Blue,
    }

    impl Choice for Colour {
        const SCHEMA_NAME: &'static str = "Colour";
        const DESCRIPTION: &'static str = "A colour.";
        const ALL: &'static [(Self, &'static str)] = &[
            (Colour::Red, "red"),
            (Colour::Green, "green"),
            (Colour::Blue, "blue"),
        ];
    }

    #[test]
    fn an_unknown_name_is_invalid_input_listing_the_accepted_ones() {
        let named: Named<Colour> = serde_json::from_str("\"teal\"").unwrap();
        assert_eq!(
            named.get("colour"),
            Err(WireError::Invalid(
                "colour is \"teal\"; use \"red\", \"green\" or \"blue\"".into()
            ))
        );
        let named: Named<Colour> = serde_json::from_str("\"green\"").unwrap();
        assert_eq!(named.get("colour"), Ok(Colour::Green));
        assert_eq!(Colour::Blue.name(), "blue");
        assert!(serde_json::from_str::<Named<Colour>>("3").is_err());
    }
}
