// Every operation of linalg-server through a typed fetch wrapper (openapi-fetch over the
// generated `src/schema.d.ts`): `tsc` checks each request body and path against the OpenAPI
// document, and `node dist/usage.js <base-url>` sends them all and fails on any error.
//
// The calls below are the document's own request examples, one per operation (collections in
// the order a user tries them); `typedUse` shows the types at work as a user writes them.

import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Answer = { data?: unknown; error?: unknown; response: Response };

export async function everyOperation(baseUrl: string): Promise<Answer[]> {
  const api = createClient<paths>({ baseUrl });
  const answers: Answer[] = [];
  answers.push(await api.POST("/attention", { body: {"k": [[1, 0], [0, 1]], "mask": "causal", "q": [[1, 0], [0, 1]], "v": [[1, 2], [3, 4]]} }));  // attention
  answers.push(await api.POST("/cholesky", { body: {"matrix": [[4, 2], [2, 5]]} }));  // cholesky
  answers.push(await api.POST("/cosine", { body: {"a": [1, 0], "b": [1, 1]} }));  // cosine
  answers.push(await api.POST("/cosine-search", { body: {"embeddings": [[1, 0], [0.6, 0.8], [0, 1]], "k": 2, "query": [1, 0.1]} }));  // cosine_search
  answers.push(await api.POST("/cross", { body: {"a": [1, 0, 0], "b": [0, 1, 0]} }));  // cross
  answers.push(await api.POST("/determinant", { body: {"matrix": [[1, 2], [3, 4]]} }));  // determinant
  answers.push(await api.POST("/distance", { body: {"a": [1, 2], "b": [4, 6], "metric": "euclidean"} }));  // distance
  answers.push(await api.POST("/dot", { body: {"a": [1, 2, 3], "b": [4, 5, 6]} }));  // dot
  answers.push(await api.POST("/eigen", { body: {"matrix": [[2, 1], [1, 2]]} }));  // eigen
  answers.push(await api.POST("/exercises", { body: {"difficulty": 1, "kind": "inverse", "seed": 7} }));  // exercises
  answers.push(await api.POST("/grade", { body: {"answer": {"result": [[19, 22], [43, 50]], "shape": [2, 2]}, "input": {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}, "op": "matmul"} }));  // grade
  answers.push(await api.GET("/health"));  // health
  answers.push(await api.POST("/inverse", { body: {"matrix": [[4, 7], [2, 6]]} }));  // inverse
  answers.push(await api.POST("/linear-combination", { body: {"coefficients": [2, 3], "vectors": [[1, 0], [0, 1]]} }));  // linear_combination
  answers.push(await api.POST("/lora", { body: {"a": [[1, 2, 3]], "alpha": 2, "b": [[1], [1]], "w": [[0, 0, 0], [0, 0, 0]]} }));  // lora
  answers.push(await api.POST("/low-rank", { body: {"k": 1, "matrix": [[3, 1, 1], [-1, 3, 1]]} }));  // low_rank
  answers.push(await api.POST("/lstsq", { body: {"a": [[1, 0], [1, 1], [1, 2]], "b": [1, 2, 2]} }));  // lstsq
  answers.push(await api.POST("/lu", { body: {"matrix": [[1, 2], [3, 4]]} }));  // lu
  answers.push(await api.POST("/matmul", { body: {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]} }));  // matmul
  answers.push(await api.GET("/metrics", { parseAs: "text" }));  // metrics
  answers.push(await api.POST("/norm", { body: {"ord": "l2", "vector": [3, 4]} }));  // norm
  answers.push(await api.POST("/pca", { body: {"data": [[1, 2], [2, 4], [3, 6], [4, 8.5]], "n_components": 1} }));  // pca
  answers.push(await api.POST("/project", { body: {"onto": [1, 0], "vector": [2, 3]} }));  // project
  answers.push(await api.POST("/qr", { body: {"matrix": [[3, 1], [4, 2]]} }));  // qr
  answers.push(await api.POST("/rank", { body: {"matrix": [[1, 2], [2, 4]]} }));  // rank
  answers.push(await api.GET("/ready"));  // ready
  answers.push(await api.POST("/rref", { body: {"exact": true, "matrix": [[1, 2, 3], [2, 4, 7]]} }));  // rref
  answers.push(await api.POST("/shapes", { body: {"input": [32, 10, 64], "ops": [{"dim0": 1, "dim1": 2, "op": "transpose"}, {"op": "matmul", "other": [32, 10, 5]}]} }));  // shapes
  answers.push(await api.POST("/softmax", { body: {"temperature": 1, "vector": [1, 2, 3]} }));  // softmax
  answers.push(await api.POST("/solve", { body: {"a": [[2, 1], [1, 3]], "b": [3, 5]} }));  // solve
  answers.push(await api.POST("/subspaces", { body: {"matrix": [[1, 2], [2, 4]]} }));  // subspaces
  answers.push(await api.POST("/svd", { body: {"matrix": [[3, 0], [4, 5]]} }));  // svd
  answers.push(await api.POST("/tensor/matmul", { body: {"a": {"data": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "shape": [2, 2, 3]}, "b": {"data": [1, 0, -1], "shape": [3]}} }));  // tensor_matmul
  answers.push(await api.POST("/tensor/permute", { body: {"dims": [2, 0, 1], "tensor": {"data": [1, 2, 3, 4, 5, 6], "shape": [1, 2, 3]}} }));  // tensor_permute
  answers.push(await api.POST("/tensor/reshape", { body: {"shape": [3, -1], "tensor": {"data": [1, 2, 3, 4, 5, 6], "shape": [2, 3]}} }));  // tensor_reshape
  answers.push(await api.POST("/tensor/transpose", { body: {"dim0": 1, "dim1": -1, "tensor": {"data": [1, 2, 3, 4, 5, 6], "shape": [1, 2, 3]}} }));  // tensor_transpose
  answers.push(await api.POST("/transpose", { body: {"matrix": [[1, 2, 3], [4, 5, 6]]} }));  // transpose
  answers.push(await api.PUT("/collections/{name}", { params: { path: {"name": "docs"} }, body: {"dimension": 3, "metric": "cosine"} }));  // create_collection
  answers.push(await api.POST("/collections/{name}/points", { params: { path: {"name": "docs"} }, body: {"points": [{"id": 1, "payload": {"lang": "en"}, "vector": [0.1, 0.2, 0.3]}, {"id": "doc-7", "vector": [0.3, 0.1, 0.0]}]} }));  // upsert_points
  answers.push(await api.GET("/collections"));  // list_collections
  answers.push(await api.GET("/collections/{name}", { params: { path: {"name": "docs"} } }));  // get_collection
  answers.push(await api.GET("/collections/{name}/points/{id}", { params: { path: {"name": "docs", "id": "1"} } }));  // get_point
  answers.push(await api.POST("/collections/{name}/search", { params: { path: {"name": "docs"} }, body: {"filter": {"lang": "en"}, "k": 5, "query": [0.1, 0.2, 0.3], "with_payload": true} }));  // search_collection
  answers.push(await api.DELETE("/collections/{name}/points/{id}", { params: { path: {"name": "docs", "id": "1"} } }));  // delete_point
  answers.push(await api.DELETE("/collections/{name}", { params: { path: {"name": "docs"} } }));  // delete_collection
  return answers;
}

