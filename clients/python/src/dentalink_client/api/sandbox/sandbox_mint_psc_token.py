from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.psc_token import PscToken
from ...models.psc_token_request import PscTokenRequest
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: PscTokenRequest,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sandbox/psc-tokens",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | PscToken | None:
    if response.status_code == 201:
        response_201 = PscToken.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | PscToken]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PscTokenRequest,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | PscToken]:
    """ Mint a Pro Santé Connect ID token for a sandbox professional

     Send the `id_token` in the `X-Pro-Sante-Connect-Token` header of API calls made by the same client:
    the token names it (`azp`) and the gateway refuses it from any other. Sandbox only: the real Pro
    Santé Connect issues these after the professional's e-CPS authentication.

    **Habilitation**: any registered client with scope `sandbox`; no professional needed.

    Args:
        x_request_id (str | Unset):
        body (PscTokenRequest): Which sandbox professional, and optionally a lifetime or an
            already expired token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PscToken]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: PscTokenRequest,
    x_request_id: str | Unset = UNSET,

) -> Problem | PscToken | None:
    """ Mint a Pro Santé Connect ID token for a sandbox professional

     Send the `id_token` in the `X-Pro-Sante-Connect-Token` header of API calls made by the same client:
    the token names it (`azp`) and the gateway refuses it from any other. Sandbox only: the real Pro
    Santé Connect issues these after the professional's e-CPS authentication.

    **Habilitation**: any registered client with scope `sandbox`; no professional needed.

    Args:
        x_request_id (str | Unset):
        body (PscTokenRequest): Which sandbox professional, and optionally a lifetime or an
            already expired token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PscToken
     """


    return sync_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PscTokenRequest,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | PscToken]:
    """ Mint a Pro Santé Connect ID token for a sandbox professional

     Send the `id_token` in the `X-Pro-Sante-Connect-Token` header of API calls made by the same client:
    the token names it (`azp`) and the gateway refuses it from any other. Sandbox only: the real Pro
    Santé Connect issues these after the professional's e-CPS authentication.

    **Habilitation**: any registered client with scope `sandbox`; no professional needed.

    Args:
        x_request_id (str | Unset):
        body (PscTokenRequest): Which sandbox professional, and optionally a lifetime or an
            already expired token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PscToken]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PscTokenRequest,
    x_request_id: str | Unset = UNSET,

) -> Problem | PscToken | None:
    """ Mint a Pro Santé Connect ID token for a sandbox professional

     Send the `id_token` in the `X-Pro-Sante-Connect-Token` header of API calls made by the same client:
    the token names it (`azp`) and the gateway refuses it from any other. Sandbox only: the real Pro
    Santé Connect issues these after the professional's e-CPS authentication.

    **Habilitation**: any registered client with scope `sandbox`; no professional needed.

    Args:
        x_request_id (str | Unset):
        body (PscTokenRequest): Which sandbox professional, and optionally a lifetime or an
            already expired token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PscToken
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
