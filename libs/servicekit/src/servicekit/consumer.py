"""Idempotent Kafka consumer: the handler's effect and its inbox row commit together, then the offset.

Redelivery is harmless (the inbox row makes a second run a no-op). A message that keeps failing goes
to `<topic>.dlq` after bounded retries, with the error, and the consumer goes on.

To keep up with bursts, each poll (up to `batch_size` records over the assigned partitions) is
applied in one transaction: the inbox rows of the whole poll in one statement, then each handler in
partition order, one commit, then one offset commit. When that transaction fails for a reason of the
messages (a handler error, a constraint), it is rolled back whole and the poll is applied again one
event per transaction, so the failing event gets its retries and dead letter while its neighbours
are applied, in order. A database or broker outage rolls the poll back and re-reads it instead.

A rebalance may take a partition away while its records are applied (aiokafka rejoins the group in
the background). The new owner starts from the committed offset, which never passes a record not
applied or dead-lettered here: so a partition no longer owned is neither rewound nor committed, and
the replay stops applying its records.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
from aiokafka.coordinator.assignors.sticky.sticky_assignor import StickyPartitionAssignor
from aiokafka.errors import CommitFailedError, KafkaError
from opentelemetry import propagate, trace
from opentelemetry.metrics import Observation
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope, MalformedEnvelope, from_kafka
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.topics import dead_letter_topic, namespaced
from servicekit.db import Database
from servicekit.failures import is_infrastructure_error
from servicekit.gauges import Live
from servicekit.http_metrics import DURATION_BUCKETS
from servicekit.kit_tables import inbox_messages
from servicekit.telemetry import meter, tracer

log = logging.getLogger("servicekit.consumer")
JOIN_TIMEOUT_SECONDS = 45.0
_running_consumers: "Live[EventConsumer[Any]]" = Live()  # what the lag gauge reports on (servicekit.gauges)

C = TypeVar("C")

# A handler receives the open transaction (the inbox row commits in it), the validated payload, its
# envelope (id, time, trace) and the service's context, the same object its routes and jobs receive.
Handler = Callable[[AsyncSession, Any, Envelope, C], Awaitable[None]]


@dataclass(frozen=True)
class Subscription(Generic[C]):
    """Which payload class a handler takes; its topic comes from the class."""

    event: type[DomainEvent]
    handler: Handler[C]


@dataclass(frozen=True)
class _Delivery(Generic[C]):
    """A record of a poll that this consumer handles: its envelope, handler and validated payload."""

    record: ConsumerRecord[bytes, bytes]
    envelope: Envelope
    subscription: Subscription[C]
    payload: DomainEvent


@dataclass(frozen=True)
class _Rejected:
    """A record of a poll that can never be handled (malformed, invalid payload): a dead letter."""

    record: ConsumerRecord[bytes, bytes]
    envelope: Envelope | None
    error: str


class PermanentError(Exception):
    """Raised by a handler when retrying cannot help: the message goes straight to the DLQ.

    Its message is recorded with the dead letter: it must name the rule, never quote personal data.
    """


class EventConsumer(Generic[C]):
    """One consumer group reading the topics of its subscriptions."""

    def __init__(
        self,
        name: str,
        subscriptions: list[Subscription[C]],
        *,
        context: C,
        topic_namespace: str = "",
        database: Database,
        bootstrap_servers: str,
        producer: AIOKafkaProducer,
        client_options: Mapping[str, Any] | None = None,
        max_attempts: int = 5,
        retry_base_seconds: float = 0.2,
        stall_seconds: float = 30.0,
        start_new_group_at_end: bool = False,
        batch_size: int = 200,
    ) -> None:
        self.name = name
        self.context = context
        self.by_type: Mapping[str, Subscription[C]] = {sub.event.event_type: sub for sub in subscriptions}
        # Topics and the group id carry the environment's namespace: a test run never joins the
        # platform's groups nor reads its topics.
        self.topics = sorted({namespaced(sub.event.topic, topic_namespace) for sub in subscriptions})
        self.group_id = namespaced(name, topic_namespace)
        self.database = database
        self.bootstrap_servers = bootstrap_servers
        self.client_options = dict(client_options or {})
        self.producer = producer
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds
        self.stall_seconds = stall_seconds
        self.start_new_group_at_end = start_new_group_at_end
        self.batch_size = batch_size
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._last_poll = time.monotonic()
        self._last_progress = time.monotonic()
        self._lag: dict[TopicPartition, int] = {}
        self.processed = 0
        self._processed_counter = meter.create_counter(
            "dentalink_consumer_processed", description="Events handled (effect committed)"
        )
        self._duplicates = meter.create_counter(
            "dentalink_consumer_duplicates", description="Redelivered events skipped by the inbox"
        )
        self._dead_letters = meter.create_counter(
            "dentalink_consumer_dead_lettered", description="Events sent to a dead-letter topic"
        )
        self._duration = meter.create_histogram(
            "dentalink_consumer_handler_duration",
            unit="s",
            description="Handler time per event",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS,  # seconds, not the SDK's ms defaults
        )

    def _observe_lag(self) -> list[Observation]:
        return [
            Observation(lag, {"consumer": self.name, "topic": tp.topic, "partition": str(tp.partition)})
            for tp, lag in self._lag.items()
        ]

    async def start(self) -> None:
        _running_consumers.add(self)
        if self.start_new_group_at_end:
            await self._position_new_group_at_end()
        self._consumer = AIOKafkaConsumer(
            *self.topics,
            **self.client_options,
            bootstrap_servers=self.bootstrap_servers,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            client_id=self.name,
            metadata_max_age_ms=5000,
            # Sticky: a replica joining or leaving moves only the partitions it must, the others
            # keep theirs (aiokafka has no cooperative protocol; every rebalance is eager, made safe
            # by committing before revocation). Round-robin, the former default, stays listed: members
            # started before this setting share a protocol with new ones during a rolling upgrade.
            partition_assignment_strategy=(StickyPartitionAssignor, RoundRobinPartitionAssignor),
        )
        # aiokafka's start waits for the group to assign partitions. Seen on a 3-broker cluster with
        # two replicas starting at once while the offsets topic was being created: one replica's join
        # never completed and it waited for ever (alive, never ready, so never restarted). A bounded
        # join, then a fresh client: TimeoutError is an OSError, which the start is retried on.
        try:
            await asyncio.wait_for(self._consumer.start(), timeout=JOIN_TIMEOUT_SECONDS)
        except TimeoutError:
            log.warning("group join timed out; starting a fresh client", extra={"consumer": self.name})
            with contextlib.suppress(KafkaError, TimeoutError):
                await asyncio.wait_for(self._consumer.stop(), timeout=10)
            raise
        # From zero, so the first dead letter or duplicate shows in increase() (servicekit.counters).
        self._duplicates.add(0, {"consumer": self.name})
        for topic in self.topics:
            self._dead_letters.add(0, {"consumer": self.name, "topic": topic})
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.name}")

    async def _position_new_group_at_end(self) -> None:
        """A group with no committed offsets starts at the topics' current end instead of their
        history; committing those offsets first avoids the race of `auto_offset_reset="latest"`."""
        probe = AIOKafkaConsumer(
            **self.client_options,
            bootstrap_servers=self.bootstrap_servers,
            group_id=self.group_id,
            enable_auto_commit=False,
        )
        await probe.start()
        try:
            partitions = [
                TopicPartition(topic, partition)
                for topic in self.topics
                for partition in sorted(await self.producer.partitions_for(topic))
            ]
            if partitions and all([await probe.committed(tp) is None for tp in partitions]):
                probe.assign(partitions)
                await probe.commit(await probe.end_offsets(partitions))
        finally:
            await probe.stop()

    async def stop(self) -> None:
        """Stop polling, let the in-flight batch finish and commit, leave the group."""
        _running_consumers.discard(self)
        self._stopping.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, timeout=20)
        if self._consumer is not None:
            with contextlib.suppress(KafkaError):
                await self._consumer.stop()

    def progressing(self) -> bool:
        """False when the loop stopped polling, or records wait and nothing moved for `stall_seconds`."""
        now = time.monotonic()
        if self._task is None or self._task.done():
            return False
        if now - self._last_poll > self.stall_seconds:
            return False
        return not (
            any(lag > 0 for lag in self._lag.values()) and now - self._last_progress > self.stall_seconds
        )

    async def _run(self) -> None:
        assert self._consumer is not None
        consumer = self._consumer
        while not self._stopping.is_set():
            try:
                polled = await consumer.getmany(timeout_ms=500, max_records=self.batch_size)
            except KafkaError as error:
                log.warning("poll failed", extra={"consumer": self.name, "error_type": type(error).__name__})
                await asyncio.sleep(1.0)
                continue
            self._last_poll = time.monotonic()
            if polled:
                try:
                    await self._process_poll(consumer, polled)
                except Exception as error:
                    # The loop must never die: nothing past an unapplied record was committed, so
                    # reading the poll again (the inbox skips what was applied) loses nothing.
                    log.error(
                        "poll failed; will re-read",
                        extra={"consumer": self.name, "error_type": type(error).__name__},
                    )
                    for tp, records in polled.items():
                        self._rewind(consumer, tp, records[0].offset)
                    await asyncio.sleep(1.0)
            await self._refresh_lag(consumer)

    async def _process_poll(
        self, consumer: AIOKafkaConsumer, polled: Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
    ) -> None:
        """Apply a poll in one transaction, else event by event; then commit what was applied."""
        try:
            await self._apply_together(polled)
        except Exception as error:
            if is_infrastructure_error(error):
                # Nothing of the poll committed: read it again once the dependency is back.
                log.warning(
                    "infrastructure unavailable; will re-read",
                    extra={"consumer": self.name, "error_type": type(error).__name__},
                )
                for tp, records in polled.items():
                    self._rewind(consumer, tp, records[0].offset)
                await asyncio.sleep(1.0)
                return
            log.warning(
                "batch failed; applying its events one by one",
                extra={"consumer": self.name, "error_type": type(error).__name__},
            )
            await self._process_one_by_one(consumer, polled)
            return
        await self.commit_offsets(consumer, {tp: records[-1].offset + 1 for tp, records in polled.items()})

    async def _apply_together(
        self, polled: Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
    ) -> None:
        """One transaction for the whole poll: the inbox rows in one statement, then each new event's
        handler in partition order. Raises (and commits nothing) when any handler or the commit fails;
        the records that can never be handled are dead-lettered once the others committed."""
        deliveries: list[_Delivery[C]] = []
        rejected: list[_Rejected] = []
        for records in polled.values():
            for record in records:
                decoded = self._decode(record)
                if isinstance(decoded, _Delivery):
                    deliveries.append(decoded)
                elif decoded is not None:
                    rejected.append(decoded)
        applied: list[_Delivery[C]] = []
        if deliveries:
            started = time.perf_counter()
            async with self.database.transaction() as session:
                fresh = await self._claim_inbox(session, deliveries)
                for delivery in deliveries:
                    if delivery.envelope.id not in fresh:
                        continue  # done before, or twice in this poll
                    fresh.discard(delivery.envelope.id)
                    with self._span(delivery.record, delivery.envelope):
                        await delivery.subscription.handler(
                            session, delivery.payload, delivery.envelope, self.context
                        )
                    applied.append(delivery)
            share = (time.perf_counter() - started) / max(1, len(applied))
            self._count_applied(applied, share)
            if skipped := len(deliveries) - len(applied):
                self._duplicates.add(skipped, {"consumer": self.name})
        for dead in rejected:
            with self._span(dead.record, dead.envelope) as span:
                span.set_status(trace.Status(trace.StatusCode.ERROR, "dead-lettered"))
                await self._dead_letter(dead.record, dead.envelope, dead.error)
        self._last_progress = time.monotonic()

    async def _claim_inbox(self, session: AsyncSession, deliveries: list[_Delivery[C]]) -> set[uuid.UUID]:
        """Insert the poll's inbox rows; returns the ids not seen before (those whose effect is due)."""
        rows = {
            delivery.envelope.id: {
                "consumer": self.name,
                "event_id": delivery.envelope.id,
                "topic": delivery.subscription.event.topic,
                "event_type": delivery.envelope.type,
                "outcome": "processed",
            }
            for delivery in deliveries
        }
        # Parameters as a list (SQLAlchemy's "insertmanyvalues"): one cached statement for any batch
        # size, where `.values(rows)` would compile a new statement of 5 x N parameters every time.
        claimed = await session.execute(
            insert(inbox_messages).on_conflict_do_nothing().returning(inbox_messages.c.event_id),
            list(rows.values()),
        )
        return set(claimed.scalars())

    def _count_applied(self, applied: list[_Delivery[C]], seconds_each: float) -> None:
        self.processed += len(applied)
        for delivery in applied:
            self._processed_counter.add(1, {"consumer": self.name, "event_type": delivery.envelope.type})
            self._duration.record(seconds_each, {"consumer": self.name})

    def _decode(self, record: ConsumerRecord[bytes, bytes]) -> "_Delivery[C] | _Rejected | None":
        """What to do with a record: handle it, dead-letter it, or skip it (None: not ours)."""
        try:
            envelope = from_kafka(record.key, record.value, list(record.headers))
        except MalformedEnvelope as error:
            return _Rejected(record, None, f"malformed: {error}")
        subscription = self.by_type.get(envelope.type)
        if subscription is None:
            return None  # another version or type on a shared topic: not ours
        try:
            payload = subscription.event.model_validate(envelope.data)
        except ValueError as error:
            return _Rejected(record, envelope, f"invalid payload: {type(error).__name__}")
        return _Delivery(record, envelope, subscription, payload)

    @contextlib.contextmanager
    def _span(self, record: ConsumerRecord[bytes, bytes], envelope: Envelope | None) -> Iterator[trace.Span]:
        """The CONSUMER span of one event, continuing the producer's trace (set by hand: the aiokafka
        instrumentation detaches the context before the handler runs)."""
        attributes = {
            "messaging.system": "kafka",
            "messaging.destination.name": record.topic,
            "messaging.consumer.group.name": self.name,
        }
        if envelope is not None:
            attributes["messaging.message.id"] = str(envelope.id)
        with tracer.start_as_current_span(
            f"{record.topic} process",
            context=propagate.extract(envelope.trace) if envelope is not None else None,
            kind=trace.SpanKind.CONSUMER,
            attributes=attributes,
        ) as span:
            yield span

    async def _process_one_by_one(
        self, consumer: AIOKafkaConsumer, polled: Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
    ) -> None:
        """The fallback of a failed batch: one transaction per event, with retries and dead letters."""
        offsets: dict[TopicPartition, int] = {}
        for tp, records in polled.items():
            try:
                done = await self._process_partition_batch(consumer, tp, records)
            except Exception as error:
                # The loop must never die silently: re-read the partition's batch after a pause.
                log.error(
                    "batch failed; will re-read",
                    extra={"consumer": self.name, "error_type": type(error).__name__},
                )
                self._rewind(consumer, tp, records[0].offset)
                await asyncio.sleep(1.0)
                continue
            if done is not None:
                offsets[tp] = done + 1
        if offsets:
            await self.commit_offsets(consumer, offsets)

    async def _process_partition_batch(
        self, consumer: AIOKafkaConsumer, tp: TopicPartition, records: list[ConsumerRecord[bytes, bytes]]
    ) -> int | None:
        """Process records in order; returns the last processed offset. On an infrastructure failure
        (database or broker unreachable) it rewinds to the failed record instead of dead-lettering it.
        It stops at a partition the group gave to another member: that one re-reads what is left."""
        last: int | None = None
        for record in records:
            if tp not in consumer.assignment():
                return last
            try:
                await self._process(record)
            except Exception as error:
                if not is_infrastructure_error(error):
                    raise
                log.warning(
                    "infrastructure unavailable; will re-read",
                    extra={"consumer": self.name, "error_type": type(error).__name__},
                )
                self._rewind(consumer, tp, record.offset)
                await asyncio.sleep(1.0)
                return last
            last = record.offset
            self._last_progress = time.monotonic()
        return last

    def _rewind(self, consumer: AIOKafkaConsumer, tp: TopicPartition, offset: int) -> None:
        """Read `tp` again from `offset`, if this consumer still owns it (seeking a partition the group
        gave away raises, and its new owner starts from the committed offset anyway)."""
        if tp in consumer.assignment():
            consumer.seek(tp, offset)

    async def commit_offsets(self, consumer: AIOKafkaConsumer, offsets: Mapping[TopicPartition, int]) -> None:
        """Called only after the effects before these offsets committed in the database. Only the
        partitions still owned are committed: aiokafka refuses the whole commit for one that is not."""
        owned = consumer.assignment()
        offsets = {tp: offset for tp, offset in offsets.items() if tp in owned}
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except (CommitFailedError, KafkaError) as error:
            # A rebalance took the partition: its new owner re-reads, and the inbox dedups.
            log.warning(
                "offset commit failed", extra={"consumer": self.name, "error_type": type(error).__name__}
            )

    async def _refresh_lag(self, consumer: AIOKafkaConsumer) -> None:
        lag: dict[TopicPartition, int] = {}
        for tp in consumer.assignment():
            # A rebalance during an await below may take `tp` away: aiokafka then raises.
            with contextlib.suppress(KafkaError, AssertionError):
                highwater = consumer.highwater(tp)
                if highwater is not None:
                    lag[tp] = max(0, highwater - await consumer.position(tp))
        self._lag = lag
        if not any(lag.values()):
            self._last_progress = time.monotonic()

    async def _process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        """One event in its own transaction, with retries, or its dead letter."""
        decoded = self._decode(record)
        if decoded is None:
            return
        with self._span(record, decoded.envelope) as span:
            if isinstance(decoded, _Rejected):
                error_text: str | None = decoded.error
            else:
                error_text = await self._handle_with_retries(decoded)
            if error_text is not None:
                span.set_status(trace.Status(trace.StatusCode.ERROR, "dead-lettered"))
                await self._dead_letter(record, decoded.envelope, error_text)

    async def _handle_with_retries(self, delivery: _Delivery[C]) -> str | None:
        """None when handled (or already handled); else the error text after the last attempt."""
        envelope = delivery.envelope
        for attempt in range(1, self.max_attempts + 1):
            started = time.perf_counter()
            try:
                async with self.database.transaction() as session:
                    if not await self._claim_inbox(session, [delivery]):
                        self._duplicates.add(1, {"consumer": self.name})
                        return None
                    await delivery.subscription.handler(session, delivery.payload, envelope, self.context)
                self._count_applied([delivery], time.perf_counter() - started)
                return None
            except PermanentError as error:
                return f"permanent: {type(error).__name__}: {error}"
            except Exception as error:
                if is_infrastructure_error(error):
                    raise  # not the message's fault: never dead-letter because the database is down
                log.warning(
                    "handler failed",
                    extra={
                        "consumer": self.name,
                        "event_id": str(envelope.id),
                        "attempt": attempt,
                        "error_type": type(error).__name__,
                    },
                )
                if attempt == self.max_attempts:
                    return f"{type(error).__name__} after {attempt} attempts"
                await asyncio.sleep(self.retry_base_seconds * 2 ** (attempt - 1))
        return None

    async def _dead_letter(
        self, record: ConsumerRecord[bytes, bytes], envelope: Envelope | None, error: str
    ) -> None:
        headers = [
            *list(record.headers),
            ("dlq_error", error.encode()[:1000]),
            ("dlq_consumer", self.name.encode()),
            ("dlq_original_offset", str(record.offset).encode()),
        ]
        # The error is recorded with the message and in the inbox, where operators look for it.
        await self.producer.send_and_wait(
            dead_letter_topic(record.topic), value=record.value, key=record.key, headers=headers
        )
        if envelope is not None:
            async with self.database.transaction() as session:
                await session.execute(
                    insert(inbox_messages)
                    .values(
                        consumer=self.name,
                        event_id=envelope.id,
                        topic=record.topic,
                        event_type=envelope.type,
                        outcome="dead_lettered",
                        error=error[:2000],
                    )
                    .on_conflict_do_nothing()
                )
        self._dead_letters.add(1, {"consumer": self.name, "topic": record.topic})
        log.error(
            "event dead-lettered",
            extra={"consumer": self.name, "topic": record.topic, "offset": record.offset},
        )


_running_consumers.create_observable_gauge(
    "dentalink_consumer_lag",
    EventConsumer._observe_lag,
    description="Records behind the partition high watermark",
)
