from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection_search_request import CollectionSearchRequest
from ...models.collection_search_response import CollectionSearchResponse
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    name: str,
    *,
    body: CollectionSearchRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collections/{name}/search".format(
            name=quote(str(name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionSearchResponse | Problem | None:
    if response.status_code == 200:
        response_200 = CollectionSearchResponse.from_dict(response.json())

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
) -> Response[CollectionSearchResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: CollectionSearchRequest,
) -> Response[CollectionSearchResponse | Problem]:
    """Exact top-k search in a stored collection.

     Scores every point that passes the filter (a narrow copy narrows the candidates, then every
    candidate's score is recomputed in float64 from the stored vector), so results are exact,
    not approximate. `queries` searches a batch at once and answers a list of lists.

    Args:
        name (str):
        body (CollectionSearchRequest):  Example: {'filter': {'lang': 'en'}, 'k': 5, 'query':
            [0.1, 0.2, 0.3], 'with_payload': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionSearchResponse | Problem]
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
    client: AuthenticatedClient | Client,
    body: CollectionSearchRequest,
) -> CollectionSearchResponse | Problem | None:
    """Exact top-k search in a stored collection.

     Scores every point that passes the filter (a narrow copy narrows the candidates, then every
    candidate's score is recomputed in float64 from the stored vector), so results are exact,
    not approximate. `queries` searches a batch at once and answers a list of lists.

    Args:
        name (str):
        body (CollectionSearchRequest):  Example: {'filter': {'lang': 'en'}, 'k': 5, 'query':
            [0.1, 0.2, 0.3], 'with_payload': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionSearchResponse | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: CollectionSearchRequest,
) -> Response[CollectionSearchResponse | Problem]:
    """Exact top-k search in a stored collection.

     Scores every point that passes the filter (a narrow copy narrows the candidates, then every
    candidate's score is recomputed in float64 from the stored vector), so results are exact,
    not approximate. `queries` searches a batch at once and answers a list of lists.

    Args:
        name (str):
        body (CollectionSearchRequest):  Example: {'filter': {'lang': 'en'}, 'k': 5, 'query':
            [0.1, 0.2, 0.3], 'with_payload': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionSearchResponse | Problem]
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
    client: AuthenticatedClient | Client,
    body: CollectionSearchRequest,
) -> CollectionSearchResponse | Problem | None:
    """Exact top-k search in a stored collection.

     Scores every point that passes the filter (a narrow copy narrows the candidates, then every
    candidate's score is recomputed in float64 from the stored vector), so results are exact,
    not approximate. `queries` searches a batch at once and answers a list of lists.

    Args:
        name (str):
        body (CollectionSearchRequest):  Example: {'filter': {'lang': 'en'}, 'k': 5, 'query':
            [0.1, 0.2, 0.3], 'with_payload': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionSearchResponse | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
        )
    ).parsed
