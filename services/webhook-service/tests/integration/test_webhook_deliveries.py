"""Events published on Kafka reach the subscribed endpoints of their practice, signed per Standard
Webhooks, at least once, through a receiver outage; the log and the redelivery call (real PostgreSQL,
Kafka and a loopback receiver)."""

import ipaddress
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from standardwebhooks import Webhook

from dentalink_contracts.events import (
    ActCode,
    BillingRejectionReason,
    Payer,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
)
from servicekit.testing import MovableClock, eventually, fresh_database, send_event
from webhook_service.testing import FixedResolver, Receiver, Service, service_on

pytestmark = pytest.mark.integration
KEY = "pk_" + "0" * 32


def billed(practice: str) -> TeleExpertiseBilled:
    return TeleExpertiseBilled(
        act_id=uuid.uuid4(),
        expertise_id=uuid.uuid4(),
        practice_id=practice,
        practitioner_rpps="10001234567",
        patient_key=KEY,
        invoice_id=uuid.uuid4(),
        act_code=ActCode.TE2,
        amount=Decimal("20.00"),
        payer=Payer.AMO,
        billed_at=datetime.now(UTC),
    )


def rejected(practice: str) -> TeleExpertiseBillingRejected:
    return TeleExpertiseBillingRejected(
        act_id=uuid.uuid4(),
        expertise_id=uuid.uuid4(),
        practice_id=practice,
        practitioner_rpps="10001234567",
        patient_key=KEY,
        act_code=ActCode.RQD,
        reason=BillingRejectionReason.YEARLY_CAP_REACHED,
        detail="Free text that never leaves the platform.",
        rejected_at=datetime.now(UTC),
    )


def verified(secret: str, receiver: Receiver) -> list[dict[str, object]]:
    """Every received body, each signature verified with the standardwebhooks package."""
    return [Webhook(secret).verify(one.body, one.headers) for one in receiver.received]


async def test_an_event_is_delivered_signed_to_the_practice_endpoint(
    service: Service, practice: str, receiver: Receiver
) -> None:
    endpoint = await service.register(practice, receiver.url, ["act.billed", "act.billing-rejected"])
    assert endpoint["secret"].startswith("whsec_")
    event = billed(practice)
    await send_event(event, key=KEY)
    await send_event(rejected(practice), key=KEY)

    async def both_received() -> None:
        assert len(receiver.received) == 2

    await eventually(both_received)
    # Two topics, delivered concurrently: no order between them.
    payloads = {body["type"]: body for body in verified(endpoint["secret"], receiver)}
    first = payloads["act.billed"]
    assert set(first) == {"type", "timestamp", "data"}
    assert first["data"] == {
        "act_id": str(event.act_id),
        "expertise_id": str(event.expertise_id),
        "practice_id": practice,
        "invoice_id": str(event.invoice_id),
        "act_code": "TE2",
        "amount": "20.00",
        "payer": "amo",
        "status": "billed",
        "billed_at": event.billed_at.isoformat(),
    }
    assert "detail" not in json.dumps(payloads["act.billing-rejected"])  # free text stays home

    async def logged() -> None:
        log = await service.deliveries(practice, endpoint["id"])
        assert [(one["status"], one["attempts"], one["last_status_code"]) for one in log] == [
            ("delivered", 1, 204),
            ("delivered", 1, 204),
        ]
        assert {one["webhook_id"] for one in log} == {one.headers["webhook-id"] for one in receiver.received}

    await eventually(logged)


async def test_only_subscribed_endpoints_of_the_event_practice_get_it(
    service: Service, practice: str, receiver: Receiver
) -> None:
    other_practice = practice + "-other"
    subscribed = await service.register(practice, receiver.url, ["act.billed"])
    not_subscribed = await service.register(practice, receiver.url, ["identity.qualified"])
    disabled = await service.register(practice, receiver.url, ["act.billed"], enabled=False)
    foreign = await service.register(other_practice, receiver.url, ["act.billed"])
    await send_event(billed(practice), key=KEY)

    async def delivered() -> None:
        assert len(receiver.received) == 1
        assert [one["status"] for one in await service.deliveries(practice, subscribed["id"])] == [
            "delivered"
        ]

    await eventually(delivered)
    # The fan-out of one event is one transaction: had the others been chosen, they would be queued now.
    assert await service.deliveries(practice, not_subscribed["id"]) == []
    assert await service.deliveries(practice, disabled["id"]) == []
    assert await service.deliveries(other_practice, foreign["id"]) == []


async def test_a_receiver_down_then_up_loses_nothing(service: Service, practice: str) -> None:
    receiver = Receiver().start()
    endpoint = await service.register(practice, receiver.url, ["act.billed"])
    receiver.stop()  # connections refused from now on
    events = [billed(practice) for _ in range(3)]
    for event in events:
        await send_event(event, key=KEY)

    async def retried() -> None:
        log = await service.deliveries(practice, endpoint["id"])
        assert len(log) == 3
        assert all(one["attempts"] >= 2 and one["status"] == "pending" for one in log), log
        assert {one["last_error"] for one in log} == {"connection-failed"}

    await eventually(retried)
    receiver.start()  # same port
    try:

        async def all_delivered() -> None:
            log = await service.deliveries(practice, endpoint["id"])
            assert [one["status"] for one in log] == ["delivered"] * 3

        await eventually(all_delivered)
        bodies = verified(endpoint["secret"], receiver)
        assert sorted(body["data"]["act_id"] for body in bodies) == sorted(  # type: ignore[index]
            str(event.act_id) for event in events
        )
        state = await service.http.get(
            f"/v1/webhook-endpoints/{endpoint['id']}", headers=service.headers(practice)
        )
        assert state.json()["enabled"] is True
        assert state.json()["failing_since"] is None
    finally:
        receiver.stop()


