//! A 2x2 matrix as a transformation of the plane: the grid before (faint) and after, i and j
//! landing on the columns, the unit square becoming a parallelogram whose signed area is the
//! determinant, the unit circle becoming an ellipse, and the lines only stretched (real
//! eigenvectors).

use super::color::{BLUE, GREEN, ORANGE, PURPLE, SKY, SKY_LIGHT, VERMILLION};
use super::plane::{AXIS, Bounds, INK, MUTED, Plane, number, pair};
use super::svg::{Anchor, Style, Svg, TextStyle};
use super::{Matrix2, arc_points, circle_through, line_through_origin};

/// A real eigenvalue with a unit eigenvector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EigenLine {
    pub value: f64,
    pub direction: (f64, f64),
}

/// What the transformation picture shows, in the plane's own numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Transform {
    pub matrix: Matrix2,
    pub determinant: f64,
    /// Distinct real eigen-directions (none for a rotation, one for a shear).
    pub eigen_lines: Vec<EigenLine>,
    /// The largest singular value: how far the unit circle reaches.
    pub max_stretch: f64,
}

pub const WIDTH: f64 = 560.0;
pub const HEIGHT: f64 = 640.0;

/// The panel the plane is drawn in, scaled so the images of the unit square and circle fill
/// it; the unit square itself is kept in view unless it is tiny or huge next to them.
pub fn plane_for(t: &Transform) -> Plane {
    let a = &t.matrix;
    let corners = [
        (1.0, 0.0),
        (0.0, 1.0),
        (a.apply(1.0, 0.0)),
        (a.apply(0.0, 1.0)),
        (a.apply(1.0, 1.0)),
    ];
    let mut reach = corners
        .iter()
        .fold(t.max_stretch, |r, &(x, y)| r.max(x.abs()).max(y.abs()));
    if t.max_stretch < 0.1 && t.max_stretch > 0.0 {
        // the image is tiny: zoom to it (the grid's labels give the scale)
        reach = [a.apply(1.0, 0.0), a.apply(0.0, 1.0), a.apply(1.0, 1.0)]
            .iter()
            .fold(t.max_stretch, |r, &(x, y)| r.max(x.abs()).max(y.abs()));
    }
    Plane::fit(40.0, 56.0, 480.0, 480.0, Bounds::centered(reach))
}

