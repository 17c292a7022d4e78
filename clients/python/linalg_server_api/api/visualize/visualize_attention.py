from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.attention_request import AttentionRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: AttentionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/visualize/attention",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | None:
    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AttentionRequest,
) -> Response[Problem]:
    """Attention weights as a labelled heatmap.

     The request is `/attention`'s. The weights softmax(q k^T / sqrt(d)) as a heatmap (queries as rows,
    keys as columns, viridis from 0 to 1 with its colour bar, the numbers written in the cells when they
    fit), masked positions grey with a cross. At most 256 queries or keys and 4,096 cells (else 422 too-
    large).

    Args:
        body (AttentionRequest): Queries, keys and values, and an optional mask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AttentionRequest,
) -> Problem | None:
    """Attention weights as a labelled heatmap.

     The request is `/attention`'s. The weights softmax(q k^T / sqrt(d)) as a heatmap (queries as rows,
    keys as columns, viridis from 0 to 1 with its colour bar, the numbers written in the cells when they
    fit), masked positions grey with a cross. At most 256 queries or keys and 4,096 cells (else 422 too-
    large).

    Args:
        body (AttentionRequest): Queries, keys and values, and an optional mask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AttentionRequest,
) -> Response[Problem]:
    """Attention weights as a labelled heatmap.

     The request is `/attention`'s. The weights softmax(q k^T / sqrt(d)) as a heatmap (queries as rows,
    keys as columns, viridis from 0 to 1 with its colour bar, the numbers written in the cells when they
    fit), masked positions grey with a cross. At most 256 queries or keys and 4,096 cells (else 422 too-
    large).

    Args:
        body (AttentionRequest): Queries, keys and values, and an optional mask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AttentionRequest,
) -> Problem | None:
    """Attention weights as a labelled heatmap.

     The request is `/attention`'s. The weights softmax(q k^T / sqrt(d)) as a heatmap (queries as rows,
    keys as columns, viridis from 0 to 1 with its colour bar, the numbers written in the cells when they
    fit), masked positions grey with a cross. At most 256 queries or keys and 4,096 cells (else 422 too-
    large).

    Args:
        body (AttentionRequest): Queries, keys and values, and an optional mask.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
