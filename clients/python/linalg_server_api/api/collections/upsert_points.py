from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.upsert_request import UpsertRequest
from ...models.upsert_response import UpsertResponse
from ...types import Response


def _get_kwargs(
    name: str,
    *,
    body: UpsertRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collections/{name}/points".format(
            name=quote(str(name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UpsertResponse | None:
    if response.status_code == 200:
        response_200 = UpsertResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | UpsertResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRequest,
) -> Response[Problem | UpsertResponse]:
    """Insert or replace points, atomically (all or none) and durably.

     Every point is validated first (id, vector length and finiteness, payload); one invalid
    point refuses the whole batch with a detail naming it (`points[3].vector`). A batch is one
    transaction, synced to disk before the response: an acknowledged write survives a crash.
    Batches hold at most `--max-batch` points.

    Args:
        name (str):
        body (UpsertRequest):  Example: {'points': [{'id': 1, 'payload': {'lang': 'en'}, 'vector':
            [0.1, 0.2, 0.3]}, {'id': 'doc-7', 'vector': [0.3, 0.1, 0.0]}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UpsertResponse]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRequest,
) -> Problem | UpsertResponse | None:
    """Insert or replace points, atomically (all or none) and durably.

     Every point is validated first (id, vector length and finiteness, payload); one invalid
    point refuses the whole batch with a detail naming it (`points[3].vector`). A batch is one
    transaction, synced to disk before the response: an acknowledged write survives a crash.
    Batches hold at most `--max-batch` points.

    Args:
        name (str):
        body (UpsertRequest):  Example: {'points': [{'id': 1, 'payload': {'lang': 'en'}, 'vector':
            [0.1, 0.2, 0.3]}, {'id': 'doc-7', 'vector': [0.3, 0.1, 0.0]}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UpsertResponse
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRequest,
) -> Response[Problem | UpsertResponse]:
    """Insert or replace points, atomically (all or none) and durably.

     Every point is validated first (id, vector length and finiteness, payload); one invalid
    point refuses the whole batch with a detail naming it (`points[3].vector`). A batch is one
    transaction, synced to disk before the response: an acknowledged write survives a crash.
    Batches hold at most `--max-batch` points.

    Args:
        name (str):
        body (UpsertRequest):  Example: {'points': [{'id': 1, 'payload': {'lang': 'en'}, 'vector':
            [0.1, 0.2, 0.3]}, {'id': 'doc-7', 'vector': [0.3, 0.1, 0.0]}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UpsertResponse]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient,
    body: UpsertRequest,
) -> Problem | UpsertResponse | None:
    """Insert or replace points, atomically (all or none) and durably.

     Every point is validated first (id, vector length and finiteness, payload); one invalid
    point refuses the whole batch with a detail naming it (`points[3].vector`). A batch is one
    transaction, synced to disk before the response: an acknowledged write survives a crash.
    Batches hold at most `--max-batch` points.

    Args:
        name (str):
        body (UpsertRequest):  Example: {'points': [{'id': 1, 'payload': {'lang': 'en'}, 'vector':
            [0.1, 0.2, 0.3]}, {'id': 'doc-7', 'vector': [0.3, 0.1, 0.0]}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UpsertResponse
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
        )
    ).parsed
