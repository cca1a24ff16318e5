"""Batches on the real broker and database (issue 15): a burst is applied in a few transactions, and
still exactly once — through a poison event in the middle, an event twice in one poll, a crash before
the offsets, and a rebalance taking a partition mid-batch."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope, from_kafka, to_kafka
from dentalink_contracts.topics import dead_letter_topic
from servicekit.consumer import EventConsumer, Handler, Subscription
from servicekit.db import Database
from servicekit.kafka import ensure_topics, idempotent_producer
from servicekit.migrations import upgrade_to_head
from servicekit.probe import MIGRATIONS, PingBase, ProbeContext, ping_event, record_ping, sender_app
from servicekit.settings import ServiceSettings, topic_namespace
from servicekit.testing import (
    database_connection,
    eventually,
    fresh_database,
    kafka_bootstrap,
    running,
    topic,
    unique_group,
)

pytestmark = pytest.mark.integration


@pytest.fixture
async def receiver_url() -> AsyncIterator[str]:
    async with fresh_database("batches") as url:
        await upgrade_to_head(MIGRATIONS, url)
        yield url


@pytest.fixture
async def event() -> type[PingBase]:
    ping = ping_event(unique_group("batch"))
    await ensure_topics(kafka_bootstrap(), [topic(ping)])
    return ping


async def produce(
    event: type[PingBase], pings: list[tuple[str, str]], *, poison: str = "", partition: int | None = None
) -> None:
    """Put (ping id, key) pairs on the topic before any consumer runs, so they wait as one burst."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap(), enable_idempotence=True)
    await producer.start()
    try:
        for ping_id, key in pings:
            envelope = Envelope.wrap(
                event(ping_id=ping_id, poison=ping_id == poison), id=uuid.uuid4(), source="/test", key=key
            )
            message_key, value, headers = to_kafka(envelope)
            await producer.send(
                topic(event), value=value, key=message_key, headers=headers, partition=partition
            )
        await producer.flush()
    finally:
        await producer.stop()


@asynccontextmanager
async def consuming(
    url: str,
    event: type[PingBase],
    group: str,
    kind: type[EventConsumer[ProbeContext]] = EventConsumer,
    *,
    handler: Handler[ProbeContext] = record_ping,
) -> AsyncIterator[EventConsumer[ProbeContext]]:
    database = Database(url)
    producer = idempotent_producer(kafka_bootstrap(), "batch-test")
    await producer.start()
    consumer = kind(
        group,
        [Subscription(event, handler)],
        context=ProbeContext(source="/test"),
        topic_namespace=topic_namespace(),
        database=database,
        bootstrap_servers=kafka_bootstrap(),
        producer=producer,
        max_attempts=3,
        retry_base_seconds=0.05,
    )
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()
        await producer.stop()
        await database.close()


async def applied(url: str) -> dict[str, int]:
    """How many times each ping's effect was applied."""
    async with database_connection(url) as connection:
        rows = await connection.fetch("SELECT ping_id, times FROM received")
    return {row["ping_id"]: row["times"] for row in rows}


async def inbox(url: str) -> list[dict[str, object]]:
    async with database_connection(url) as connection:
        rows = await connection.fetch("SELECT event_id, outcome, error, processed_at FROM inbox_messages")
    return [dict(row) for row in rows]


async def test_a_burst_is_applied_once_in_far_fewer_transactions_than_events(receiver_url, event):
    burst = [(f"b{n}", f"pk_{n % 6:032x}") for n in range(120)]  # six keys: several partitions
    await produce(event, burst)
    async with consuming(receiver_url, event, unique_group("burst")) as consumer:

        async def all_applied():
            assert len(await applied(receiver_url)) == len(burst)

        await eventually(all_applied)
        await eventually(lambda: _assert(consumer.processed == len(burst)))
    assert set((await applied(receiver_url)).values()) == {1}
    rows = await inbox(receiver_url)
    assert len(rows) == len(burst)
    # processed_at is the inbox row's transaction start: one value per transaction.
    transactions = len({row["processed_at"] for row in rows})
    assert transactions < len(burst) // 10


