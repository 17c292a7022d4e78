//! An operand as read, before any shape rule: a vector, a matrix (flat, row-major), or a
//! generated operand. The JSON scanner and the MessagePack visitor both produce it, keeping row
//! shapes the same way ([`RowShape`]), so both report the same ragged row.

use super::generated::RandomSpec;

/// A JSON number array as parsed, before any shape rule is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Numeric {
    /// `[1, 2, 3]` (also `[]`).
    Vector(Vec<f64>),
    /// `[[1, 2], [3, 4]]`, flattened row-major. `ragged` is the first row whose length differs
    /// from row 0's, as `(row, length)`; `data` is then unusable.
    Matrix {
        rows: usize,
        cols: usize,
        data: Vec<f64>,
        ragged: Option<(usize, usize)>,
    },
    Random(RandomSpec),
}

/// The shape of an operand's outer array as its rows go by: the JSON scanner and the binary
/// visitor keep it the same way, so both report the same ragged row.
#[derive(Default)]
pub(crate) struct RowShape {
    pub(crate) rows: usize,
    cols: Option<usize>,
    /// The first row whose length differs from row 0's, as `(row, length)`.
    ragged: Option<(usize, usize)>,
}

impl RowShape {
    pub(crate) fn push_row(&mut self, len: usize) {
        match self.cols {
            None => self.cols = Some(len),
            Some(c) if c != len && self.ragged.is_none() => self.ragged = Some((self.rows, len)),
            _ => {}
        }
        self.rows += 1;
    }

    /// A vector when no row was seen, else a matrix (flat row-major `data`).
    pub(crate) fn finish(self, data: Vec<f64>) -> Numeric {
        match self.cols {
            None => Numeric::Vector(data),
            Some(cols) => Numeric::Matrix {
                rows: self.rows,
                cols,
                data,
                ragged: self.ragged,
            },
        }
    }
}