export async function typedUse(baseUrl: string): Promise<number> {
  const api = createClient<paths>({ baseUrl });
  const svd = await api.POST("/svd", { body: { matrix: [[3, 0], [4, 5]] } });
  const s: number[] = svd.data?.s ?? [];

  const point: components["schemas"]["PointIn"] = { id: "doc-7", vector: [0.6, 0.8], payload: { lang: "en" } };
  await api.PUT("/collections/{name}", { params: { path: { name: "typed" } }, body: { dimension: 2, metric: "cosine" } });
  await api.POST("/collections/{name}/points", { params: { path: { name: "typed" } }, body: { points: [{ id: 1, vector: [1, 0] }, point] } });
  const found = await api.POST("/collections/{name}/search", {
    params: { path: { name: "typed" } },
    body: { query: [0, 1], k: 1, filter: { lang: "en" } },
  });
  const hits = found.data?.results ?? [];

  const verdict = await api.POST("/grade", {
    body: { op: "dot", input: { a: [1, 2, 3], b: [4, 5, 6] }, answer: { dot: 32 }, tolerance: { decimals: 2 } },
  });

  await api.POST("/cosine-search", {
    // @ts-expect-error: "cosinee" is not a metric; the enum in the document catches it here
    body: { query: [1, 0], embeddings: [[1, 0]], metric: "cosinee" },
  });
  // @ts-expect-error: a point id is an integer or a string, never an object
  const badId: components["schemas"]["PointIn"] = { id: {}, vector: [1, 0] };
  void badId;

  return s.length + hits.length + (verdict.data?.correct ? 1 : 0);
}

async function main(): Promise<void> {
  const baseUrl = process.argv[2] ?? "http://127.0.0.1:8080";
  const answers = await everyOperation(baseUrl);
  const failed = answers.filter((a) => !a.response.ok);
  for (const a of failed) {
    console.error(a.response.status, a.response.url, JSON.stringify(a.error));
  }
  const used = await typedUse(baseUrl);
  console.log(`${answers.length} operations answered, ${failed.length} failed; typed use: ${used}`);
  if (failed.length > 0 || used !== 4) {
    process.exit(1);
  }
}

if (process.argv[1]?.endsWith("usage.js")) {
  await main();
}