async def test_a_poison_event_mid_batch_is_dead_lettered_and_its_neighbours_applied_in_order(
    receiver_url, event
):
    key = f"pk_{uuid.uuid4().hex}"  # one key: one partition, one order
    before = [f"h{n}" for n in range(10)]
    after = [f"h{n}" for n in range(10, 20)]
    await produce(event, [(ping_id, key) for ping_id in [*before, "poison", *after]], poison="poison")
    dlq = AIOKafkaConsumer(
        dead_letter_topic(topic(event)),
        bootstrap_servers=kafka_bootstrap(),
        group_id=unique_group("dlq-reader"),
        auto_offset_reset="earliest",
    )
    await dlq.start()
    try:
        async with consuming(receiver_url, event, unique_group("poison")):

            async def neighbours_applied():
                assert len(await applied(receiver_url)) == len(before) + len(after)

            await eventually(neighbours_applied)
            record = await asyncio.wait_for(dlq.getone(), timeout=20)
    finally:
        await dlq.stop()
    assert dict(record.headers)["dlq_error"] == b"ValueError after 3 attempts"
    assert dict(record.headers)["dlq_original_offset"] == b"10"
    assert from_kafka(record.key, record.value, list(record.headers)).data["ping_id"] == "poison"
    # The batch that held the poison was rolled back whole, then applied event by event: once each.
    assert await applied(receiver_url) == dict.fromkeys([*before, *after], 1)
    dead = [row for row in await inbox(receiver_url) if row["outcome"] == "dead_lettered"]
    assert [row["error"] for row in dead] == ["ValueError after 3 attempts"]
    # In partition order: the neighbours before the poison committed before its dead letter, the
    # ones after it, after (processed_at is each inbox row's transaction start).
    async with database_connection(receiver_url) as connection:
        order = await connection.fetch("SELECT outcome FROM inbox_messages ORDER BY processed_at")
    outcomes = [row["outcome"] for row in order]
    assert outcomes.index("dead_lettered") == len(before)


async def test_a_malformed_record_mid_batch_is_dead_lettered_without_holding_up_the_batch(
    receiver_url, event
):
    key = f"pk_{uuid.uuid4().hex}"
    await produce(event, [(f"m{n}", key) for n in range(5)])
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap(), enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(topic(event), value=b"not an event", key=key.encode())
    finally:
        await producer.stop()
    await produce(event, [(f"m{n}", key) for n in range(5, 10)])
    dlq = AIOKafkaConsumer(
        dead_letter_topic(topic(event)),
        bootstrap_servers=kafka_bootstrap(),
        group_id=unique_group("dlq-reader"),
        auto_offset_reset="earliest",
    )
    await dlq.start()
    try:
        async with consuming(receiver_url, event, unique_group("malformed")) as consumer:

            async def all_applied():
                assert len(await applied(receiver_url)) == 10

            await eventually(all_applied)
            record = await asyncio.wait_for(dlq.getone(), timeout=20)
            await eventually(lambda: _assert(consumer.processed == 10))
    finally:
        await dlq.stop()
    assert record.value == b"not an event"
    assert dict(record.headers)["dlq_error"].startswith(b"malformed: ")
    assert set((await applied(receiver_url)).values()) == {1}
    # Nothing to retry: the healthy events went through in batches, not one transaction each.
    assert len({row["processed_at"] for row in await inbox(receiver_url)}) < 10


async def test_an_event_twice_in_one_poll_is_applied_once(receiver_url, event):
    """The same event id twice in one poll (a producer's retry, a relay's redelivery), in the same
    partition and in another one: one inbox row, one effect."""
    twice = Envelope.wrap(event(ping_id="twice"), id=uuid.uuid4(), source="/test", key="pk_twice")
    others = [
        Envelope.wrap(event(ping_id=f"o{n}"), id=uuid.uuid4(), source="/test", key="pk_o") for n in range(4)
    ]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap(), enable_idempotence=True)
    await producer.start()
    try:
        for partition, envelope in [
            (0, others[0]),
            (0, twice),
            (0, others[1]),
            (0, twice),
            (1, others[2]),
            (1, twice),
            (1, others[3]),
        ]:
            message_key, value, headers = to_kafka(envelope)
            await producer.send(
                topic(event), value=value, key=message_key, headers=headers, partition=partition
            )
        await producer.flush()
    finally:
        await producer.stop()
    async with consuming(receiver_url, event, unique_group("twice")) as consumer:

        async def all_applied():
            assert len(await applied(receiver_url)) == 5

        await eventually(all_applied)
        await eventually(lambda: _assert(consumer.processed == 5))
    assert set((await applied(receiver_url)).values()) == {1}
    assert len(await inbox(receiver_url)) == 5


class CrashBeforeOffsetCommit(EventConsumer[ProbeContext]):
    """Dies after a batch's effects committed in the database but before its Kafka offsets."""

    async def commit_offsets(self, consumer, offsets):
        raise asyncio.CancelledError


async def test_a_crash_between_a_batch_commit_and_its_offset_commit_doubles_nothing(receiver_url, event):
    burst = [(f"c{n}", f"pk_{n % 3:032x}") for n in range(60)]
    await produce(event, burst)
    group = unique_group("crash")
    async with consuming(receiver_url, event, group, CrashBeforeOffsetCommit) as crashing:
        await eventually(lambda: _assert(crashing._task is not None and crashing._task.done()))
    applied_before_crash = await applied(receiver_url)
    assert applied_before_crash  # at least the first batch committed its effects
    # No offset was committed: a new instance of the group reads the whole burst again.
    async with consuming(receiver_url, event, group) as restarted:
        await produce(event, [("marker", "pk_marker")])

        async def all_applied():
            assert len(await applied(receiver_url)) == len(burst) + 1

        await eventually(all_applied)
        # Only what the crash left undone was applied again; the rest was skipped by the inbox.
        await eventually(lambda: _assert(restarted.processed == len(burst) + 1 - len(applied_before_crash)))
    assert set((await applied(receiver_url)).values()) == {1}
    assert len(await inbox(receiver_url)) == len(burst) + 1


