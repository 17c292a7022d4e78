//! The SVD of a 2x2 matrix as three steps, side by side: `Vt` rotates (or reflects) the unit
//! circle and basis, `S` stretches along the axes by the singular values, `U` rotates (or
//! reflects) the ellipse into place; the last panel is `A` itself.
//!
//! The signs are chosen so `Vt` is a rotation whenever possible (flipping the second singular
//! pair changes neither the product nor the singular values), which is the story a learner
//! expects: rotate, scale, rotate; a reflection, when `A` has one, shows in `U`.

use faer::Mat;

use super::color::{BLUE, GREEN, PURPLE, SKY, VERMILLION};
use super::plane::{AXIS, Bounds, INK, MUTED, Plane, number};
use super::svg::{Anchor, Style, Svg, TextStyle};
use super::{Matrix2, circle_through, line_through_origin};

/// The decomposition in the picture's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Stages {
    pub matrix: Matrix2,
    pub u: Matrix2,
    pub s: (f64, f64),
    pub vt: Matrix2,
}

impl Stages {
    /// From `/svd`'s factors, with the second singular pair's sign chosen so `Vt` rotates.
    pub fn new(matrix: Matrix2, u: &Mat<f64>, s: &[f64], vt: &Mat<f64>) -> Self {
        let mut u = Matrix2::of(u);
        let mut vt = Matrix2::of(vt);
        if vt.determinant() < 0.0 {
            // u2 s2 v2^T is unchanged when both u2 and v2 change sign
            vt.0[1] = [-vt.0[1][0], -vt.0[1][1]];
            u.0[0][1] = -u.0[0][1];
            u.0[1][1] = -u.0[1][1];
        }
        Stages {
            matrix,
            u,
            s: (s[0], s[1]),
            vt,
        }
    }

    /// The map of stage `k`: 0 the identity, 1 `Vt`, 2 `S Vt`, 3 `U S Vt`.
    pub fn stage(&self, k: usize, (x, y): (f64, f64)) -> (f64, f64) {
        if k == 0 {
            return (x, y);
        }
        let (x, y) = self.vt.apply(x, y);
        if k == 1 {
            return (x, y);
        }
        let (x, y) = (self.s.0 * x, self.s.1 * y);
        if k == 2 {
            return (x, y);
        }
        self.u.apply(x, y)
    }
}

/// What an orthogonal 2x2 matrix does, in words.
pub fn describe_orthogonal(q: &Matrix2) -> String {
    let [[a, _], [c, _]] = q.0;
    let angle = c.atan2(a).to_degrees();
    if q.determinant() >= 0.0 {
        format!("rotate {}°", number(angle))
    } else {
        format!("reflect across the {}° line", number(angle / 2.0))
    }
}

const PANEL: f64 = 240.0;
const GAP: f64 = 44.0;
const LEFT: f64 = 24.0;
const TOP: f64 = 78.0;
pub const WIDTH: f64 = 2.0 * LEFT + 4.0 * PANEL + 3.0 * GAP;
pub const HEIGHT: f64 = TOP + PANEL + 92.0;

/// The four panels' planes. One scale for all when the singular values are near 1; otherwise
/// the circle panels and the ellipse panels each get their own (the tick labels say which).
pub fn planes(stages: &Stages) -> [Plane; 4] {
    let s1 = stages.s.0;
    let shared = (0.2..=5.0).contains(&s1) || s1 == 0.0;
    let reach = |k: usize| {
        if shared {
            s1.max(1.0)
        } else if k < 2 {
            1.0
        } else {
            s1
        }
    };
    std::array::from_fn(|k| {
        let left = LEFT + k as f64 * (PANEL + GAP);
        Plane::fit(left, TOP, PANEL, PANEL, Bounds::centered(reach(k)))
    })
}

