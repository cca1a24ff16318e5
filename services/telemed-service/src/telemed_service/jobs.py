"""Background work: expire unanswered requests, and trace failures to publish the acts.

Both are safe with several instances: rows are claimed with `FOR UPDATE SKIP LOCKED`, the effect is
re-checked under the lock, and a service-recorded incident carries a unique reference.
"""

import logging
from datetime import timedelta
from uuid import UUID

from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from dentalink_contracts.events.telemed import ActRecorded
from servicekit import PeriodicJob, Runtime
from servicekit.kit_tables import outbox_messages
from servicekit.telemetry import count_after_commit, meter
from telemed_service.domain import TelemedDomainError, expire, is_expired, record_incident
from telemed_service.domain.states import OPEN_STATUSES
from telemed_service.models import ExpertiseRow, TraceRow
from telemed_service.runtime import now, settings_of
from telemed_service.store import append_trace, load_domain, write_state

log = logging.getLogger("telemed_service.jobs")

expired_counter = meter.create_counter(
    "dentalink_telemed_expired", description="Tele-expertises expired unanswered after the delay"
)
incidents_counter = meter.create_counter(
    "dentalink_telemed_incidents", description="Technical incidents traced on tele-expertises"
)


async def expire_overdue(runtime: Runtime) -> int:
    """Expire every open tele-expertise past its answer deadline; returns how many this run expired."""
    settings = settings_of(runtime)
    total = 0
    while True:
        async with runtime.database.transaction() as session:
            done, claimed = await _expire_batch(session, runtime, settings.expiry_batch_size)
        total += done
        if claimed < settings.expiry_batch_size:
            return total


async def _expire_batch(session: AsyncSession, runtime: Runtime, batch_size: int) -> tuple[int, int]:
    settings = settings_of(runtime)
    delay = settings.answer_delay
    instant = now(runtime)
    statement = (
        select(ExpertiseRow)
        .where(col(ExpertiseRow.status).in_([status.value for status in OPEN_STATUSES]))
        .where(col(ExpertiseRow.requested_at) < instant - delay)
        .order_by(col(ExpertiseRow.requested_at))
        .limit(batch_size)
        .with_for_update(skip_locked=True)
    )
    rows = list((await session.execute(statement)).scalars().all())
    done = 0
    for row in rows:
        expertise = await load_domain(session, row)
        if not is_expired(expertise, instant, delay):
            continue
        try:
            transition = expire(expertise, instant, delay)
        except TelemedDomainError as error:
            # E.g. another instance's clock ran ahead of ours: the next sweep will take it.
            log.warning(
                "expiry skipped", extra={"expertise_id": str(row.id), "error_type": type(error).__name__}
            )
            continue
        write_state(row, transition.expertise)
        await append_trace(session, transition.entry, actor_practice_id=None)
        done += 1
    if done:
        count_after_commit(session, expired_counter, done)
    return done, len(rows)


async def trace_publication_failures(runtime: Runtime) -> int:
    """Record a system incident on each expertise whose act event keeps failing to reach Kafka (R6316-4).

    The outbox relay retries on its own; this only makes the failure visible in the file, once per
    event, when it lasted longer than `publication_incident_after_seconds`.
    """
    settings = settings_of(runtime)
    instant = now(runtime)
    threshold = instant - timedelta(seconds=settings.publication_incident_after_seconds)
    recorded = 0
    async with runtime.database.transaction() as session:
        stale = (
            await session.execute(
                sa_select(
                    outbox_messages.c.id,
                    outbox_messages.c.payload["data"]["expertise_id"].astext,
                    outbox_messages.c.payload["data"]["act_code"].astext,
                    outbox_messages.c.last_error,
                    outbox_messages.c.created_at,
                )
                .where(outbox_messages.c.event_type == ActRecorded.event_type)
                .where(outbox_messages.c.sent_at.is_(None))
                .where(outbox_messages.c.last_error.is_not(None))
                .where(outbox_messages.c.created_at < threshold)
                .order_by(outbox_messages.c.created_at)
                .limit(100)
            )
        ).all()
        for event_id, expertise_id, code, error, since in stale:
            reference = f"outbox:{event_id}"
            row = (
                (
                    await session.execute(
                        select(ExpertiseRow)
                        .where(col(ExpertiseRow.id) == UUID(expertise_id))
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .first()
            )
            if row is None or await _already_traced(session, row.id, reference):
                continue
            description = (
                f"Act {code} could not yet be sent to billing and the DMP: publication to the message broker "
                f"failing since {since.isoformat()} ({error}); retried automatically."
            )
            try:
                transition = record_incident(await load_domain(session, row), None, description, instant)
            except TelemedDomainError as error:
                log.warning("incident not traced yet", extra={"error_type": type(error).__name__})
                continue
            await append_trace(session, transition.entry, actor_practice_id=None, incident_ref=reference)
            recorded += 1
    if recorded:
        incidents_counter.add(recorded, {"source": "system"})
    return recorded


async def _already_traced(session: AsyncSession, expertise_id: UUID, reference: str) -> bool:
    found = await session.execute(
        select(col(TraceRow.id))
        .where(col(TraceRow.expertise_id) == expertise_id)
        .where(col(TraceRow.incident_ref) == reference)
    )
    return found.first() is not None


async def _expire_job(runtime: Runtime) -> None:
    await expire_overdue(runtime)


async def _watch_job(runtime: Runtime) -> None:
    await trace_publication_failures(runtime)


def jobs(expiry_interval: float, watch_interval: float) -> list[PeriodicJob]:
    return [
        PeriodicJob("expire-tele-expertises", expiry_interval, _expire_job),
        PeriodicJob("trace-publication-failures", watch_interval, _watch_job),
    ]
