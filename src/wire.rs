//! The one place where JSON (or MessagePack) becomes matrices, and matrices become JSON.
//!
//! Request bodies can be megabytes of numbers, so operands are not parsed as `Vec<Vec<f64>>`:
//! each operand's raw text is lent (by [`crate::json_body`], which frames the body so that no
//! other pass walks it first, or by serde_json), and one small scanner reads it straight into a
//! flat row-major buffer with `fast-float2` (correctly rounded, about twice serde_json's speed on
//! number arrays; `benches/wire.rs`), checking JSON's number and comma grammar itself, noting the first ragged row instead
//! of failing, so that validation can say *which* row is wrong with a 422 rather than a parser
//! error. Conversions (`into_mat`, `into_vec`, ...) then check shape
//! rules and limits and produce faer values, naming the request field in every message.
//!
//! Wherever a request takes a Vector or a Matrix it also accepts a generated operand,
//! `{"random": {"shape": [m, n], "seed": 7, "distribution": "normal"}}`, produced here from a
//! ChaCha8 stream seeded with `seed` (`rand_chacha::ChaCha8Rng::seed_from_u64`), entries drawn in
//! row-major order: standard normal, or uniform on [-1, 1].
//!
//! On the way out, [`MatOut`], [`VecOut`] and [`finite`] refuse to serialize a non-finite number,
//! so a result can never reach a client as `null`.

use faer::Mat;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal, Uniform};
use serde::de::{self, Deserializer};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{RefOr, schema::SchemaType};
use utoipa::{PartialSchema, ToSchema};

use crate::error::ApiError;
use crate::limits::Limits;
use crate::linalg::{mat_from_rows, shape_str};

/// Message used by the output serializers; the runner turns it into a `not-finite` problem.
pub const NOT_FINITE_MARKER: &str = "result is not finite";

// ---------------------------------------------------------------------------------------------
// Generated operands

/// `{"shape": [m, n], "seed": 7, "distribution": "normal"}`: an operand made on the server.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"shape": [64, 64], "seed": 7, "distribution": "normal"}))]
pub struct RandomSpec {
    /// `[n]` for a vector, `[m, n]` for a matrix; every dimension at least 1.
    pub shape: Vec<i64>,
    /// Seed of the ChaCha8 stream (0 to 2^63 - 1): the same seed gives the same operand.
    #[schema(minimum = 0)]
    pub seed: i64,
    /// `normal` (standard normal, the default) or `uniform` (on [-1, 1]).
    #[serde(default)]
    pub distribution: Option<String>,
}

/// `{"random": {...}}`, documented as one alternative of every Vector and Matrix.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeneratedOperand {
    pub random: RandomSpec,
}

impl RandomSpec {
    /// Checks the spec against the expected rank and the limits, then draws the entries.
    fn generate(
        &self,
        field: &str,
        want_ndim: Option<usize>,
        limits: &Limits,
    ) -> Result<(Vec<usize>, Vec<f64>), ApiError> {
        let shape = &self.shape;
        let hint = match want_ndim {
            Some(1) => "use [n] for a vector",
            Some(2) => "use [m, n] for a matrix",
            _ => "use [n] for a vector or [m, n] for a matrix",
        };
        let ndim_ok = match want_ndim {
            Some(n) => shape.len() == n,
            None => shape.len() == 1 || shape.len() == 2,
        };
        if !ndim_ok {
            return Err(ApiError::InvalidInput(format!(
                "{field}.random.shape is {shape:?}; {hint}"
            )));
        }
        if shape.iter().any(|&d| d < 1) {
            return Err(ApiError::InvalidInput(format!(
                "{field}.random.shape is {shape:?}; every dimension must be at least 1"
            )));
        }
        if self.seed < 0 {
            return Err(ApiError::InvalidInput(format!(
                "{field}.random.seed is {}; it must be between 0 and 2^63 - 1",
                self.seed
            )));
        }
        let dims: Vec<usize> = shape.iter().map(|&d| d as usize).collect();
        let count = dims
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .unwrap_or(usize::MAX);
        limits.check_elements(field, count)?;
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed as u64);
        let data: Vec<f64> = match self.distribution.as_deref().unwrap_or("normal") {
            "normal" => (0..count)
                .map(|_| StandardNormal.sample(&mut rng))
                .collect(),
            "uniform" => {
                let dist = Uniform::new_inclusive(-1.0, 1.0).expect("valid bounds");
                (0..count).map(|_| dist.sample(&mut rng)).collect()
            }
            other => {
                return Err(ApiError::InvalidInput(format!(
                    "{field}.random.distribution is {other:?}; use \"normal\" or \"uniform\""
                )));
            }
        };
        Ok((dims, data))
    }
}

