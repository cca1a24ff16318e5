"""Kafka lifecycle: an idempotent producer and the topics a service needs."""

import logging
from collections.abc import Mapping
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from dentalink_contracts.topics import dead_letter_topic

log = logging.getLogger("servicekit.kafka")


def idempotent_producer(
    bootstrap_servers: str, client_id: str, *, client_options: Mapping[str, Any] | None = None
) -> AIOKafkaProducer:
    # aiokafka defaults are acks=1 and no idempotence: a retried send could then be duplicated or lost.
    return AIOKafkaProducer(
        **(client_options or {}),
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=2,
        request_timeout_ms=10000,
        retry_backoff_ms=200,
    )


async def ensure_topics(
    bootstrap_servers: str,
    topics: list[str],
    *,
    partitions: int = 3,
    replication_factor: int = 1,
    min_insync_replicas: int = 1,
    client_options: Mapping[str, Any] | None = None,
) -> None:
    """Create each topic and its dead-letter topic if missing; existing ones are left as they are.

    Brokers never create a topic on first use (auto.create.topics.enable=false): partitions,
    replication and min.insync.replicas come from the services' settings, not from broker defaults."""
    wanted = sorted({*topics, *(dead_letter_topic(topic) for topic in topics)})
    if not wanted:
        return
    admin = AIOKafkaAdminClient(
        **(client_options or {}), bootstrap_servers=bootstrap_servers, client_id="dentalink-topics"
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                name,
                num_partitions=partitions,
                replication_factor=replication_factor,
                topic_configs={"min.insync.replicas": str(min_insync_replicas)},
            )
            for name in wanted
            if name not in existing
        ]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass  # another instance created it meanwhile
            except KafkaError as error:
                log.warning("topic creation failed", extra={"error_type": type(error).__name__})
    finally:
        await admin.close()
