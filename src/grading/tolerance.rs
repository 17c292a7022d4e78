//! How close a number must be to count as right: the tolerances teachers use.
//!
//! - `{"abs": a, "rel": r}`: right when `|given - expected| <= a + r |expected|` (a key left
//!   out is 0; the default is both 1e-6);
//! - `{"decimals": d}` (0 to 12): the expected value rounded to d decimals, with a little slack
//!   for binary rounding: `|given - expected| <= 0.5 * 10^-d + 1e-9 |expected|`;
//! - `{"sig_figs": s}` (1 to 15): agreement to s significant figures,
//!   `|given - expected| <= 0.5 * 10^(e - s + 1)` with `e = floor(log10 |expected|)` (an expected
//!   0 accepts `|given| <= 0.5 * 10^-s`).
//!
//! For complex entries the bound applies to `|given - expected|`. Rules that check a defining
//! property instead of entries (`A v = λ v`, `U S Vt = A`) scale the bound of one entry to the
//! problem's size with [`Tolerance::residual`].

/// A validated tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    AbsRel { abs: f64, rel: f64 },
    Decimals(u32),
    SigFigs(u32),
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance::AbsRel {
            abs: 1e-6,
            rel: 1e-6,
        }
    }
}

impl Tolerance {
    /// A tolerance from the keys of its JSON object, or why it is not one.
    pub fn from_parts(
        abs: Option<f64>,
        rel: Option<f64>,
        decimals: Option<i64>,
        sig_figs: Option<i64>,
    ) -> Result<Tolerance, String> {
        let modes = usize::from(abs.is_some() || rel.is_some())
            + usize::from(decimals.is_some())
            + usize::from(sig_figs.is_some());
        if modes > 1 {
            return Err(
                "tolerance has more than one mode; give {\"abs\", \"rel\"}, {\"decimals\"} or {\"sig_figs\"}"
                    .into(),
            );
        }
        if let Some(d) = decimals {
            return match u32::try_from(d) {
                Ok(d) if d <= 12 => Ok(Tolerance::Decimals(d)),
                _ => Err(format!(
                    "tolerance.decimals is {d}; it must be between 0 and 12"
                )),
            };
        }
        if let Some(s) = sig_figs {
            return match u32::try_from(s) {
                Ok(s) if (1..=15).contains(&s) => Ok(Tolerance::SigFigs(s)),
                _ => Err(format!(
                    "tolerance.sig_figs is {s}; it must be between 1 and 15"
                )),
            };
        }
        if modes == 0 {
            return Ok(Tolerance::default());
        }
        let (abs, rel) = (abs.unwrap_or(0.0), rel.unwrap_or(0.0));
        for (name, x) in [("abs", abs), ("rel", rel)] {
            if !(x >= 0.0 && x.is_finite()) {
                return Err(format!(
                    "tolerance.{name} is {x}; it must be a finite number >= 0"
                ));
            }
        }
        Ok(Tolerance::AbsRel { abs, rel })
    }

    /// The largest error allowed for an expected value of magnitude `expected`.
    pub fn bound(&self, expected: f64) -> f64 {
        let m = expected.abs();
        match *self {
            Tolerance::AbsRel { abs, rel } => abs + rel * m,
            Tolerance::Decimals(d) => 0.5 * 10f64.powi(-(d as i32)) + 1e-9 * m,
            Tolerance::SigFigs(s) => {
                if m == 0.0 {
                    0.5 * 10f64.powi(-(s as i32))
                } else {
                    let e = m.log10().floor() as i32;
                    0.5 * 10f64.powi(e - s as i32 + 1) * (1.0 + 1e-12)
                }
            }
        }
    }

    pub fn ok(&self, given: f64, expected: f64) -> bool {
        (given - expected).abs() <= self.bound(expected)
    }

