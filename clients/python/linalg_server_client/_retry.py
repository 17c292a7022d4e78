"""A transport that retries a 503 after the server's `Retry-After`.

linalg-server answers 503 `/problems/overloaded` (with `Retry-After: <seconds>`) when its
compute queue is full, and 503 `/problems/unavailable` when its store cannot be reached. Both
are safe to retry: the request was not run. Any other status is returned as it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx


class RetryAfterTransport(httpx.BaseTransport):
    """Wraps a transport; resends a request answered 503 with `Retry-After`.

    At most `retries` resends, each after the server's `Retry-After` (capped at `max_wait`
    seconds; 1 second when the header is missing or not a number).
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        retries: int = 5,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport()
        self._retries = retries
        self._max_wait = max_wait
        self._sleep = sleep
        self.retried = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        for attempt in range(self._retries + 1):
            response = self._inner.handle_request(request)
            if response.status_code != 503 or attempt == self._retries:
                return response
            wait = _retry_after(response.headers.get("retry-after"), self._max_wait)
            response.read()
            response.close()
            self.retried += 1
            self._sleep(wait)
            request = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
        raise AssertionError("unreachable: the loop returns on its last attempt")

    def close(self) -> None:
        self._inner.close()


def _retry_after(value: str | None, cap: float) -> float:
    try:
        seconds = float(value) if value is not None else 1.0
    except ValueError:
        seconds = 1.0
    return min(max(seconds, 0.0), cap)
