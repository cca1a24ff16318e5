"""The periodic delivery: claim due deliveries, check their targets again, POST each signed, record
the outcome; retry with back-off until the window ends; disable an endpoint that failed that long."""

import asyncio
from dataclasses import replace
from datetime import datetime

from webhook_service.context import WebhookContext
from webhook_service.domain import ClaimedDelivery, DeliveryStatus, DisabledReason, TargetRefused
from webhook_service.domain.signing import webhook_headers
from webhook_service.domain.targets import Address
from webhook_service.metrics import delivery_attempts, endpoints_disabled
from webhook_service.workflows.targets import check_target

# What a receiver answered (a status code), or why no answer came (a short error code).
Outcome = int | str
# A target checked for this batch: the addresses allowed, or why not (TargetRefused, or a failure).
Checked = list[Address] | BaseException


async def deliver_due(context: WebhookContext) -> int:
    """Attempt every due delivery claimed by this replica now; how many were attempted."""
    now = context.now()
    async with context.units_of_work() as uow:
        claimed = await uow.store.claim_due(now, now + context.lease, context.settings.delivery_batch_size)
    # Each target is checked again (what its host resolves to may have changed), once per batch: the
    # deliveries queued for one endpoint share its resolution rather than asking DNS each.
    urls = list(dict.fromkeys(one.url for one in claimed))
    checks = await asyncio.gather(*(check_target(context, url) for url in urls), return_exceptions=True)
    checked = dict(zip(urls, checks, strict=True))
    # Every attempt runs to its end even if one fails (its delivery is retried once its lease ends).
    outcomes = await asyncio.gather(
        *(attempt(context, one, checked[one.url]) for one in claimed), return_exceptions=True
    )
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    if failures:
        raise failures[0]
    return len(claimed)


async def attempt(context: WebhookContext, claimed: ClaimedDelivery, checked: Checked) -> Outcome:
    """One attempt, to an address its target's check of this batch allowed (never resolved again)."""
    delivery = claimed.delivery
    outcome: Outcome
    if isinstance(checked, TargetRefused):
        outcome = checked.refusal.value
    elif isinstance(checked, BaseException):
        raise checked
    else:
        headers = webhook_headers(delivery.webhook_id, context.now(), delivery.body, claimed.secrets)
        outcome = await context.sender.post(claimed.url, delivery.body, headers, checked[0])
    await record(context, claimed, outcome)
    return outcome


def succeeded(outcome: Outcome) -> bool:
    return isinstance(outcome, int) and 200 <= outcome < 300


async def record(context: WebhookContext, claimed: ClaimedDelivery, outcome: Outcome) -> None:
    async with context.units_of_work() as uow:
        # The endpoint first, then its delivery: the order deleting an endpoint (cascading to its
        # deliveries) takes them in, so the two never wait on each other.
        endpoint = await uow.store.find_endpoint(None, claimed.delivery.endpoint_id, for_update=True)
        delivery = await uow.store.find_delivery(
            claimed.delivery.endpoint_id, claimed.delivery.id, for_update=True
        )
        if delivery is None or endpoint is None or delivery.status is not DeliveryStatus.PENDING:
            return  # deleted meanwhile
        now = context.now()
        attempted = replace(
            delivery,
            attempts=delivery.attempts + 1,
            last_attempt_at=now,
            last_status_code=outcome if isinstance(outcome, int) else None,
            last_error=None if isinstance(outcome, int) else outcome,
        )
        if succeeded(outcome):
            await uow.store.save_delivery(
                replace(attempted, status=DeliveryStatus.DELIVERED, delivered_at=now, next_attempt_at=None)
            )
            if endpoint.failing_since is not None:
                await uow.store.save_endpoint(replace(endpoint, failing_since=None))
            uow.outbox.count(delivery_attempts, 1, {"outcome": "delivered"})
            return
        next_at = context.schedule.next_attempt(delivery.queued_at, attempted.attempts, now)
        status = DeliveryStatus.PENDING if next_at is not None else DeliveryStatus.FAILED
        await uow.store.save_delivery(replace(attempted, status=status, next_attempt_at=next_at))
        uow.outbox.count(delivery_attempts, 1, {"outcome": "retry" if next_at else "failed"})
        failing_since = endpoint.failing_since or now
        if endpoint.enabled and _failed_whole_window(context, failing_since, now):
            await uow.store.save_endpoint(
                replace(
                    endpoint,
                    disabled_reason=DisabledReason.PERSISTENT_FAILURE,
                    failing_since=failing_since,
                    updated_at=now,
                )
            )
            uow.outbox.count(endpoints_disabled, 1)
        elif endpoint.failing_since is None:
            await uow.store.save_endpoint(replace(endpoint, failing_since=failing_since))


def _failed_whole_window(context: WebhookContext, failing_since: datetime, now: datetime) -> bool:
    return now - failing_since >= context.schedule.window
