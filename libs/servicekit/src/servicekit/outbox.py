"""Transactional outbox: events are rows written in the caller's transaction; a relay publishes them.

Claiming is by state (`sent_at IS NULL` and no live lease) with `FOR UPDATE SKIP LOCKED`, never by
"id greater than the last seen", so a row whose transaction commits late is still published.
Rows are marked sent only after the broker acknowledged (idempotent producer, acks=all).

The relay works in batches: woken from idle by the first commit of a burst, it lingers a few
milliseconds so the burst's other commits land, claims up to `batch_size` rows in one statement,
hands them all to the producer before awaiting any acknowledgement (the producer batches them per
partition), then marks the acknowledged ones sent in one statement. Each of its statements stands
alone (autocommit): one round trip, no BEGIN/COMMIT.

One relay per service database publishes; the others stand by. Claims alone never publish a row
twice, but two relays (one per worker or replica) could each claim consecutive rows of one message
key and hand them to the producer concurrently, so a consumer would see a patient's events out of
order. Leadership is a PostgreSQL session advisory lock held on the relay's own connection (the one
it LISTENs on): the holder publishes, the others try for the lock every `safety_poll_seconds`. When
the holder's connection dies PostgreSQL releases the lock, the holder notices before its next claim
and stops, and a standby takes over within a poll. A new leader first lets the rows its predecessor
still leases be settled or expire, so that it does not publish a key's later rows before them.
A relay that cannot open that connection does not publish: it keeps trying to.
"""

import asyncio
import contextlib
import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from opentelemetry import propagate, trace
from opentelemetry.metrics import Observation
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope, to_kafka
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.topics import namespaced
from servicekit.db import Database
from servicekit.gauges import Live
from servicekit.kit_tables import OUTBOX_CHANNEL, outbox_messages
from servicekit.telemetry import meter, tracer

log = logging.getLogger("servicekit.outbox")

_running_relays: "Live[OutboxRelay]" = Live()  # what the outbox gauges report on (servicekit.gauges)


_NOTIFIED_IN = "servicekit.outbox.notified_in"  # session.info key: the transaction that sent NOTIFY

