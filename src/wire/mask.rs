//! An attention mask: `"causal"`, or an n x m matrix of 0/1.

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::choice::{Choice, Named};
use super::error::WireResult;
use super::msgpack::NumericVisitor;
use super::operand::{MatrixIn, Numeric};
use crate::limits::Limits;
use crate::linalg::ml::Mask;

/// The named masks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedMask {
    /// Keep `j <= i`, top-left aligned (torch's `is_causal`).
    Causal,
}

impl Choice for NamedMask {
    const SCHEMA_NAME: &'static str = "NamedMask";
    const DESCRIPTION: &'static str =
        "`causal`: keep key j for query i when j <= i, top-left aligned as torch's `is_causal`.";
    const ALL: &'static [(Self, &'static str)] = &[(NamedMask::Causal, "causal")];
}

/// `"causal"`, or an n x m matrix of 0/1 (1 = keep).
#[derive(Debug, Clone)]
pub enum MaskIn {
    Named(Named<NamedMask>),
    Matrix(MatrixIn),
}

impl MaskIn {
    /// The mask as the math takes it.
    pub fn into_mask(self, field: &str, limits: &Limits) -> WireResult<Mask> {
        match self {
            MaskIn::Named(name) => name.get(field).map(|named| match named {
                NamedMask::Causal => Mask::Causal,
            }),
            MaskIn::Matrix(m) => m.into_mat(field, limits).map(Mask::Explicit),
        }
    }
}

impl<'de> Deserialize<'de> for MaskIn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return deserializer.deserialize_any(BinaryMask);
        }
        let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(deserializer)?;
        if raw.get().trim_start().starts_with('"') {
            serde_json::from_str::<String>(raw.get())
                .map(|s| MaskIn::Named(Named::from(s.as_str())))
                .map_err(de::Error::custom)
        } else {
            Numeric::from_json_text(raw.get())
                .map(|n| MaskIn::Matrix(MatrixIn(n)))
                .map_err(de::Error::custom)
        }
    }
}

/// A mask from a binary format: a string, or what [`NumericVisitor`] reads.
struct BinaryMask;

impl<'de> de::Visitor<'de> for BinaryMask {
    type Value = MaskIn;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("\"causal\" or a matrix of 0/1")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<MaskIn, E> {
        Ok(MaskIn::Named(Named::from(s)))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<MaskIn, A::Error> {
        de::Visitor::visit_seq(NumericVisitor, seq).map(|n| MaskIn::Matrix(MatrixIn(n)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<MaskIn, A::Error> {
        de::Visitor::visit_map(NumericVisitor, map).map(|n| MaskIn::Matrix(MatrixIn(n)))
    }
}