async def test_redelivery_sends_the_same_webhook_id_again(
    service: Service, practice: str, receiver: Receiver
) -> None:
    endpoint = await service.register(practice, receiver.url, ["act.billed"])
    await send_event(billed(practice), key=KEY)

    async def received(count: int) -> None:
        assert len(receiver.received) == count

    await eventually(lambda: received(1))
    [delivery] = await service.deliveries(practice, endpoint["id"])
    answer = await service.http.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries/{delivery['id']}/redelivery",
        headers=service.headers(practice),
    )
    assert answer.status_code == 202, answer.text
    await eventually(lambda: received(2))
    first, again = receiver.received
    assert first.headers["webhook-id"] == again.headers["webhook-id"] == delivery["webhook_id"]
    assert first.body == again.body
    verified(endpoint["secret"], receiver)


async def test_a_kafka_message_consumed_twice_is_delivered_once(
    service: Service, practice: str, receiver: Receiver
) -> None:
    endpoint = await service.register(practice, receiver.url, ["act.billed", "act.billing-rejected"])
    event_id = uuid.uuid4()
    event = billed(practice)
    await send_event(event, key=KEY, event_id=event_id)
    await send_event(event, key=KEY, event_id=event_id)
    # Same key, same partition: once the marker after them is delivered, both copies were consumed.
    await send_event(rejected(practice), key=KEY)

    async def marker_delivered() -> None:
        assert receiver.of_type("act.billing-rejected")

    await eventually(marker_delivered)
    log = await service.deliveries(practice, endpoint["id"])
    assert sorted(one["event_type"] for one in log) == ["act.billed", "act.billing-rejected"]


async def test_after_a_rotation_both_secrets_verify_for_the_overlap(
    service: Service, practice: str, receiver: Receiver
) -> None:
    endpoint = await service.register(practice, receiver.url, ["act.billed"])
    rotation = await service.http.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/secret-rotation", headers=service.headers(practice)
    )
    assert rotation.status_code == 200, rotation.text
    new_secret = rotation.json()["secret"]
    assert new_secret != endpoint["secret"]
    await send_event(billed(practice), key=KEY)

    async def received() -> None:
        assert len(receiver.received) == 1

    await eventually(received)
    [one] = receiver.received
    assert len(one.headers["webhook-signature"].split(" ")) == 2
    Webhook(new_secret).verify(one.body, one.headers)
    Webhook(endpoint["secret"]).verify(one.body, one.headers)


async def test_an_endpoint_failing_for_the_whole_window_is_disabled(
    service: Service, practice: str, receiver: Receiver
) -> None:
    receiver.status = 500
    endpoint = await service.register(practice, receiver.url, ["act.billed"])
    await send_event(billed(practice), key=KEY)

    async def failing() -> None:
        state = (
            await service.http.get(
                f"/v1/webhook-endpoints/{endpoint['id']}", headers=service.headers(practice)
            )
        ).json()
        assert state["failing_since"] is not None

    await eventually(failing)
    window = timedelta(seconds=service.context.settings.retry_window_seconds)
    service.clock.offset = window + timedelta(seconds=1)
    try:

        async def disabled() -> None:
            state = (
                await service.http.get(
                    f"/v1/webhook-endpoints/{endpoint['id']}", headers=service.headers(practice)
                )
            ).json()
            assert state["enabled"] is False
            assert state["disabled_reason"] == "persistent_failure"

        await eventually(disabled)
        [delivery] = await service.deliveries(practice, endpoint["id"])
        assert delivery["status"] == "failed"
        assert delivery["last_status_code"] == 500
    finally:
        service.clock.offset = timedelta()
    enabled = await service.http.patch(
        f"/v1/webhook-endpoints/{endpoint['id']}", json={"enabled": True}, headers=service.headers(practice)
    )
    assert enabled.json()["enabled"] is True
    assert enabled.json()["disabled_reason"] is None


async def test_a_delivery_goes_to_the_address_checked_not_to_a_new_resolution(
    practice: str, receiver: Receiver
) -> None:
    """DNS rebinding: the name is resolved once, by the check; the connection goes to that address.
    Here the name resolves nowhere but through the service's resolver (127.0.0.1), so a sender that
    resolved it again could not connect at all."""
    resolver = FixedResolver([ipaddress.ip_address("127.0.0.1")])
    async with fresh_database("webhook") as url:
        pinning_service = service_on(url, MovableClock(), resolver=resolver)
        async with pinning_service as service:
            target = f"http://receiver.dentalink.invalid:{receiver.port}/hooks"
            endpoint = await service.register(practice, target, ["act.billed"])
            await send_event(billed(practice), key=KEY)

            def delivered() -> None:
                assert len(receiver.received) == 1

            await eventually(delivered, timeout=30)
    [one] = receiver.received
    assert one.headers["host"] == f"receiver.dentalink.invalid:{receiver.port}"
    assert Webhook(endpoint["secret"]).verify(one.body, one.headers)["type"] == "act.billed"
