from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.picture_projection_request import PictureProjectionRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: PictureProjectionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/visualize/projection",
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
    body: PictureProjectionRequest,
) -> Response[Problem]:
    """The projection of a vector onto a line, and its residual.

     The vector v, the line through `onto`, the projection (as `/project` computes it) and the residual v
    - projection, drawn dashed with a right-angle mark where it meets the line. Vectors must have length
    2 (else 422 shape-mismatch); a zero `onto` is a 422 invalid-input.

    Args:
        body (PictureProjectionRequest): A vector and the line it is projected onto, both in the
            plane.

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
    body: PictureProjectionRequest,
) -> Problem | None:
    """The projection of a vector onto a line, and its residual.

     The vector v, the line through `onto`, the projection (as `/project` computes it) and the residual v
    - projection, drawn dashed with a right-angle mark where it meets the line. Vectors must have length
    2 (else 422 shape-mismatch); a zero `onto` is a 422 invalid-input.

    Args:
        body (PictureProjectionRequest): A vector and the line it is projected onto, both in the
            plane.

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
    body: PictureProjectionRequest,
) -> Response[Problem]:
    """The projection of a vector onto a line, and its residual.

     The vector v, the line through `onto`, the projection (as `/project` computes it) and the residual v
    - projection, drawn dashed with a right-angle mark where it meets the line. Vectors must have length
    2 (else 422 shape-mismatch); a zero `onto` is a 422 invalid-input.

    Args:
        body (PictureProjectionRequest): A vector and the line it is projected onto, both in the
            plane.

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
    body: PictureProjectionRequest,
) -> Problem | None:
    """The projection of a vector onto a line, and its residual.

     The vector v, the line through `onto`, the projection (as `/project` computes it) and the residual v
    - projection, drawn dashed with a right-angle mark where it meets the line. Vectors must have length
    2 (else 422 shape-mismatch); a zero `onto` is a 422 invalid-input.

    Args:
        body (PictureProjectionRequest): A vector and the line it is projected onto, both in the
            plane.

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
