//! Framing a JSON request body, so that its operands are read in one pass.
//!
//! With plain `serde_json::from_slice`, every operand is read twice: serde_json walks its text to
//! validate it and find its end (to lend it as a raw value), then the scanner in [`super::scan`]
//! reads the same text again to parse the numbers. On a 5 MB search body the first walk is half
//! of the parse time (benches/README.md). Here a small framer splits the top-level object into
//! members, finding each value's end with a SIMD byte search for brackets and quotes only; each
//! member is then handed to the request type's own `Deserialize` through [`Member`], which lends
//! an operand's text straight to the scanner (now strict about JSON's number and comma grammar)
//! and gives every other value to serde_json to parse, and validate, in full. Members the request
//! type did not read are validated afterwards, so invalid JSON anywhere is still refused.
//!
//! The framer is an accelerator, not a second parser to trust: whenever it cannot frame the body
//! (not an object, an escaped key, any doubt) or the fast path fails for any reason, the body is
//! parsed again by `serde_json::from_slice`, whose result (and error message) is the answer. A
//! property test checks that the fast path accepts nothing serde_json refuses and gives the same
//! values for what it accepts.

use std::cell::Cell;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};

use super::scan::skip_ws;

/// How serde_json asks a deserializer for a raw value (`serde_json::value::RawValue`): a newtype
/// struct of this name, answered with a one-entry map from this name to the borrowed text (as
/// serde_json's own deserializer does). The tests fail if that protocol ever changes.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Parses `bytes` as a `T`: the one-pass path when it applies, serde_json's otherwise.
pub(crate) fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match frame(bytes) {
        Some(members) => match fast::<T>(bytes, &members) {
            Ok(value) => Ok(value),
            Err(_) => serde_json::from_slice(bytes),
        },
        None => serde_json::from_slice(bytes),
    }
}

fn fast<T: DeserializeOwned>(bytes: &[u8], members: &[(&str, &[u8])]) -> serde_json::Result<T> {
    let read: Vec<Cell<bool>> = members.iter().map(|_| Cell::new(false)).collect();
    let value = T::deserialize(Object {
        body: bytes,
        members,
        read: &read,
    })?;
    for ((_, raw), read) in members.iter().zip(&read) {
        if !read.get() {
            serde_json::from_slice::<de::IgnoredAny>(raw)?;
        }
    }
    Ok(value)
}

/// The top-level object's members as (key, value text), or `None` when the body is not a plain
/// object this framer handles (the caller then uses serde_json).
fn frame(bytes: &[u8]) -> Option<Vec<(&str, &[u8])>> {
    let mut members = Vec::new();
    let mut i = skip_ws(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(bytes, i + 1);
    if bytes.get(i) == Some(&b'}') {
        return (skip_ws(bytes, i + 1) == bytes.len()).then_some(members);
    }
    loop {
        // a key: a string without escapes or control characters
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let end = i + 1 + memchr::memchr(b'"', &bytes[i + 1..])?;
        let key = &bytes[i + 1..end];
        if key.iter().any(|&b| b == b'\\' || b < 0x20) {
            return None;
        }
        let key = std::str::from_utf8(key).ok()?;
        i = skip_ws(bytes, end + 1);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let start = skip_ws(bytes, i + 1);
        let stop = value_end(bytes, start)?;
        members.push((key, &bytes[start..stop]));
        i = skip_ws(bytes, stop);
        match bytes.get(i) {
            Some(b',') => i = skip_ws(bytes, i + 1),
            Some(b'}') => {
                return (skip_ws(bytes, i + 1) == bytes.len()).then_some(members);
            }
            _ => return None,
        }
    }
}

/// Where the value starting at `start` ends (exclusive). Only brackets and strings are looked
/// at; the value's own parser validates everything inside.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let (open, close) = match bytes.get(start)? {
        b'"' => return string_end(bytes, start),
        b'[' => (b'[', b']'),
        b'{' => (b'{', b'}'),
        _ => {
            let len = bytes[start..]
                .iter()
                .position(|&b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                .unwrap_or(bytes.len() - start);
            return (len > 0).then_some(start + len);
        }
    };
    let mut depth = 0usize;
    let mut i = start;
    loop {
        i += memchr::memchr3(open, close, b'"', bytes.get(i..)?)?;
        match bytes[i] {
            b'"' => i = string_end(bytes, i)?,
            b if b == open => {
                depth += 1;
                i += 1;
            }
            _ => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
    }
}

/// The end (exclusive) of the string whose opening quote is at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

/// The top-level object, for a request type's `Deserialize`.
struct Object<'a, 'r> {
    body: &'a [u8],
    members: &'r [(&'a str, &'a [u8])],
    read: &'r [Cell<bool>],
}

/// The members one by one.
struct Members<'a, 'r> {
    object: Object<'a, 'r>,
    next: usize,
}

impl<'de, 'r> de::Deserializer<'de> for Object<'de, 'r> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        visitor.visit_map(Members {
            object: self,
            next: 0,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        self.deserialize_any(visitor)
    }

    // Anything else (an enum, a raw value of the whole body, ...) is serde_json's to read.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        whole(self.body, |d| d.deserialize_newtype_struct(name, visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        whole(self.body, |d| d.deserialize_enum(name, variants, visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct seq tuple tuple_struct identifier
    }
}

