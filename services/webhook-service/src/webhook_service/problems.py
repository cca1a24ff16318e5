"""Domain refusals as problem+json: one stable `type` per refusal (ARCHITECTURE.md).

The only module besides the api package that knows `ProblemError`: routes run the workflows inside
`answered_as_problems()`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from servicekit import ProblemError, invalid_field
from webhook_service.domain import (
    DeliveryNotFound,
    EndpointLimitReached,
    EndpointNotFound,
    TargetRefusal,
    TargetRefused,
)

_TARGET_MESSAGES: dict[TargetRefusal, str] = {
    TargetRefusal.MALFORMED: "must be an absolute URL with a host",
    TargetRefusal.SCHEME: "must use https (plain http only to loopback, in sandbox mode)",
    TargetRefusal.CREDENTIALS: "must not carry credentials",
    TargetRefusal.UNRESOLVABLE: "host does not resolve",
    TargetRefusal.ADDRESS: "host resolves to an address that may not receive webhooks "
    "(private, loopback, link-local, multicast, reserved or unspecified)",
}


def target_refused(refusal: TargetRefusal, field: str = "body.url") -> ProblemError:
    return invalid_field(field, _TARGET_MESSAGES[refusal], refusal.value)


@contextmanager
def answered_as_problems() -> Iterator[None]:
    try:
        yield
    except TargetRefused as refused:
        raise target_refused(refused.refusal) from None
    except EndpointNotFound:
        raise ProblemError(
            404, "webhook-endpoint-not-found", "No such webhook endpoint in the caller's practice."
        ) from None
    except EndpointLimitReached as reached:
        raise ProblemError(
            409,
            "webhook-endpoint-limit-reached",
            "The practice has as many webhook endpoints as it may have.",
            detail=f"At most {reached.limit} endpoints per practice: delete one, or subscribe an existing "
            "endpoint to more event types.",
        ) from None
    except DeliveryNotFound:
        raise ProblemError(404, "webhook-delivery-not-found", "No such delivery for this endpoint.") from None