/// The picture, as SVG text.
pub fn draw(t: &Transform) -> String {
    let a = &t.matrix;
    let plane = plane_for(t);
    let title = format!(
        "The matrix {} as a transformation of the plane: determinant {}",
        a.describe(),
        number(t.determinant)
    );
    let mut svg = Svg::new(WIDTH, HEIGHT, &title);
    svg.heading(
        &format!("A = {}", a.describe()),
        18.0,
        Some("faint: the plane before · blue: after x ↦ A x"),
    );

    svg.clip_to(plane.left, plane.top, plane.width, plane.height);
    plane.draw_grid(&mut svg);
    draw_image_grid(&mut svg, &plane, a);

    // unit square and circle, before (unless the view is zoomed far into a tiny image)
    let o = plane.at(0.0, 0.0);
    if plane.shows_unit() {
        let square = [
            o,
            plane.at(1.0, 0.0),
            plane.at(1.0, 1.0),
            plane.at(0.0, 1.0),
        ];
        svg.path(
            &square,
            true,
            Style::line(AXIS, 1.2).dashed("4 3"),
            Some("unit-square"),
        );
        let circle = circle_through(|x, y| plane.at(x, y));
        svg.path(
            &circle,
            true,
            Style::line(AXIS, 1.0).dashed("2 3"),
            Some("unit-circle"),
        );
    }

    // their images
    let parallelogram = parallelogram(&plane, a);
    let (fill, stroke) = if t.determinant < 0.0 {
        (PURPLE, PURPLE)
    } else {
        (ORANGE, ORANGE)
    };
    svg.path(
        &parallelogram,
        true,
        Style::line(stroke, 1.5).filled(fill, 0.28),
        Some("parallelogram"),
    );
    let ellipse = circle_through(|x, y| {
        let (u, v) = a.apply(x, y);
        plane.at(u, v)
    });
    svg.path(&ellipse, true, Style::line(SKY, 2.0), Some("ellipse"));

    // eigen-lines
    let reach = plane.reach();
    for (n, line) in t.eigen_lines.iter().enumerate() {
        let (from, to) = line_through_origin(line.direction, reach);
        svg.line(
            plane.at(from.0, from.1),
            plane.at(to.0, to.1),
            Style::line(GREEN, 2.0).dashed("8 5"),
            Some("eigen-line"),
        );
        let label = format!("λ = {}", number(line.value));
        let (x, y) = label_spot(&plane, line.direction, n);
        let width = 8.0 * label.chars().count() as f64;
        let x = x.clamp(plane.left + 4.0, plane.left + plane.width - width - 4.0);
        let y = y.clamp(plane.top + 18.0, plane.top + plane.height - 8.0);
        svg.text(
            (x, y),
            &label,
            13.0,
            TextStyle::new(GREEN).bold().halo().class("eigen-label"),
        );
    }

    // orientation: i to j before (always counter-clockwise), A i to A j after
    orientation_arc(&mut svg, &plane, (1.0, 0.0), (0.0, 1.0), MUTED, 0.05);
    if t.determinant != 0.0 {
        orientation_arc(
            &mut svg,
            &plane,
            a.apply(1.0, 0.0),
            a.apply(0.0, 1.0),
            INK,
            0.3,
        );
    }

    // basis vectors and their images
    let (i_img, j_img) = (a.apply(1.0, 0.0), a.apply(0.0, 1.0));
    if plane.shows_unit() {
        svg.arrow(o, plane.at(1.0, 0.0), AXIS, 2.0, Some("basis-i"));
        svg.arrow(o, plane.at(0.0, 1.0), AXIS, 2.0, Some("basis-j"));
    }
    svg.arrow(o, plane.at(i_img.0, i_img.1), BLUE, 3.0, Some("image-i"));
    svg.arrow(
        o,
        plane.at(j_img.0, j_img.1),
        VERMILLION,
        3.0,
        Some("image-j"),
    );
    vector_label(
        &mut svg,
        &plane,
        i_img,
        &format!("A i = {}", pair(i_img.0, i_img.1)),
        BLUE,
    );
    vector_label(
        &mut svg,
        &plane,
        j_img,
        &format!("A j = {}", pair(j_img.0, j_img.1)),
        VERMILLION,
    );

    // the determinant, written in the parallelogram
    let (cx, cy) = a.apply(0.5, 0.5);
    let mut at = plane.at(cx, cy);
    let area_px = polygon_area(&parallelogram).abs();
    if area_px < 2500.0 {
        at = (at.0 + 14.0, at.1 + 22.0);
    }
    svg.text(
        at,
        &format!("det = {}", number(t.determinant)),
        15.0,
        TextStyle::new(INK)
            .anchor(Anchor::Middle)
            .bold()
            .halo()
            .class("det-label"),
    );
    svg.end();

    // captions
    let y = plane.top + plane.height + 24.0;
    let caption = TextStyle::new(INK);
    let area = if t.determinant == 0.0 {
        "det = 0: the plane collapses onto a line (or a point); areas become 0".to_string()
    } else if t.determinant < 0.0 {
        format!(
            "det = {}: areas scale by {} and the orientation flips (i→j turns clockwise)",
            number(t.determinant),
            number(t.determinant.abs())
        )
    } else {
        format!(
            "det = {}: areas scale by {}; orientation kept (i→j stays counter-clockwise)",
            number(t.determinant),
            number(t.determinant)
        )
    };
    svg.text((40.0, y), &area, 13.0, caption);
    let eigen = match t.eigen_lines.as_slice() {
        [] => "no real eigenvectors: no direction is only stretched (complex eigenvalues)".into(),
        [one] => format!(
            "one eigen-line (green): λ = {}; every other direction turns",
            number(one.value)
        ),
        lines => format!(
            "two eigen-lines (green), only stretched: {}",
            lines
                .iter()
                .map(|l| format!("λ = {}", number(l.value)))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    };
    svg.text((40.0, y + 20.0), &eigen, 13.0, caption);
    svg.text(
        (40.0, y + 40.0),
        "dashed: unit square and circle · filled: their images, the parallelogram and the ellipse",
        12.0,
        TextStyle::new(MUTED),
    );
    let o = plane.at(0.0, 0.0);
    svg.finish(&[
        (
            "origin",
            format!("{},{}", super::svg::px(o.0), super::svg::px(o.1)),
        ),
        ("unit", super::svg::px(plane.unit)),
    ])
}

/// The picture coordinates of the unit square's image: 0, A i, A i + A j, A j.
pub fn parallelogram(plane: &Plane, a: &Matrix2) -> [(f64, f64); 4] {
    let p = |x: f64, y: f64| {
        let (u, v) = a.apply(x, y);
        plane.at(u, v)
    };
    [p(0.0, 0.0), p(1.0, 0.0), p(1.0, 1.0), p(0.0, 1.0)]
}

/// Signed area of a polygon in picture coordinates (positive when its points run clockwise on
/// screen, which is counter-clockwise in the plane, since the picture's y points down).
pub fn polygon_area(points: &[(f64, f64)]) -> f64 {
    let n = points.len();
    let twice: f64 = (0..n)
        .map(|k| {
            let (x0, y0) = points[k];
            let (x1, y1) = points[(k + 1) % n];
            x0 * y1 - x1 * y0
        })
        .sum();
    -twice / 2.0
}

fn draw_image_grid(svg: &mut Svg, plane: &Plane, a: &Matrix2) {
    let ((x_lo, x_hi), (y_lo, y_hi)) = plane.visible();
    let style = Style::line(SKY_LIGHT, 1.0);
    svg.group("image-grid");
    let image = |x: f64, y: f64| {
        let (u, v) = a.apply(x, y);
        plane.at(u, v)
    };
    for x in plane.ticks((x_lo, x_hi)) {
        svg.line(image(x, y_lo), image(x, y_hi), style, None);
    }
    for y in plane.ticks((y_lo, y_hi)) {
        svg.line(image(x_lo, y), image(x_hi, y), style, None);
    }
    svg.end();
}

/// A curved arrow from the direction of `from` to that of `to`, the short way round, at
/// `radius` of the picture's half-width: counter-clockwise when the determinant is positive.
fn orientation_arc(
    svg: &mut Svg,
    plane: &Plane,
    from: (f64, f64),
    to: (f64, f64),
    color: &str,
    fraction: f64,
) {
    let radius_px = 30.0 + 120.0 * fraction;
    let Some(points) = arc_points(from, to, radius_px) else {
        return;
    };
    let o = plane.at(0.0, 0.0);
    let screen: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (o.0 + x, o.1 - y)).collect();
    let n = screen.len();
    svg.path(
        &screen[..n - 4],
        false,
        Style::line(color, 1.3),
        Some("orientation"),
    );
    svg.arrow(screen[n - 5], screen[n - 1], color, 1.3, None);
}

