//! The JSON operand scanner: one pass over an operand's text, straight into a flat row-major
//! buffer.
//!
//! Request bodies can be megabytes of numbers, so operands are not parsed as `Vec<Vec<f64>>`:
//! each operand's raw text is lent (by [`super::frame`], which frames the body so that no other
//! pass walks it first, or by serde_json), and this scanner reads it with `fast-float2`
//! (correctly rounded, about twice serde_json's speed on number arrays; `benches/wire.rs`),
//! checking JSON's number and comma grammar itself, and noting the first ragged row instead of
//! failing, so that validation can say *which* row is wrong with a 422 rather than a parser
//! error.

use super::generated::GeneratedOperand;
use super::numeric::{Numeric, RowShape};

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

/// The index of the first byte at or after `i` that is not JSON whitespace.
pub(crate) fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// Parses one operand from its JSON text, strictly (numbers, commas, nothing after the value):
/// an array of numbers, an array of rows of numbers, or `{"random": {...}}`.
pub(crate) fn scan_operand(text: &str) -> Result<Numeric, String> {
    let bytes = text.as_bytes();
    let start = skip_ws(bytes, 0);
    match bytes.get(start) {
        Some(b'{') => {
            serde_json::from_str::<GeneratedOperand>(text)
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
