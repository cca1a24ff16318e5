"""HTTP API of webhook-service: a practice's webhook endpoints, their secrets and delivery logs.

Managing endpoints is an act of practice administration: the practice admin only (the gateway checks
it too, with the `practices:*` scopes of the roster). Every route is scoped to the caller's practice;
another practice's endpoint answers 404.
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from servicekit import Caller, Role, require_roles
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, page_of
from servicekit.problems import problem_responses
from webhook_service import workflows
from webhook_service.api.schemas import (
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointUpdate,
    WebhookSecretRotation,
    delivery_out,
    endpoint_out,
)
from webhook_service.context import Context
from webhook_service.domain import EndpointChanges
from webhook_service.problems import answered_as_problems

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["webhook-endpoints"])

PRACTICE_ADMIN = require_roles(Role.PRACTICE_ADMIN)

_PROBLEM_DESCRIPTIONS = {
    400: "Malformed request or cursor.",
    401: "Missing or invalid internal token.",
    403: "Only the practice admin manages webhook endpoints.",
    404: "No such endpoint (or delivery) in the caller's practice.",
    409: "The practice has as many endpoints as it may have (`webhook-endpoint-limit-reached`).",
    422: "Invalid body; a refused target URL names `body.url` with the reason as its `code`.",
}

EndpointId = Annotated[uuid.UUID, Path(description="The endpoint's id (from `POST /v1/webhook-endpoints`).")]
DeliveryId = Annotated[uuid.UUID, Path(description="The delivery's id (from the endpoint's delivery log).")]


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return problem_responses(_PROBLEM_DESCRIPTIONS, *statuses)


@router.post(
    "",
    operation_id="webhookEndpoints.create",
    status_code=201,
    response_model=WebhookEndpointCreated,
    summary="Register a webhook endpoint for the practice",
    description="The answer carries the signing secret, shown this once. Deliveries follow the "
    "Standard Webhooks specification: headers `webhook-id`, `webhook-timestamp`, `webhook-signature` "
    "(HMAC-SHA256 with the secret); retried with exponential back-off and jitter for up to 3 days.",
    responses=_problems(401, 403, 409, 422),
    dependencies=[PRACTICE_ADMIN],
)
async def create_endpoint(
    body: WebhookEndpointCreate, caller: Caller, context: Context
) -> WebhookEndpointCreated:
    with answered_as_problems():
        endpoint = await workflows.register_endpoint(
            context,
            caller.practice_id,
            url=body.url,
            description=body.description,
            event_types=frozenset(body.event_types),
            enabled=body.enabled,
        )
    return WebhookEndpointCreated(**endpoint_out(endpoint).model_dump(), secret=endpoint.secret)


@router.get(
    "",
    operation_id="webhookEndpoints.list",
    response_model=Page[WebhookEndpoint],
    summary="List the practice's webhook endpoints",
    responses=_problems(400, 401, 403),
    dependencies=[PRACTICE_ADMIN],
)
async def list_endpoints(
    caller: Caller, context: Context, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[WebhookEndpoint]:
    endpoints = await workflows.list_endpoints(context, caller.practice_id, limit=limit, cursor=cursor)
    items, next_cursor = page_of(endpoints, limit)
    return Page[WebhookEndpoint](items=[endpoint_out(one) for one in items], next_cursor=next_cursor)


@router.get(
    "/{endpoint_id}",
    operation_id="webhookEndpoints.get",
    response_model=WebhookEndpoint,
    summary="A webhook endpoint of the practice and its state",
    responses=_problems(401, 403, 404),
    dependencies=[PRACTICE_ADMIN],
)
async def get_endpoint(endpoint_id: EndpointId, caller: Caller, context: Context) -> WebhookEndpoint:
    with answered_as_problems():
        return endpoint_out(await workflows.find_endpoint(context, caller.practice_id, endpoint_id))


@router.patch(
    "/{endpoint_id}",
    operation_id="webhookEndpoints.update",
    response_model=WebhookEndpoint,
    summary="Change a webhook endpoint: URL, label, types, or enable/disable it",
    responses=_problems(401, 403, 404, 422),
    dependencies=[PRACTICE_ADMIN],
)
async def update_endpoint(
    endpoint_id: EndpointId, body: WebhookEndpointUpdate, caller: Caller, context: Context
) -> WebhookEndpoint:
    changes = EndpointChanges(
        url=body.url,
        description=body.description,
        event_types=None if body.event_types is None else frozenset(body.event_types),
        enabled=body.enabled,
    )
    with answered_as_problems():
        return endpoint_out(
            await workflows.update_endpoint(context, caller.practice_id, endpoint_id, changes)
        )


@router.delete(
    "/{endpoint_id}",
    operation_id="webhookEndpoints.delete",
    status_code=204,
    summary="Delete a webhook endpoint and its delivery log",
    responses=_problems(401, 403, 404),
    dependencies=[PRACTICE_ADMIN],
)
async def delete_endpoint(endpoint_id: EndpointId, caller: Caller, context: Context) -> Response:
    with answered_as_problems():
        await workflows.delete_endpoint(context, caller.practice_id, endpoint_id)
    return Response(status_code=204)


@router.post(
    "/{endpoint_id}/secret-rotation",
    operation_id="webhookEndpoints.rotateSecret",
    response_model=WebhookSecretRotation,
    summary="Rotate the endpoint's signing secret",
    description="The new secret signs from now on; the previous one keeps signing alongside it for "
    "24 hours (`webhook-signature` then holds both signatures, space separated).",
    responses=_problems(401, 403, 404),
    dependencies=[PRACTICE_ADMIN],
)
async def rotate_secret(endpoint_id: EndpointId, caller: Caller, context: Context) -> WebhookSecretRotation:
    with answered_as_problems():
        endpoint = await workflows.rotate_secret(context, caller.practice_id, endpoint_id)
    assert endpoint.previous_secret_expires_at is not None  # a rotation sets it
    return WebhookSecretRotation(
        endpoint_id=endpoint.id,
        secret=endpoint.secret,
        previous_secret_expires_at=endpoint.previous_secret_expires_at,
    )


@router.get(
    "/{endpoint_id}/deliveries",
    operation_id="webhookDeliveries.list",
    response_model=Page[WebhookDelivery],
    summary="The endpoint's delivery log, oldest first",
    responses=_problems(400, 401, 403, 404),
    dependencies=[PRACTICE_ADMIN],
)
async def list_deliveries(
    endpoint_id: EndpointId,
    caller: Caller,
    context: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[WebhookDelivery]:
    with answered_as_problems():
        deliveries = await workflows.list_deliveries(
            context, caller.practice_id, endpoint_id, limit=limit, cursor=cursor
        )
    items, next_cursor = page_of(deliveries, limit)
    return Page[WebhookDelivery](items=[delivery_out(one) for one in items], next_cursor=next_cursor)


@router.post(
    "/{endpoint_id}/deliveries/{delivery_id}/redelivery",
    operation_id="webhookDeliveries.redeliver",
    status_code=202,
    response_model=WebhookDelivery,
    summary="Send a delivery again, with the same `webhook-id`",
    responses=_problems(401, 403, 404),
    dependencies=[PRACTICE_ADMIN],
)
async def redeliver(
    endpoint_id: EndpointId, delivery_id: DeliveryId, caller: Caller, context: Context
) -> WebhookDelivery:
    with answered_as_problems():
        return delivery_out(await workflows.redeliver(context, caller.practice_id, endpoint_id, delivery_id))
