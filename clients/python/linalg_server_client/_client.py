"""`Linalg`: linalg-server with NumPy arrays, MessagePack when installed, batched upserts and
retries that honour `Retry-After`.

Every call goes through the generated client's HTTP connection (`Linalg.api`, a
`linalg_server_api.Client`), so its settings (base URL, API key, timeout, transport) hold for
both; answers about grading and collections come back as the generated, typed models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
import json
from typing import Any, NamedTuple
from urllib.parse import quote

import httpx
import numpy as np

from linalg_server_api import AuthenticatedClient, Client
from linalg_server_api.models import (
    CollectionList,
    CollectionResponse,
    ExerciseResponse,
    GradeResponse,
    PointOut,
)

from ._arrays import Answer, fields, from_wire, to_wire
from ._retry import RetryAfterTransport

try:  # MessagePack is optional: JSON when it is not installed
    import msgpack as _msgpack
except ImportError:  # pragma: no cover - depends on the environment
    _msgpack = None

MSGPACK = "application/msgpack"
JSON = "application/json"


class ProblemError(Exception):
    """An RFC 9457 problem the server answered with (`type`, `status`, `detail`)."""

    def __init__(self, status: int, problem: dict[str, Any], retry_after: str | None) -> None:
        self.status = status
        self.type = problem.get("type", "about:blank")
        self.title = problem.get("title", "")
        self.detail = problem.get("detail", "")
        self.retry_after = retry_after
        super().__init__(f"{status} {self.type}: {self.detail}")


class SVD(NamedTuple):
    u: np.ndarray | None
    s: np.ndarray
    vt: np.ndarray | None


class Linalg:
    """A linalg-server at `base_url`.

    >>> la = Linalg("http://127.0.0.1:8080")
    >>> la.dot([1, 2, 3], [4, 5, 6])
    32.0
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8080",
        *,
        api_key: str | None = None,
        use_msgpack: bool | None = None,
        retries: int = 5,
        timeout: float = 120.0,
    ) -> None:
        self.transport = RetryAfterTransport(retries=retries)
        settings: dict[str, Any] = {
            "base_url": base_url,
            "timeout": httpx.Timeout(timeout),
            "httpx_args": {"transport": self.transport},
            "raise_on_unexpected_status": True,
        }
        self.api: Client | AuthenticatedClient = (
            AuthenticatedClient(token=api_key, **settings) if api_key else Client(**settings)
        )
        if use_msgpack and _msgpack is None:
            raise ValueError("use_msgpack=True needs the msgpack package (pip install msgpack)")
        self.use_msgpack = _msgpack is not None if use_msgpack is None else use_msgpack
        self._json_only: set[str] = set()

    # -- the one request path ---------------------------------------------------------------

    def request(self, method: str, path: str, body: Any = None) -> Any:
        """Sends `body` (NumPy allowed) and returns the decoded answer, or raises ProblemError.

        MessagePack both ways when enabled, except for paths that take JSON only (`/rref`),
        which are learnt from their 415 and sent as JSON from then on.
        """
        binary = self.use_msgpack and path not in self._json_only
        headers = {"accept": MSGPACK if binary else JSON}
        content = None
        if body is not None:
            wire = to_wire(body)
            if binary:
                content = _msgpack.packb(wire, use_bin_type=True)
                headers["content-type"] = MSGPACK
            else:
                content = json.dumps(wire, allow_nan=False).encode()
                headers["content-type"] = JSON
        response = self.api.get_httpx_client().request(
            method, path, content=content, headers=headers
        )
        if response.status_code == 415 and binary and body is not None:
            self._json_only.add(path)
            return self.request(method, path, body)
        if response.status_code >= 400:
            problem = response.json() if response.content else {}
            raise ProblemError(response.status_code, problem, response.headers.get("retry-after"))
        if not response.content:
            return None
        if response.headers.get("content-type", "").startswith(MSGPACK):
            return _msgpack.unpackb(response.content, raw=False)
        return response.json()

    # -- compute ----------------------------------------------------------------------------

    def compute(self, op: str, /, **request: Any) -> Answer:
        """Any compute operation by name (`"svd"`, `"tensor/reshape"`), its request fields as
        keyword arguments (NumPy arrays welcome; `None` leaves a field out). The answer's
        vectors and matrices are NumPy arrays; `timing` is kept."""
        return from_wire(self.request("POST", f"/{op}", fields(**request)))

    def dot(self, a: Any, b: Any) -> float:
        return float(self.compute("dot", a=a, b=b).dot)

    def matmul(self, a: Any, b: Any) -> np.ndarray:
        return self.compute("matmul", a=a, b=b).result

    def solve(self, a: Any, b: Any) -> np.ndarray:
        return self.compute("solve", a=a, b=b).x

    def inverse(self, matrix: Any) -> np.ndarray:
        return self.compute("inverse", matrix=matrix).inverse

    def determinant(self, matrix: Any) -> float:
        return float(self.compute("determinant", matrix=matrix).determinant)

    def svd(self, matrix: Any, *, full_matrices: bool | None = None, compute_uv: bool | None = None) -> SVD:
        a = self.compute("svd", matrix=matrix, full_matrices=full_matrices, compute_uv=compute_uv)
        return SVD(a.get("u"), a.s, a.get("vt"))

    def pca(self, x: Any, *, n_components: int | None = None, whiten: bool | None = None) -> Answer:
        return self.compute("pca", x=x, n_components=n_components, whiten=whiten)

    def cosine_search(
        self, query: Any, embeddings: Any, *, k: int | None = None, metric: str | None = None
    ) -> list[Answer]:
        """Top-k rows of `embeddings` for `query` (a vector; a matrix searches a batch)."""
        batch = {"queries" if np.ndim(query) == 2 else "query": query}
        return self.compute("cosine-search", embeddings=embeddings, k=k, metric=metric, **batch).results

    # -- grading ----------------------------------------------------------------------------

    def grade(
        self,
        op: str,
        input: dict[str, Any],
        answer: dict[str, Any],
        *,
        tolerance: dict[str, float] | None = None,
        require: Sequence[str] | None = None,
        reveal: str | None = None,
        partial_credit: bool | None = None,
    ) -> GradeResponse:
        """Grades `answer` (a subset of the operation's response fields) to `op` on `input`."""
        body = fields(
            op=op,
            input=input,
            answer=answer,
            tolerance=tolerance,
            require=list(require) if require is not None else None,
            reveal=reveal,
            partial_credit=partial_credit,
        )
        return GradeResponse.from_dict(self.request("POST", "/grade", body))

    def exercise(self, kind: str, *, seed: int | None = None, difficulty: int | None = None) -> ExerciseResponse:
        body = fields(kind=kind, seed=seed, difficulty=difficulty)
        return ExerciseResponse.from_dict(self.request("POST", "/exercises", body))

    # -- collections ------------------------------------------------------------------------

    def collections(self) -> CollectionList:
        return CollectionList.from_dict(self.request("GET", "/collections"))

    def collection(self, name: str) -> Collection:
        return Collection(self, name)