impl<'de, 'r> MapAccess<'de> for Members<'de, 'r> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> serde_json::Result<Option<K::Value>> {
        let Some((key, _)) = self.object.members.get(self.next) else {
            return Ok(None);
        };
        let key = de::value::BorrowedStrDeserializer::<'de, serde_json::Error>::new(key);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> serde_json::Result<V::Value> {
        let (_, raw) = self.object.members[self.next];
        self.object.read[self.next].set(true);
        self.next += 1;
        seed.deserialize(Member { raw })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.object.members.len() - self.next)
    }
}

/// One member's value: lent as raw text to whoever asks for a raw value (the operands), parsed
/// in full by serde_json for everyone else.
struct Member<'a> {
    raw: &'a [u8],
}

/// The one-entry map by which a raw value is handed over: `{TOKEN: text}`.
struct RawValueEntry<'a> {
    text: Option<&'a str>,
}

impl<'de> MapAccess<'de> for RawValueEntry<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> serde_json::Result<Option<K::Value>> {
        if self.text.is_none() {
            return Ok(None);
        }
        let key =
            de::value::BorrowedStrDeserializer::<'de, serde_json::Error>::new(RAW_VALUE_TOKEN);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> serde_json::Result<V::Value> {
        let text = self.text.take().expect("the value follows its key");
        seed.deserialize(de::value::BorrowedStrDeserializer::<'de, serde_json::Error>::new(text))
    }
}

/// Runs `f` on a serde_json deserializer over `text` and checks nothing follows the value.
fn whole<'de, T>(
    text: &'de [u8],
    f: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
    ) -> serde_json::Result<T>,
) -> serde_json::Result<T> {
    let mut d = serde_json::Deserializer::from_slice(text);
    let value = f(&mut d)?;
    d.end()?;
    Ok(value)
}