/// A label near the tip of a vector, pushed outwards and kept inside the panel.
fn vector_label(svg: &mut Svg, plane: &Plane, tip: (f64, f64), text: &str, color: &str) {
    let (x, y) = plane.at(tip.0, tip.1);
    let o = plane.at(0.0, 0.0);
    let (dx, dy) = (x - o.0, y - o.1);
    let len = dx.hypot(dy).max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let width = 7.2 * text.chars().count() as f64;
    let mut lx = x
        + ux * 12.0
        + if ux < -0.3 {
            -width
        } else if ux > 0.3 {
            0.0
        } else {
            -width / 2.0
        };
    let mut ly = y + uy * 14.0 + 5.0;
    let right = plane.left + plane.width - width - 4.0;
    if lx > right || lx < plane.left + 4.0 {
        // no room beyond the tip: beside it instead, above (or below, for a vector pointing down)
        lx = x - width / 2.0;
        ly = if uy > 0.3 { y + 24.0 } else { y - 14.0 };
    }
    lx = lx.clamp(plane.left + 4.0, right);
    ly = ly.clamp(plane.top + 16.0, plane.top + plane.height - 6.0);
    svg.text(
        (lx, ly),
        text,
        13.0,
        TextStyle::new(color).bold().halo().class("vector-label"),
    );
}

