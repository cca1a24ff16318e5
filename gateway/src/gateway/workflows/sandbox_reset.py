"""Reset a sandbox practice's data: the gateway tells each of the six services directly, with the
internal token of the practice admin who asked (servicekit.sandbox_reset serves the other end).

Every service is told, so none waits on an event to forget the practice: ins its identities, vitale
its apCV sessions, and dmp, telemed and billing their own rows and their projections of those. An
event published just before the reset may still re-create a projection row after it; in the sandbox
that is acceptable, and a second reset removes it. Deleting is idempotent: after a failure (502,
503, 504) the call may simply be repeated.
"""

import asyncio
from dataclasses import dataclass

from gateway.context import GatewayContext
from gateway.domain.calls import PracticeNotFound
from gateway.domain.habilitations import Upstream
from gateway.forwarding import UpstreamUnreachable
from gateway.workflows.calls import Call
from servicekit.auth import INTERNAL_TOKEN_HEADER
from servicekit.sandbox_reset import RESET_PATH, PracticeReset, reset_path

SERVICES = (Upstream.INS, Upstream.VITALE, Upstream.DMP, Upstream.TELEMED, Upstream.BILLING, Upstream.WEBHOOK)


@dataclass(frozen=True)
class ServiceReset:
    service: Upstream
    deleted: dict[str, int]


async def _reset_one(
    context: GatewayContext, call: Call, practice_id: str, upstream: Upstream, token: str
) -> ServiceReset:
    headers = {INTERNAL_TOKEN_HEADER: token, "X-Request-Id": call.request_id, "Accept": "application/json"}
    response = await context.forwarder.send(
        upstream, "POST", reset_path(practice_id), headers, None, route=RESET_PATH
    )
    try:
        body = await response.aread()
    finally:
        await response.aclose()
    if response.status_code != 200:
        raise UpstreamUnreachable(upstream)  # a service that refuses the reset: not a vendor's error
    return ServiceReset(upstream, PracticeReset.model_validate_json(body).deleted)


async def reset_practice(context: GatewayContext, call: Call, practice_id: str) -> list[ServiceReset]:
    """What each service deleted for the call's practice (another practice is not found)."""
    if call.practice_id != practice_id:
        raise PracticeNotFound()
    token = context.internal_tokens.for_caller(call.caller_context(), now=context.clock().timestamp())
    return list(
        await asyncio.gather(
            *(_reset_one(context, call, practice_id, service, token) for service in SERVICES)
        )
    )
