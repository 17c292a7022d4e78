//! MessagePack: the validator every body passes first, and the operand visitor.
//!
//! MessagePack carries the same field names and values as JSON (maps with string keys, numbers
//! as numbers): a matrix costs 9 bytes per f64 and no text parsing at all. JSON cannot spell NaN
//! or infinity and MessagePack can, so a body is first walked once (cheap: no allocation, lengths
//! skip strings and binaries) and refused if any float is not finite or the value is truncated;
//! after that both formats hold exactly the same values. Operands are read element by element by
//! [`NumericVisitor`] with the JSON scanner's row bookkeeping ([`RowShape`]), so a ragged matrix
//! gets the same 422 in both formats.

use rmp::Marker;
use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::generated::GeneratedOperand;
use super::numeric::{Numeric, RowShape};

/// Reads an operand from a self-describing binary format: an array of numbers, an array of
/// rows of numbers, or `{"random": {...}}`, with the JSON scanner's shape bookkeeping.
pub struct NumericVisitor;

/// One entry of an operand's outer array.
enum Entry {
    Number(f64),
    Row(Vec<f64>),
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> de::Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a row of numbers")
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<Entry, E> {
                Ok(Entry::Number(x))
            }
            fn visit_f32<E: de::Error>(self, x: f32) -> Result<Entry, E> {
                Ok(Entry::Number(f64::from(x)))
            }
            fn visit_i64<E: de::Error>(self, x: i64) -> Result<Entry, E> {
                Ok(Entry::Number(x as f64))
            }
            fn visit_u64<E: de::Error>(self, x: u64) -> Result<Entry, E> {
                Ok(Entry::Number(x as f64))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
                let mut row = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(x) = seq.next_element::<f64>()? {
                    row.push(x);
                }
                Ok(Entry::Row(row))
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl<'de> de::Visitor<'de> for NumericVisitor {
    type Value = Numeric;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of numbers, an array of rows, or {\"random\": {...}}")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Numeric, A::Error> {
        let mut data = Vec::new();
        let mut shape = RowShape::default();
        let mut numbers = 0usize;
        while let Some(entry) = seq.next_element::<Entry>()? {
            match entry {
                Entry::Number(_) if shape.rows > 0 => {
                    return Err(de::Error::custom(
                        "an array mixes rows and numbers; a matrix holds only rows",
                    ));
                }
                Entry::Number(x) => {
                    data.push(x);
                    numbers += 1;
                }
                Entry::Row(_) if numbers > 0 => {
                    return Err(de::Error::custom(
                        "an array mixes numbers and rows; a vector holds only numbers",
                    ));
                }
                Entry::Row(row) => {
                    shape.push_row(row.len());
                    data.extend_from_slice(&row);
                }
            }
        }
        Ok(shape.finish(data))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Numeric, A::Error> {
        GeneratedOperand::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|g| Numeric::Random(g.random))
    }
}

/// Walks one MessagePack value: well-formed, complete, and every float finite.
pub(crate) fn check_msgpack(mut rd: &[u8]) -> Result<(), String> {
    fn take<'a>(rd: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
        if rd.len() < n {
            return Err("it ends in the middle of a value".into());
        }
        let (head, tail) = rd.split_at(n);
        *rd = tail;
        Ok(head)
    }
    fn length(rd: &mut &[u8], bytes: usize) -> Result<u64, String> {
        let raw = take(rd, bytes)?;
        Ok(raw.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
    }
    // values still to read; maps count their keys and values
    let mut pending: u64 = 1;
    while pending > 0 {
        pending -= 1;
        let marker = Marker::from_u8(take(&mut rd, 1)?[0]);
        let skip: u64 = match marker {
            Marker::FixPos(_) | Marker::FixNeg(_) | Marker::Null | Marker::True | Marker::False => {
                0
            }
            Marker::U8 | Marker::I8 => 1,
            Marker::U16 | Marker::I16 => 2,
            Marker::U32 | Marker::I32 => 4,
            Marker::U64 | Marker::I64 => 8,
            Marker::F32 => {
                let raw = take(&mut rd, 4)?;
                if !f32::from_be_bytes(raw.try_into().expect("4 bytes")).is_finite() {
                    return Err("a number is not finite (NaN or infinity)".into());
                }
                0
            }
            Marker::F64 => {
                let raw = take(&mut rd, 8)?;
                if !f64::from_be_bytes(raw.try_into().expect("8 bytes")).is_finite() {
                    return Err("a number is not finite (NaN or infinity)".into());
                }
                0
            }
            Marker::FixStr(n) => u64::from(n),
            Marker::Str8 | Marker::Bin8 => length(&mut rd, 1)?,
            Marker::Str16 | Marker::Bin16 => length(&mut rd, 2)?,
            Marker::Str32 | Marker::Bin32 => length(&mut rd, 4)?,
            Marker::FixArray(n) => {
                pending += u64::from(n);
                0
            }
            Marker::Array16 => {
                pending += length(&mut rd, 2)?;
                0
            }
            Marker::Array32 => {
                pending += length(&mut rd, 4)?;
                0
            }
            Marker::FixMap(n) => {
                pending += 2 * u64::from(n);
                0
            }
            Marker::Map16 => {
                pending += 2 * length(&mut rd, 2)?;
                0
            }
            Marker::Map32 => {
                pending += 2 * length(&mut rd, 4)?;
                0
            }
            Marker::FixExt1 => 2,
            Marker::FixExt2 => 3,
            Marker::FixExt4 => 5,
            Marker::FixExt8 => 9,
            Marker::FixExt16 => 17,
            Marker::Ext8 => length(&mut rd, 1)? + 1,
            Marker::Ext16 => length(&mut rd, 2)? + 1,
            Marker::Ext32 => length(&mut rd, 4)? + 1,
            Marker::Reserved => return Err("it holds the reserved byte 0xc1".into()),
        };
        let skip = usize::try_from(skip).map_err(|_| "a length is too large".to_string())?;
        take(&mut rd, skip)?;
    }
    if !rd.is_empty() {
        return Err(format!("{} bytes follow the value", rd.len()));
    }
    Ok(())
}
