from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.status import Status
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/ready",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Status | None:
    if response.status_code == 200:
        response_200 = Status.from_dict(response.json())

        return response_200

    if response.status_code == 503:
        response_503 = Status.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Status]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Status]:
    """Readiness: 200 while serving, 503 while starting or draining.

     Turns 503 when a shutdown signal arrives, so that a load balancer stops sending new
    requests while those in flight finish. Never needs an API key. `collections` reports the
    store: with --database-url, `available` is false while the database is unreachable or the
    collections are still loading (collection requests then answer 503 with Retry-After; the
    server stays ready for compute).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Status]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> Status | None:
    """Readiness: 200 while serving, 503 while starting or draining.

     Turns 503 when a shutdown signal arrives, so that a load balancer stops sending new
    requests while those in flight finish. Never needs an API key. `collections` reports the
    store: with --database-url, `available` is false while the database is unreachable or the
    collections are still loading (collection requests then answer 503 with Retry-After; the
    server stays ready for compute).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Status
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Status]:
    """Readiness: 200 while serving, 503 while starting or draining.

     Turns 503 when a shutdown signal arrives, so that a load balancer stops sending new
    requests while those in flight finish. Never needs an API key. `collections` reports the
    store: with --database-url, `available` is false while the database is unreachable or the
    collections are still loading (collection requests then answer 503 with Retry-After; the
    server stays ready for compute).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Status]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> Status | None:
    """Readiness: 200 while serving, 503 while starting or draining.

     Turns 503 when a shutdown signal arrives, so that a load balancer stops sending new
    requests while those in flight finish. Never needs an API key. `collections` reports the
    store: with --database-url, `available` is false while the database is unreachable or the
    collections are still loading (collection requests then answer 503 with Retry-After; the
    server stays ready for compute).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Status
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