def _assert(condition: bool) -> None:
    assert condition


class Gate:
    """A handler that stops in the middle of a transaction until the test lets it go on: in the batch
    (its first event), or in the one-by-one replay (its first event after the poison failed)."""

    def __init__(self, *, in_replay: bool) -> None:
        self.in_replay = in_replay
        self.poisoned = False
        self.entered = asyncio.Event()
        self.released = asyncio.Event()

    async def handle(
        self, session: AsyncSession, ping: PingBase, envelope: Envelope, context: ProbeContext
    ) -> None:
        if ping.poison:
            self.poisoned = True
        elif not self.entered.is_set() and (self.poisoned or not self.in_replay):
            self.entered.set()
            await self.released.wait()
        await record_ping(session, ping, envelope, context)


async def cut_connections(url: str) -> None:
    """The database drops every connection of the service, as in a failover."""
    async with database_connection(url) as connection:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.mark.parametrize("in_replay", [False, True], ids=["in-the-batch", "in-the-replay"])
async def test_a_partition_revoked_mid_batch_then_an_outage_loses_nothing_and_the_consumer_goes_on(
    receiver_url, event, in_replay
):
    """Another member joins and takes the partition while a poll of it is applied, then the database
    drops its connections: the consumer cannot rewind a partition it no longer owns; it must neither
    die nor lose the records, which it applies once it owns the partition again."""
    pings = [f"r{n}" for n in range(20)]
    burst = [*pings[:10], "poison", *pings[10:]] if in_replay else pings
    await produce(event, [(ping_id, "pk_revoked") for ping_id in burst], poison="poison", partition=0)
    gate = Gate(in_replay=in_replay)
    async with consuming(receiver_url, event, unique_group("revoked"), handler=gate.handle) as consumer:
        await asyncio.wait_for(gate.entered.wait(), timeout=20)
        assert consumer._consumer is not None
        kafka = consumer._consumer
        # The range assignor gives the first member (by member id, prefixed with the client id)
        # partitions 0 and 1 of 3: this one, whose id sorts first, takes the partition being applied.
        taker = AIOKafkaConsumer(
            *consumer.topics,
            bootstrap_servers=kafka_bootstrap(),
            group_id=consumer.group_id,
            client_id="0-taker",
            enable_auto_commit=False,
        )
        await taker.start()
        try:
            revoked = TopicPartition(topic(event), 0)
            await eventually(lambda: _assert(revoked in taker.assignment()))
            await eventually(lambda: _assert(kafka.assignment() and revoked not in kafka.assignment()))
            await cut_connections(receiver_url)
            released_at = time.monotonic()
            gate.released.set()
            # The failed poll is dealt with (the loop polls again, or died) before the partition returns.
            task = consumer._task
            assert task is not None
            await eventually(lambda: _assert(task.done() or consumer._last_poll > released_at))
        finally:
            await taker.stop()  # the partition comes back to the consumer

        async def all_applied():
            assert len(await applied(receiver_url)) == len(pings)

        await eventually(all_applied)
        if in_replay:

            async def poison_dead_lettered():
                outcomes = [row["outcome"] for row in await inbox(receiver_url)]
                assert outcomes.count("dead_lettered") == 1

            await eventually(poison_dead_lettered)
        assert consumer._task is not None and not consumer._task.done()
    assert set((await applied(receiver_url)).values()) == {1}


async def test_the_relay_publishes_a_backlog_in_one_claim_in_key_order():
    run = unique_group("relay-batch")
    event = ping_event(run)
    async with fresh_database("sender") as sender_url:
        app = sender_app(ServiceSettings(service_name="probe-sender", database_url=sender_url), event)
        async with running(app) as client:
            relay = app.state.runtime.relay
            await relay.stop()  # hold the relay: the rows pile up as a backlog
            keys = [f"pk_{n:032x}" for n in range(3)]
            for n in range(60):
                answer = await client.post("/v1/pings", json={"ping_id": f"r{n}", "key": keys[n % 3]})
                assert answer.status_code == 201
            reader = AIOKafkaConsumer(
                topic(event),
                bootstrap_servers=kafka_bootstrap(),
                group_id=unique_group("relay-reader"),
                auto_offset_reset="earliest",
            )
            await reader.start()
            try:
                assert await relay.relay_once() == 60
                seen: dict[str, list[int]] = {key: [] for key in keys}
                while sum(map(len, seen.values())) < 60:
                    record = await asyncio.wait_for(reader.getone(), timeout=20)
                    envelope = from_kafka(record.key, record.value, list(record.headers))
                    seen[envelope.key].append(int(envelope.data["ping_id"][1:]))
            finally:
                await reader.stop()
        # One claim, one send of the whole batch, one statement marking it sent.
        async with database_connection(sender_url) as connection:
            sent_at = await connection.fetch("SELECT DISTINCT sent_at FROM outbox_messages")
        assert len(sent_at) == 1 and sent_at[0]["sent_at"] is not None
    for key, numbers in seen.items():
        assert numbers == sorted(numbers), key
