//! A panel of the plane: where mathematical points land in the picture, with automatic
//! scaling, a grid at "nice" steps (1, 2 or 5 times a power of ten) and labelled axes.
//!
//! Both axes always share one scale, so right angles look right and areas compare: the
//! parallelogram of a matrix with determinant 5 covers five times the pixels of the unit square.

use super::svg::{Anchor, Style, Svg, TextStyle};

/// Light grey of the grid before a transformation, and of the axes.
pub const GRID: &str = "#e3e3e3";
pub const AXIS: &str = "#8a8a8a";
pub const INK: &str = "#222222";
pub const MUTED: &str = "#666666";

/// A square or rectangular panel in the picture showing a region of the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plane {
    /// The panel, in picture pixels: left, top, width, height.
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    /// Picture coordinates of the mathematical point (`x0`, `y0`) at the panel's centre.
    center: (f64, f64),
    x0: f64,
    y0: f64,
    /// Pixels per unit, on both axes.
    pub unit: f64,
    /// The grid step, in mathematical units.
    pub step: f64,
}

impl Plane {
    /// A panel at (`left`, `top`) of `width` x `height` px showing at least the box
    /// `[x_min, x_max] x [y_min, y_max]` with a margin, centred on it, one scale on both axes.
    pub fn fit(left: f64, top: f64, width: f64, height: f64, bounds: Bounds) -> Self {
        let (x_min, x_max, y_min, y_max) = bounds.padded();
        let unit = (width / (x_max - x_min)).min(height / (y_max - y_min));
        let span = (width.max(height)) / unit;
        Plane {
            left,
            top,
            width,
            height,
            center: (left + width / 2.0, top + height / 2.0),
            x0: (x_min + x_max) / 2.0,
            y0: (y_min + y_max) / 2.0,
            unit,
            step: nice_step(span / 8.0),
        }
    }

