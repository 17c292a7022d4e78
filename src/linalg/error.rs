//! Why a computation failed, in shapes and values.
//!
//! A linalg function does not know which endpoint called it or what the client named its
//! operands, so its errors name operands by position: [`Operand::Arg`]`(0)` is the function's
//! first argument, [`Operand::Item`]`(0, 2)` the third element of a list argument. The caller,
//! which knows the request's field names, turns an error into a sentence once, at the edge, with
//! [`LinalgError::describe`]: `describe(&["a", "b"])` of a product's inner-dimension error reads
//! "a is 2x3 and b is 4x5; a's columns (3) must equal b's rows (4)". The same function then
//! serves `/matmul`, `/grade`, the benches and the unit tests with the right words in each.
//!
//! The variants are grouped by what a client must change (their [`ErrorClass`]), which is what
//! decides the HTTP status at the edge; no caller ever inspects the wording.

use std::fmt::{self, Write};

/// An operand of the failing function, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand {
    /// The function's argument at this position (counting every argument, from 0).
    Arg(usize),
    /// Element `.1` of the list argument at position `.0`.
    Item(usize, usize),
}

/// What an operand looked like: the words a message uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Vector(usize),
    Matrix(usize, usize),
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Vector(n) => write!(f, "a vector of length {n}"),
            Shape::Matrix(r, c) => write!(f, "{r}x{c}"),
        }
    }
}

/// Which extent of an operand a rule compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Rows,
    Columns,
    Length,
}

impl Axis {
    fn of(self, shape: Shape) -> usize {
        match (self, shape) {
            (Axis::Rows, Shape::Matrix(r, _)) => r,
            (Axis::Columns, Shape::Matrix(_, c)) => c,
            (_, Shape::Vector(n)) => n,
            (Axis::Length, Shape::Matrix(r, c)) => r * c,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Axis::Rows => "rows",
            Axis::Columns => "columns",
            Axis::Length => "length",
        }
    }
}

/// One side of a dimension rule: an operand, its shape, and the extent that must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    pub operand: Operand,
    pub shape: Shape,
    pub axis: Axis,
}

/// What a scalar parameter must satisfy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// A finite number >= the bound.
    AtLeast(f64),
    /// A finite number > 0.
    Positive,
    /// A finite number.
    Finite,
    /// A whole number in `[min, max]`; `max_is` says where the maximum comes from.
    Between {
        min: i64,
        max: i64,
        max_is: &'static str,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::AtLeast(x) => write!(f, "it must be a finite number >= {x}"),
            Rule::Positive => f.write_str("it must be a finite number > 0"),
            Rule::Finite => f.write_str("it must be finite"),
            Rule::Between {
                min,
                max,
                max_is: "",
            } => write!(f, "it must be between {min} and {max}"),
            Rule::Between { min, max, max_is } => {
                write!(f, "it must be between {min} and {max_is} = {max}")
            }
        }
    }
}

/// A result that would overflow a 64-bit float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    DotProduct,
    Product,
    Determinant,
    Solution,
    Norm,
    Distance,
    Result,
    Projection,
    Scores,
    Output,
    Score,
}

impl Quantity {
    fn word(self) -> &'static str {
        match self {
            Quantity::DotProduct => "dot product",
            Quantity::Product => "product",
            Quantity::Determinant => "determinant",
            Quantity::Solution => "solution",
            Quantity::Norm => "norm",
            Quantity::Distance => "distance",
            Quantity::Result => "result",
            Quantity::Projection => "projection",
            Quantity::Scores => "scores q k^T / sqrt(d)",
            Quantity::Output => "output",
            Quantity::Score => "score",
        }
    }
}

/// What cannot be defined for a zero vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroVectorUse {
    /// An angle (cosine, cosine distance).
    Angle,
    /// A direction to project onto.
    Direction,
    /// Cosine similarity in a search.
    CosineSimilarity,
}

/// Which iterative algorithm gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Svd,
    Eigen,
}

/// How the client must change the input; decides the HTTP status at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    InvalidInput,
    ShapeMismatch,
    Singular,
    NotPositiveDefinite,
    NotFinite,
    TooLarge,
}

