//! The query side of a search: `query` (one vector) or `queries` (a batch), and results shaped
//! the same way. `/cosine-search` and stored-collection search read and answer it identically.

use serde::Serialize;

use super::alternatives::{Either, one_of};
use super::choice::Choice;
use super::error::{WireError, WireResult};
use super::operand::{MatrixIn, RowMajor, VectorIn};
use crate::limits::Limits;
use crate::linalg::search::Metric;

/// A `metric` field.
pub type MetricName = super::choice::Named<Metric>;

impl Choice for Metric {
    const SCHEMA_NAME: &'static str = "Metric";
    const DESCRIPTION: &'static str = "`cosine` (similarity, higher is better), `dot` (higher is better) or `euclidean` (distance, lower is better).";
    const ALL: &'static [(Self, &'static str)] = &[
        (Metric::Cosine, "cosine"),
        (Metric::Dot, "dot"),
        (Metric::Euclidean, "euclidean"),
    ];
}

/// `k` of a search: default 10, at least 1 (`k = 0` is a 422), capped at `limits.max_k`.
pub fn top_k(k: Option<i64>, limits: &Limits) -> WireResult<usize> {
    let k = k.unwrap_or(10);
    if k < 1 {
        return Err(WireError::Invalid(format!(
            "k is {k}; it must be at least 1"
        )));
    }
    Ok(usize::try_from(k).unwrap_or(usize::MAX).min(limits.max_k))
}

/// One query or a batch, as rows of one row-major matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryBatch {
    /// Whether the request sent `query` (results are then one list, not a list of lists).
    pub single: bool,
    pub rows: RowMajor,
}

impl QueryBatch {
    /// Exactly one of `query` and `queries`, with at most `limits.max_batch` queries.
    pub fn from_fields(
        query: Option<VectorIn>,
        queries: Option<MatrixIn>,
        limits: &Limits,
    ) -> WireResult<QueryBatch> {
        let batch = match one_of(query, queries, ("query", "queries"))? {
            Either::Left(q) => {
                let q = q.into_vec("query", limits)?;
                QueryBatch {
                    single: true,
                    rows: RowMajor {
                        rows: 1,
                        cols: q.len(),
                        data: q,
                    },
                }
            }
            Either::Right(qs) => QueryBatch {
                single: false,
                rows: qs.into_rows("queries", limits)?,
            },
        };
        if batch.rows.rows > limits.max_batch {
            return Err(WireError::TooLarge(format!(
                "queries has {} vectors; the limit is {} per request",
                batch.rows.rows, limits.max_batch
            )));
        }
        Ok(batch)
    }

    /// Requires every query to have `dimension` entries; `owner` says whose dimension it is
    /// (`embeddings have`, `collection "docs" has`).
    pub fn check_dimension(&self, dimension: usize, owner: &str) -> WireResult<()> {
        if self.rows.cols == dimension {
            return Ok(());
        }
        Err(WireError::ShapeMismatch(format!(
            "{owner} dimension {dimension} but the {} length {}",
            if self.single {
                "query has"
            } else {
                "queries have"
            },
            self.rows.cols
        )))
    }

    /// The field name of query `i`, for messages about one query.
    pub fn field_of(&self, i: usize) -> String {
        if self.single {
            "query".to_string()
        } else {
            format!("queries[{i}]")
        }
    }

    /// Scales every query to unit length (for cosine similarity); a zero query is a 422 naming
    /// it.
    pub fn normalize(&mut self) -> WireResult<()> {
        let cols = self.rows.cols;
        crate::linalg::search::normalize_rows(&mut self.rows.data, cols).map_err(|i| {
            WireError::Invalid(format!(
                "{} is a zero vector; cosine similarity is undefined for it",
                self.field_of(i)
            ))
        })
    }

    /// Results shaped like the request: one list for `query`, a list of lists for `queries`.
    pub fn shape_results<T>(&self, mut lists: Vec<Vec<T>>) -> SearchResults<T> {
        if self.single {
            SearchResults::One(lists.pop().unwrap_or_default())
        } else {
            SearchResults::Many(lists)
        }
    }
}

/// Results for `query` (a list), or for `queries` (a list of lists). Its schema is named after
/// the hit (`crate::search_results!`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum SearchResults<T> {
    One(Vec<T>),
    Many(Vec<Vec<T>>),
}