    /// Where the point (`x`, `y`) lands in the picture (y grows upwards in the plane and
    /// downwards in the picture).
    pub fn at(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.center.0 + (x - self.x0) * self.unit,
            self.center.1 - (y - self.y0) * self.unit,
        )
    }

    /// The mathematical point at a picture position (the inverse of [`Plane::at`]).
    pub fn point(&self, px: f64, py: f64) -> (f64, f64) {
        (
            self.x0 + (px - self.center.0) / self.unit,
            self.y0 - (py - self.center.1) / self.unit,
        )
    }

    /// The visible region, in mathematical units: x range then y range.
    pub fn visible(&self) -> ((f64, f64), (f64, f64)) {
        let (x_lo, y_hi) = self.point(self.left, self.top);
        let (x_hi, y_lo) = self.point(self.left + self.width, self.top + self.height);
        ((x_lo, x_hi), (y_lo, y_hi))
    }

    /// Half the length of the panel's diagonal, in mathematical units: a line through a visible
    /// point drawn this far each way crosses the whole panel.
    pub fn reach(&self) -> f64 {
        let ((x_lo, x_hi), (y_lo, y_hi)) = self.visible();
        let far = |a: f64, b: f64| a.abs().max(b.abs());
        far(x_lo, x_hi).hypot(far(y_lo, y_hi)) * 2.0
    }

    /// Whether shapes of unit size (the unit square and circle, i and j) are worth drawing: not
    /// when the view is so zoomed in on a tiny picture that they would be thousands of panels
    /// wide (their coordinates would only bloat the SVG).
    pub fn shows_unit(&self) -> bool {
        self.unit <= 50.0 * self.width.max(self.height)
    }

    /// The grid values along one range, multiples of the step.
    pub fn ticks(&self, (lo, hi): (f64, f64)) -> Vec<f64> {
        let first = (lo / self.step).ceil() as i64;
        let last = (hi / self.step).floor() as i64;
        (first..=last).map(|k| k as f64 * self.step).collect()
    }

    /// The panel's frame, grid, axes through the origin (when visible) and tick labels.
    pub fn draw_grid(&self, svg: &mut Svg) {
        let ((x_lo, x_hi), (y_lo, y_hi)) = self.visible();
        let style = Style::line(GRID, 1.0);
        svg.group("grid");
        for x in self.ticks((x_lo, x_hi)) {
            svg.line(self.at(x, y_lo), self.at(x, y_hi), style, None);
        }
        for y in self.ticks((y_lo, y_hi)) {
            svg.line(self.at(x_lo, y), self.at(x_hi, y), style, None);
        }
        svg.end();
        let axis = Style::line(AXIS, 1.2);
        let label = TextStyle::new(MUTED).halo();
        let size = 11.0;
        // the axes where the origin is visible; otherwise along the panel's edges
        let ax_y = if (y_lo..=y_hi).contains(&0.0) {
            0.0
        } else {
            y_lo
        };
        let ax_x = if (x_lo..=x_hi).contains(&0.0) {
            0.0
        } else {
            x_lo
        };
        svg.group("axes");
        svg.line(self.at(x_lo, ax_y), self.at(x_hi, ax_y), axis, None);
        svg.line(self.at(ax_x, y_lo), self.at(ax_x, y_hi), axis, None);
        let digits = decimals_for(self.step);
        for x in self.ticks((x_lo, x_hi)) {
            if x != ax_x || ax_x != 0.0 {
                let (px, py) = self.at(x, ax_y);
                if px > self.left + 10.0 && px < self.left + self.width - 10.0 {
                    let text = tick(x, digits);
                    svg.text(
                        (px, (py + 14.0).min(self.top + self.height - 3.0)),
                        &text,
                        size,
                        label.anchor(Anchor::Middle),
                    );
                }
            }
        }
        for y in self.ticks((y_lo, y_hi)) {
            if y != ax_y || ax_y != 0.0 {
                let (px, py) = self.at(ax_x, y);
                if py > self.top + 10.0 && py < self.top + self.height - 10.0 {
                    let text = tick(y, digits);
                    svg.text(
                        (
                            (px - 4.0).max(self.left + 3.0 + 6.5 * text.len() as f64),
                            py + 4.0,
                        ),
                        &text,
                        size,
                        label.anchor(Anchor::End),
                    );
                }
            }
        }
        svg.end();
        svg.rect(
            self.left,
            self.top,
            self.width,
            self.height,
            Style::line("#c8c8c8", 1.0),
            None,
        );
    }
}

/// A box of the plane a picture must show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

impl Bounds {
    /// The box around the points.
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Self {
        let mut b = Bounds {
            x_min: f64::INFINITY,
            x_max: f64::NEG_INFINITY,
            y_min: f64::INFINITY,
            y_max: f64::NEG_INFINITY,
        };
        for (x, y) in points {
            b.x_min = b.x_min.min(x);
            b.x_max = b.x_max.max(x);
            b.y_min = b.y_min.min(y);
            b.y_max = b.y_max.max(y);
        }
        b
    }

    /// The square `[-r, r]^2` around the origin.
    pub fn centered(r: f64) -> Self {
        Bounds {
            x_min: -r,
            x_max: r,
            y_min: -r,
            y_max: r,
        }
    }

    /// With a 12% margin, and never empty: a box of one point (or of nothing) gets a size.
    fn padded(&self) -> (f64, f64, f64, f64) {
        let finite = [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .all(|v| v.is_finite());
        if !finite {
            return (-1.0, 1.0, -1.0, 1.0);
        }
        let span = (self.x_max - self.x_min).max(self.y_max - self.y_min);
        let magnitude = [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let span = if span > magnitude * 1e-9 && span > 0.0 {
            span
        } else if magnitude > 0.0 {
            magnitude
        } else {
            1.0
        };
        let pad = span * 0.12;
        let (xc, yc) = (
            (self.x_min + self.x_max) / 2.0,
            (self.y_min + self.y_max) / 2.0,
        );
        let half_x = ((self.x_max - self.x_min) / 2.0).max(span * 0.05) + pad;
        let half_y = ((self.y_max - self.y_min) / 2.0).max(span * 0.05) + pad;
        (xc - half_x, xc + half_x, yc - half_y, yc + half_y)
    }
}

/// The smallest 1, 2 or 5 times a power of ten that is at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * power >= raw * (1.0 - 1e-9) {
            return m * power;
        }
    }
    10.0 * power
}

