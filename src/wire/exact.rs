//! Exact decimal text: numbers read as the rationals their digits denote.
//!
//! `/rref` in exact mode reads each matrix entry from its JSON *text* (`0.1` is 1/10, `1e-3` is
//! 1/1000), and `/grade` reads students' exact answers (`"-3/2"`, `"0.25"`, `4`) the same way.
//! Numbers are limited to [`MAX_DIGITS`] digits and exponents of at most that size, so a hostile
//! `1e999999999` cannot make the server allocate a billion-digit integer.

use num_rational::BigRational;
use num_traits::Zero;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::value::RawValue;

use super::error::{WireError, WireResult};
use super::operand::Numeric;
use crate::limits::Limits;
use crate::linalg::exact::{rational_from_digits, rational_from_f64};

/// Most digits in one number read exactly, and the largest exponent magnitude.
pub const MAX_DIGITS: usize = 400;

/// The exact rational a JSON number's text denotes.
pub fn parse_decimal(text: &str) -> WireResult<BigRational> {
    let too_large = || {
        WireError::TooLarge(format!(
            "the number {}{} has more than {MAX_DIGITS} digits or an exponent beyond +-{MAX_DIGITS}; exact mode reads numbers exactly, so it limits their size",
            text.get(..text.len().min(40)).unwrap_or(""),
            if text.len() > 40 { "..." } else { "" }
        ))
    };
    let invalid = || WireError::Invalid(format!("{text:?} is not a number"));
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) if i + 1 < text.len() => (&text[..i], &text[i + 1..]),
        Some(_) => return Err(invalid()),
        None => (text, ""),
    };
    let exponent: i64 = if exponent.is_empty() {
        0
    } else {
        if exponent.len() > 8 {
            return Err(too_large());
        }
        exponent.parse().map_err(|_| invalid())?
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    if int_part.is_empty()
        || !int_part
            .bytes()
            .chain(frac_part.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(invalid());
    }
    if int_part.len() + frac_part.len() > MAX_DIGITS
        || exponent.unsigned_abs() as usize > MAX_DIGITS
    {
        return Err(too_large());
    }
    Ok(rational_from_digits(
        negative,
        &format!("{int_part}{frac_part}"),
        exponent - frac_part.len() as i64,
    ))
}

/// A student's exact number: an integer, a decimal, or a fraction `p/q` of those (`"-3/2"`,
/// `" 1.5 "`); `None` for anything else, or a zero denominator.
pub fn parse_rational(text: &str) -> Option<BigRational> {
    let text = text.trim();
    match text.split_once('/') {
        Some((p, q)) => {
            let p = parse_decimal(p.trim()).ok()?;
            let q = parse_decimal(q.trim()).ok()?;
            (!q.is_zero()).then(|| p / q)
        }
        None => parse_decimal(text).ok(),
    }
}

/// A Matrix field whose entries are also read exactly from their text (`/rref`'s `matrix`).
///
/// Only JSON has text to read: decoding it from MessagePack fails, and the operation that takes
/// it accepts JSON bodies only.
#[derive(Debug)]
pub struct ExactMatrixIn(Box<RawValue>);

impl<'de> Deserialize<'de> for ExactMatrixIn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return Err(de::Error::custom(
                "an exact matrix is read from JSON text; send application/json",
            ));
        }
        Box::<RawValue>::deserialize(deserializer).map(ExactMatrixIn)
    }
}

/// A matrix read exactly: rows of rationals.
#[derive(Debug, Clone)]
pub struct ExactMatrix {
    pub entries: Vec<Vec<BigRational>>,
}

impl ExactMatrixIn {
    fn numeric(&self, field: &str) -> WireResult<Numeric> {
        Numeric::from_json_text(self.0.get())
            .map_err(|e| WireError::Malformed(format!("{field}: {e}")))
    }

    /// The matrix in f64 (for the floating-point mode).
    pub fn into_mat(self, field: &str, limits: &Limits) -> WireResult<faer::Mat<f64>> {
        self.numeric(field)?.into_mat(field, limits)
    }