    /// The bound for a property residual of a problem whose entries have size `scale`, in
    /// `n` dimensions: what entries each right to this tolerance can add up to.
    pub fn residual(&self, scale: f64, n: usize) -> f64 {
        let entry = self.bound(1.0).max(self.bound(scale) / scale.max(1.0));
        entry * scale.max(1.0) * (n.max(1) as f64).sqrt() * 4.0
    }

    /// Whether `given` is a near miss: outside the bound but within ten times it, as an
    /// answer right to one digit fewer than asked would be.
    pub fn near_miss(&self, given: f64, expected: f64) -> bool {
        let err = (given - expected).abs();
        err > self.bound(expected) && err <= 10.0 * self.bound(expected)
    }

    /// The tolerance in words, for prompts: "to 2 decimal places".
    pub fn in_words(&self) -> String {
        match *self {
            Tolerance::AbsRel { abs, rel: 0.0 } => format!("to within {abs}"),
            Tolerance::AbsRel { abs, rel } => {
                format!("to within {abs} plus {rel} times the value's size")
            }
            Tolerance::Decimals(0) => "as whole numbers (rounded)".to_string(),
            Tolerance::Decimals(1) => "to 1 decimal place".to_string(),
            Tolerance::Decimals(d) => format!("to {d} decimal places"),
            Tolerance::SigFigs(1) => "to 1 significant figure".to_string(),
            Tolerance::SigFigs(s) => format!("to {s} significant figures"),
        }
    }

    /// The tolerance as `/grade` takes it.
    pub fn to_json(&self) -> serde_json::Value {
        match *self {
            Tolerance::AbsRel { abs, rel } => serde_json::json!({"abs": abs, "rel": rel}),
            Tolerance::Decimals(d) => serde_json::json!({ "decimals": d }),
            Tolerance::SigFigs(s) => serde_json::json!({ "sig_figs": s }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contracts_three_modes() {
        let abs = Tolerance::from_parts(Some(0.1), None, None, None).unwrap();
        assert_eq!(
            abs,
            Tolerance::AbsRel { abs: 0.1, rel: 0.0 },
            "a key left out is 0"
        );
        assert!(abs.ok(2.09, 2.0) && !abs.ok(2.11, 2.0));
        let d2 = Tolerance::Decimals(2);
        assert!(d2.ok(0.33, 1.0 / 3.0) && d2.ok(0.335, 1.0 / 3.0) && !d2.ok(0.34, 1.0 / 3.0));
        assert!(d2.ok(-14.0, -14.000000000000004));
        let s3 = Tolerance::SigFigs(3);
        assert!(s3.ok(1230.0, 1234.0) && !s3.ok(1240.0, 1234.0));
        assert!(s3.ok(0.0123, 0.012345) && !s3.ok(0.0124, 0.012345));
        assert!(s3.ok(0.0004, 0.0) && !s3.ok(0.0006, 0.0));
        assert_eq!(Tolerance::default().bound(0.0), 1e-6);
    }

    #[test]
    fn out_of_range_or_mixed_modes_are_refused() {
        assert!(Tolerance::from_parts(None, None, Some(13), None).is_err());
        assert!(Tolerance::from_parts(None, None, Some(-1), None).is_err());
        assert!(Tolerance::from_parts(None, None, None, Some(0)).is_err());
        assert!(Tolerance::from_parts(None, None, None, Some(16)).is_err());
        assert!(Tolerance::from_parts(Some(0.1), None, Some(2), None).is_err());
        assert!(Tolerance::from_parts(Some(-0.1), None, None, None).is_err());
        assert!(Tolerance::from_parts(None, None, Some(0), None).is_ok());
        assert!(Tolerance::from_parts(None, None, None, Some(15)).is_ok());
    }

    #[test]
    fn a_digit_short_is_a_near_miss() {
        let d2 = Tolerance::Decimals(2);
        assert!(d2.near_miss(0.3, 1.0 / 3.0), "one decimal instead of two");
        assert!(!d2.near_miss(0.33, 1.0 / 3.0), "right");
        assert!(!d2.near_miss(0.5, 1.0 / 3.0), "wrong");
    }
}
