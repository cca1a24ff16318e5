from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.webhook_endpoint_create import WebhookEndpointCreate
from ...models.webhook_endpoint_created import WebhookEndpointCreated
from ...models.webhook_endpoints_create_x_acting_role import WebhookEndpointsCreateXActingRole
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: WebhookEndpointCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-Id"] = x_request_id

    headers["X-Practice-Id"] = x_practice_id

    if not isinstance(x_acting_role, Unset):
        headers["X-Acting-Role"] = str(x_acting_role)


    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-endpoints",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WebhookEndpointCreated | None:
    if response.status_code == 201:
        response_201 = WebhookEndpointCreated.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | WebhookEndpointCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | WebhookEndpointCreated]:
    """ Register a webhook endpoint for the practice

     The answer carries the signing secret, shown this once. Deliveries follow the Standard Webhooks
    specification: headers `webhook-id`, `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 with the
    secret); retried with exponential back-off and jitter for up to 3 days.

    **Habilitation**: roles `practice_admin`; scope `practices:write`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate): An endpoint to register for the caller's practice.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreated]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | WebhookEndpointCreated | None:
    """ Register a webhook endpoint for the practice

     The answer carries the signing secret, shown this once. Deliveries follow the Standard Webhooks
    specification: headers `webhook-id`, `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 with the
    secret); retried with exponential back-off and jitter for up to 3 days.

    **Habilitation**: roles `practice_admin`; scope `practices:write`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate): An endpoint to register for the caller's practice.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreated
     """


    return sync_detailed(
        client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | WebhookEndpointCreated]:
    """ Register a webhook endpoint for the practice

     The answer carries the signing secret, shown this once. Deliveries follow the Standard Webhooks
    specification: headers `webhook-id`, `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 with the
    secret); retried with exponential back-off and jitter for up to 3 days.

    **Habilitation**: roles `practice_admin`; scope `practices:write`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate): An endpoint to register for the caller's practice.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreated]
     """


    kwargs = _get_kwargs(
        body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointCreate,
    x_request_id: str | Unset = UNSET,
    x_practice_id: str,
    x_acting_role: WebhookEndpointsCreateXActingRole | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | WebhookEndpointCreated | None:
    """ Register a webhook endpoint for the practice

     The answer carries the signing secret, shown this once. Deliveries follow the Standard Webhooks
    specification: headers `webhook-id`, `webhook-timestamp`, `webhook-signature` (HMAC-SHA256 with the
    secret); retried with exponential back-off and jitter for up to 3 days.

    **Habilitation**: roles `practice_admin`; scope `practices:write`. Webhook endpoints receive the
    practice's events: set up by the practice admin, like the roster.

    Args:
        x_request_id (str | Unset):
        x_practice_id (str):
        x_acting_role (WebhookEndpointsCreateXActingRole | Unset):
        idempotency_key (str | Unset):
        body (WebhookEndpointCreate): An endpoint to register for the caller's practice.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreated
     """


    return (await asyncio_detailed(
        client=client,
body=body,
x_request_id=x_request_id,
x_practice_id=x_practice_id,
x_acting_role=x_acting_role,
idempotency_key=idempotency_key,

    )).parsed
