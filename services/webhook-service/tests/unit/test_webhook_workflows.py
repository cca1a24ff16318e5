"""The workflows over an in-memory store: fan-out to the practice's subscribed endpoints, attempts and
their outcomes (retry, give up, disable), redelivery, and practice scoping."""

import ipaddress
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from standardwebhooks import Webhook

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import ActCode, Payer, TeleExpertiseBilled
from servicekit.fakes import InMemoryUnits
from servicekit.testing import FrozenClock
from webhook_service import workflows
from webhook_service.context import WebhookContext
from webhook_service.domain import (
    DeliveryStatus,
    DisabledReason,
    EndpointNotFound,
    TargetRefused,
    WebhookEventType,
)
from webhook_service.testing import FixedResolver, InMemoryWebhookStore, ScriptedSender, unit_context

PRACTICE, OTHER = "cab-a", "cab-b"
URL = "http://127.0.0.1:9/hooks"
KEY = "pk_" + "2" * 32


@pytest.fixture
def units() -> InMemoryUnits[InMemoryWebhookStore]:
    return InMemoryUnits(InMemoryWebhookStore())


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def sender() -> ScriptedSender:
    return ScriptedSender()


@pytest.fixture
def resolver() -> FixedResolver:
    return FixedResolver()


@pytest.fixture
def context(
    units: InMemoryUnits[InMemoryWebhookStore],
    clock: FrozenClock,
    sender: ScriptedSender,
    resolver: FixedResolver,
) -> WebhookContext:
    return unit_context(
        units.factory, clock=clock, sender=sender, resolver=resolver,
        retry_base_seconds=1, retry_cap_seconds=4, retry_window_seconds=60,
    )  # fmt: skip


def billed(practice: str = PRACTICE) -> tuple[TeleExpertiseBilled, Envelope]:
    event = TeleExpertiseBilled(
        act_id=uuid.uuid4(), expertise_id=uuid.uuid4(), practice_id=practice, practitioner_rpps="10001234567",
        patient_key=KEY, invoice_id=uuid.uuid4(), act_code=ActCode.TE2, amount=Decimal("20.00"),
        payer=Payer.AMO, billed_at=datetime.now(UTC),
    )  # fmt: skip
    return event, Envelope.wrap(event, id=uuid.uuid4(), source="/tests", key=KEY)


async def register(context: WebhookContext, practice: str = PRACTICE, **changes: object) -> uuid.UUID:
    values: dict[str, object] = {
        "url": URL,
        "description": None,
        "event_types": frozenset({WebhookEventType.ACT_BILLED}),
        "enabled": True,
    } | changes
    endpoint = await workflows.register_endpoint(context, practice, **values)  # type: ignore[arg-type]
    return endpoint.id


async def fan_out(
    units: InMemoryUnits[InMemoryWebhookStore], context: WebhookContext, event: object, envelope: Envelope
) -> int:
    async with units.unit() as uow:
        return await workflows.fan_out(uow, context, event, envelope)  # type: ignore[arg-type]


async def test_an_event_goes_to_the_enabled_subscribed_endpoints_of_its_practice_only(
    units: InMemoryUnits[InMemoryWebhookStore], context: WebhookContext
) -> None:
    wanted = await register(context)
    await register(context, event_types=frozenset({WebhookEventType.IDENTITY_QUALIFIED}))
    await register(context, enabled=False)
    await register(context, OTHER)
    event, envelope = billed()

    assert await fan_out(units, context, event, envelope) == 1
    assert [d.endpoint_id for d in units.store.deliveries.values()] == [wanted]
    # The same Kafka message again (a redelivery the inbox missed): nothing new.
    assert await fan_out(units, context, event, envelope) == 0


async def test_a_delivered_attempt_is_signed_and_recorded(
    units: InMemoryUnits[InMemoryWebhookStore], context: WebhookContext, sender: ScriptedSender
) -> None:
    endpoint_id = await register(context)
    await fan_out(units, context, *billed())

    assert await workflows.deliver_due(context) == 1

    [(url, body, headers)] = sender.sent
    assert url == URL
    secret = units.store.endpoints[endpoint_id].secret
    assert Webhook(secret).verify(body, headers)["type"] == "act.billed"
    [delivery] = units.store.deliveries.values()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        204,
    )
    assert headers["webhook-id"] == delivery.webhook_id
    assert await workflows.deliver_due(context) == 0  # nothing due any more


