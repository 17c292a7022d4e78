//! Colours that survive colour-blindness: the Okabe–Ito palette for things that are named
//! (vectors, lines, regions) and perceptually uniform scales (viridis; purple–orange when a
//! heatmap has both signs) for numbers, from the `colorous` crate.

/// The Okabe–Ito colours, each named by what the pictures use it for.
pub const BLUE: &str = "#0072B2";
pub const VERMILLION: &str = "#D55E00";
pub const GREEN: &str = "#009E73";
pub const ORANGE: &str = "#E69F00";
pub const PURPLE: &str = "#CC79A7";
pub const SKY: &str = "#56B4E9";
/// A lighter sky blue for the grid after a transformation.
pub const SKY_LIGHT: &str = "#b9dcf3";

/// How numbers become colours on a heatmap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Viridis from `lo` (dark purple) to `hi` (yellow).
    Sequential { lo: f64, hi: f64 },
    /// Purple (negative) through white (0) to orange (positive), symmetric about 0.
    Diverging { max_abs: f64 },
}

impl Scale {
    /// The scale for these values: diverging when they have both signs, sequential otherwise;
    /// never an empty range.
    pub fn for_values(values: impl IntoIterator<Item = f64>) -> Self {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !(lo.is_finite() && hi.is_finite()) {
            return Scale::Sequential { lo: 0.0, hi: 1.0 };
        }
        if lo < 0.0 && hi > 0.0 {
            return Scale::Diverging {
                max_abs: lo.abs().max(hi),
            };
        }
        if hi - lo <= hi.abs().max(lo.abs()) * 1e-12 {
            let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.5 };
            return Scale::Sequential {
                lo: lo - pad,
                hi: hi + pad,
            };
        }
        Scale::Sequential { lo, hi }
    }

    /// The range the colour bar shows.
    pub fn range(&self) -> (f64, f64) {
        match *self {
            Scale::Sequential { lo, hi } => (lo, hi),
            Scale::Diverging { max_abs } => (-max_abs, max_abs),
        }
    }

    /// The position of `v` along the scale, 0 to 1.
    pub fn position(&self, v: f64) -> f64 {
        let (lo, hi) = self.range();
        ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
    }

    /// The colour at a position along the scale, as `#rrggbb`.
    pub fn color_at(&self, t: f64) -> String {
        let c = match self {
            Scale::Sequential { .. } => colorous::VIRIDIS.eval_continuous(t),
            // colorous's purple-orange runs from purple (0) to orange (1)
            Scale::Diverging { .. } => colorous::PURPLE_ORANGE.eval_continuous(t),
        };
        format!("#{c:x}")
    }

    /// The colour of `v`.
    pub fn color(&self, v: f64) -> String {
        self.color_at(self.position(v))
    }

    /// Whether text over the colour of `v` should be white (dark cells) rather than black.
    pub fn dark(&self, v: f64) -> bool {
        let t = self.position(v);
        match self {
            Scale::Sequential { .. } => t < 0.55,
            Scale::Diverging { .. } => !(0.2..=0.8).contains(&t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_signs_get_a_symmetric_diverging_scale_with_white_at_zero() {
        let scale = Scale::for_values([-1.0, 3.0]);
        assert_eq!(scale, Scale::Diverging { max_abs: 3.0 });
        assert_eq!(scale.position(0.0), 0.5);
        let mid = scale.color(0.0);
        let rgb = u32::from_str_radix(&mid[1..], 16).unwrap();
        let (r, g, b) = (rgb >> 16, (rgb >> 8) & 255, rgb & 255);
        assert!(r > 230 && g > 230 && b > 230, "{mid} is near white");
        let rgb = |v: f64| {
            let c = u32::from_str_radix(&scale.color(v)[1..], 16).unwrap();
            (c >> 16, (c >> 8) & 255, c & 255)
        };
        let (r, _, b) = rgb(3.0);
        assert!(r > b, "positive is orange: {}", scale.color(3.0));
        let (r, _, b) = rgb(-3.0);
        assert!(b > r, "negative is purple: {}", scale.color(-3.0));
    }

    #[test]
    fn constant_values_get_a_range_around_them() {
        let Scale::Sequential { lo, hi } = Scale::for_values([2.0, 2.0]) else {
            panic!("sequential expected");
        };
        assert!(lo < 2.0 && hi > 2.0);
        assert_eq!(
            Scale::for_values([0.0, 0.0]),
            Scale::Sequential { lo: -1.0, hi: 1.0 }
        );
    }

    #[test]
    fn viridis_runs_from_dark_purple_to_yellow() {
        let scale = Scale::Sequential { lo: 0.0, hi: 1.0 };
        assert_eq!(scale.color(0.0), "#440154");
        assert_eq!(scale.color(1.0), "#fde725");
        assert!(scale.dark(0.0) && !scale.dark(1.0));
    }
}
