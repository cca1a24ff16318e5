"""The calling party of a request, for the routes: its credentials read from the headers, the
habilitation rule its route falls under, and the `GatewayCall` dependency of the gateway's own routes."""

import uuid
from typing import Annotated

from fastapi import Depends, Request

from gateway.adapters.psc import PSC_HEADER
from gateway.context import Context, GatewayContext
from gateway.domain.calls import ACTING_ROLE_HEADER, PRACTICE_HEADER
from gateway.domain.habilitations import RouteMatch, resolve
from gateway.workflows.calls import Call, Credentials, authorize


def request_id_of(request: Request) -> str:
    value = getattr(request.state, "request_id", None)
    return value if isinstance(value, str) else str(uuid.uuid4())


def credentials_of(request: Request) -> Credentials:
    headers = request.headers
    return Credentials(
        authorization=headers.get("authorization"),
        professional_token=headers.get(PSC_HEADER),
        practice=headers.get(PRACTICE_HEADER),
        acting_role=headers.get(ACTING_ROLE_HEADER),
        request_id=request_id_of(request),
    )


def match_of(request: Request) -> RouteMatch:
    """The habilitation rule of the request's route (RouteNotFound, MethodNotAllowed)."""
    return resolve(request.method, request.url.path)


async def authorized(request: Request, context: GatewayContext, match: RouteMatch) -> Call:
    """The authenticated call, with `refusal` set when the caller may not do this."""
    return await authorize(context, match, credentials_of(request))


async def gateway_call(request: Request, context: Context) -> Call:
    """Dependency of the gateway's own routes: an authorised call (refusals raised)."""
    call = await authorized(request, context, match_of(request))
    if call.refusal is not None:
        raise call.refusal
    return call


GatewayCall = Annotated[Call, Depends(gateway_call)]
