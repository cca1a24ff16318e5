from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.page_webhook_endpoint import PageWebhookEndpoint
from ...models.problem import Problem
from ...models.webhook_endpoints_list_x_acting_role import WebhookEndpointsListXActingRole
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsListXActingRole | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)




    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/webhook-endpoints",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageWebhookEndpoint | Problem | None:
    if response.status_code == 200:
        response_200 = PageWebhookEndpoint.from_dict(response.json())



        return response_200

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

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())



        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PageWebhookEndpoint | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsListXActingRole | Unset = UNSET,

) -> Response[PageWebhookEndpoint | Problem]:
    """ List the practice's webhook endpoints

     **Habilitation**: roles `practice_admin`; scope `practices:read`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageWebhookEndpoint | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsListXActingRole | Unset = UNSET,

) -> PageWebhookEndpoint | Problem | None:
    """ List the practice's webhook endpoints

     **Habilitation**: roles `practice_admin`; scope `practices:read`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageWebhookEndpoint | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsListXActingRole | Unset = UNSET,

) -> Response[PageWebhookEndpoint | Problem]:
    """ List the practice's webhook endpoints

     **Habilitation**: roles `practice_admin`; scope `practices:read`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageWebhookEndpoint | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsListXActingRole | Unset = UNSET,

) -> PageWebhookEndpoint | Problem | None:
    """ List the practice's webhook endpoints

     **Habilitation**: roles `practice_admin`; scope `practices:read`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        limit (int | Unset): Page size: at most this many items (1–200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsListXActingRole | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageWebhookEndpoint | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,

    )).parsed
