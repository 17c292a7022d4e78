//! A small SVG writer: the handful of elements the pictures use, written with coordinates
//! rounded to hundredths of a pixel so the same picture is always the same bytes.
//!
//! Every element may carry a `class` naming what it shows (`image-i`, `parallelogram`), which
//! the tests and the playground page use to find it; styling is inline, so the picture renders
//! the same in a browser, in an `<img>` and in resvg.

use std::fmt::Write;

/// The font every picture names first; the PNG renderer embeds it, browsers fall back to
/// look-alikes.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

const HEADING_INK: &str = "#222222";
const SUBTITLE_INK: &str = "#666666";

/// A coordinate or length, rounded to 0.01 px, without trailing zeros (`12`, `3.5`, `-0.25`).
pub fn px(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Text escaped for an SVG text node or attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Horizontal anchoring of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn word(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Stroke and fill of a shape.
#[derive(Debug, Clone, Copy)]
pub struct Style<'a> {
    pub stroke: &'a str,
    pub width: f64,
    pub fill: &'a str,
    pub opacity: f64,
    pub dash: Option<&'a str>,
}

impl<'a> Style<'a> {
    /// A line of `width` px in `stroke`, no fill.
    pub fn line(stroke: &'a str, width: f64) -> Self {
        Style {
            stroke,
            width,
            fill: "none",
            opacity: 1.0,
            dash: None,
        }
    }

    /// A filled shape without outline.
    pub fn fill(fill: &'a str, opacity: f64) -> Self {
        Style {
            stroke: "none",
            width: 0.0,
            fill,
            opacity,
            dash: None,
        }
    }

    pub fn dashed(self, dash: &'a str) -> Self {
        Style {
            dash: Some(dash),
            ..self
        }
    }

    pub fn filled(self, fill: &'a str, opacity: f64) -> Self {
        Style {
            fill,
            opacity,
            ..self
        }
    }

    fn attributes(&self) -> String {
        let mut s = format!(r#"stroke="{}""#, self.stroke);
        if self.stroke != "none" {
            let _ = write!(s, r#" stroke-width="{}""#, px(self.width));
        }
        let _ = write!(s, r#" fill="{}""#, self.fill);
        if self.fill != "none" && self.opacity < 1.0 {
            let _ = write!(s, r#" fill-opacity="{}""#, px(self.opacity));
        }
        if let Some(dash) = self.dash {
            let _ = write!(s, r#" stroke-dasharray="{dash}""#);
        }
        s
    }
}

/// An SVG document being written.
pub struct Svg {
    width: f64,
    height: f64,
    body: String,
    clips: usize,
}

impl Svg {
    /// An empty picture `width` x `height` px on a white background; `title` says what it
    /// shows (the `<title>` element, read by screen readers and shown as a tooltip).
    pub fn new(width: f64, height: f64, title: &str) -> Self {
        let mut svg = Svg {
            width,
            height,
            body: String::new(),
            clips: 0,
        };
        let _ = writeln!(svg.body, "<title>{}</title>", escape(title));
        svg.rect(0.0, 0.0, width, height, Style::fill("#ffffff", 1.0), None);
        svg
    }

    fn class(class: Option<&str>) -> String {
        class.map_or(String::new(), |c| format!(r#" class="{}""#, escape(c)))
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, style: Style, class: Option<&str>) {
        let _ = writeln!(
            self.body,
            r#"<rect{} x="{}" y="{}" width="{}" height="{}" {}/>"#,
            Self::class(class),
            px(x),
            px(y),
            px(w),
            px(h),
            style.attributes()
        );
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), style: Style, class: Option<&str>) {
        let _ = writeln!(
            self.body,
            r#"<line{} x1="{}" y1="{}" x2="{}" y2="{}" {}/>"#,
            Self::class(class),
            px(from.0),
            px(from.1),
            px(to.0),
            px(to.1),
            style.attributes()
        );
    }

    /// A closed polygon (`closed`) or an open polyline through `points`.
    pub fn path(&mut self, points: &[(f64, f64)], closed: bool, style: Style, class: Option<&str>) {
        let list: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{},{}", px(x), px(y)))
            .collect();
        let element = if closed { "polygon" } else { "polyline" };
        let _ = writeln!(
            self.body,
            r#"<{element}{} points="{}" {} stroke-linejoin="round"/>"#,
            Self::class(class),
            list.join(" "),
            style.attributes()
        );
    }

    pub fn circle(&mut self, center: (f64, f64), r: f64, style: Style, class: Option<&str>) {
        let _ = writeln!(
            self.body,
            r#"<circle{} cx="{}" cy="{}" r="{}" {}/>"#,
            Self::class(class),
            px(center.0),
            px(center.1),
            px(r),
            style.attributes()
        );
    }

    /// An arrow from `from` to `to` with a filled head of `head` px (no head when shorter than
    /// the head: a zero vector is drawn as a dot).
    pub fn arrow(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        color: &str,
        width: f64,
        class: Option<&str>,
    ) {
        let head = 5.0 + 2.5 * width;
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let len = dx.hypot(dy);
        let _ = writeln!(self.body, "<g{}>", Self::class(class));
        if len < head {
            self.circle(to, width + 1.5, Style::fill(color, 1.0), None);
        } else {
            let (ux, uy) = (dx / len, dy / len);
            let base = (to.0 - ux * head, to.1 - uy * head);
            self.line(from, base, Style::line(color, width), None);
            let half = head * 0.45;
            let left = (base.0 - uy * half, base.1 + ux * half);
            let right = (base.0 + uy * half, base.1 - ux * half);
            self.path(&[to, left, right], true, Style::fill(color, 1.0), None);
        }
        self.body.push_str("</g>\n");
    }

    /// Text at `at` (the baseline's anchor point), `size` px.
    pub fn text(&mut self, at: (f64, f64), text: &str, size: f64, style: TextStyle) {
        let weight = if style.bold {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let halo = if style.halo {
            r##" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##
        } else {
            ""
        };
        let _ = writeln!(
            self.body,
            r#"<text{} x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}"{weight}{halo}>{}</text>"#,
            Self::class(style.class),
            px(at.0),
            px(at.1),
            px(size),
            style.anchor.word(),
            style.color,
            escape(text)
        );
    }

    /// The picture's heading: a bold title centred at the top, and an optional line under it
    /// saying how to read the picture.
    pub fn heading(&mut self, title: &str, size: f64, subtitle: Option<&str>) {
        let middle = self.width / 2.0;
        self.text(
            (middle, 8.0 + size),
            title,
            size,
            TextStyle::new(HEADING_INK).anchor(Anchor::Middle).bold(),
        );
        if let Some(subtitle) = subtitle {
            self.text(
                (middle, 28.0 + size),
                subtitle,
                12.0,
                TextStyle::new(SUBTITLE_INK).anchor(Anchor::Middle),
            );
        }
    }

    /// Starts a group whose content is clipped to the rectangle; close it with [`Svg::end`].
    pub fn clip_to(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.clips += 1;
        let id = format!("clip{}", self.clips);
        let _ = writeln!(
            self.body,
            r#"<clipPath id="{id}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#{id})">"#,
            px(x),
            px(y),
            px(w),
            px(h)
        );
    }

    /// Starts a group with a class (for tests and the playground to find).
    pub fn group(&mut self, class: &str) {
        let _ = writeln!(self.body, r#"<g class="{}">"#, escape(class));
    }

    /// Ends the innermost group.
    pub fn end(&mut self) {
        self.body.push_str("</g>\n");
    }

    /// Attaches data the playground reads (`data-{name}`) to the root element.
    pub fn finish(self, data: &[(&str, String)]) -> String {
        let mut attrs = String::new();
        for (name, value) in data {
            let _ = write!(attrs, r#" data-{name}="{}""#, escape(value));
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"{FONT_FAMILY}\"{attrs}>\n{}</svg>\n",
            self.body,
            w = px(self.width),
            h = px(self.height),
        )
    }
}

/// How a text is drawn.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle<'a> {
    pub color: &'a str,
    pub anchor: Anchor,
    pub bold: bool,
    /// A white outline behind the letters, so a label stays legible over lines.
    pub halo: bool,
    pub class: Option<&'a str>,
}

impl<'a> TextStyle<'a> {
    pub fn new(color: &'a str) -> Self {
        TextStyle {
            color,
            anchor: Anchor::Start,
            bold: false,
            halo: false,
            class: None,
        }
    }

    pub fn anchor(self, anchor: Anchor) -> Self {
        TextStyle { anchor, ..self }
    }

    pub fn bold(self) -> Self {
        TextStyle { bold: true, ..self }
    }

    pub fn halo(self) -> Self {
        TextStyle { halo: true, ..self }
    }

    pub fn class(self, class: &'a str) -> Self {
        TextStyle {
            class: Some(class),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_rounded_to_hundredths_without_trailing_zeros() {
        assert_eq!(px(12.0), "12");
        assert_eq!(px(3.5), "3.5");
        assert_eq!(px(-0.254), "-0.25");
        assert_eq!(px(-0.001), "0");
        assert_eq!(px(1.005e3), "1005");
    }

    #[test]
    fn text_is_escaped() {
        let mut svg = Svg::new(10.0, 10.0, "a < b & \"c\"");
        svg.text((1.0, 2.0), "x<y", 12.0, TextStyle::new("#000"));
        let doc = svg.finish(&[]);
        assert!(doc.contains("<title>a &lt; b &amp; &quot;c&quot;</title>"));
        assert!(doc.contains(">x&lt;y</text>"));
        assert!(doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\""));
    }
}