pub fn draw(stages: &Stages) -> String {
    let (s1, s2) = stages.s;
    let title = format!(
        "The SVD of {}: rotate (or reflect) by Vt, scale by σ1 = {} and σ2 = {}, rotate (or reflect) by U",
        stages.matrix.describe(),
        number(s1),
        number(s2)
    );
    let mut svg = Svg::new(WIDTH, HEIGHT, &title);
    svg.heading(
        &format!("A = U S Vt for A = {}", stages.matrix.describe()),
        18.0,
        None,
    );
    let planes = planes(stages);
    let headings = ["x: unit circle", "Vt x", "S Vt x", "U S Vt x = A x"];
    for (k, plane) in planes.iter().enumerate() {
        svg.text(
            (plane.left + PANEL / 2.0, TOP - 10.0),
            headings[k],
            14.0,
            TextStyle::new(INK).anchor(Anchor::Middle).bold(),
        );
        svg.clip_to(plane.left, plane.top, plane.width, plane.height);
        plane.draw_grid(&mut svg);
        draw_stage(&mut svg, plane, stages, k);
        svg.end();
    }
    // the steps between panels
    let steps = [
        format!("Vt: {}", describe_orthogonal(&stages.vt)),
        format!("S: stretch ×{} and ×{}", number(s1), number(s2)),
        format!("U: {}", describe_orthogonal(&stages.u)),
    ];
    for k in 0..3 {
        let x0 = planes[k].left + PANEL + 6.0;
        let x1 = planes[k + 1].left - 6.0;
        let y = TOP + PANEL / 2.0;
        svg.arrow((x0, y), (x1, y), INK, 2.0, Some("step"));
    }
    let y = TOP + PANEL + 26.0;
    for (k, step) in steps.iter().enumerate() {
        let x = (planes[k].left + PANEL + planes[k + 1].left) / 2.0;
        svg.text(
            (x, y + if k == 1 { 20.0 } else { 0.0 }),
            step,
            13.0,
            TextStyle::new(INK)
                .anchor(Anchor::Middle)
                .halo()
                .class("step-label"),
        );
    }
    svg.text(
        (LEFT, HEIGHT - 14.0),
        "blue, vermillion: the images of i and j · green, purple: the right singular vectors v1, v2, which become σ1 u1 and σ2 u2",
        12.0,
        TextStyle::new(MUTED),
    );
    svg.finish(&[])
}

