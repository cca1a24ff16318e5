"""Environments apart: two namespaces on one broker share no topic, no consumer group, no event.

This is what keeps `make test` and a running `make up` platform apart (issue 12): the run's
namespace is `test-<run>` (root conftest), the platform's `local`.
"""

import asyncio

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from servicekit.probe import ping_event, receiver_app, sender_app
from servicekit.settings import DEFAULT_TOPIC_NAMESPACE, ServiceSettings, topic_namespace
from servicekit.testing import (
    database_connection,
    eventually,
    fresh_database,
    kafka_bootstrap,
    running,
    unique_group,
)

pytestmark = pytest.mark.integration


def settings(url: str, name: str, namespace: str) -> ServiceSettings:
    return ServiceSettings(
        service_name=name, database_url=url, topic_namespace=namespace, outbox_safety_poll_seconds=0.5
    )


async def received(url: str) -> set[str]:
    async with database_connection(url) as connection:
        return {row["ping_id"] for row in await connection.fetch("SELECT ping_id FROM received")}


def test_this_run_has_a_namespace_of_its_own_not_the_platforms():
    assert topic_namespace().startswith("test-")
    assert topic_namespace() != DEFAULT_TOPIC_NAMESPACE


async def test_an_event_published_in_one_namespace_never_reaches_another():
    run = unique_group("env")
    event = ping_event(run)
    blue, green = f"{topic_namespace()}-blue", f"{topic_namespace()}-green"
    async with (
        fresh_database("env_send_blue") as send_blue,
        fresh_database("env_recv_blue") as recv_blue,
        fresh_database("env_send_green") as send_green,
        fresh_database("env_recv_green") as recv_green,
    ):
        apps = [
            sender_app(settings(send_blue, "probe-sender", blue), event),
            receiver_app(settings(recv_blue, "probe-receiver", blue), event, f"receiver-{run}"),
            sender_app(settings(send_green, "probe-sender", green), event),
            receiver_app(settings(recv_green, "probe-receiver", green), event, f"receiver-{run}"),
        ]
        async with (
            running(apps[0]) as blue_client,
            running(apps[1]),
            running(apps[2]) as green_client,
            running(apps[3]),
        ):
            assert (await blue_client.post("/v1/pings", json={"ping_id": "blue-1"})).status_code == 201
            assert (await green_client.post("/v1/pings", json={"ping_id": "green-1"})).status_code == 201

            async def both_delivered() -> None:
                assert "blue-1" in await received(recv_blue)
                assert "green-1" in await received(recv_green)

            await eventually(both_delivered)
            await asyncio.sleep(1.5)  # a crossing event would have arrived by now
            assert await received(recv_blue) == {"blue-1"}
            assert await received(recv_green) == {"green-1"}

        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap())
        await admin.start()
        try:
            topics = set(await admin.list_topics())
            groups = {group[0] for group in await admin.list_consumer_groups()}
            await admin.delete_topics([t for t in topics if t.startswith((f"{blue}.", f"{green}."))])
        finally:
            await admin.close()
        assert {f"{blue}.{event.topic}", f"{green}.{event.topic}"} <= topics
        assert event.topic not in topics  # nothing on the bare, un-namespaced name
        assert {f"{blue}.receiver-{run}", f"{green}.receiver-{run}"} <= groups
        assert f"receiver-{run}" not in groups