# The session advisory lock whose holder is a database's active relay. Derived from a fixed name in
# Python (not `hashtext`, which PostgreSQL does not promise to keep stable across versions); it shares
# the advisory key space with the migrations' lock, and does not collide with it.
LEADERSHIP_LOCK_ID = int.from_bytes(
    hashlib.sha256(b"servicekit.outbox-relay").digest()[:8], "big", signed=True
)


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
    """Publishes pending outbox rows while it holds its database's leadership lock; woken by
    LISTEN/NOTIFY, with a slow safety poll (also the pace at which a standby tries for the lock)."""

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
        self._leadership: asyncpg.Connection | None = None  # holds the lock; LISTENs while active
        self._active = False
        self._predecessor_leases = False  # just took over: the previous leader's rows may be leased
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

    # Backlog and age are the database's, not the process's: only the active relay reports them, so
    # an alert on them fires once per service, not once per worker.
    def _observe_backlog(self) -> list[Observation]:
        return [Observation(self._backlog, {"service": self.service})] if self.active else []

    def _observe_age(self) -> list[Observation]:
        return [Observation(self._oldest_age, {"service": self.service})] if self.active else []

    def _observe_active(self) -> list[Observation]:
        return [Observation(int(self.active), {"service": self.service})]

    @property
    def active(self) -> bool:
        """Whether this relay holds the leadership lock on a connection that is still open."""
        return self._active and self._leadership is not None and not self._leadership.is_closed()

    async def start(self) -> None:
        self._failures.add(0, {"service": self.service})  # from zero (servicekit.counters)
        _running_relays.add(self)
        await self._contend()
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")

    async def _contend(self) -> bool:
        """Return whether this relay is the active one: checks that the leadership connection is still
        open, (re)opens it if not, and tries for the lock if it does not hold it."""
        if self._leadership is not None and self._leadership.is_closed():
            if self._active:
                log.warning("outbox relay lost its leadership connection; standing down")
            await self._let_go()
        if self._active:
            return True
        try:
            if self._leadership is None:
                url = self.database.engine.url.set(drivername="postgresql")
                self._leadership = await asyncpg.connect(url.render_as_string(hide_password=False))
            if await self._leadership.fetchval(
                "SELECT pg_try_advisory_lock($1)", LEADERSHIP_LOCK_ID, timeout=10
            ):
                # Listening from the moment it leads: what committed before is in its first claim.
                await self._leadership.add_listener(OUTBOX_CHANNEL, self._notified)
                self._active = True
                self._predecessor_leases = True
                log.info("outbox relay active")
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
            log.warning("outbox relay leadership connection unavailable; retrying")
            await self._let_go()
        return self._active

    def _notified(self, *_: object) -> None:
        self._wake.set()

    async def _let_go(self) -> None:
        """Close the leadership connection; PostgreSQL releases the lock with the session."""
        self._active = False
        if self._leadership is not None:
            with contextlib.suppress(Exception):
                await self._leadership.close(timeout=5)
            self._leadership = None

    async def stop(self) -> None:
        """Publish what is pending (bounded) if active, then stop and let a standby take over."""
        _running_relays.discard(self)
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, timeout=15)
        await self._release_in_flight()
        await self._let_go()

    async def _run(self) -> None:
        while True:
            if self._stopping.is_set() and not self.active:
                return  # a standby has nothing to flush
            published = 0
            try:
                # Before each claim: a relay that lost the lock's connection must not publish on.
                if await self._contend() and await self._predecessor_settled():
                    published = await self.relay_once()
            except Exception as error:
                self._failures.add(1, {"service": self.service})
                log.warning("outbox relay iteration failed", extra={"error_type": type(error).__name__})
                await asyncio.sleep(1.0)
            if self._stopping.is_set() and published == 0:
                return
            if published >= self.batch_size:
                continue  # more may be waiting
            idle = not self._wake.is_set()  # nothing committed while the last batch was out
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.safety_poll_seconds)
            if idle and self.linger and not self._stopping.is_set():
                # The first commit of a burst woke an idle relay: let the others land, one claim for
                # them all. A busy relay does not linger: what committed meanwhile is its next batch.
                await asyncio.sleep(self.linger.total_seconds())
            self._wake.clear()

    async def _predecessor_settled(self) -> bool:
        """A new leader claims nothing while rows are leased by the relay it replaces (a crashed one's
        expire within a lease; one that lost its connection mid-batch settles them): claiming around
        them would publish their keys' later rows first."""
        if self._predecessor_leases:
            async with self.database.autocommit() as session:
                leased = (
                    await session.execute(
                        select(func.count())
                        .where(outbox_messages.c.sent_at.is_(None))
                        .where(outbox_messages.c.lease_until > datetime.now(UTC))  # as in _claim
                    )
                ).scalar_one()
            self._predecessor_leases = leased > 0
        return not self._predecessor_leases

    async def relay_once(self) -> int:
        """Claim a batch, publish it, mark what Kafka acknowledged. Returns how many were sent.

        One pass whatever the leadership: the run loop calls it only while active; a caller that
        calls it by hand (tests, tools) answers for there being no other relay running."""
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


_running_relays.create_observable_gauge(
    "dentalink_outbox_backlog",
    OutboxRelay._observe_backlog,
    description="Outbox rows not yet acknowledged by Kafka",
)
_running_relays.create_observable_gauge(
    "dentalink_outbox_oldest_age_seconds",
    OutboxRelay._observe_age,
    unit="s",
    description="Age of the oldest unsent outbox row",
)
_running_relays.create_observable_gauge(
    "dentalink_outbox_relay_active",
    OutboxRelay._observe_active,
    description="1 while this process's relay is the one publishing its database's outbox",
)