/// Why a computation could not produce a result.
#[derive(Debug, Clone, PartialEq)]
pub enum LinalgError {
    /// Two extents that must be equal differ (inner dimensions of a product, lengths of two
    /// vectors, rows of a system and its right-hand side, ...).
    Dimensions { left: Extent, right: Extent },
    /// A matrix that must be square is not.
    NotSquare {
        operand: Operand,
        rows: usize,
        cols: usize,
    },
    /// A vector of the wrong length for the operation (a cross product needs 3).
    WrongLength {
        operand: Operand,
        len: usize,
        required: usize,
        operation: &'static str,
    },
    /// A picture of the plane given something that is not two-dimensional (a 3x3 matrix, a
    /// vector of length 3, data with 5 columns); `needs` says what it takes.
    NotPlanar {
        operand: Operand,
        shape: Shape,
        needs: &'static str,
    },
    /// A picture that would have more marks than it can show readably.
    TooManyToDraw {
        operand: Operand,
        count: usize,
        limit: usize,
        /// What is counted (`cells`, `samples`, `rows`).
        unit: &'static str,
    },
    /// A list with fewer items than the operation needs.
    TooFew {
        operand: Operand,
        count: usize,
        min: usize,
        /// What is counted, singular and plural.
        unit: (&'static str, &'static str),
        operation: &'static str,
    },
    /// Two lists that must pair up one to one do not (vectors and their coefficients).
    Unpaired {
        items: (Operand, usize),
        partners: (Operand, usize),
    },
    /// A scalar parameter out of its range.
    Parameter {
        operand: Operand,
        value: f64,
        rule: Rule,
    },
    /// A zero vector where a direction is needed.
    ZeroVector {
        operand: Operand,
        usage: ZeroVectorUse,
    },
    /// An entry that must be 0 or 1 (an attention mask).
    NotZeroOrOne {
        operand: Operand,
        row: usize,
        col: usize,
        value: f64,
    },
    /// A mask row that masks every position.
    FullyMasked { operand: Operand, row: usize },
    /// `symmetric: true` for a matrix that is not symmetric.
    NotSymmetric { operand: Operand },
    /// Every sample identical: no variance to explain.
    NoVariance { operand: Operand },
    /// Singular to working precision (reciprocal condition number below machine epsilon).
    Singular { operand: Operand, rcond: f64 },
    /// Not symmetric positive definite.
    NotPositiveDefinite { operand: Operand, symmetric: bool },
    /// A result would overflow a 64-bit float.
    NotFinite {
        quantity: Quantity,
        hint: &'static str,
    },
    /// A result (or an intermediate product) would hold more entries than allowed.
    ResultTooLarge {
        rows: usize,
        cols: usize,
        limit: usize,
    },
    /// An iterative algorithm did not converge.
    NoConvergence { algorithm: Algorithm },
    /// A tensor shape rule, with its own sentence (shapes carry no operand names).
    Tensor(TensorError),
    /// The error of one step of a chain of shape operations; the step's own operands are its
    /// fields, named by `fields`.
    Step {
        index: usize,
        op: &'static str,
        fields: &'static [&'static str],
        error: Box<LinalgError>,
    },
}

/// Tensor shape errors: PyTorch's rules, told in shapes.
#[derive(Debug, Clone, PartialEq)]
pub enum TensorError {
    NegativeDimension {
        operand: Operand,
        shape: Vec<i64>,
    },
    ShapeTooLarge {
        operand: Operand,
        shape: Vec<i64>,
    },
    DimOutOfRange {
        operand: Operand,
        dim: i64,
        ndim: usize,
    },
    TwoWildcards {
        shape: Vec<i64>,
    },
    NegativeTarget {
        shape: Vec<i64>,
        dim: i64,
    },
    CannotReshape {
        from: Vec<usize>,
        count: usize,
        to: Vec<i64>,
        to_count: Option<usize>,
    },
    PermutationLength {
        dims: Vec<i64>,
        ndim: usize,
    },
    NotPermutation {
        dims: Vec<i64>,
        ndim: usize,
        repeated: usize,
    },
    ZeroDimensional {
        a: Vec<usize>,
        b: Vec<usize>,
    },
    InnerDimensions {
        a: Vec<usize>,
        b: Vec<usize>,
        inner_a: usize,
        inner_b: usize,
    },
    Broadcast {
        a: Vec<usize>,
        b: Vec<usize>,
        x: usize,
        y: usize,
        at: usize,
    },
    ResultTooLarge {
        shape: Vec<usize>,
        count: usize,
        limit: usize,
    },
    ResultOverflows {
        shape: Vec<usize>,
    },
}