macro_rules! forward_to_serde_json {
    ($($method:ident ( $($arg:ident : $ty:ty),* );)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> serde_json::Result<V::Value> {
                whole(self.raw, |d| d.$method($($arg,)* visitor))
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Member<'de> {
    type Error = serde_json::Error;

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        if name == RAW_VALUE_TOKEN {
            let text = std::str::from_utf8(self.raw).map_err(de::Error::custom)?;
            return visitor.visit_map(RawValueEntry { text: Some(text) });
        }
        whole(self.raw, |d| d.deserialize_newtype_struct(name, visitor))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        if self.raw == b"null" {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    forward_to_serde_json! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{MatrixIn, VectorIn};
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use serde::Deserialize;

    /// Shaped like the API's requests: operands, optional ones, scalars, strings, unknown
    /// members left unread.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Request {
        a: MatrixIn,
        b: Option<VectorIn>,
        k: Option<usize>,
        metric: Option<String>,
    }

    /// The fast path alone (no fallback): `None` when it does not apply or fails.
    fn fast_only(body: &[u8]) -> Option<Request> {
        let members = frame(body)?;
        fast::<Request>(body, &members).ok()
    }

    #[test]
    fn operands_take_the_fast_path_with_the_same_values() {
        let body = br#" { "a" : [[1, -2.5e3], [0.1, 3]], "b": [7], "k": 3, "metric": "dot", "extra": {"x": [1, "]"]} } "#;
        let fast = fast_only(body).expect("the fast path applies");
        assert_eq!(fast, serde_json::from_slice::<Request>(body).unwrap());
        let body = br#"{"a": [[1]], "b": null}"#;
        assert_eq!(fast_only(body).unwrap().b, None);
    }

    #[test]
    fn invalid_json_is_never_accepted_by_the_fast_path() {
        for body in [
            r#"{"a": [[1,,2]]}"#,
            r#"{"a": [[1 2]]}"#,
            r#"{"a": [[,1]]}"#,
            r#"{"a": [[1,]]}"#,
            r#"{"a": [[1],]}"#,
            r#"{"a": [,[1]]}"#,
            r#"{"a": [[01]]}"#,
            r#"{"a": [[1.]]}"#,
            r#"{"a": [[-.5]]}"#,
            r#"{"a": [[-inf]]}"#,
            r#"{"a": [[1e]]}"#,
            r#"{"a": [[1x]]}"#,
            r#"{"a": [[1]] "k": 1}"#,
            r#"{"a": [[1]], "z": [1,,2]}"#,
            r#"{"a": [[1]], "z": tru}"#,
            r#"{"a": [[1]],}"#,
            r#"{"a": [[1]]} x"#,
            r#"{"a": [[1]]"#,
        ] {
            assert!(
                serde_json::from_slice::<Request>(body.as_bytes()).is_err(),
                "{body}"
            );
            assert_eq!(fast_only(body.as_bytes()), None, "{body}");
            // and the public function answers with serde_json's error
            assert!(from_slice::<Request>(body.as_bytes()).is_err(), "{body}");
        }
    }

    #[test]
    fn escaped_keys_and_other_shapes_fall_back_to_serde_json() {
        let body = br#"{"\u0061": [[1]]}"#;
        assert_eq!(frame(body), None);
        assert_eq!(
            from_slice::<Request>(body).unwrap(),
            serde_json::from_slice::<Request>(body).unwrap()
        );
        assert!(frame(b"[1, 2]").is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Random bodies, mostly broken by a few byte edits: whenever the fast path accepts one,
        /// serde_json accepts it too, with the same value.
        #[test]
        fn the_fast_path_agrees_with_serde_json(seed: u64, edits in 0usize..4) {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let number = |rng: &mut rand_chacha::ChaCha8Rng| -> String {
                match rng.random_range(0..4) {
                    0 => rng.random_range(-20i32..20).to_string(),
                    1 => format!("{}", rng.random::<f64>() * 1e3 - 500.0),
                    2 => format!("{:e}", rng.random::<f64>() - 0.5),
                    _ => "0".into(),
                }
            };
            let (rows, cols) = (rng.random_range(1..4), rng.random_range(1..4));
            let a: Vec<String> = (0..rows)
                .map(|_| format!("[{}]", (0..cols).map(|_| number(&mut rng)).collect::<Vec<_>>().join(", ")))
                .collect();
            let mut body = format!(r#"{{"a": [{}], "b": [{}], "k": 2, "metric": "c[o\"s", "z": [{{"q": "]"}}]}}"#, a.join(","), number(&mut rng));
            const PIECES: [&str; 14] = [",", "[", "]", "{", "}", "\"", ":", "-", ".", "e", "0", " ", "x", "\\"];
            for _ in 0..edits {
                let at = rng.random_range(0..=body.len());
                if !body.is_char_boundary(at) { continue; }
                if rng.random_bool(0.5) && at < body.len() {
                    body.remove(at);
                } else {
                    body.insert_str(at, PIECES[rng.random_range(0..PIECES.len())]);
                }
            }
            let reference = serde_json::from_slice::<Request>(body.as_bytes());
            if edits == 0 {
                prop_assert!(fast_only(body.as_bytes()).is_some(), "the fast path refused a valid body: {body}");
            }
            if let Some(fast) = fast_only(body.as_bytes()) {
                prop_assert!(reference.is_ok(), "the fast path accepted {body}: {:?}", reference.err());
                prop_assert_eq!(fast, reference.unwrap());
            }
            // whatever the path, the public function's outcome is serde_json's
            prop_assert_eq!(from_slice::<Request>(body.as_bytes()).ok(), serde_json::from_slice::<Request>(body.as_bytes()).ok());
        }
    }
}