// ---------------------------------------------------------------------------------------------
// Parsed numeric arrays

/// A JSON number array as parsed, before any shape rule is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Numeric {
    /// `[1, 2, 3]` (also `[]`).
    Vector(Vec<f64>),
    /// `[[1, 2], [3, 4]]`, flattened row-major. `ragged` is the first row whose length differs
    /// from row 0's, as `(row, length)`; `data` is then unusable.
    Matrix {
        rows: usize,
        cols: usize,
        data: Vec<f64>,
        ragged: Option<(usize, usize)>,
    },
    Random(RandomSpec),
}

impl<'de> Deserialize<'de> for Numeric {
    /// JSON: the operand's raw text is borrowed (no copy) from whoever frames the body
    /// ([`crate::json_body`], or serde_json); [`Numeric::from_json_text`] then scans and
    /// validates it with a correct fast float parser, about twice as fast as serde_json's own
    /// number path on matrix bodies.
    ///
    /// Binary formats (MessagePack: not human-readable) carry numbers as numbers, so their
    /// arrays are read element by element with [`NumericVisitor`], under the same rules.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(deserializer)?;
            Numeric::from_json_text(raw.get()).map_err(de::Error::custom)
        } else {
            deserializer.deserialize_any(NumericVisitor)
        }
    }
}

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
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Generated {
            random: RandomSpec,
        }
        Generated::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|g| Numeric::Random(g.random))
    }
}