pub type LinalgResult<T> = Result<T, LinalgError>;

impl From<TensorError> for LinalgError {
    fn from(e: TensorError) -> Self {
        LinalgError::Tensor(e)
    }
}

impl LinalgError {
    /// How the client must change the input.
    pub fn class(&self) -> ErrorClass {
        match self {
            LinalgError::Dimensions { .. }
            | LinalgError::NotSquare { .. }
            | LinalgError::NotPlanar { .. } => ErrorClass::ShapeMismatch,
            LinalgError::TooManyToDraw { .. } => ErrorClass::TooLarge,
            LinalgError::WrongLength { .. }
            | LinalgError::TooFew { .. }
            | LinalgError::Parameter { .. }
            | LinalgError::ZeroVector { .. }
            | LinalgError::NotZeroOrOne { .. }
            | LinalgError::FullyMasked { .. }
            | LinalgError::NotSymmetric { .. }
            | LinalgError::NoVariance { .. }
            | LinalgError::NoConvergence { .. } => ErrorClass::InvalidInput,
            LinalgError::Unpaired { .. } => ErrorClass::ShapeMismatch,
            LinalgError::Singular { .. } => ErrorClass::Singular,
            LinalgError::NotPositiveDefinite { .. } => ErrorClass::NotPositiveDefinite,
            LinalgError::NotFinite { .. } => ErrorClass::NotFinite,
            LinalgError::ResultTooLarge { .. } => ErrorClass::TooLarge,
            LinalgError::Tensor(t) => match t {
                TensorError::NegativeDimension { .. }
                | TensorError::DimOutOfRange { .. }
                | TensorError::TwoWildcards { .. }
                | TensorError::NegativeTarget { .. }
                | TensorError::PermutationLength { .. }
                | TensorError::NotPermutation { .. } => ErrorClass::InvalidInput,
                TensorError::CannotReshape { .. }
                | TensorError::ZeroDimensional { .. }
                | TensorError::InnerDimensions { .. }
                | TensorError::Broadcast { .. } => ErrorClass::ShapeMismatch,
                TensorError::ShapeTooLarge { .. }
                | TensorError::ResultTooLarge { .. }
                | TensorError::ResultOverflows { .. } => ErrorClass::TooLarge,
            },
            LinalgError::Step { error, .. } => error.class(),
        }
    }

