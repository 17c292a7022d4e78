//! Orthogonal projection onto a line: the vector, the line, the projection (its shadow on the
//! line) and the residual, meeting the line at a right angle.

use super::color::{BLUE, GREEN, ORANGE, VERMILLION};
use super::line_through_origin;
use super::plane::{AXIS, Bounds, INK, MUTED, Plane, number, pair};
use super::svg::{Anchor, Style, Svg, TextStyle};

/// `projection = coefficient * onto`, `vector - projection` orthogonal to `onto`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub vector: (f64, f64),
    pub onto: (f64, f64),
    pub projection: (f64, f64),
    pub coefficient: f64,
}

pub const WIDTH: f64 = 560.0;
pub const HEIGHT: f64 = 640.0;

pub fn plane_for(p: &Projection) -> Plane {
    let reach = [p.vector, p.onto, p.projection]
        .iter()
        .fold(0.0_f64, |r, &(x, y)| r.max(x.abs()).max(y.abs()));
    Plane::fit(40.0, 56.0, 480.0, 480.0, Bounds::centered(reach))
}

/// The corner of the right-angle mark at the projection's tip, in picture coordinates, `size`
/// px along the line (towards the origin) and along the residual.
pub fn right_angle_mark(plane: &Plane, p: &Projection, size: f64) -> Option<[(f64, f64); 3]> {
    let foot = plane.at(p.projection.0, p.projection.1);
    let tip = plane.at(p.vector.0, p.vector.1);
    let (rx, ry) = (tip.0 - foot.0, tip.1 - foot.1);
    let r_len = rx.hypot(ry);
    let line = plane.at(p.onto.0, p.onto.1);
    let o = plane.at(0.0, 0.0);
    let (lx, ly) = (line.0 - o.0, line.1 - o.1);
    let l_len = lx.hypot(ly);
    if r_len < 2.0 * size || l_len == 0.0 {
        return None;
    }
    // along the line, pointing back towards the origin (or forwards when the foot is the origin)
    let towards = if (o.0 - foot.0) * lx + (o.1 - foot.1) * ly < 0.0 {
        -1.0
    } else {
        1.0
    };
    let (ax, ay) = (towards * lx / l_len * size, towards * ly / l_len * size);
    let (bx, by) = (rx / r_len * size, ry / r_len * size);
    Some([
        (foot.0 + ax, foot.1 + ay),
        (foot.0 + ax + bx, foot.1 + ay + by),
        (foot.0 + bx, foot.1 + by),
    ])
}

