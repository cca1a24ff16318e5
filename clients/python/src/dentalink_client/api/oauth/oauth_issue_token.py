from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.oauth_issue_token_body import OauthIssueTokenBody
from ...models.problem import Problem
from ...models.token_response import TokenResponse
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: OauthIssueTokenBody,
    x_request_id: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/oauth/token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OauthIssueTokenBody,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | TokenResponse]:
    """ Get an access token (OAuth2 client credentials)

     RFC 6749 §4.4. Authenticate with HTTP Basic (`client_secret_basic`) or with `client_id` and
    `client_secret` form fields (`client_secret_post`). The token is an ES256 JWT (RFC 9068) valid a few
    minutes; verify it with `/.well-known/jwks.json` if you need to.

    Args:
        x_request_id (str | Unset):
        body (OauthIssueTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenResponse]
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
    client: AuthenticatedClient | Client,
    body: OauthIssueTokenBody,
    x_request_id: str | Unset = UNSET,

) -> Problem | TokenResponse | None:
    """ Get an access token (OAuth2 client credentials)

     RFC 6749 §4.4. Authenticate with HTTP Basic (`client_secret_basic`) or with `client_id` and
    `client_secret` form fields (`client_secret_post`). The token is an ES256 JWT (RFC 9068) valid a few
    minutes; verify it with `/.well-known/jwks.json` if you need to.

    Args:
        x_request_id (str | Unset):
        body (OauthIssueTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenResponse
     """


    return sync_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OauthIssueTokenBody,
    x_request_id: str | Unset = UNSET,

) -> Response[Problem | TokenResponse]:
    """ Get an access token (OAuth2 client credentials)

     RFC 6749 §4.4. Authenticate with HTTP Basic (`client_secret_basic`) or with `client_id` and
    `client_secret` form fields (`client_secret_post`). The token is an ES256 JWT (RFC 9068) valid a few
    minutes; verify it with `/.well-known/jwks.json` if you need to.

    Args:
        x_request_id (str | Unset):
        body (OauthIssueTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TokenResponse]
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
    client: AuthenticatedClient | Client,
    body: OauthIssueTokenBody,
    x_request_id: str | Unset = UNSET,

) -> Problem | TokenResponse | None:
    """ Get an access token (OAuth2 client credentials)

     RFC 6749 §4.4. Authenticate with HTTP Basic (`client_secret_basic`) or with `client_id` and
    `client_secret` form fields (`client_secret_post`). The token is an ES256 JWT (RFC 9068) valid a few
    minutes; verify it with `/.well-known/jwks.json` if you need to.

    Args:
        x_request_id (str | Unset):
        body (OauthIssueTokenBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TokenResponse
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,

    )).parsed
