"""Helpers of billing-service's integration tests (conftest puts this folder on sys.path)."""

import secrets
import uuid
from dataclasses import dataclass

import httpx
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI

from dentalink_contracts.envelope import Envelope, to_kafka
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.values import Role
from servicekit.testing import GatewayKeys, MovableClock, caller, kafka_bootstrap, unique_group

KEYS = GatewayKeys.generate()


@dataclass
class Billing:
    http: httpx.AsyncClient
    app: FastAPI
    url: str
    clock: MovableClock


def practice() -> str:
    return unique_group("cab")


def new_patient_key() -> str:
    return "pk_" + secrets.token_hex(16)


def new_rpps() -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(11))


def headers(practice_id: str, rpps: str = "10001234567", role: Role = Role.DENTIST) -> dict[str, str]:
    return KEYS.headers(caller(practice_id=practice_id, rpps=rpps, role=role))


async def send_all(events: list[tuple[DomainEvent, str, uuid.UUID | None]]) -> list[uuid.UUID]:
    """Put events on Kafka at once through one producer: (event, key, event id or None)."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap(), enable_idempotence=True, acks="all")
    await producer.start()
    ids: list[uuid.UUID] = []
    try:
        pending = []
        for event, key, event_id in events:
            envelope = Envelope.wrap(event, id=event_id or uuid.uuid4(), source="/dentalink/tests", key=key)
            message_key, value, kafka_headers = to_kafka(envelope)
            pending.append(
                await producer.send(event.topic, value=value, key=message_key, headers=kafka_headers)
            )
            ids.append(envelope.id)
        for future in pending:
            await future
    finally:
        await producer.stop()
    return ids
