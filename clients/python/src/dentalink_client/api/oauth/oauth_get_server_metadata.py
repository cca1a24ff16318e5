from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.oauth_get_server_metadata_response_oauth_getservermetadata import OauthGetServerMetadataResponseOauthGetservermetadata
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/oauth-authorization-server",
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OauthGetServerMetadataResponseOauthGetservermetadata | Problem | None:
    if response.status_code == 200:
        response_200 = OauthGetServerMetadataResponseOauthGetservermetadata.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OauthGetServerMetadataResponseOauthGetservermetadata | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,

) -> Response[OauthGetServerMetadataResponseOauthGetservermetadata | Problem]:
    """ OAuth 2.0 authorization server metadata (RFC 8414)

     Where to get an access token (client credentials) and the keys that verify it. The URLs follow the
    gateway's configured public URL (`GATEWAY_PUBLIC_URL`), this gateway's own when unset.

    Args:
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OauthGetServerMetadataResponseOauthGetservermetadata | Problem]
     """


    kwargs = _get_kwargs(
        x_request_id=x_request_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,

) -> OauthGetServerMetadataResponseOauthGetservermetadata | Problem | None:
    """ OAuth 2.0 authorization server metadata (RFC 8414)

     Where to get an access token (client credentials) and the keys that verify it. The URLs follow the
    gateway's configured public URL (`GATEWAY_PUBLIC_URL`), this gateway's own when unset.

    Args:
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OauthGetServerMetadataResponseOauthGetservermetadata | Problem
     """


    return sync_detailed(
        client=client,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,

) -> Response[OauthGetServerMetadataResponseOauthGetservermetadata | Problem]:
    """ OAuth 2.0 authorization server metadata (RFC 8414)

     Where to get an access token (client credentials) and the keys that verify it. The URLs follow the
    gateway's configured public URL (`GATEWAY_PUBLIC_URL`), this gateway's own when unset.

    Args:
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OauthGetServerMetadataResponseOauthGetservermetadata | Problem]
     """


    kwargs = _get_kwargs(
        x_request_id=x_request_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,

) -> OauthGetServerMetadataResponseOauthGetservermetadata | Problem | None:
    """ OAuth 2.0 authorization server metadata (RFC 8414)

     Where to get an access token (client credentials) and the keys that verify it. The URLs follow the
    gateway's configured public URL (`GATEWAY_PUBLIC_URL`), this gateway's own when unset.

    Args:
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OauthGetServerMetadataResponseOauthGetservermetadata | Problem
     """


    return (await asyncio_detailed(
        client=client,
x_request_id=x_request_id,

    )).parsed