/// Where an eigen-line's label goes: along the line near the panel's edge, the two lines'
/// labels on different ends so they do not collide.
fn label_spot(plane: &Plane, direction: (f64, f64), n: usize) -> (f64, f64) {
    let ((x_lo, x_hi), (y_lo, y_hi)) = plane.visible();
    let sign = if n.is_multiple_of(2) { 1.0 } else { -1.0 };
    let (dx, dy) = (direction.0 * sign, direction.1 * sign);
    // the largest t keeping t*d inside 80% of the visible box
    let fit = |d: f64, lo: f64, hi: f64| {
        if d > 0.0 {
            hi * 0.8 / d
        } else if d < 0.0 {
            lo * 0.8 / d
        } else {
            f64::INFINITY
        }
    };
    let t = fit(dx, x_lo, x_hi).min(fit(dy, y_lo, y_hi));
    let (x, y) = plane.at(dx * t, dy * t);
    (x + 6.0, y - 6.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transform(rows: [[f64; 2]; 2], det: f64) -> Transform {
        let matrix = Matrix2(rows);
        Transform {
            max_stretch: matrix.max_stretch(),
            matrix,
            determinant: det,
            eigen_lines: vec![],
        }
    }

    #[test]
    fn i_and_j_land_on_the_columns_in_picture_coordinates() {
        let t = transform([[2.0, 1.0], [1.0, 3.0]], 5.0);
        let plane = plane_for(&t);
        let o = plane.at(0.0, 0.0);
        let p = parallelogram(&plane, &t.matrix);
        // A i = (2, 1): right 2 units, up 1 unit
        assert!((p[1].0 - (o.0 + 2.0 * plane.unit)).abs() < 1e-9);
        assert!((p[1].1 - (o.1 - plane.unit)).abs() < 1e-9);
        // A j = (1, 3)
        assert!((p[3].0 - (o.0 + plane.unit)).abs() < 1e-9);
        assert!((p[3].1 - (o.1 - 3.0 * plane.unit)).abs() < 1e-9);
    }

    #[test]
    fn the_parallelogram_covers_det_times_the_unit_squares_pixels() {
        for (rows, det) in [
            ([[2.0, 1.0], [1.0, 3.0]], 5.0),
            ([[1.0, 1.0], [0.0, 1.0]], 1.0),
            ([[0.0, 1.0], [1.0, 0.0]], -1.0),
            ([[1000.0, -3.0], [7.0, 0.5]], 521.0),
            ([[0.001, 0.0], [0.0, 0.002]], 2e-6),
        ] {
            let t = transform(rows, det);
            let plane = plane_for(&t);
            let unit_square = plane.unit * plane.unit;
            let area = polygon_area(&parallelogram(&plane, &t.matrix));
            assert!(
                (area - det * unit_square).abs() <= 1e-9 * unit_square * det.abs().max(1.0),
                "{rows:?}: {area} px² vs det {det} × {unit_square}"
            );
        }
    }

    #[test]
    fn huge_and_tiny_matrices_fill_the_panel() {
        for s in [1e-3, 1.0, 1e3] {
            let t = transform([[2.0 * s, s], [s, 3.0 * s]], 5.0 * s * s);
            let plane = plane_for(&t);
            let p = parallelogram(&plane, &t.matrix);
            let width = p.iter().map(|q| q.0).fold(f64::MIN, f64::max)
                - p.iter().map(|q| q.0).fold(f64::MAX, f64::min);
            assert!(
                width > 80.0,
                "scale {s}: the parallelogram is {width} px wide"
            );
            for q in p {
                assert!(
                    q.0 >= plane.left && q.0 <= plane.left + plane.width,
                    "{s}: {q:?}"
                );
                assert!(
                    q.1 >= plane.top && q.1 <= plane.top + plane.height,
                    "{s}: {q:?}"
                );
            }
        }
    }
}
