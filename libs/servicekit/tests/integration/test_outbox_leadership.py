"""One active outbox relay per service database (issue 17): every worker or replica runs a relay, one
publishes, so each message key's events reach Kafka once each and in commit order; when the active
relay goes, a standby takes over without losing or doubling an event."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import pytest
from aiokafka import AIOKafkaConsumer

from dentalink_contracts.envelope import from_kafka
from servicekit.db import Database
from servicekit.kafka import ensure_topics, idempotent_producer
from servicekit.migrations import upgrade_to_head
from servicekit.outbox import OutboxRelay, publish
from servicekit.probe import MIGRATIONS, PingBase, ping_event
from servicekit.settings import topic_namespace
from servicekit.testing import (
    database_connection,
    eventually,
    fresh_database,
    kafka_bootstrap,
    topic,
    unique_group,
)

pytestmark = pytest.mark.integration

KEYS = [f"pk_{n:032x}" for n in range(3)]
MARKER = -1  # the last event of every key: what was published before it has been read


@pytest.fixture
async def sender_url() -> AsyncIterator[str]:
    async with fresh_database("leadership") as url:
        await upgrade_to_head(MIGRATIONS, url)
        yield url


@pytest.fixture
async def event() -> type[PingBase]:
    ping = ping_event(unique_group("leader"))
    await ensure_topics(kafka_bootstrap(), [topic(ping)])
    return ping


@asynccontextmanager
async def workers(url: str, count: int) -> AsyncIterator[list[OutboxRelay]]:
    """`count` relays on one database, each with its own pool and producer, as separate processes are."""
    async with AsyncExitStack() as stack:
        relays = []
        for n in range(count):
            database = Database(url)
            stack.push_async_callback(database.close)
            producer = idempotent_producer(kafka_bootstrap(), f"leadership-{n}")
            await producer.start()
            stack.push_async_callback(producer.stop)
            relay = OutboxRelay(
                database,
                producer,
                service="probe-sender",
                topic_namespace=topic_namespace(),
                safety_poll_seconds=0.2,
            )
            await relay.start()
            stack.push_async_callback(relay.stop)
            relays.append(relay)
        yield relays


async def commit_burst(url: str, event: type[PingBase], numbers: range) -> None:
    """One transaction per event, the keys concurrently: per key, commit order is `numbers`' order."""
    database = Database(url)
    try:

        async def one_key(key: str) -> None:
            for n in numbers:
                async with database.transaction() as session:
                    await publish(session, event(ping_id=str(n)), key=key, source="/test")

        await asyncio.gather(*(one_key(key) for key in KEYS))
    finally:
        await database.close()


async def unsent(url: str) -> int:
    async with database_connection(url) as connection:
        return int(await connection.fetchval("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"))


async def all_sent(url: str) -> None:
    async def nothing_unsent() -> None:
        assert await unsent(url) == 0

    await eventually(nothing_unsent)


async def published_per_key(url: str, event: type[PingBase]) -> dict[str, list[int]]:
    """Once everything is sent, one marker per key; read the topic up to the markers. Anything
    published twice or out of order before them shows in the lists."""
    await all_sent(url)
    await commit_burst(url, event, range(MARKER, MARKER + 1))
    reader = AIOKafkaConsumer(
        topic(event),
        bootstrap_servers=kafka_bootstrap(),
        group_id=unique_group("leadership-reader"),
        auto_offset_reset="earliest",
    )
    await reader.start()
    seen: dict[str, list[int]] = {key: [] for key in KEYS}
    try:
        while any(not numbers or numbers[-1] != MARKER for numbers in seen.values()):
            record = await asyncio.wait_for(reader.getone(), timeout=20)
            envelope = from_kafka(record.key, record.value, list(record.headers))
            seen[envelope.key].append(int(envelope.data["ping_id"]))
    finally:
        await reader.stop()
    return seen


def actives(relays: list[OutboxRelay]) -> list[OutboxRelay]:
    return [relay for relay in relays if relay.active]


def one_active(relays: list[OutboxRelay]) -> OutboxRelay:
    assert len(actives(relays)) == 1
    return actives(relays)[0]


def gauge(callback: object) -> list[float]:
    return [observation.value for observation in callback()]  # type: ignore[operator]


async def test_of_two_relays_one_publishes_each_keys_burst_once_in_commit_order(sender_url, event):
    async with workers(sender_url, 2) as relays:
        active = one_active(relays)
        standby = next(relay for relay in relays if relay is not active)
        await commit_burst(sender_url, event, range(40))
        seen = await published_per_key(sender_url, event)
        assert seen == {key: [*range(40), MARKER] for key in KEYS}
        assert active.published == 3 * 41
        assert standby.published == 0
        # Leadership and the database's backlog are reported by the active relay only; the backlog
        # is counted at most once a second, so it reads 0 within one refresh of the last send.
        assert gauge(active._observe_active) == [1] and gauge(standby._observe_active) == [0]

        def backlog_drained() -> None:
            assert gauge(active._observe_backlog) == [0] and gauge(standby._observe_backlog) == []

        await eventually(backlog_drained, timeout=5)
        assert one_active(relays) is active


async def test_when_the_active_relays_connection_is_killed_one_relay_leads_on_and_nothing_is_lost_or_doubled(
    sender_url, event
):
    async with workers(sender_url, 2) as relays:
        active = one_active(relays)
        await commit_burst(sender_url, event, range(20))
        await all_sent(sender_url)
        assert active._leadership is not None
        killed = active._leadership.get_server_pid()
        async with database_connection(sender_url) as connection:
            assert await connection.fetchval("SELECT pg_terminate_backend($1)", killed)
        await commit_burst(sender_url, event, range(20, 40))  # while leadership changes hands

        def led_from_another_session() -> None:
            leader = one_active(relays)
            assert leader._leadership is not None and leader._leadership.get_server_pid() != killed

        await eventually(led_from_another_session)
        seen = await published_per_key(sender_url, event)
        assert seen == {key: [*range(40), MARKER] for key in KEYS}
        assert sum(relay.published for relay in relays) == 3 * 41


async def test_when_the_active_relay_stops_the_standby_takes_over_and_publishes_what_follows(
    sender_url, event
):
    async with workers(sender_url, 2) as relays:
        active = one_active(relays)
        standby = next(relay for relay in relays if relay is not active)
        await commit_burst(sender_url, event, range(20))
        await active.stop()  # flushes what is pending, then lets go of the lock
        assert await unsent(sender_url) == 0

        def standby_leads() -> None:
            assert one_active(relays) is standby

        await eventually(standby_leads)
        await commit_burst(sender_url, event, range(20, 40))
        seen = await published_per_key(sender_url, event)
        assert seen == {key: [*range(40), MARKER] for key in KEYS}
        assert active.published + standby.published == 3 * 41
        assert standby.published > 0


async def test_a_new_leader_waits_for_its_predecessors_leased_rows_before_claiming_later_ones(
    sender_url, event
):
    async with workers(sender_url, 1) as (relay,):
        await relay.stop()  # play a predecessor that crashed holding a batch
        await commit_burst(sender_url, event, range(2))
        claimed = await relay._claim()  # leased for one lease, never settled
        assert len(claimed) == len(KEYS) * 2
        await commit_burst(sender_url, event, range(2, 4))
        async with workers(sender_url, 1) as (successor,):
            assert successor.active
            await all_sent(sender_url)  # once the crashed batch's lease ran out
            seen = await published_per_key(sender_url, event)
    assert seen == {key: [*range(4), MARKER] for key in KEYS}