pub fn draw(p: &Projection) -> String {
    let plane = plane_for(p);
    let residual = (p.vector.0 - p.projection.0, p.vector.1 - p.projection.1);
    let title = format!(
        "The projection of {} onto the line through {}: {}, residual {}",
        pair(p.vector.0, p.vector.1),
        pair(p.onto.0, p.onto.1),
        pair(p.projection.0, p.projection.1),
        pair(residual.0, residual.1)
    );
    let mut svg = Svg::new(WIDTH, HEIGHT, &title);
    svg.heading(
        &format!(
            "Projecting v = {} onto the line through u = {}",
            pair(p.vector.0, p.vector.1),
            pair(p.onto.0, p.onto.1)
        ),
        16.0,
        Some("proj = (v·u / u·u) u, and the residual v − proj is perpendicular to the line"),
    );
    svg.clip_to(plane.left, plane.top, plane.width, plane.height);
    plane.draw_grid(&mut svg);
    let (a, b) = line_through_origin(p.onto, plane.reach());
    svg.line(
        plane.at(a.0, a.1),
        plane.at(b.0, b.1),
        Style::line(AXIS, 1.5),
        Some("line"),
    );
    let o = plane.at(0.0, 0.0);
    let foot = plane.at(p.projection.0, p.projection.1);
    let tip = plane.at(p.vector.0, p.vector.1);
    svg.line(
        foot,
        tip,
        Style::line(VERMILLION, 2.0).dashed("6 4"),
        Some("residual"),
    );
    if let Some(mark) = right_angle_mark(&plane, p, 11.0) {
        svg.path(&mark, false, Style::line(INK, 1.2), Some("right-angle"));
    }
    svg.arrow(o, plane.at(p.onto.0, p.onto.1), GREEN, 2.5, Some("onto"));
    svg.arrow(o, tip, BLUE, 3.0, Some("vector"));
    svg.arrow(o, foot, ORANGE, 3.0, Some("projection"));
    let label = |svg: &mut Svg, at: (f64, f64), text: &str, color: &str, below: bool| {
        let y = if below { at.1 + 18.0 } else { at.1 - 8.0 };
        let x =
            at.0.clamp(plane.left + 60.0, plane.left + plane.width - 60.0);
        svg.text(
            (x, y.clamp(plane.top + 16.0, plane.top + plane.height - 6.0)),
            text,
            13.0,
            TextStyle::new(color)
                .anchor(Anchor::Middle)
                .bold()
                .halo()
                .class("vector-label"),
        );
    };
    // v's label on the side of the line v is on, the others on the other side
    let v_above = tip.1 <= foot.1;
    label(
        &mut svg,
        tip,
        &format!("v {}", pair(p.vector.0, p.vector.1)),
        BLUE,
        !v_above,
    );
    label(
        &mut svg,
        foot,
        &format!("proj {}", pair(p.projection.0, p.projection.1)),
        ORANGE,
        v_above,
    );
    let u_tip = plane.at(p.onto.0, p.onto.1);
    if (u_tip.0 - foot.0).hypot(u_tip.1 - foot.1) > 40.0 {
        label(&mut svg, u_tip, "u", GREEN, v_above);
    }
    svg.end();
    let y = plane.top + plane.height + 24.0;
    svg.text(
        (40.0, y),
        &format!(
            "proj = {} · u = {}   (v·u / u·u = {})",
            number(p.coefficient),
            pair(p.projection.0, p.projection.1),
            number(p.coefficient)
        ),
        13.0,
        TextStyle::new(ORANGE),
    );
    svg.text(
        (40.0, y + 20.0),
        &format!(
            "residual v − proj = {}, at a right angle to u (dot product {})",
            pair(residual.0, residual.1),
            orthogonality(residual, p.onto)
        ),
        13.0,
        TextStyle::new(VERMILLION),
    );
    svg.text(
        (40.0, y + 40.0),
        "the projection is the point of the line closest to v",
        12.0,
        TextStyle::new(MUTED),
    );
    svg.finish(&[])
}

/// The residual's dot product with the line's direction, as a learner should read it: rounding
/// leaves something like 4e-16, which is 0 to the precision of the inputs.
fn orthogonality(residual: (f64, f64), onto: (f64, f64)) -> String {
    let dot = residual.0 * onto.0 + residual.1 * onto.1;
    let scale = residual.0.hypot(residual.1) * onto.0.hypot(onto.1);
    if dot.abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
        "0".into()
    } else {
        number(dot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_angle_mark_is_square_to_the_line_and_the_residual() {
        let p = Projection {
            vector: (2.0, 3.0),
            onto: (1.0, 0.0),
            projection: (2.0, 0.0),
            coefficient: 2.0,
        };
        let plane = plane_for(&p);
        let [a, corner, b] = right_angle_mark(&plane, &p, 10.0).unwrap();
        let foot = plane.at(2.0, 0.0);
        // one leg along the line (horizontal, towards the origin), one up the residual
        assert!((a.1 - foot.1).abs() < 1e-9 && (a.0 - (foot.0 - 10.0)).abs() < 1e-9);
        assert!((b.0 - foot.0).abs() < 1e-9 && (b.1 - (foot.1 - 10.0)).abs() < 1e-9);
        assert!(
            (corner.0 - (foot.0 - 10.0)).abs() < 1e-9 && (corner.1 - (foot.1 - 10.0)).abs() < 1e-9
        );
    }

    #[test]
    fn a_vector_on_the_line_has_no_right_angle_to_mark() {
        let p = Projection {
            vector: (2.0, 2.0),
            onto: (1.0, 1.0),
            projection: (2.0, 2.0),
            coefficient: 2.0,
        };
        assert!(right_angle_mark(&plane_for(&p), &p, 10.0).is_none());
    }
}