    /// The error as a sentence, with `names[i]` for the operand at position `i` (an operand
    /// without a name is "operand i").
    pub fn describe(&self, names: &[&str]) -> String {
        let name = |o: &Operand| operand_name(*o, names);
        let mut out = String::new();
        let w = &mut out;
        // Writing to a String cannot fail.
        let _ = match self {
            LinalgError::Dimensions { left, right } => {
                let (l, r) = (name(&left.operand), name(&right.operand));
                write!(
                    w,
                    "{l} is {} and {r} is {}; {l}'s {} ({}) must equal {r}'s {} ({})",
                    left.shape,
                    right.shape,
                    left.axis.word(),
                    left.axis.of(left.shape),
                    right.axis.word(),
                    right.axis.of(right.shape)
                )
            }
            LinalgError::NotSquare {
                operand,
                rows,
                cols,
            } => write!(w, "{} is {rows}x{cols}; it must be square", name(operand)),
            LinalgError::NotPlanar {
                operand,
                shape,
                needs,
            } => match shape {
                Shape::Vector(n) => write!(
                    w,
                    "{} has length {n}; a picture of the plane needs {needs}",
                    name(operand)
                ),
                Shape::Matrix(..) => write!(
                    w,
                    "{} is {shape}; a picture of the plane needs {needs}",
                    name(operand)
                ),
            },
            LinalgError::TooManyToDraw {
                operand,
                count,
                limit,
                unit,
            } => write!(
                w,
                "{} would be drawn as {count} {unit}; a picture shows at most {limit}",
                name(operand)
            ),
            LinalgError::WrongLength {
                operand,
                len,
                required,
                operation,
            } => write!(
                w,
                "{} has length {len}; the {operation} needs vectors of length {required}",
                name(operand)
            ),
            LinalgError::TooFew {
                operand,
                count,
                min,
                unit,
                operation,
            } => write!(
                w,
                "{} has {count} {}; {operation} needs at least {min} {}",
                name(operand),
                if *count == 1 { unit.0 } else { unit.1 },
                unit.1
            ),
            LinalgError::Unpaired { items, partners } => write!(
                w,
                "{} has {} entries but {} has {}; give one of {} for each of {}",
                name(&items.0),
                items.1,
                name(&partners.0),
                partners.1,
                name(&partners.0),
                name(&items.0)
            ),
            LinalgError::Parameter {
                operand,
                value,
                rule,
            } => write!(w, "{} is {value}; {rule}", name(operand)),
            LinalgError::ZeroVector { operand, usage } => {
                let n = name(operand);
                match usage {
                    ZeroVectorUse::Angle => {
                        write!(w, "{n} is a zero vector; its angle is undefined")
                    }
                    ZeroVectorUse::Direction => write!(
                        w,
                        "{n} is a zero vector; there is no direction to project onto"
                    ),
                    ZeroVectorUse::CosineSimilarity => write!(
                        w,
                        "{n} is a zero vector; cosine similarity is undefined for it"
                    ),
                }
            }
            LinalgError::NotZeroOrOne {
                operand,
                row,
                col,
                value,
            } => write!(
                w,
                "{} entry ({row}, {col}) is {value}; its entries must be 0 or 1 (1 = keep)",
                name(operand)
            ),
            LinalgError::FullyMasked { operand, row } => write!(
                w,
                "{} row {row} masks every key; its softmax is undefined",
                name(operand)
            ),
            LinalgError::NotSymmetric { operand } => write!(
                w,
                "symmetric is true but {} is not symmetric (within 1e-12 relative)",
                name(operand)
            ),
            LinalgError::NoVariance { operand } => write!(
                w,
                "every sample in {} is identical (total variance 0); explained_variance_ratio is undefined",
                name(operand)
            ),
            LinalgError::Singular { operand, rcond } => write!(
                w,
                "{} is singular or too close to singular to invert (reciprocal condition number {rcond:.3e} < machine epsilon {:.3e})",
                name(operand),
                f64::EPSILON
            ),
            LinalgError::NotPositiveDefinite { operand, symmetric } => {
                if *symmetric {
                    write!(
                        w,
                        "{} is symmetric but not positive definite (a pivot was <= 0)",
                        name(operand)
                    )
                } else {
                    write!(
                        w,
                        "{} is not symmetric, so it is not symmetric positive definite",
                        name(operand)
                    )
                }
            }
            LinalgError::NotFinite { quantity, hint } => write!(
                w,
                "the {} is not finite (it overflows a 64-bit float); scale the input down{}",
                quantity.word(),
                if hint.is_empty() {
                    String::new()
                } else {
                    format!(" ({hint})")
                }
            ),
            LinalgError::ResultTooLarge { rows, cols, limit } => write!(
                w,
                "the result would be {rows}x{cols} ({} entries); the limit is {limit} per operand",
                (*rows as u128) * (*cols as u128)
            ),
            LinalgError::NoConvergence { algorithm } => write!(
                w,
                "the {} iteration did not converge for this input",
                match algorithm {
                    Algorithm::Svd => "SVD",
                    Algorithm::Eigen => "eigenvalue",
                }
            ),
            LinalgError::Tensor(t) => describe_tensor(w, t, names),
            LinalgError::Step {
                index,
                op,
                fields,
                error,
            } => write!(w, "step {index} ({op}): {}", error.describe(fields)),
        };
        out
    }
}

fn operand_name(operand: Operand, names: &[&str]) -> String {
    match operand {
        Operand::Arg(i) => names
            .get(i)
            .map_or_else(|| format!("operand {i}"), |n| n.to_string()),
        Operand::Item(i, k) => format!("{}[{k}]", operand_name(Operand::Arg(i), names)),
    }
}