    /// The matrix in exact rationals: each sent number from its text, each generated one from
    /// its shortest decimal. At most `limits.max_exact_dim` per side and
    /// `limits.max_exact_digits` significant digits in all, because rational elimination grows
    /// with both.
    pub fn into_exact(self, field: &str, limits: &Limits) -> WireResult<ExactMatrix> {
        let numeric = self.numeric(field)?;
        let generated = matches!(numeric, Numeric::Random(_));
        let m = numeric.into_row_major(field, limits)?;
        let (rows, cols) = (m.rows, m.cols);
        if rows.max(cols) > limits.max_exact_dim {
            return Err(WireError::TooLarge(format!(
                "exact mode is limited to {} rows and columns; {field} is {rows}x{cols} (use \"exact\": false)",
                limits.max_exact_dim
            )));
        }
        let entries: Vec<Vec<BigRational>> = if generated {
            m.data
                .chunks(cols)
                .map(|row| row.iter().map(|&x| rational_from_f64(x)).collect())
                .collect()
        } else {
            // The scanner validated the text, so every entry is a JSON number.
            let texts: Vec<Vec<&RawValue>> = serde_json::from_str(self.0.get())
                .map_err(|e| WireError::Malformed(format!("{field}: {e}")))?;
            texts
                .iter()
                .map(|row| row.iter().map(|x| parse_decimal(x.get())).collect())
                .collect::<WireResult<_>>()?
        };
        let digits: usize = entries
            .iter()
            .flatten()
            .map(|q| q.numer().bits() as usize + q.denom().bits() as usize)
            .sum::<usize>()
            * 3
            / 10; // bits to decimal digits
        if digits > limits.max_exact_digits {
            return Err(WireError::TooLarge(format!(
                "exact mode is limited to about {} significant digits in all; this {rows}x{cols} matrix has about {digits} (use \"exact\": false, or fewer digits)",
                limits.max_exact_digits
            )));
        }
        Ok(ExactMatrix { entries })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::exact::format_rational;

    fn q(text: &str) -> BigRational {
        parse_decimal(text).unwrap()
    }

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(format_rational(&q("0.1")), "1/10");
        assert_eq!(format_rational(&q("-1.5")), "-3/2");
        assert_eq!(format_rational(&q("1e-3")), "1/1000");
        assert_eq!(format_rational(&q("2.50E+2")), "250");
        assert_eq!(format_rational(&q("0")), "0");
        assert_eq!(format_rational(&q("-0.0")), "0");
        assert!(matches!(
            parse_decimal("1e999999999"),
            Err(WireError::TooLarge(_))
        ));
        assert!(matches!(
            parse_decimal(&"9".repeat(401)),
            Err(WireError::TooLarge(_))
        ));
        assert!(parse_decimal("1.2.3").is_err());
        assert!(
            parse_decimal("0E").is_err(),
            "found by tests/integration/security.rs fuzzing"
        );
    }

    #[test]
    fn students_write_fractions_decimals_and_integers() {
        assert_eq!(parse_rational("-3/2"), Some(q("-1.5")));
        assert_eq!(parse_rational(" 3 / 5 "), Some(q("0.6")));
        assert_eq!(parse_rational("0.25"), Some(q("0.25")));
        assert_eq!(parse_rational("1/0"), None);
        assert_eq!(parse_rational("three"), None);
        assert_eq!(parse_rational(""), None);
    }

    #[test]
    fn an_exact_matrix_keeps_its_decimal_text() {
        let m: ExactMatrixIn = serde_json::from_str("[[0.1, 2], [1e-1, -3]]").unwrap();
        let exact = m.into_exact("matrix", &Limits::default()).unwrap();
        assert_eq!(format_rational(&exact.entries[0][0]), "1/10");
        assert_eq!(exact.entries[1][0], exact.entries[0][0]);
        let m: ExactMatrixIn = serde_json::from_str("[[1, 2], [3]]").unwrap();
        assert!(matches!(
            m.into_exact("matrix", &Limits::default()),
            Err(WireError::Invalid(_))
        ));
    }
}