fn draw_stage(svg: &mut Svg, plane: &Plane, stages: &Stages, k: usize) {
    let map = |p: (f64, f64)| {
        let (x, y) = stages.stage(k, p);
        plane.at(x, y)
    };
    let o = plane.at(0.0, 0.0);
    let curve = circle_through(|x, y| map((x, y)));
    if k > 0 && plane.shows_unit() {
        let circle = circle_through(|x, y| plane.at(x, y));
        svg.path(&circle, true, Style::line(AXIS, 1.0).dashed("2 3"), None);
    }
    svg.path(
        &curve,
        true,
        Style::line(SKY, 2.0).filled(SKY, 0.12),
        Some(if k < 2 { "circle" } else { "ellipse" }),
    );
    // the ellipse's axes; their singular-value labels go on top of the arrows, below
    let mut labels = Vec::new();
    if k >= 2 {
        let reach = plane.reach();
        for (n, sigma) in [stages.s.0, stages.s.1].into_iter().enumerate() {
            let axis = if n == 0 { (1.0, 0.0) } else { (0.0, 1.0) };
            let dir = if k == 2 {
                axis
            } else {
                stages.u.apply(axis.0, axis.1)
            };
            let (a, b) = line_through_origin(dir, reach);
            svg.line(
                plane.at(a.0, a.1),
                plane.at(b.0, b.1),
                Style::line(MUTED, 0.8).dashed("3 3"),
                None,
            );
            let tip = plane.at(dir.0 * sigma, dir.1 * sigma);
            let (dx, dy) = (tip.0 - o.0, tip.1 - o.1);
            let len = dx.hypot(dy).max(1e-9);
            let label = format!("σ{} = {}", n + 1, number(sigma));
            let width = 7.5 * label.chars().count() as f64;
            let beyond = tip.0 + dx / len * 10.0 - 10.0;
            let x = beyond.clamp(plane.left + 4.0, plane.left + plane.width - width - 4.0);
            // a label pushed back over its own axis (and arrow) steps off it, sideways
            let aside = if (x - beyond).abs() > 0.5 { 16.0 } else { 0.0 };
            let y = (tip.1 + dy / len * 10.0 + 4.0 + aside * dx / len)
                .clamp(plane.top + 14.0, plane.top + plane.height - 6.0);
            labels.push(((x, y), label));
        }
    }
    // right singular vectors v1, v2 (rows of Vt) and the basis i, j, through the stage
    let v1 = (stages.vt.0[0][0], stages.vt.0[0][1]);
    let v2 = (stages.vt.0[1][0], stages.vt.0[1][1]);
    svg.arrow(o, map(v1), GREEN, 2.0, Some("v1"));
    svg.arrow(o, map(v2), PURPLE, 2.0, Some("v2"));
    svg.arrow(o, map((1.0, 0.0)), BLUE, 2.6, Some("image-i"));
    svg.arrow(o, map((0.0, 1.0)), VERMILLION, 2.6, Some("image-j"));
    // drawn last, haloed, so that no arrowhead hides a digit
    for (at, label) in labels {
        svg.text(
            at,
            &label,
            12.0,
            TextStyle::new(INK).bold().halo().class("sigma-label"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::decomp;

    fn stages(rows: [[f64; 2]; 2]) -> Stages {
        let m =
            crate::linalg::mat_from_rows(2, 2, &[rows[0][0], rows[0][1], rows[1][0], rows[1][1]]);
        let d = decomp::svd(&m, true).unwrap();
        Stages::new(Matrix2(rows), &d.u, &d.s, &d.vt)
    }

    #[test]
    fn the_three_stages_compose_to_the_matrix() {
        for rows in [
            [[3.0, 0.0], [4.0, 5.0]],
            [[0.0, 1.0], [1.0, 0.0]],
            [[1.0, 1.0], [0.0, 1.0]],
            [[2.0, 4.0], [1.0, 2.0]],
            [[-1e3, 2.0], [0.5, 1e-3]],
        ] {
            let st = stages(rows);
            let scale = st.s.0.max(1.0);
            for p in [(1.0, 0.0), (0.0, 1.0), (0.6, -0.8)] {
                let got = st.stage(3, p);
                let want = Matrix2(rows).apply(p.0, p.1);
                assert!(
                    (got.0 - want.0).abs() <= 1e-12 * scale
                        && (got.1 - want.1).abs() <= 1e-12 * scale,
                    "{rows:?} at {p:?}: {got:?} vs {want:?}"
                );
            }
            assert!(st.vt.determinant() > 0.0, "{rows:?}: Vt rotates");
            assert!(st.s.0 >= st.s.1 && st.s.1 >= 0.0);
        }
    }

    #[test]
    fn the_textbook_example_has_singular_values_sqrt_45_and_sqrt_5() {
        let st = stages([[3.0, 0.0], [4.0, 5.0]]);
        assert!((st.s.0 - 45f64.sqrt()).abs() < 1e-12);
        assert!((st.s.1 - 5f64.sqrt()).abs() < 1e-12);
        // stage 2 is axis-aligned: v1 lands on σ1 e1
        let v1 = (st.vt.0[0][0], st.vt.0[0][1]);
        let (x, y) = st.stage(2, v1);
        assert!((x - st.s.0).abs() < 1e-12 && y.abs() < 1e-12);
    }

    /// The `x` and `y` of each `<text class="sigma-label">` in `svg`, and where it stands.
    fn sigma_labels(svg: &str) -> Vec<(f64, f64, usize)> {
        let attribute = |line: &str, name: &str| -> f64 {
            let start = line.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            let end = start + line[start..].find('"').unwrap();
            line[start..end].parse().unwrap()
        };
        let mut at = 0;
        let mut labels = Vec::new();
        for line in svg.lines() {
            if line.contains(r#"class="sigma-label""#) {
                labels.push((attribute(line, "x"), attribute(line, "y"), at));
            }
            at += line.len() + 1;
        }
        labels
    }

    #[test]
    fn sigma_labels_stand_off_their_axes_and_over_the_arrows() {
        // σ1 = 6.71 reaches the panel's right edge in S Vt x, so its label is pushed back
        for rows in [[[3.0, 0.0], [4.0, 5.0]], [[-4.0, 1.0], [2.0, 3.0]]] {
            let st = stages(rows);
            let svg = draw(&st);
            let stretch = &planes(&st)[2];
            let axis_y = stretch.at(0.0, 0.0).1;
            let labels = sigma_labels(&svg);
            assert_eq!(
                labels.len(),
                4,
                "{rows:?}: two labels in each ellipse panel"
            );
            let (_, y, _) = labels
                .iter()
                .find(|(x, _, _)| *x >= stretch.left && *x <= stretch.left + stretch.width)
                .copied()
                .unwrap();
            // a 12 px label's glyphs span y - 12 to y + 3: the σ1 axis is not under them
            assert!(
                axis_y < y - 12.0 || axis_y > y + 3.0,
                "{rows:?}: the σ1 label at y {y} sits on its axis at y {axis_y}"
            );
            // each panel's labels come after its arrows (image j is the last one drawn), so no
            // arrowhead covers a digit
            let arrows: Vec<usize> = svg.match_indices("image-j").map(|(at, _)| at).collect();
            assert_eq!(arrows.len(), 4);
            let after =
                |&(_, _, at): &(f64, f64, usize)| arrows.iter().filter(|&&a| a < at).count();
            let panels: Vec<usize> = labels.iter().map(after).collect();
            assert_eq!(panels, [3, 3, 4, 4], "{rows:?}: labels under the arrows");
        }
    }

    #[test]
    fn orthogonal_matrices_are_told_as_rotations_or_reflections() {
        let r = Matrix2([[0.0, -1.0], [1.0, 0.0]]);
        assert_eq!(describe_orthogonal(&r), "rotate 90°");
        let f = Matrix2([[0.0, 1.0], [1.0, 0.0]]);
        assert_eq!(describe_orthogonal(&f), "reflect across the 45° line");
    }
}
