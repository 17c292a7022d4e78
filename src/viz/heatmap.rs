//! A matrix as a grid of coloured cells, with row and column indices, the numbers written in
//! the cells when they fit, masked cells crossed out, and a colour bar with its numbers.

use super::color::Scale;
use super::plane::{INK, MUTED, number};
use super::svg::{Anchor, Style, Svg, TextStyle};

/// What a heatmap shows; `None` cells are masked.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    pub title: String,
    pub subtitle: String,
    pub cells: Vec<Vec<Option<f64>>>,
    pub scale: Scale,
    /// What a row and a column are (`query`, `key`).
    pub row_label: &'static str,
    pub col_label: &'static str,
}

const GRID: f64 = 480.0;
const LEFT: f64 = 76.0;
const TOP: f64 = 96.0;
const MAX_CELL: f64 = 56.0;
const BAR_WIDTH: f64 = 18.0;

/// The side of a cell: the grid fits in 480 px, cells at most 56 px.
pub fn cell_size(rows: usize, cols: usize) -> f64 {
    (GRID / rows.max(1) as f64)
        .min(GRID / cols.max(1) as f64)
        .min(MAX_CELL)
}

/// The top-left corner of cell (`i`, `j`).
pub fn cell_origin(cell: f64, i: usize, j: usize) -> (f64, f64) {
    (LEFT + j as f64 * cell, TOP + i as f64 * cell)
}

pub fn draw(h: &Heatmap) -> String {
    let rows = h.cells.len();
    let cols = h.cells.first().map_or(0, Vec::len);
    let cell = cell_size(rows, cols);
    let (gw, gh) = (cols as f64 * cell, rows as f64 * cell);
    let bar_height = gh.max(180.0);
    let width = (LEFT + gw + 40.0 + BAR_WIDTH + 80.0).max(560.0);
    let height = TOP + bar_height.max(gh) + 56.0;
    let mut svg = Svg::new(width, height, &format!("{}: {}", h.title, h.subtitle));
    svg.heading(&h.title, 18.0, Some(&h.subtitle));

    // cells
    let write_numbers = cell >= 30.0;
    let text_size = (cell / 3.6).min(12.0);
    svg.group("cells");
    for (i, row) in h.cells.iter().enumerate() {
        for (j, value) in row.iter().enumerate() {
            let (x, y) = cell_origin(cell, i, j);
            match value {
                Some(v) => {
                    let fill = h.scale.color(*v);
                    svg.rect(x, y, cell, cell, Style::fill(&fill, 1.0), Some("cell"));
                    if write_numbers {
                        let color = if h.scale.dark(*v) { "#ffffff" } else { INK };
                        svg.text(
                            (x + cell / 2.0, y + cell / 2.0 + text_size * 0.35),
                            &number(*v),
                            text_size,
                            TextStyle::new(color).anchor(Anchor::Middle),
                        );
                    }
                }
                None => {
                    svg.rect(
                        x,
                        y,
                        cell,
                        cell,
                        Style::fill("#eeeeee", 1.0),
                        Some("masked"),
                    );
                    let pad = cell * 0.25;
                    let cross = Style::line("#9a9a9a", (cell / 20.0).clamp(0.6, 1.6));
                    svg.line(
                        (x + pad, y + pad),
                        (x + cell - pad, y + cell - pad),
                        cross,
                        None,
                    );
                    svg.line(
                        (x + cell - pad, y + pad),
                        (x + pad, y + cell - pad),
                        cross,
                        None,
                    );
                }
            }
        }
    }
    svg.end();
    svg.rect(LEFT, TOP, gw, gh, Style::line("#bdbdbd", 1.0), None);

    // indices: every row and column when they fit, else every few
    let every = |n: usize| -> usize {
        let fit = (14.0 / cell).ceil() as usize;
        let mut k = 1;
        while k < fit {
            k = if k == 1 {
                2
            } else if k == 2 {
                5
            } else {
                k * 2
            };
        }
        k.min(n.max(1))
    };
    let label = TextStyle::new(MUTED);
    let (row_step, col_step) = (every(rows), every(cols));
    for i in (0..rows).step_by(row_step) {
        let (_, y) = cell_origin(cell, i, 0);
        svg.text(
            (LEFT - 6.0, y + cell / 2.0 + 4.0),
            &i.to_string(),
            11.0,
            label.anchor(Anchor::End),
        );
    }
    for j in (0..cols).step_by(col_step) {
        let (x, _) = cell_origin(cell, 0, j);
        svg.text(
            (x + cell / 2.0, TOP - 6.0),
            &j.to_string(),
            11.0,
            label.anchor(Anchor::Middle),
        );
    }
    svg.text(
        (LEFT + gw / 2.0, TOP - 24.0),
        &format!("{} →", h.col_label),
        13.0,
        TextStyle::new(INK).anchor(Anchor::Middle),
    );
    svg.text(
        (LEFT - 4.0, TOP - 24.0),
        &format!("{} ↓", h.row_label),
        13.0,
        TextStyle::new(INK).anchor(Anchor::End),
    );

    colour_bar(&mut svg, h.scale, LEFT + gw + 40.0, TOP, bar_height);
    svg.finish(&[])
}

/// A vertical colour bar (high at the top) with five labelled ticks.
fn colour_bar(svg: &mut Svg, scale: Scale, x: f64, top: f64, height: f64) {
    let steps = 64;
    let band = height / steps as f64;
    svg.group("colour-bar");
    for k in 0..steps {
        let t = 1.0 - (k as f64 + 0.5) / steps as f64;
        let fill = scale.color_at(t);
        // a hair of overlap so no seams show between the bands
        svg.rect(
            x,
            top + k as f64 * band,
            BAR_WIDTH,
            band + 0.3,
            Style::fill(&fill, 1.0),
            None,
        );
    }
    svg.end();
    svg.rect(x, top, BAR_WIDTH, height, Style::line("#bdbdbd", 1.0), None);
    let (lo, hi) = scale.range();
    for k in 0..=4 {
        let t = k as f64 / 4.0;
        let y = top + height * (1.0 - t);
        svg.line(
            (x + BAR_WIDTH, y),
            (x + BAR_WIDTH + 4.0, y),
            Style::line(INK, 1.0),
            None,
        );
        svg.text(
            (x + BAR_WIDTH + 7.0, y + 4.0),
            &number(lo + (hi - lo) * t),
            11.0,
            TextStyle::new(INK).class("scale-tick"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fit_the_grid_and_stay_at_most_56_px() {
        assert_eq!(cell_size(2, 2), 56.0);
        assert_eq!(cell_size(16, 8), 30.0);
        assert_eq!(cell_size(64, 64), 7.5);
        assert_eq!(cell_origin(30.0, 2, 3), (LEFT + 90.0, TOP + 60.0));
    }

    #[test]
    fn masked_cells_are_crossed_out_and_numbers_written_when_they_fit() {
        let h = Heatmap {
            title: "t".into(),
            subtitle: "s".into(),
            cells: vec![vec![Some(1.0), None], vec![Some(0.25), Some(0.75)]],
            scale: Scale::Sequential { lo: 0.0, hi: 1.0 },
            row_label: "query",
            col_label: "key",
        };
        let svg = draw(&h);
        assert_eq!(svg.matches(r#"class="masked""#).count(), 1);
        assert_eq!(svg.matches(r#"class="cell""#).count(), 3);
        assert!(svg.contains(">0.25</text>") && svg.contains(">0.75</text>"));
        // the colour bar is labelled from 0 to 1
        assert!(svg.contains(r#"class="scale-tick""#) && svg.contains(">0.5</text>"));
    }
}
