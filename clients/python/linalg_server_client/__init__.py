"""linalg-server from Python.

`linalg_server_api` is the typed client generated from the service's OpenAPI document (every
operation, every model); this package is the thin layer most users want on top of it:

    from linalg_server_client import Linalg
    la = Linalg("http://127.0.0.1:8080")
    u, s, vt = la.svd([[3, 0], [4, 5]])              # NumPy arrays out
    hits = la.collection("docs").search([0.1, 0.2, 0.3], k=5)
    verdict = la.grade("dot", {"a": [1, 2, 3], "b": [4, 5, 6]}, {"dot": 32})

MessagePack is used on the wire when the `msgpack` package is installed; a 503 is retried after
the server's `Retry-After`; `Collection.upsert` sends large sets in batches.
"""

from ._arrays import Answer, tensor
from ._client import SVD, Collection, Linalg, ProblemError
from ._retry import RetryAfterTransport

__all__ = ["Answer", "Collection", "Linalg", "ProblemError", "RetryAfterTransport", "SVD", "tensor"]
