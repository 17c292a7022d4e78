//! `/cosine-search`: exact top-k similarity search over embeddings sent with the request.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::api::registry::{Operation, Tag};
use crate::error::{OpResult, Operands};
use crate::grading::Rule;
use crate::grading::exercises::{self, Exercise, ExerciseGen};
use crate::limits::Limits;
use crate::linalg::search::{self, Metric};
use crate::linalg::{LinalgError, Operand, ZeroVectorUse};
use crate::wire::query::MetricName;
use crate::wire::query::top_k;
use crate::wire::{MatrixIn, Named, QueryBatch, SearchResults, VectorIn, finite};

/// Embeddings, one query or a batch, and how many results.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CosineSearchRequest {
    /// The set to search, one row per item.
    pub embeddings: MatrixIn,
    /// One query (or use `queries`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub query: Option<VectorIn>,
    /// A batch of queries (or use `query`).
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub queries: Option<MatrixIn>,
    /// How many results per query (default 10); larger than the set returns the whole set.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub k: Option<i64>,
    /// `cosine` (default), `dot` or `euclidean`.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "crate::wire::not_null")]
    pub metric: Option<MetricName>,
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndexHit {
    /// Row of `embeddings`.
    pub index: usize,
    /// Similarity (cosine, dot: higher is better) or distance (euclidean: lower is better).
    #[serde(serialize_with = "finite")]
    pub score: f64,
}

crate::search_results!(IndexHitResults, IndexHit);

#[derive(Debug, Serialize, ToSchema)]
pub struct CosineSearchResponse {
    /// Best first; ties broken by lower index.
    #[schema(value_type = IndexHitResults)]
    pub results: SearchResults<IndexHit>,
}

pub struct CosineSearch;

impl Operation for CosineSearch {
    const NAME: &'static str = "cosine-search";
    const TAG: Tag = Tag::Search;
    const SUMMARY: &'static str = "Exact top-k similarity search over the embeddings sent.";
    const DESCRIPTION: &'static str = "For `query`, a list of `{index, score}`; for `queries`, a list of such lists. Best first: the highest score for cosine and dot, the lowest distance for euclidean; ties broken by lower index. `k` larger than the set returns the whole set. A zero vector under cosine is a 422.";
    const RULES: &'static [(&'static str, Rule)] = &[("results", Rule::Ranked)];
    type Request = CosineSearchRequest;
    type Response = CosineSearchResponse;

    fn run(req: CosineSearchRequest, limits: &Limits) -> OpResult<CosineSearchResponse> {
        let k = top_k(req.k, limits)?;
        let metric = Named::or_default("metric", req.metric.as_ref(), Metric::Cosine)?;
        let mut emb = req.embeddings.into_row_major("embeddings", limits)?;
        let mut batch = QueryBatch::from_fields(req.query, req.queries, limits)?;
        batch.check_dimension(emb.cols, "embeddings have")?;
        if metric == Metric::Cosine {
            search::normalize_rows(&mut emb.data, emb.cols)
                .map_err(|i| LinalgError::ZeroVector {
                    operand: Operand::Item(0, i),
                    usage: ZeroVectorUse::CosineSimilarity,
                })
                .operands(&["embeddings"])?;
            batch.normalize()?;
        }
        let hits = search::search(emb.view(), batch.rows.view(), k, metric, None)
            .operands(&["embeddings", "queries"])?;
        let lists = hits
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(|h| IndexHit {
                        index: h.index,
                        score: h.score,
                    })
                    .collect()
            })
            .collect();
        Ok(CosineSearchResponse {
            results: batch.shape_results(lists),
        })
    }

    fn exercise(g: &mut ExerciseGen) -> Exercise {
        exercises::search::cosine_search(g)
    }

    fn example() -> Value {
        json!({"embeddings": [[1, 0], [0.6, 0.8], [0, 1]], "query": [1, 0.1], "k": 2})
    }
}