fn describe_tensor(w: &mut String, t: &TensorError, names: &[&str]) -> fmt::Result {
    let name = |o: &Operand| operand_name(*o, names);
    match t {
        TensorError::NegativeDimension { operand, shape } => {
            let d = shape.iter().find(|&&d| d < 0).copied().unwrap_or(-1);
            write!(
                w,
                "{} {shape:?} has a negative dimension ({d})",
                name(operand)
            )
        }
        TensorError::ShapeTooLarge { operand, shape } => write!(
            w,
            "{} {shape:?} has more than 2^63 - 1 elements",
            name(operand)
        ),
        TensorError::DimOutOfRange { operand, dim, ndim } => {
            let n = (*ndim).max(1) as i64;
            write!(
                w,
                "{} is {dim}; it must be in [{}, {}] for a {ndim}-dimensional tensor",
                name(operand),
                -n,
                n - 1
            )
        }
        TensorError::TwoWildcards { shape } => write!(w, "shape {shape:?} has more than one -1"),
        TensorError::NegativeTarget { shape, dim } => write!(
            w,
            "shape {shape:?} has a negative dimension ({dim}) other than -1"
        ),
        TensorError::CannotReshape {
            from,
            count,
            to,
            to_count,
        } => match to_count {
            None => write!(w, "cannot reshape {from:?} ({count} elements) into {to:?}"),
            Some(k) => write!(
                w,
                "cannot reshape {from:?} ({count} elements) into {to:?} ({k} elements)"
            ),
        },
        TensorError::PermutationLength { dims, ndim } => write!(
            w,
            "dims {dims:?} has {} entries but the tensor has {ndim} dimensions",
            dims.len()
        ),
        TensorError::NotPermutation {
            dims,
            ndim,
            repeated,
        } => write!(
            w,
            "dims {dims:?} is not a permutation of the tensor's {ndim} dimensions (dimension {repeated} repeats)"
        ),
        TensorError::ZeroDimensional { a, b } => write!(
            w,
            "{a:?} @ {b:?}: both operands of matmul must be at least 1-dimensional"
        ),
        TensorError::InnerDimensions {
            a,
            b,
            inner_a,
            inner_b,
        } => write!(
            w,
            "{a:?} @ {b:?}: inner dimensions {inner_a} and {inner_b} differ (the last dimension of the first must equal the second-to-last of the second)"
        ),
        TensorError::Broadcast { a, b, x, y, at } => write!(
            w,
            "{a:?} @ {b:?}: batch dimensions do not broadcast ({x} vs {y} at batch dimension {at})"
        ),
        TensorError::ResultTooLarge {
            shape,
            count,
            limit,
        } => write!(
            w,
            "the result would have shape {shape:?} ({count} elements); the limit is {limit}"
        ),
        TensorError::ResultOverflows { shape } => {
            write!(w, "the result {shape:?} has more than 2^63 - 1 elements")
        }
    }
}

impl fmt::Display for LinalgError {
    /// The sentence with positional operand names; callers with field names use
    /// [`LinalgError::describe`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&[]))
    }
}

impl std::error::Error for LinalgError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_error_names_the_callers_operands() {
        let e = LinalgError::Dimensions {
            left: Extent {
                operand: Operand::Arg(0),
                shape: Shape::Matrix(2, 3),
                axis: Axis::Columns,
            },
            right: Extent {
                operand: Operand::Arg(1),
                shape: Shape::Matrix(4, 5),
                axis: Axis::Rows,
            },
        };
        assert_eq!(
            e.describe(&["a", "b"]),
            "a is 2x3 and b is 4x5; a's columns (3) must equal b's rows (4)"
        );
        assert_eq!(e.class(), ErrorClass::ShapeMismatch);
        assert!(e.to_string().starts_with("operand 0 is 2x3"));
    }

    #[test]
    fn list_items_are_named_with_their_index() {
        let e = LinalgError::ZeroVector {
            operand: Operand::Item(0, 3),
            usage: ZeroVectorUse::CosineSimilarity,
        };
        assert_eq!(
            e.describe(&["embeddings"]),
            "embeddings[3] is a zero vector; cosine similarity is undefined for it"
        );
    }

    #[test]
    fn a_step_error_keeps_its_inner_class() {
        let e = LinalgError::Step {
            index: 2,
            op: "matmul",
            fields: &["other"],
            error: Box::new(
                TensorError::InnerDimensions {
                    a: vec![2, 3],
                    b: vec![2, 4],
                    inner_a: 3,
                    inner_b: 2,
                }
                .into(),
            ),
        };
        assert_eq!(e.class(), ErrorClass::ShapeMismatch);
        assert!(
            e.describe(&[])
                .starts_with("step 2 (matmul): [2, 3] @ [2, 4]")
        );
    }
}
