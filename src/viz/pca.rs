//! PCA of a 2-D point cloud: the samples, their mean, and the principal axes drawn from the
//! mean both ways, each as long as the standard deviation along it (the square root of its
//! explained variance).

use super::color::{BLUE, ORANGE, VERMILLION};
use super::plane::{Bounds, INK, Plane, number, pair};
use super::svg::{Style, Svg, TextStyle};

/// One principal axis: a unit direction, the variance along it and its share of the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    pub direction: (f64, f64),
    pub variance: f64,
    pub ratio: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cloud {
    pub samples: Vec<(f64, f64)>,
    pub mean: (f64, f64),
    pub axes: Vec<Axis>,
}

pub const WIDTH: f64 = 560.0;
pub const HEIGHT: f64 = 620.0;

/// The ends of an axis: the mean plus and minus one standard deviation along it.
pub fn axis_ends(cloud: &Cloud, axis: &Axis) -> ((f64, f64), (f64, f64)) {
    let sd = axis.variance.max(0.0).sqrt();
    let (dx, dy) = (axis.direction.0 * sd, axis.direction.1 * sd);
    (
        (cloud.mean.0 - dx, cloud.mean.1 - dy),
        (cloud.mean.0 + dx, cloud.mean.1 + dy),
    )
}

pub fn plane_for(cloud: &Cloud) -> Plane {
    let ends = cloud.axes.iter().flat_map(|a| {
        let (p, q) = axis_ends(cloud, a);
        [p, q]
    });
    let bounds = Bounds::around(cloud.samples.iter().copied().chain(ends));
    Plane::fit(40.0, 56.0, 480.0, 480.0, bounds)
}

pub fn draw(cloud: &Cloud) -> String {
    let plane = plane_for(cloud);
    let shares: Vec<String> = cloud
        .axes
        .iter()
        .enumerate()
        .map(|(k, a)| format!("PC{} {}%", k + 1, number(100.0 * a.ratio)))
        .collect();
    let title = format!(
        "PCA of {} samples: mean {}, principal axes {}",
        cloud.samples.len(),
        pair(cloud.mean.0, cloud.mean.1),
        shares.join(", ")
    );
    let mut svg = Svg::new(WIDTH, HEIGHT, &title);
    svg.heading(
        &format!("Principal axes of {} samples", cloud.samples.len()),
        18.0,
        Some("each axis spans ± one standard deviation (√ explained variance) from the mean"),
    );
    svg.clip_to(plane.left, plane.top, plane.width, plane.height);
    plane.draw_grid(&mut svg);
    let radius = if cloud.samples.len() > 500 { 2.0 } else { 3.5 };
    svg.group("samples");
    for &(x, y) in &cloud.samples {
        svg.circle(plane.at(x, y), radius, Style::fill(BLUE, 0.55), None);
    }
    svg.end();
    let colors = [VERMILLION, ORANGE];
    for (k, axis) in cloud.axes.iter().enumerate() {
        let (from, to) = axis_ends(cloud, axis);
        let color = colors[k % 2];
        let mid = plane.at(cloud.mean.0, cloud.mean.1);
        svg.arrow(mid, plane.at(to.0, to.1), color, 3.0, Some("axis"));
        svg.arrow(mid, plane.at(from.0, from.1), color, 3.0, Some("axis"));
        let (tx, ty) = plane.at(to.0, to.1);
        svg.text(
            (tx + 8.0, ty - 8.0),
            &format!("PC{}: {}%", k + 1, number(100.0 * axis.ratio)),
            13.0,
            TextStyle::new(color).bold().halo().class("axis-label"),
        );
    }
    let mean = plane.at(cloud.mean.0, cloud.mean.1);
    svg.circle(
        mean,
        5.0,
        Style::line(INK, 2.0).filled("#ffffff", 1.0),
        Some("mean"),
    );
    svg.end();
    let y = plane.top + plane.height + 24.0;
    svg.text(
        (40.0, y),
        &format!("mean {} (white dot)", pair(cloud.mean.0, cloud.mean.1)),
        13.0,
        TextStyle::new(INK),
    );
    for (k, axis) in cloud.axes.iter().enumerate() {
        svg.text(
            (40.0, y + 20.0 * (k + 1) as f64),
            &format!(
                "PC{}: direction {}, variance {} ({}% of the total)",
                k + 1,
                pair(axis.direction.0, axis.direction.1),
                number(axis.variance),
                number(100.0 * axis.ratio)
            ),
            13.0,
            TextStyle::new(colors[k % 2]),
        );
    }
    svg.finish(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_one_standard_deviation_each_way_from_the_mean() {
        let cloud = Cloud {
            samples: vec![(0.0, 0.0), (4.0, 2.0)],
            mean: (2.0, 1.0),
            axes: vec![Axis {
                direction: (0.6, 0.8),
                variance: 4.0,
                ratio: 1.0,
            }],
        };
        let (a, b) = axis_ends(&cloud, &cloud.axes[0]);
        assert!((a.0 - 0.8).abs() < 1e-12 && (a.1 + 0.6).abs() < 1e-12);
        assert!((b.0 - 3.2).abs() < 1e-12 && (b.1 - 2.6).abs() < 1e-12);
        let plane = plane_for(&cloud);
        let ((x_lo, x_hi), (y_lo, y_hi)) = plane.visible();
        for (x, y) in [(0.0, 0.0), (4.0, 2.0), a, b] {
            assert!(
                x > x_lo && x < x_hi && y > y_lo && y < y_hi,
                "({x}, {y}) visible"
            );
        }
    }
}