class Collection:
    """A stored collection: create, upsert in batches, search, read, delete."""

    def __init__(self, client: Linalg, name: str) -> None:
        self.client = client
        self.name = name
        self.path = f"/collections/{quote(name, safe='')}"

    def create(self, dimension: int, metric: str | None = None) -> CollectionResponse:
        body = fields(dimension=dimension, metric=metric)
        return CollectionResponse.from_dict(self.client.request("PUT", self.path, body))

    def info(self) -> CollectionResponse:
        return CollectionResponse.from_dict(self.client.request("GET", self.path))

    def drop(self) -> None:
        self.client.request("DELETE", self.path)

    def upsert(
        self,
        ids: Iterable[int | str],
        vectors: Any,
        payloads: Iterable[dict[str, Any] | None] | None = None,
        *,
        batch_size: int = 1000,
    ) -> int:
        """Stores `vectors[i]` under `ids[i]` (with `payloads[i]`), `batch_size` points per
        request; each batch is atomic and durable when its request returns. Returns how many
        points were written."""
        ids = list(ids)
        rows = np.asarray(vectors, dtype=np.float64)
        if rows.ndim != 2 or rows.shape[0] != len(ids):
            raise ValueError(f"{len(ids)} ids need a matrix of {len(ids)} rows, got shape {rows.shape}")
        extra = list(payloads) if payloads is not None else [None] * len(ids)
        written = 0
        for start in range(0, len(ids), batch_size):
            points = []
            for i in range(start, min(start + batch_size, len(ids))):
                point: dict[str, Any] = {"id": ids[i], "vector": rows[i]}
                if extra[i] is not None:
                    point["payload"] = extra[i]
                points.append(point)
            written += self.client.request("POST", f"{self.path}/points", {"points": points})["upserted"]
        return written

    def get(self, point_id: int | str) -> PointOut:
        """The point as stored. (In a path an all-digit id names the integer id, so a string
        id of digits only cannot be read or deleted one by one: prefer other string ids.)"""
        return PointOut.from_dict(self.client.request("GET", self._point(point_id)))

    def delete(self, point_id: int | str) -> None:
        self.client.request("DELETE", self._point(point_id))

    def search(
        self,
        query: Any,
        *,
        k: int | None = None,
        filter: dict[str, Any] | None = None,
        with_payload: bool | None = None,
    ) -> list[Answer] | list[list[Answer]]:
        """Exact top-k; a matrix `query` searches a batch and answers a list per row."""
        batch = {"queries" if np.ndim(query) == 2 else "query": query}
        body = fields(k=k, filter=filter, with_payload=with_payload, **batch)
        results = self.client.request("POST", f"{self.path}/search", body)["results"]
        hits = lambda found: [Answer(hit) for hit in found]  # noqa: E731 - payloads stay as sent
        return [hits(r) for r in results] if batch.get("queries") is not None else hits(results)

    def _point(self, point_id: int | str) -> str:
        return f"{self.path}/points/{quote(str(point_id), safe='')}"