/// What the scanner found at one position, for type errors.
fn token_name(b: u8) -> &'static str {
    match b {
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        b'{' => "an object",
        b'[' => "an array",
        _ => "an unexpected token",
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

impl Numeric {
    /// Parses one operand from its JSON text, strictly (numbers, commas, nothing after the
    /// value): an array of numbers, an array of rows of numbers, or `{"random": {...}}`.
    pub fn from_json_text(text: &str) -> Result<Numeric, String> {
        let bytes = text.as_bytes();
        let start = skip_ws(bytes, 0);
        match bytes.get(start) {
            Some(b'{') => {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Generated {
                    random: RandomSpec,
                }
                serde_json::from_str::<Generated>(text)
                    .map(|g| Numeric::Random(g.random))
                    .map_err(|e| format!("a generated operand is {{\"random\": {{\"shape\", \"seed\", \"distribution\"}}}}: {e}"))
            }
            Some(b'[') => {
                let (numeric, end) = scan_array(bytes, start + 1)?;
                if skip_ws(bytes, end) != bytes.len() {
                    return Err("an operand is followed by more text".into());
                }
                Ok(numeric)
            }
            Some(&b) => Err(format!(
                "invalid type: {}, expected an array of numbers, an array of rows, or {{\"random\": {{...}}}}",
                if b == b'-' || b.is_ascii_digit() {
                    "a number"
                } else {
                    token_name(b)
                }
            )),
            None => Err("an operand is empty".into()),
        }
    }
}

/// Scans the elements of an array whose `[` is just before `i`.
fn scan_array(bytes: &[u8], mut i: usize) -> Result<(Numeric, usize), String> {
    let mut data = Vec::with_capacity(bytes.len() / 8);
    let mut shape = RowShape::default();
    let mut numbers = 0usize;
    let mut commas = Commas::default();
    loop {
        i = skip_ws(bytes, i);
        match bytes.get(i) {
            Some(b']') => {
                commas.close()?;
                break;
            }
            Some(b',') => {
                commas.comma()?;
                i += 1;
            }
            Some(b'[') => {
                commas.value()?;
                if numbers > 0 {
                    return Err(
                        "an array mixes numbers and rows; a vector holds only numbers".into(),
                    );
                }
                let (next, len) = scan_row(bytes, i + 1, shape.rows, &mut data)?;
                shape.push_row(len);
                i = next;
            }
            Some(&b) if b == b'-' || b.is_ascii_digit() => {
                commas.value()?;
                if shape.rows > 0 {
                    return Err("an array mixes rows and numbers; a matrix holds only rows".into());
                }
                i += parse_number(&bytes[i..], &mut data)?;
                numbers += 1;
            }
            Some(&b) => {
                return Err(format!(
                    "invalid type: {} at entry {}, expected a number",
                    token_name(b),
                    numbers.max(shape.rows)
                ));
            }
            None => return Err("an array is not closed".into()),
        }
    }
    Ok((shape.finish(data), i + 1))
}

/// JSON's comma rules inside one array: values separated by exactly one comma, none leading,
/// none trailing.
#[derive(Default)]
struct Commas {
    /// A value was seen since the last comma (or the opening bracket).
    after_value: bool,
    /// The last token was a comma.
    after_comma: bool,
}

impl Commas {
    fn value(&mut self) -> Result<(), String> {
        if self.after_value {
            return Err("two values without a comma between them".into());
        }
        self.after_value = true;
        self.after_comma = false;
        Ok(())
    }

    fn comma(&mut self) -> Result<(), String> {
        if !self.after_value {
            return Err("a comma where a value should be".into());
        }
        self.after_value = false;
        self.after_comma = true;
        Ok(())
    }

    fn close(&self) -> Result<(), String> {
        if self.after_comma {
            return Err("a comma before the closing bracket".into());
        }
        Ok(())
    }
}

/// The shape of an operand's outer array as its rows go by: the JSON scanner and the binary
/// visitor keep it the same way, so both report the same ragged row.
#[derive(Default)]
struct RowShape {
    rows: usize,
    cols: Option<usize>,
    /// The first row whose length differs from row 0's, as `(row, length)`.
    ragged: Option<(usize, usize)>,
}

impl RowShape {
    fn push_row(&mut self, len: usize) {
        match self.cols {
            None => self.cols = Some(len),
            Some(c) if c != len && self.ragged.is_none() => self.ragged = Some((self.rows, len)),
            _ => {}
        }
        self.rows += 1;
    }

    /// A vector when no row was seen, else a matrix (flat row-major `data`).
    fn finish(self, data: Vec<f64>) -> Numeric {
        match self.cols {
            None => Numeric::Vector(data),
            Some(cols) => Numeric::Matrix {
                rows: self.rows,
                cols,
                data,
                ragged: self.ragged,
            },
        }
    }
}

/// Scans one row's numbers; returns the position after its `]` and its length.
fn scan_row(
    bytes: &[u8],
    mut i: usize,
    row: usize,
    data: &mut Vec<f64>,
) -> Result<(usize, usize), String> {
    let mut len = 0;
    let mut commas = Commas::default();
    loop {
        i = skip_ws(bytes, i);
        match bytes.get(i) {
            Some(b']') => {
                commas.close().map_err(|e| format!("row {row}: {e}"))?;
                return Ok((i + 1, len));
            }
            Some(b',') => {
                commas.comma().map_err(|e| format!("row {row}: {e}"))?;
                i += 1;
            }
            Some(&b) if b == b'-' || b.is_ascii_digit() => {
                commas.value().map_err(|e| format!("row {row}: {e}"))?;
                i += parse_number(&bytes[i..], data)?;
                len += 1;
            }
            Some(&b) => {
                return Err(format!(
                    "invalid type: {} in row {row} at entry {len}, expected a number",
                    token_name(b)
                ));
            }
            None => return Err(format!("row {row} is not closed")),
        }
    }
}

/// One JSON number, correctly rounded; returns the bytes consumed. JSON's grammar is checked
/// here (the fast parser alone would also take `01`, `1.`, `-.5` or `-inf`).
#[inline]
fn parse_number(bytes: &[u8], data: &mut Vec<f64>) -> Result<usize, String> {
    #[cold]
    fn malformed(bytes: &[u8], used: usize) -> String {
        let end = bytes.len().min(used.max(1) + 8);
        format!(
            "a malformed number near {:?}",
            String::from_utf8_lossy(&bytes[..end])
        )
    }
    let (x, used) = fast_float2::parse_partial::<f64, _>(bytes).map_err(|_| malformed(bytes, 0))?;
    let delimited = matches!(
        bytes.get(used),
        None | Some(b' ' | b'\n' | b'\r' | b'\t' | b',' | b']')
    );
    if !delimited || !is_json_number(&bytes[..used]) {
        return Err(malformed(bytes, used));
    }
    data.push(x);
    Ok(used)
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, all of `s`. One pass of plain
/// index arithmetic: it runs once per number of every operand.
#[inline]
fn is_json_number(s: &[u8]) -> bool {
    let n = s.len();
    let is_digit = |i: usize| i < n && s[i].wrapping_sub(b'0') < 10;
    let mut i = usize::from(n > 0 && s[0] == b'-');
    if i >= n {
        return false;
    }
    if s[i] == b'0' {
        i += 1;
    } else if s[i].wrapping_sub(b'1') < 9 {
        i += 1;
        while is_digit(i) {
            i += 1;
        }
    } else {
        return false;
    }
    if i < n && s[i] == b'.' {
        i += 1;
        if !is_digit(i) {
            return false;
        }
        while is_digit(i) {
            i += 1;
        }
    }
    if i < n && s[i] | 0x20 == b'e' {
        i += 1;
        if i < n && (s[i] == b'+' || s[i] == b'-') {
            i += 1;
        }
        if !is_digit(i) {
            return false;
        }
        while is_digit(i) {
            i += 1;
        }
    }
    i == n
}

/// A request operand after its shape rules: what the math layer receives.
#[derive(Debug, Clone)]
pub enum Operand {
    Vector(Vec<f64>),
    Matrix(Mat<f64>),
}

/// A validated matrix still in the row-major buffer it was parsed into.
#[derive(Debug, Clone, PartialEq)]
pub struct RowMajor {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f64>,
}

impl RowMajor {
    pub fn view(&self) -> faer::MatRef<'_, f64> {
        faer::MatRef::from_row_major_slice(&self.data, self.rows, self.cols)
    }
    pub fn to_mat(&self) -> Mat<f64> {
        mat_from_rows(self.rows, self.cols, &self.data)
    }
}

impl Numeric {
    /// A matrix, with every rule of the contract checked and reported against `field`.
    pub fn into_mat(self, field: &str, limits: &Limits) -> Result<Mat<f64>, ApiError> {
        self.into_row_major(field, limits).map(|m| m.to_mat())
    }

    /// Like [`Numeric::into_mat`], without leaving the row-major buffer.
    pub fn into_row_major(self, field: &str, limits: &Limits) -> Result<RowMajor, ApiError> {
        match self {
            Numeric::Vector(v) if v.is_empty() => Err(ApiError::InvalidInput(format!(
                "{field} is empty; a matrix needs at least one row"
            ))),
            Numeric::Vector(_) => Err(ApiError::InvalidJson(format!(
                "{field} must be a matrix (an array of rows, each an array of numbers), not a vector"
            ))),
            Numeric::Matrix { cols: 0, .. } => Err(ApiError::InvalidInput(format!(
                "{field} row 0 is empty; every row needs at least one number"
            ))),
            Numeric::Matrix {
                ragged: Some((row, len)),
                cols,
                ..
            } => Err(ApiError::InvalidInput(format!(
                "{field} is ragged: row {row} has {len} entries but row 0 has {cols}"
            ))),
            Numeric::Matrix {
                rows, cols, data, ..
            } => {
                limits.check_elements(field, rows * cols)?;
                check_finite_input(field, &data)?;
                Ok(RowMajor { rows, cols, data })
            }
            Numeric::Random(spec) => {
                let (dims, data) = spec.generate(field, Some(2), limits)?;
                Ok(RowMajor {
                    rows: dims[0],
                    cols: dims[1],
                    data,
                })
            }
        }
    }

    /// A vector of at least one number.
    pub fn into_vec(self, field: &str, limits: &Limits) -> Result<Vec<f64>, ApiError> {
        match self {
            Numeric::Vector(v) if v.is_empty() => Err(ApiError::InvalidInput(format!(
                "{field} is empty; a vector needs at least one number"
            ))),
            Numeric::Vector(v) => {
                limits.check_elements(field, v.len())?;
                check_finite_input(field, &v)?;
                Ok(v)
            }
            Numeric::Matrix { .. } => Err(ApiError::InvalidJson(format!(
                "{field} must be a vector (an array of numbers), not a matrix"
            ))),
            Numeric::Random(spec) => Ok(spec.generate(field, Some(1), limits)?.1),
        }
    }

    /// A vector or a matrix, whichever was sent.
    pub fn into_operand(self, field: &str, limits: &Limits) -> Result<Operand, ApiError> {
        match self {
            Numeric::Vector(_) => self.into_vec(field, limits).map(Operand::Vector),
            Numeric::Matrix { .. } => self.into_mat(field, limits).map(Operand::Matrix),
            Numeric::Random(spec) => {
                let (dims, data) = spec.generate(field, None, limits)?;
                Ok(match dims[..] {
                    [_] => Operand::Vector(data),
                    [m, n] => Operand::Matrix(mat_from_rows(m, n, &data)),
                    _ => unreachable!("generate checked the rank"),
                })
            }
        }
    }

    /// Rows of vectors (e.g. `queries`): a matrix whose rows are the vectors.
    pub fn into_rows(self, field: &str, limits: &Limits) -> Result<RowMajor, ApiError> {
        match self {
            Numeric::Vector(v) if v.is_empty() => Err(ApiError::InvalidInput(format!(
                "{field} is empty; give at least one vector"
            ))),
            other => other.into_row_major(field, limits),
        }
    }
}

/// JSON cannot spell NaN or infinity, but integers beyond f64's range become infinite.
fn check_finite_input(field: &str, data: &[f64]) -> Result<(), ApiError> {
    match data.iter().position(|x| !x.is_finite()) {
        None => Ok(()),
        Some(i) => Err(ApiError::InvalidInput(format!(
            "{field} entry {i} is not finite as a 64-bit float"
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Request field types: each a `Numeric` with its own documented schema

macro_rules! numeric_field {
    ($name:ident, $schema_name:literal, $schema:expr) => {
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Numeric);

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }
        impl ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($schema_name)
            }
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                schemas.push((GeneratedOperand::name().into(), GeneratedOperand::schema()));
                <GeneratedOperand as ToSchema>::schemas(schemas);
            }
        }
    };
}

fn vector_schema() -> Schema {
    ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(SchemaType::new(Type::Number)))
        .min_items(Some(1))
        .description(Some("A vector: an array of at least one number."))
        .build()
        .into()
}

