"""The event contracts: envelope round trip, money, pseudonymous keys, and the committed AsyncAPI."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from dentalink_contracts import Envelope, MalformedEnvelope, from_kafka, patient_key, to_kafka
from dentalink_contracts.asyncapi import document, render
from dentalink_contracts.events import (
    ALL_EVENTS,
    ActCode,
    Payer,
    TeleExpertiseBilled,
    TeleExpertiseStatus,
    TeleExpertiseStatusChanged,
)
from dentalink_contracts.values import Euros

ASYNCAPI = Path(__file__).resolve().parents[1] / "asyncapi.yaml"


def billed(amount: str = "10.00") -> TeleExpertiseBilled:
    return TeleExpertiseBilled(
        act_id=uuid.uuid4(),
        expertise_id=uuid.uuid4(),
        practice_id="cab-1",
        practitioner_rpps="10001234567",
        patient_key=patient_key("295109912611193", b"secret"),
        invoice_id=uuid.uuid4(),
        act_code=ActCode.RQD,
        amount=Decimal(amount),
        payer=Payer.AMO,
        billed_at=datetime(2026, 3, 1, 10, 0, tzinfo=UTC),
    )


def test_committed_asyncapi_is_current():
    assert ASYNCAPI.read_text() == render(), "run `make contracts` and commit contracts/asyncapi.yaml"


def test_every_event_has_a_versioned_type_and_topic():
    for event in ALL_EVENTS:
        version = event.event_type.rsplit(".", 1)[1]
        assert event.event_type.startswith("fr.dentalink.") and version in ("v1", "v2")
        assert event.topic.endswith(f".{version}")


def test_each_message_key_is_a_payload_field_and_documented_as_such():
    messages = document()["components"]["messages"]
    for event in ALL_EVENTS:
        assert event.key_field in event.model_fields
        key = messages[event.__name__]["bindings"]["kafka"]["key"]
        if event.key_field == "patient_key":
            assert key["pattern"] == "^pk_[0-9a-f]{32}$"
        else:
            # A tele-expertise's transitions are ordered by the file's id, not a patient's key.
            assert key["format"] == "uuid" and event.key_field in key["description"]
    assert messages["TeleExpertiseStatusChanged"]["bindings"]["kafka"]["key"]["format"] == "uuid"
    assert messages["DocumentFiled"]["bindings"]["kafka"]["key"]["pattern"] == "^pk_[0-9a-f]{32}$"


def test_the_message_key_is_read_from_the_documented_field() -> None:
    event = billed()
    assert event.message_key == event.patient_key
    expertise_id = uuid.uuid4()
    changed = TeleExpertiseStatusChanged(
        expertise_id=expertise_id,
        previous_status=None,
        new_status=TeleExpertiseStatus.REQUESTED,
        requerant_practice_id="cab-0123456789",
        changed_at=datetime.now(UTC),
    )
    assert changed.message_key == str(expertise_id)


def test_envelope_round_trips_through_kafka_binary_mode():
    event = billed()
    envelope = Envelope.wrap(
        event,
        id=uuid.uuid4(),
        source="/dentalink/billing-service",
        key=event.patient_key,
        trace={"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
    )
    key, value, headers = to_kafka(envelope)
    names = [name for name, _ in headers]
    assert {"ce_id", "ce_source", "ce_type", "ce_specversion", "content-type", "traceparent"} <= set(names)
    assert b'"amount": "10.00"' in value
    back = from_kafka(key, value, headers)
    assert back.id == envelope.id
    assert back.payload() == event
    assert back.trace["traceparent"].startswith("00-0af7651916cd43dd8448eb211c80319c")


def test_a_message_without_cloudevents_headers_is_malformed():
    with pytest.raises(MalformedEnvelope):
        from_kafka(b"k", b'{"a": 1}', [])


def test_patient_key_is_pseudonymous_and_stable():
    key = patient_key("295109912611193", b"secret")
    assert key == patient_key("295109912611193", b"secret")
    assert "295109912611193" not in key
    assert key != patient_key("295109912611193", b"other-secret")


class Price(BaseModel):
    amount: Euros


@given(st.integers(min_value=0, max_value=10**9))
def test_euros_are_exact_and_serialise_with_two_places(cents):
    price = Price(amount=Decimal(cents) / 100)
    dumped = price.model_dump(mode="json")["amount"]
    assert dumped == f"{cents // 100}.{cents % 100:02d}"
    assert Price.model_validate({"amount": dumped}).amount == Decimal(cents) / 100


def test_euros_refuse_fractions_of_a_cent():
    with pytest.raises(ValidationError):
        Price(amount=Decimal("10.001"))
