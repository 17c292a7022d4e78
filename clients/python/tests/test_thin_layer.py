"""The hand-written layer: NumPy in and out, MessagePack, batched upserts, Retry-After."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import numpy as np
import pytest

from linalg_server_client import Linalg, ProblemError, RetryAfterTransport, tensor


@pytest.fixture(params=[False, True], ids=["json", "msgpack"])
def la(request: pytest.FixtureRequest, server_url: str) -> Linalg:
    return Linalg(server_url, use_msgpack=request.param)


def test_numpy_in_and_out(la: Linalg) -> None:
    rng = np.random.default_rng(7)
    a = rng.standard_normal((6, 4))
    u, s, vt = la.svd(a)
    assert isinstance(s, np.ndarray) and s.shape == (4,)
    np.testing.assert_allclose(u @ np.diag(s) @ vt, a, atol=1e-12)
    np.testing.assert_allclose(s, np.linalg.svd(a, compute_uv=False), rtol=1e-12)
    assert la.dot(np.array([1, 2, 3]), np.array([4, 5, 6])) == 32.0
    np.testing.assert_allclose(la.matmul(a, a.T), a @ a.T, atol=1e-12)
    m = np.array([[4.0, 7.0], [2.0, 6.0]])
    np.testing.assert_allclose(la.inverse(m), np.linalg.inv(m), atol=1e-12)
    np.testing.assert_allclose(la.solve(m, np.array([1.0, 2.0])), np.linalg.solve(m, [1.0, 2.0]))
    assert la.determinant(m) == pytest.approx(10.0)
    hits = la.cosine_search(np.array([1.0, 0.0]), np.array([[0.0, 1.0], [2.0, 0.1]]), k=1)
    assert hits[0].index == 1
    answer = la.compute("tensor/reshape", tensor=tensor(np.arange(6.0).reshape(2, 3)), shape=[3, 2])
    np.testing.assert_array_equal(answer.tensor, np.arange(6.0).reshape(3, 2))
    assert answer.timing.total_us >= answer.timing.compute_us


def test_msgpack_is_used_when_installed_and_json_only_paths_fall_back(server_url: str) -> None:
    la = Linalg(server_url)
    assert la.use_msgpack, "msgpack is installed in the test environment"
    sent: list[str] = []
    la.api.get_httpx_client().event_hooks["request"] = [lambda r: sent.append(r.headers.get("content-type", ""))]
    assert la.dot([1, 2], [3, 4]) == 11.0
    rref = la.compute("rref", matrix=[[1, 2], [2, 4]])
    assert rref.rank == 1
    assert sent[0] == "application/msgpack"
    assert sent[-1] == "application/json", "/rref takes JSON only: learnt from its 415"


def test_problems_are_raised_with_their_type_and_detail(la: Linalg) -> None:
    with pytest.raises(ProblemError) as raised:
        la.matmul([[1, 2, 3]], [[1, 2, 3]])
    assert raised.value.status == 422
    assert raised.value.type == "/problems/shape-mismatch"
    assert "a is 1x3" in raised.value.detail


def test_upserts_go_in_batches_and_search_is_exact(la: Linalg) -> None:
    name = f"thin-{'msgpack' if la.use_msgpack else 'json'}"
    docs = la.collection(name)
    assert docs.create(8).count == 0
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((2500, 8))
    posts: list[str] = []
    la.api.get_httpx_client().event_hooks["request"] = [lambda r: posts.append(r.url.path)]
    payloads = [{"even": i % 2 == 0} for i in range(2500)]
    assert docs.upsert(range(2500), vectors, payloads, batch_size=1000) == 2500
    assert posts.count(f"/collections/{name}/points") == 3
    assert docs.info().count == 2500
    query = vectors[42] * 3.0
    hits = docs.search(query, k=3, filter={"even": True})
    assert hits[0].id == 42 and hits[0].payload == {"even": True}
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    best_even = max(range(0, 2500, 2), key=lambda i: unit[i] @ (query / np.linalg.norm(query)))
    assert hits[0].id == best_even
    batch = docs.search(vectors[:2], k=1)
    assert [row[0].id for row in batch] == [0, 1]
    point = docs.get(7)
    np.testing.assert_array_equal(point.vector, vectors[7])
    docs.delete(7)
    with pytest.raises(ProblemError) as raised:
        docs.get(7)
    assert raised.value.status == 404
    docs.drop()


def test_grading_and_exercises_answer_typed_models(la: Linalg) -> None:
    exercise = la.exercise("inverse", seed=3)
    verdict = la.grade(exercise.op, exercise.input_.to_dict(), exercise.answer.to_dict())
    assert verdict.correct and verdict.score == 1.0
    wrong = la.grade("dot", {"a": [1, 2, 3], "b": [4, 5, 6]}, {"dot": 23})
    assert not wrong.correct and wrong.fields[0].message


class _Overloaded(BaseHTTPRequestHandler):
    """503 with Retry-After for the first two requests, then 200."""

    calls = 0

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        type(self).calls += 1
        self.rfile.read(int(self.headers["content-length"]))
        if type(self).calls <= 2:
            body = b'{"type": "/problems/overloaded", "status": 503, "detail": "queue full"}'
            self.send_response(503)
            self.send_header("retry-after", "2")
            self.send_header("content-type", "application/problem+json")
        else:
            body = b'{"dot": 11.0, "timing": {"queue_us": 0, "compute_us": 1, "total_us": 1}}'
            self.send_response(200)
            self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_503_is_retried_after_its_retry_after() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Overloaded)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    waits: list[float] = []
    try:
        transport = RetryAfterTransport(retries=3, sleep=waits.append)
        with httpx.Client(transport=transport) as http:
            r = http.post(f"http://127.0.0.1:{server.server_port}/dot", json={"a": [1, 2], "b": [3, 4]})
        assert r.status_code == 200 and r.json()["dot"] == 11.0
        assert waits == [2.0, 2.0] and transport.retried == 2
        _Overloaded.calls = 0
        give_up = RetryAfterTransport(retries=1, sleep=waits.append)
        with httpx.Client(transport=give_up) as http:
            r = http.post(f"http://127.0.0.1:{server.server_port}/dot", json={})
        assert r.status_code == 503, "after its retries the 503 itself is returned"
    finally:
        server.shutdown()