fn matrix_schema() -> Schema {
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
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name("GeneratedOperand"))
}

numeric_field!(
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
numeric_field!(
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
numeric_field!(
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

impl VectorIn {
    pub fn into_vec(self, field: &str, limits: &Limits) -> Result<Vec<f64>, ApiError> {
        self.0.into_vec(field, limits)
    }
}
impl MatrixIn {
    pub fn into_mat(self, field: &str, limits: &Limits) -> Result<Mat<f64>, ApiError> {
        self.0.into_mat(field, limits)
    }
    pub fn into_rows(self, field: &str, limits: &Limits) -> Result<RowMajor, ApiError> {
        self.0.into_rows(field, limits)
    }
    pub fn into_row_major(self, field: &str, limits: &Limits) -> Result<RowMajor, ApiError> {
        self.0.into_row_major(field, limits)
    }
}
impl VectorOrMatrixIn {
    pub fn into_operand(self, field: &str, limits: &Limits) -> Result<Operand, ApiError> {
        self.0.into_operand(field, limits)
    }
}

/// Describes an operand's shape the way messages do: `2x3` or `a vector of length 3`.
pub fn operand_shape(op: &Operand) -> String {
    match op {
        Operand::Vector(v) => format!("a vector of length {}", v.len()),
        Operand::Matrix(m) => shape_str(m),
    }
}

// ---------------------------------------------------------------------------------------------
// Output

/// A matrix written as JSON rows; refuses to write a non-finite entry.
#[derive(Debug, Clone)]
pub struct MatOut(pub Mat<f64>);

impl Serialize for MatOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = &self.0;
        let mut rows = s.serialize_seq(Some(m.nrows()))?;
        for i in 0..m.nrows() {
            rows.serialize_element(&RowOut(m, i))?;
        }
        rows.end()
    }
}

struct RowOut<'a>(&'a Mat<f64>, usize);

