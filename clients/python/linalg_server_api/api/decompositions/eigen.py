from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.eigen_request import EigenRequest
from ...models.eigen_response import EigenResponse
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: EigenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/eigen",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EigenResponse | Problem | None:
    if response.status_code == 200:
        response_200 = EigenResponse.from_dict(response.json())

        return response_200

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
) -> Response[EigenResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EigenRequest,
) -> Response[EigenResponse | Problem]:
    """Eigenvalues and eigenvectors.

     Symmetric matrices (detected within 1e-12 relative, or `symmetric: true`): real eigenvalues
    ascending. Otherwise complex eigenvalues ordered by real then imaginary part. One unit eigenvector
    per eigenvalue, in the same order (a list of vectors, not NumPy's columns), its largest-magnitude
    entry real and positive.

    Args:
        body (EigenRequest): A square matrix, and whether to treat it as symmetric.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EigenResponse | Problem]
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
    body: EigenRequest,
) -> EigenResponse | Problem | None:
    """Eigenvalues and eigenvectors.

     Symmetric matrices (detected within 1e-12 relative, or `symmetric: true`): real eigenvalues
    ascending. Otherwise complex eigenvalues ordered by real then imaginary part. One unit eigenvector
    per eigenvalue, in the same order (a list of vectors, not NumPy's columns), its largest-magnitude
    entry real and positive.

    Args:
        body (EigenRequest): A square matrix, and whether to treat it as symmetric.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EigenResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EigenRequest,
) -> Response[EigenResponse | Problem]:
    """Eigenvalues and eigenvectors.

     Symmetric matrices (detected within 1e-12 relative, or `symmetric: true`): real eigenvalues
    ascending. Otherwise complex eigenvalues ordered by real then imaginary part. One unit eigenvector
    per eigenvalue, in the same order (a list of vectors, not NumPy's columns), its largest-magnitude
    entry real and positive.

    Args:
        body (EigenRequest): A square matrix, and whether to treat it as symmetric.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EigenResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EigenRequest,
) -> EigenResponse | Problem | None:
    """Eigenvalues and eigenvectors.

     Symmetric matrices (detected within 1e-12 relative, or `symmetric: true`): real eigenvalues
    ascending. Otherwise complex eigenvalues ordered by real then imaginary part. One unit eigenvector
    per eigenvalue, in the same order (a list of vectors, not NumPy's columns), its largest-magnitude
    entry real and positive.

    Args:
        body (EigenRequest): A square matrix, and whether to treat it as symmetric.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EigenResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
