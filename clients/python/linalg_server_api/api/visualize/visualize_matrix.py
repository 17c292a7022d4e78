from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.picture_matrix_request import PictureMatrixRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: PictureMatrixRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/visualize/matrix",
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
    body: PictureMatrixRequest,
) -> Response[Problem]:
    """A matrix as a heatmap with a colour scale.

     Each entry a coloured cell (viridis when the entries share a sign; purple for negative, white for 0
    and orange for positive when they do not), with row and column indices, the numbers written in the
    cells when they fit, and a colour bar with its numbers: send a matrix and its `/low-rank`
    approximation to compare them. At most 256 rows or columns and 4,096 entries (else 422 too-large).

    Args:
        body (PictureMatrixRequest): A 2x2 matrix to picture (or, for `/visualize/matrix`, any
            matrix).

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
    body: PictureMatrixRequest,
) -> Problem | None:
    """A matrix as a heatmap with a colour scale.

     Each entry a coloured cell (viridis when the entries share a sign; purple for negative, white for 0
    and orange for positive when they do not), with row and column indices, the numbers written in the
    cells when they fit, and a colour bar with its numbers: send a matrix and its `/low-rank`
    approximation to compare them. At most 256 rows or columns and 4,096 entries (else 422 too-large).

    Args:
        body (PictureMatrixRequest): A 2x2 matrix to picture (or, for `/visualize/matrix`, any
            matrix).

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
    body: PictureMatrixRequest,
) -> Response[Problem]:
    """A matrix as a heatmap with a colour scale.

     Each entry a coloured cell (viridis when the entries share a sign; purple for negative, white for 0
    and orange for positive when they do not), with row and column indices, the numbers written in the
    cells when they fit, and a colour bar with its numbers: send a matrix and its `/low-rank`
    approximation to compare them. At most 256 rows or columns and 4,096 entries (else 422 too-large).

    Args:
        body (PictureMatrixRequest): A 2x2 matrix to picture (or, for `/visualize/matrix`, any
            matrix).

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
    body: PictureMatrixRequest,
) -> Problem | None:
    """A matrix as a heatmap with a colour scale.

     Each entry a coloured cell (viridis when the entries share a sign; purple for negative, white for 0
    and orange for positive when they do not), with row and column indices, the numbers written in the
    cells when they fit, and a colour bar with its numbers: send a matrix and its `/low-rank`
    approximation to compare them. At most 256 rows or columns and 4,096 entries (else 422 too-large).

    Args:
        body (PictureMatrixRequest): A 2x2 matrix to picture (or, for `/visualize/matrix`, any
            matrix).

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