impl Serialize for RowOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (m, i) = (self.0, self.1);
        let mut row = s.serialize_seq(Some(m.ncols()))?;
        for j in 0..m.ncols() {
            row.serialize_element(&Finite(m[(i, j)]))?;
        }
        row.end()
    }
}

impl PartialSchema for MatOut {
    fn schema() -> RefOr<Schema> {
        matrix_schema().into()
    }
}
impl ToSchema for MatOut {}

/// A vector written as a JSON array; refuses to write a non-finite entry.
#[derive(Debug, Clone, PartialEq)]
pub struct VecOut(pub Vec<f64>);

impl Serialize for VecOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for &x in &self.0 {
            seq.serialize_element(&Finite(x))?;
        }
        seq.end()
    }
}

impl PartialSchema for VecOut {
    fn schema() -> RefOr<Schema> {
        ArrayBuilder::new()
            .items(ObjectBuilder::new().schema_type(SchemaType::new(Type::Number)))
            .build()
            .into()
    }
}
impl ToSchema for VecOut {}

/// A result that is either a vector or a matrix (`matmul` with a vector `b`, `solve`, ...).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ArrayOut {
    Vector(VecOut),
    Matrix(MatOut),
}

impl PartialSchema for ArrayOut {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(VecOut::schema())
            .item(MatOut::schema())
            .into()
    }
}
impl ToSchema for ArrayOut {}

