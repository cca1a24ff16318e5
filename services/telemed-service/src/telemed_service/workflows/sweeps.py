"""The service's own steps: expire unanswered requests, trace acts that keep failing to publish.

Both are safe with several instances: files are claimed with `FOR UPDATE SKIP LOCKED`, the effect is
re-checked under the lock, and an incident the service records carries a unique reference.
"""

import logging
from dataclasses import replace
from datetime import timedelta

from telemed_service.context import TelemedContext
from telemed_service.domain import TelemedDomainError, expire, is_expired, record_incident
from telemed_service.workflows.common import announce, expired_counter, incidents_counter

log = logging.getLogger("telemed_service.workflows")


async def expire_overdue(context: TelemedContext) -> int:
    """Expire every open tele-expertise past its answer deadline, one batch per unit of work; returns
    how many this run expired. Acceptance does not restart the clock."""
    batch_size = context.settings.expiry_batch_size
    delay = context.settings.answer_delay
    total = 0
    while True:
        async with context.units_of_work() as uow:
            instant = context.now()
            claimed = await uow.store.overdue(instant - delay, batch_size)
            done = 0
            for filed in claimed:
                if not is_expired(filed.expertise, instant, delay):
                    continue
                try:
                    transition = expire(filed.expertise, instant, delay)
                except TelemedDomainError as error:
                    # E.g. another instance's clock ran ahead of ours: the next sweep will take it.
                    log.warning(
                        "expiry skipped",
                        extra={"expertise_id": str(filed.expertise.id), "error_type": type(error).__name__},
                    )
                    continue
                expired = replace(filed, expertise=transition.expertise)
                await uow.store.save(expired)
                await uow.store.append_trace(transition.entry, actor_practice_id=None)
                await announce(uow, expired, transition)
                done += 1
            if done:
                uow.outbox.count(expired_counter, done)
        total += done
        if len(claimed) < batch_size:
            return total


async def trace_publication_failures(context: TelemedContext) -> int:
    """Record a system incident on each tele-expertise whose act event keeps failing to reach Kafka
    (CSP R6316-4), once per event, when it lasted longer than `publication_incident_after_seconds`.

    The outbox relay retries on its own; this only makes the failure visible in the file."""
    instant = context.now()
    threshold = instant - timedelta(seconds=context.settings.publication_incident_after_seconds)
    recorded = 0
    async with context.units_of_work() as uow:
        for stale in await uow.store.stale_act_publications(threshold, 100):
            reference = f"outbox:{stale.event_id}"
            filed = await uow.store.claim(stale.expertise_id)
            if filed is None or await uow.store.incident_traced(filed.expertise.id, reference):
                continue
            description = (
                f"Act {stale.act_code} could not yet be sent to billing and the DMP: publication to the "
                f"message broker failing since {stale.since.isoformat()} ({stale.error}); retried "
                "automatically."
            )
            try:
                transition = record_incident(filed.expertise, None, description, instant)
            except TelemedDomainError as error:
                log.warning("incident not traced yet", extra={"error_type": type(error).__name__})
                continue
            await uow.store.append_trace(transition.entry, actor_practice_id=None, incident_ref=reference)
            recorded += 1
        if recorded:
            uow.outbox.count(incidents_counter, recorded, {"source": "system"})
    return recorded
