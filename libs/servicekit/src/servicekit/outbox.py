"""Transactional outbox: events are rows written in the caller's transaction; a relay publishes them.

Claiming is by state (`sent_at IS NULL` and no live lease) with `FOR UPDATE SKIP LOCKED`, never by
"id greater than the last seen", so a row whose transaction commits late is still published.
Rows are marked sent only after the broker acknowledged (idempotent producer, acks=all).

The relay works in batches: woken from idle by the first commit of a burst, it lingers a few
milliseconds so the burst's other commits land, claims up to `batch_size` rows in one statement,
hands them all to the producer before awaiting any acknowledgement (the producer batches them per
partition), then marks the acknowledged ones sent in one statement. Each of its statements stands
alone (autocommit): one round trip, no BEGIN/COMMIT.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from opentelemetry import propagate, trace
from opentelemetry.metrics import CallbackOptions, Observation
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope, to_kafka
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.topics import namespaced
from servicekit.db import Database
from servicekit.kit_tables import OUTBOX_CHANNEL, outbox_messages
from servicekit.telemetry import meter, tracer

log = logging.getLogger("servicekit.outbox")

_NOTIFIED_IN = "servicekit.outbox.notified_in"  # session.info key: the transaction that sent NOTIFY


async def publish(
    session: AsyncSession, event: DomainEvent, *, key: str, source: str, event_id: uuid.UUID | None = None
) -> uuid.UUID:
    """Queue `event` in the session's transaction: it is published if and only if the transaction commits.

    The current trace context is stored on the row so the consumer's span continues this trace, and
    NOTIFY (delivered only at commit) wakes the relay without polling.
    """
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    event_id = event_id or uuid.uuid4()
    await session.execute(
        insert(outbox_messages).values(
            id=event_id,
            topic=event.topic,
            message_key=key,
            event_type=event.event_type,
            payload={"source": source, "data": event.model_dump(mode="json")},
            trace_context=carrier,
        )
    )
    await _notify_once_per_transaction(session)
    return event_id


async def _notify_once_per_transaction(session: AsyncSession) -> None:
    """NOTIFY the relay, once per database transaction: PostgreSQL folds equal notifications at
    commit anyway, so a batch of consumed events that each publish saves a round trip per event."""
    transaction = session.sync_session.get_transaction()  # begun by the INSERT before
    autocommit = session.get_bind().get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    if autocommit or transaction is None or session.info.get(_NOTIFIED_IN) is not transaction:
        await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": OUTBOX_CHANNEL})
        session.info[_NOTIFIED_IN] = transaction


@dataclass
class _Claimed:
    id: uuid.UUID
    topic: str
    message_key: str
    event_type: str
    payload: dict[str, Any]
    trace_context: dict[str, str]
    created_at: datetime


class OutboxRelay:
    """Publishes pending outbox rows; woken by LISTEN/NOTIFY, with a slow safety poll."""

    def __init__(
        self,
        database: Database,
        producer: AIOKafkaProducer,
        *,
        service: str,
        topic_namespace: str = "",
        batch_size: int = 200,
        lease: timedelta = timedelta(seconds=5),
        safety_poll_seconds: float = 2.0,
        retention: timedelta = timedelta(hours=24),
        linger: timedelta = timedelta(milliseconds=5),
    ) -> None:
        self.database = database
        self.producer = producer
        self.service = service
        self.topic_namespace = topic_namespace
        self.batch_size = batch_size
        self.lease = lease
        self.safety_poll_seconds = safety_poll_seconds
        self.retention = retention
        self.linger = linger
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._in_flight: set[uuid.UUID] = set()
        self._listener: asyncpg.Connection | None = None
        self._backlog = 0
        self._oldest_age = 0.0
        self._last_stats = 0.0
        self._last_purge = 0.0
        self.published = 0
        self._published_counter = meter.create_counter(
            "dentalink_outbox_published", description="Outbox events acknowledged by Kafka"
        )
        self._failures = meter.create_counter(
            "dentalink_outbox_publish_failures", description="Outbox publish attempts that failed"
        )
        meter.create_observable_gauge(
            "dentalink_outbox_backlog",
            callbacks=[self._observe_backlog],
            description="Outbox rows not yet acknowledged by Kafka",
        )
        meter.create_observable_gauge(
            "dentalink_outbox_oldest_age_seconds",
            callbacks=[self._observe_age],
            unit="s",
            description="Age of the oldest unsent outbox row",
        )

    def _observe_backlog(self, _: CallbackOptions) -> list[Observation]:
        return [Observation(self._backlog, {"service": self.service})]

    def _observe_age(self, _: CallbackOptions) -> list[Observation]:
        return [Observation(self._oldest_age, {"service": self.service})]

    async def start(self) -> None:
        self._failures.add(0, {"service": self.service})  # from zero (servicekit.counters)
        await self._listen()
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")

    async def _listen(self) -> None:
        url = self.database.engine.url.set(drivername="postgresql")
        try:
            self._listener = await asyncpg.connect(url.render_as_string(hide_password=False))
            await self._listener.add_listener(OUTBOX_CHANNEL, lambda *_: self._wake.set())
        except (OSError, asyncpg.PostgresError):
            log.warning("outbox LISTEN unavailable; relying on the safety poll")
            self._listener = None

    async def stop(self) -> None:
        """Publish what is pending (bounded), then stop."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, timeout=15)
        await self._release_in_flight()
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()

    async def _run(self) -> None:
        while True:
            try:
                published = await self.relay_once()
            except Exception as error:
                self._failures.add(1, {"service": self.service})
                log.warning("outbox relay iteration failed", extra={"error_type": type(error).__name__})
                published = 0
                await asyncio.sleep(1.0)
            if self._stopping.is_set() and published == 0:
                return
            if published >= self.batch_size:
                continue  # more may be waiting
            if self._listener is not None and self._listener.is_closed():
                await self._listen()
            idle = not self._wake.is_set()  # nothing committed while the last batch was out
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.safety_poll_seconds)
            if idle and self.linger and not self._stopping.is_set():
                # The first commit of a burst woke an idle relay: let the others land, one claim for
                # them all. A busy relay does not linger: what committed meanwhile is its next batch.
                await asyncio.sleep(self.linger.total_seconds())
            self._wake.clear()

    async def relay_once(self) -> int:
        """Claim a batch, publish it, mark what Kafka acknowledged. Returns how many were sent."""
        rows = await self._claim()
        sent: list[uuid.UUID] = []
        failed: dict[uuid.UUID, str] = {}
        if rows:
            self._in_flight = {row.id for row in rows}
            renewal = asyncio.create_task(self._renew_leases(), name=f"outbox-lease-{self.service}")
            try:
                await self._publish(rows, sent, failed)
                await self._settle(sent, failed)
                self._in_flight = set()  # settled; if cancelled before this, stop() releases them
            finally:
                renewal.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewal
        await self._refresh_stats()
        return len(sent)

    async def _renew_leases(self) -> None:
        """While a batch is in flight its lease is kept short and renewed: a relay that crashes lets
        go of its rows within one lease, not after a long fixed one."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 2)
            await self._lease_in_flight(datetime.now(UTC) + self.lease)

    async def _release_in_flight(self) -> None:
        """A clean shutdown that could not finish a batch hands its rows back at once."""
        if self._in_flight:
            await self._lease_in_flight(None)
        self._in_flight = set()

    async def _lease_in_flight(self, until: datetime | None) -> None:
        """Set the lease of the unsent rows in flight (None: free); best effort, the lease expires anyway."""
        with contextlib.suppress(Exception):
            async with self.database.autocommit() as session:
                await session.execute(
                    update(outbox_messages)
                    .where(outbox_messages.c.id.in_(self._in_flight))
                    .where(outbox_messages.c.sent_at.is_(None))
                    .values(lease_until=until)
                )

    async def _publish(
        self, rows: list["_Claimed"], sent: list[uuid.UUID], failed: dict[uuid.UUID, str]
    ) -> None:
        if rows:
            futures = []
            for row in rows:
                # Rows name the contract's topic; the environment's namespace is applied on the wire.
                topic = namespaced(row.topic, self.topic_namespace)
                span = tracer.start_span(
                    f"{topic} publish",
                    context=propagate.extract(row.trace_context),
                    kind=trace.SpanKind.PRODUCER,
                    attributes={"messaging.system": "kafka", "messaging.destination.name": topic},
                )
                try:
                    with trace.use_span(span, end_on_exit=False):
                        carrier: dict[str, str] = {}
                        propagate.inject(carrier)
                        key, value, headers = to_kafka(
                            Envelope(
                                id=row.id,
                                source=row.payload["source"],
                                type=row.event_type,
                                time=row.created_at,
                                key=row.message_key,
                                data=row.payload["data"],
                                trace=carrier,
                            )
                        )
                        futures.append(
                            (
                                row,
                                span,
                                await self.producer.send(topic, value=value, key=key, headers=headers),
                            )
                        )
                except Exception as error:
                    span.end()
                    failed[row.id] = type(error).__name__
            for row, span, future in futures:
                try:
                    await future
                    sent.append(row.id)
                except Exception as error:
                    failed[row.id] = type(error).__name__
                finally:
                    span.end()

    async def _claim(self) -> list[_Claimed]:
        now = datetime.now(UTC)
        claimable = (
            select(outbox_messages.c.id)
            .where(outbox_messages.c.sent_at.is_(None))
            .where((outbox_messages.c.lease_until.is_(None)) | (outbox_messages.c.lease_until < now))
            .order_by(outbox_messages.c.created_at)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        async with self.database.autocommit() as session:  # one statement: its own transaction
            result = await session.execute(
                update(outbox_messages)
                .where(outbox_messages.c.id.in_(claimable))
                .values(lease_until=now + self.lease, attempts=outbox_messages.c.attempts + 1)
                .returning(
                    outbox_messages.c.id,
                    outbox_messages.c.topic,
                    outbox_messages.c.message_key,
                    outbox_messages.c.event_type,
                    outbox_messages.c.payload,
                    outbox_messages.c.trace_context,
                    outbox_messages.c.created_at,
                )
            )
            rows = [_Claimed(*row) for row in result.all()]
        rows.sort(key=lambda row: row.created_at)
        return rows

    async def _settle(self, sent: list[uuid.UUID], failed: dict[uuid.UUID, str]) -> None:
        # Each statement stands alone: a row marked sent stays sent whatever happens to the others.
        async with self.database.autocommit() as session:
            if sent:
                await session.execute(
                    update(outbox_messages)
                    .where(outbox_messages.c.id.in_(sent))
                    .values(sent_at=func.now(), lease_until=None, last_error=None)
                )
            by_error: dict[str, list[uuid.UUID]] = {}
            for row_id, error in failed.items():
                by_error.setdefault(error, []).append(row_id)
            for error, row_ids in by_error.items():
                # Released after a short pause rather than the full lease, so a broker outage heals fast.
                await session.execute(
                    update(outbox_messages)
                    .where(outbox_messages.c.id.in_(row_ids))
                    .values(lease_until=datetime.now(UTC) + timedelta(seconds=1), last_error=error)
                )
        if sent:
            self.published += len(sent)
            self._published_counter.add(len(sent), {"service": self.service})
        if failed:
            self._failures.add(len(failed), {"service": self.service})
            log.warning("outbox publish failed", extra={"failed": len(failed)})

    async def _refresh_stats(self) -> None:
        now = time.monotonic()
        if now - self._last_stats < 1.0:
            return
        self._last_stats = now
        async with self.database.autocommit() as session:
            count, oldest = (
                await session.execute(
                    select(func.count(), func.min(outbox_messages.c.created_at)).where(
                        outbox_messages.c.sent_at.is_(None)
                    )
                )
            ).one()
            self._backlog = int(count)
            self._oldest_age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
            if now - self._last_purge > 600:
                self._last_purge = now
                await session.execute(
                    delete(outbox_messages).where(
                        outbox_messages.c.sent_at < datetime.now(UTC) - self.retention
                    )
                )

    async def backlog(self) -> int:
        async with self.database.transaction() as session:
            return int(
                (
                    await session.execute(select(func.count()).where(outbox_messages.c.sent_at.is_(None)))
                ).scalar_one()
            )