impl From<Operand> for ArrayOut {
    fn from(op: Operand) -> Self {
        match op {
            Operand::Vector(v) => ArrayOut::Vector(VecOut(v)),
            Operand::Matrix(m) => ArrayOut::Matrix(MatOut(m)),
        }
    }
}

/// One number, refused when not finite.
struct Finite(f64);

impl Serialize for Finite {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        finite(&self.0, s)
    }
}

/// `serialize_with` for f64 response fields: a non-finite number is an error, never `null`.
pub fn finite<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        Err(serde::ser::Error::custom(NOT_FINITE_MARKER))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_grammar_is_exact() {
        for ok in [
            "0",
            "-0",
            "7",
            "-12",
            "1.5",
            "0.25",
            "1e5",
            "1E+5",
            "-1.5e-300",
            "10",
            "0e0",
        ] {
            assert!(is_json_number(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "-", "01", "-01", "1.", ".5", "-.5", "1e", "1e+", "1.e5", "+1", "inf", "-inf",
            "NaN", "0x1", "1.5.2", "1e5e5",
        ] {
            assert!(!is_json_number(bad.as_bytes()), "{bad}");
        }
    }

    fn parse(json: &str) -> Numeric {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_matrix_is_parsed_row_major_into_one_buffer() {
        let m = parse("[[1, 2, 3], [4, 5, 6]]")
            .into_mat("a", &Limits::default())
            .unwrap();
        assert_eq!((m.nrows(), m.ncols()), (2, 3));
        assert_eq!(m[(1, 0)], 4.0);
        assert_eq!(m[(0, 2)], 3.0);
    }

    #[test]
    fn a_ragged_matrix_names_the_first_bad_row() {
        let err = parse("[[1, 2], [3, 4], [5], [6, 7, 8]]")
            .into_mat("matrix", &Limits::default())
            .unwrap_err();
        assert_eq!(
            err,
            ApiError::InvalidInput("matrix is ragged: row 2 has 1 entries but row 0 has 2".into())
        );
    }

    #[test]
    fn empty_operands_are_invalid_input() {
        let l = Limits::default();
        assert!(matches!(
            parse("[]").into_vec("a", &l),
            Err(ApiError::InvalidInput(_))
        ));
        assert!(matches!(
            parse("[]").into_mat("a", &l),
            Err(ApiError::InvalidInput(_))
        ));
        assert!(matches!(
            parse("[[]]").into_mat("a", &l),
            Err(ApiError::InvalidInput(_))
        ));
    }

    #[test]
    fn wrong_types_are_parse_errors() {
        assert!(serde_json::from_str::<Numeric>("[1, [2]]").is_err());
        assert!(serde_json::from_str::<Numeric>("[[1], 2]").is_err());
        assert!(serde_json::from_str::<Numeric>("[true]").is_err());
        assert!(serde_json::from_str::<Numeric>("[[[1]]]").is_err());
        assert!(serde_json::from_str::<Numeric>("\"x\"").is_err());
        assert!(serde_json::from_str::<Numeric>("{\"rand\": 1}").is_err());
    }

    #[test]
    fn numbers_beyond_f64_are_invalid_input_not_infinity() {
        let err = parse("[1, 1e400]")
            .into_vec("a", &Limits::default())
            .unwrap_err();
        assert_eq!(
            err,
            ApiError::InvalidInput("a entry 1 is not finite as a 64-bit float".into())
        );
    }

    #[test]
    fn type_errors_name_the_row_and_entry() {
        let e = serde_json::from_str::<Numeric>("[[1, 2], [3, null]]")
            .unwrap_err()
            .to_string();
        assert!(e.contains("null in row 1 at entry 1"), "{e}");
        let e = serde_json::from_str::<Numeric>(" [ 1 , \"2\" ]")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a string"), "{e}");
    }

    #[test]
    fn whitespace_and_exponents_parse_like_json() {
        let v = parse(" [ -0.5e1 ,\n 2E-2 , 0 ] ")
            .into_vec("v", &Limits::default())
            .unwrap();
        assert_eq!(v, vec![-5.0, 0.02, 0.0]);
    }

    #[test]
    fn a_vector_where_a_matrix_is_expected_is_a_schema_error() {
        let err = parse("[1, 2]")
            .into_mat("a", &Limits::default())
            .unwrap_err();
        assert!(matches!(err, ApiError::InvalidJson(_)));
    }

    #[test]
    fn generated_operands_are_deterministic_per_seed() {
        let l = Limits::default();
        let spec = r#"{"random": {"shape": [3, 4], "seed": 7}}"#;
        let a = parse(spec).into_mat("a", &l).unwrap();
        let b = parse(spec).into_mat("a", &l).unwrap();
        let c = parse(r#"{"random": {"shape": [3, 4], "seed": 8}}"#)
            .into_mat("a", &l)
            .unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let u = parse(r#"{"random": {"shape": [1000], "seed": 1, "distribution": "uniform"}}"#)
            .into_vec("v", &l)
            .unwrap();
        assert!(u.iter().all(|x| (-1.0..=1.0).contains(x)));
    }

    #[test]
    fn generated_operands_obey_rank_and_limits() {
        let l = Limits {
            max_elements: 100,
            ..Limits::default()
        };
        let e = parse(r#"{"random": {"shape": [3], "seed": 7}}"#).into_mat("a", &l);
        assert!(matches!(e, Err(ApiError::InvalidInput(_))));
        let e = parse(r#"{"random": {"shape": [11, 10], "seed": 7}}"#).into_mat("a", &l);
        assert!(matches!(e, Err(ApiError::TooLarge(_))));
        let e = parse(r#"{"random": {"shape": [0, 10], "seed": 7}}"#).into_mat("a", &l);
        assert!(matches!(e, Err(ApiError::InvalidInput(_))));
        let e = parse(r#"{"random": {"shape": [2], "seed": 7, "distribution": "cauchy"}}"#)
            .into_vec("a", &l);
        assert!(matches!(e, Err(ApiError::InvalidInput(_))));
    }

    #[test]
    fn non_finite_results_are_refused_at_serialization() {
        assert!(serde_json::to_string(&VecOut(vec![1.0, f64::INFINITY])).is_err());
        assert!(serde_json::to_string(&MatOut(Mat::from_fn(1, 1, |_, _| f64::NAN))).is_err());
        assert_eq!(
            serde_json::to_string(&VecOut(vec![1.5, -2.0])).unwrap(),
            "[1.5,-2.0]"
        );
    }

    #[test]
    fn floats_round_trip_bit_exactly() {
        let xs = [0.1, 1.0 / 3.0, 2.0_f64.sqrt(), 1e-300, 123456.789e10];
        let text = serde_json::to_string(&VecOut(xs.to_vec())).unwrap();
        let back = parse(&text).into_vec("v", &Limits::default()).unwrap();
        assert_eq!(back, xs);
    }
}