async def test_a_failed_attempt_is_retried_within_the_back_off_then_delivered(
    units: InMemoryUnits[InMemoryWebhookStore],
    context: WebhookContext,
    sender: ScriptedSender,
    clock: FrozenClock,
) -> None:
    endpoint_id = await register(context)
    await fan_out(units, context, *billed())
    sender.outcome = 503
    await workflows.deliver_due(context)
    [delivery] = units.store.deliveries.values()
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.next_attempt_at is not None
    assert clock.now <= delivery.next_attempt_at <= clock.now + timedelta(seconds=1)
    assert units.store.endpoints[endpoint_id].failing_since == clock.now

    sender.outcome = 200
    clock.advance(seconds=1)
    await workflows.deliver_due(context)
    [delivery] = units.store.deliveries.values()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    assert units.store.endpoints[endpoint_id].failing_since is None
    assert len({headers["webhook-id"] for _, _, headers in sender.sent}) == 1


async def test_a_target_that_now_resolves_to_a_private_address_is_not_posted(
    units: InMemoryUnits[InMemoryWebhookStore], context: WebhookContext, sender: ScriptedSender,
    resolver: FixedResolver,
) -> None:  # fmt: skip
    await register(context)
    await fan_out(units, context, *billed())
    resolver.addresses = [ipaddress.ip_address("10.0.0.7")]

    await workflows.deliver_due(context)

    assert sender.sent == []
    [delivery] = units.store.deliveries.values()
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.PENDING, "url-address-not-allowed")


async def test_a_batch_checks_each_target_once_and_connects_where_the_check_allowed(
    units: InMemoryUnits[InMemoryWebhookStore], context: WebhookContext, sender: ScriptedSender,
    resolver: FixedResolver,
) -> None:  # fmt: skip
    await register(context)
    for _ in range(3):
        await fan_out(units, context, *billed())
    resolver.asked.clear()  # the lookup at registration
    resolver.addresses = [ipaddress.ip_address("127.0.0.2")]

    assert await workflows.deliver_due(context) == 3

    assert resolver.asked == ["127.0.0.1"]  # the host of URL, looked up once for the three
    assert sender.connected_to == [ipaddress.ip_address("127.0.0.2")] * 3
    assert {d.status for d in units.store.deliveries.values()} == {DeliveryStatus.DELIVERED}


async def test_an_endpoint_failing_for_the_whole_window_is_disabled_and_its_delivery_given_up(
    units: InMemoryUnits[InMemoryWebhookStore],
    context: WebhookContext,
    sender: ScriptedSender,
    clock: FrozenClock,
) -> None:
    endpoint_id = await register(context)
    await fan_out(units, context, *billed())
    sender.outcome = "timeout"
    await workflows.deliver_due(context)
    assert units.store.endpoints[endpoint_id].enabled

    clock.advance(seconds=61)
    await workflows.deliver_due(context)

    endpoint = units.store.endpoints[endpoint_id]
    assert (endpoint.enabled, endpoint.disabled_reason) == (False, DisabledReason.PERSISTENT_FAILURE)
    [delivery] = units.store.deliveries.values()
    assert (delivery.status, delivery.last_error, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        "timeout",
        None,
    )


async def test_redelivery_queues_the_same_message_again_now(
    units: InMemoryUnits[InMemoryWebhookStore], context: WebhookContext, sender: ScriptedSender
) -> None:
    endpoint_id = await register(context)
    await fan_out(units, context, *billed())
    await workflows.deliver_due(context)
    [delivery] = units.store.deliveries.values()

    with pytest.raises(EndpointNotFound):
        await workflows.redeliver(context, OTHER, endpoint_id, delivery.id)
    await workflows.redeliver(context, PRACTICE, endpoint_id, delivery.id)
    await workflows.deliver_due(context)

    first, again = sender.sent
    assert first[1] == again[1]
    assert first[2]["webhook-id"] == again[2]["webhook-id"]
    assert json.loads(again[1])["type"] == "act.billed"


async def test_another_practice_finds_no_endpoint_and_a_refused_target_is_not_registered(
    context: WebhookContext, resolver: FixedResolver
) -> None:
    endpoint_id = await register(context)
    with pytest.raises(EndpointNotFound):
        await workflows.find_endpoint(context, OTHER, endpoint_id)
    with pytest.raises(EndpointNotFound):
        await workflows.delete_endpoint(context, OTHER, endpoint_id)
    resolver.addresses = [ipaddress.ip_address("169.254.169.254")]
    with pytest.raises(TargetRefused):
        await register(context, url="https://metadata.example.fr/")
