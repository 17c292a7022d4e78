//! Products: a result with the shape of B A is named as such.

use faer::Mat;
use serde_json::Value;

use crate::wire::answer::{self, Numbers};

/// Advice when a product `A B` was answered with the shape of `B A`.
pub fn reversed_product_hint(
    factors: Option<&(Mat<f64>, Mat<f64>)>,
    expected: &Value,
    given: &Value,
) -> Option<String> {
    let (Ok(Numbers::Matrix(er, ec, _)), Ok(Numbers::Matrix(gr, gc, _))) =
        (answer::numbers(expected), answer::numbers(given))
    else {
        return None;
    };
    let (a, b) = factors?;
    ((gr, gc) == (b.nrows(), a.ncols()) && (gr, gc) != (er, ec)).then(|| {
        format!(
            "Your product has the shape of B A, not A B: a is {}x{} and b is {}x{}, so A B is {er}x{ec}.",
            a.nrows(),
            a.ncols(),
            b.nrows(),
            b.ncols()
        )
    })
}