/// Decimals needed to tell grid values `step` apart.
fn decimals_for(step: f64) -> usize {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    }
}

/// A tick label: fixed decimals for ordinary values, powers of ten for huge or tiny ones.
fn tick(v: f64, decimals: usize) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if v.abs() >= 1e5 || decimals > 4 {
        return format!("{v:.0e}");
    }
    format!("{v:.decimals$}")
}

/// A number for a label, three significant digits, as short as it can be (`5`, `-1.41`,
/// `0.00125`, `1.23e+06`).
pub fn number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor();
    if !(-4.0..6.0).contains(&magnitude) {
        return format!("{v:.2e}");
    }
    let decimals = (2.0 - magnitude).max(0.0) as usize;
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".into() } else { s }
}

/// A point as `(x, y)` with [`number`]s.
pub fn pair(x: f64, y: f64) -> String {
    format!("({}, {})", number(x), number(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert!((nice_step(0.0013) - 0.002).abs() < 1e-15);
        assert_eq!(nice_step(260.0), 500.0);
    }

    #[test]
    fn numbers_keep_three_significant_digits() {
        assert_eq!(number(5.0), "5");
        assert_eq!(number(-1.414), "-1.41");
        assert_eq!(number(0.00125), "0.00125");
        assert_eq!(number(1234.6), "1235");
        assert_eq!(number(2.5e7), "2.50e7");
        assert_eq!(number(-0.0001), "-0.0001");
        assert_eq!(number(-1e-12), "-1.00e-12");
        assert_eq!(number(1e-300), "1.00e-300");
        assert_eq!(number(5e-324), "4.94e-324");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn the_plane_maps_both_axes_with_one_scale_and_inverts() {
        let plane = Plane::fit(10.0, 20.0, 400.0, 200.0, Bounds::centered(2.0));
        let (ox, oy) = plane.at(0.0, 0.0);
        assert_eq!((ox, oy), (210.0, 120.0));
        let (x1, _) = plane.at(1.0, 0.0);
        let (_, y1) = plane.at(0.0, 1.0);
        assert!((x1 - ox - plane.unit).abs() < 1e-9);
        assert!((oy - y1 - plane.unit).abs() < 1e-9, "y grows upwards");
        let (x, y) = plane.point(plane.at(1.5, -0.5).0, plane.at(1.5, -0.5).1);
        assert!((x - 1.5).abs() < 1e-12 && (y + 0.5).abs() < 1e-12);
        // the box is visible with its margin on the tighter axis
        let ((_, _), (y_lo, y_hi)) = plane.visible();
        assert!(y_lo < -2.0 && y_hi > 2.0);
    }

    #[test]
    fn tiny_and_huge_boxes_get_a_readable_grid() {
        for r in [1e-3, 1.0, 1e3, 1e6] {
            let plane = Plane::fit(0.0, 0.0, 400.0, 400.0, Bounds::centered(r));
            let ((x_lo, x_hi), _) = plane.visible();
            let lines = plane.ticks((x_lo, x_hi)).len();
            assert!((5..=13).contains(&lines), "{r}: {lines} grid lines");
        }
        let flat = Plane::fit(0.0, 0.0, 400.0, 400.0, Bounds::around([(3.0, 3.0)]));
        assert!(flat.unit.is_finite() && flat.unit > 0.0);
    }
}
