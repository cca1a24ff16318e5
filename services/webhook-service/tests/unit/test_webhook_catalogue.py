"""Which domain event becomes which webhook, for which practice, carrying ids and statuses only."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import (
    ActCode,
    ApcvBeneficiary,
    ApcvSessionClosed,
    ApcvSessionOpened,
    BillingRejectionReason,
    BirthTraits,
    DocumentFiled,
    DomainEvent,
    IdentityQualified,
    IdentityStatus,
    IdentityStatusChanged,
    Payer,
    SessionCloseReason,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
    TeleExpertiseStatus,
    TeleExpertiseStatusChanged,
)
from dentalink_contracts.sealing import development_field_keys
from dentalink_contracts.values import Ins, InsOid, Sex
from webhook_service.api.webhooks import DATA_MODELS
from webhook_service.domain import LIFECYCLE_WEBHOOKS, WebhookEventType, messages_of

KEYS = development_field_keys()
KEY = "pk_" + "1" * 32
MATRICULE = "280012A00400712"
NAME = "MARTIN"
PRACTICE = "cab-nantes"
NOW = datetime(2025, 3, 14, 10, tzinfo=UTC)
INS = Ins(matricule=MATRICULE, oid=InsOid.NIR_TEST)
TRAITS = BirthTraits(birth_date=date(1980, 1, 30), sex=Sex.FEMALE)
RPPS = "10001234567"


def status_changed(
    status: TeleExpertiseStatus,
    requerant: str = PRACTICE,
    requis: str | None = None,
    expertise: uuid.UUID | None = None,
) -> TeleExpertiseStatusChanged:
    previous = {
        TeleExpertiseStatus.REQUESTED: None,
        TeleExpertiseStatus.ANSWERED: TeleExpertiseStatus.ACCEPTED,
    }.get(status, TeleExpertiseStatus.REQUESTED)
    return TeleExpertiseStatusChanged(
        expertise_id=expertise or uuid.uuid4(),
        previous_status=previous,
        new_status=status,
        requerant_practice_id=requerant,
        requis_practice_id=requis,
        changed_at=NOW,
    )


def every_event() -> dict[WebhookEventType, DomainEvent]:
    beneficiary = ApcvBeneficiary(
        nir=MATRICULE, birth_name=NAME, first_names="LEA", birth_date=date(1980, 1, 30), quality="enfant",
        insurer="014410000",
    )  # fmt: skip
    return {
        WebhookEventType.IDENTITY_QUALIFIED: IdentityQualified(
            identity_id=uuid.uuid4(), practice_id=PRACTICE, patient_key=KEY,
            ins=KEYS.seal(INS, IdentityQualified, "ins"),
            traits=KEYS.seal(TRAITS, IdentityQualified, "traits"),
            qualified_at=NOW,
        ),
        WebhookEventType.IDENTITY_STATUS_CHANGED: IdentityStatusChanged(
            identity_id=uuid.uuid4(), practice_id=PRACTICE, patient_key=KEY,
            previous_status=IdentityStatus.QUAL, new_status=IdentityStatus.VALI, changed_at=NOW,
        ),
        WebhookEventType.APCV_SESSION_OPENED: ApcvSessionOpened(
            session_id=uuid.uuid4(), practice_id=PRACTICE, practitioner_rpps="10001234567", patient_key=KEY,
            beneficiary=KEYS.seal(beneficiary, ApcvSessionOpened, "beneficiary"),
            opened_at=NOW, expires_at=NOW + timedelta(minutes=30),
        ),
        WebhookEventType.APCV_SESSION_CLOSED: ApcvSessionClosed(
            session_id=uuid.uuid4(), practice_id=PRACTICE, patient_key=KEY, reason=SessionCloseReason.EXPIRED,
            closed_at=NOW,
        ),
        **{kind: status_changed(status) for status, kind in LIFECYCLE_WEBHOOKS.items()},
        WebhookEventType.TELE_EXPERTISE_REPORTED: status_changed(TeleExpertiseStatus.ANSWERED),
        WebhookEventType.ACT_BILLED: TeleExpertiseBilled(
            act_id=uuid.uuid4(), expertise_id=uuid.uuid4(), practice_id=PRACTICE, practitioner_rpps=RPPS,
            patient_key=KEY, invoice_id=uuid.uuid4(), act_code=ActCode.TE2, amount=Decimal("20.00"),
            payer=Payer.AMO, billed_at=NOW,
        ),
        WebhookEventType.ACT_BILLING_REJECTED: TeleExpertiseBillingRejected(
            act_id=uuid.uuid4(), expertise_id=uuid.uuid4(), practice_id=PRACTICE, practitioner_rpps=RPPS,
            patient_key=KEY, act_code=ActCode.TE2, reason=BillingRejectionReason.YEARLY_CAP_REACHED,
            detail=f"Cap reached for {NAME}", rejected_at=NOW,
        ),
        WebhookEventType.DMP_DOCUMENT_FILED: DocumentFiled(
            document_id=uuid.uuid4(), version_id=uuid.uuid4(), version=2, practice_id=PRACTICE,
            patient_key=KEY, identity_id=uuid.uuid4(), filed_at=NOW,
        ),
    }  # fmt: skip


def envelope_of(event: DomainEvent, event_id: uuid.UUID | None = None) -> Envelope:
    return Envelope.wrap(event, id=event_id or uuid.uuid4(), source="/dentalink/tests", key=KEY)


EVENTS = every_event()


@pytest.mark.parametrize("kind", list(EVENTS))
def test_each_event_becomes_its_webhook_for_its_practice_as_documented(kind: WebhookEventType) -> None:
    event = EVENTS[kind]
    [message] = messages_of(event, envelope_of(event))
    assert message.type is kind
    assert message.practice_id == PRACTICE
    payload = json.loads(json.dumps(message.payload()))
    assert set(payload) == {"type", "timestamp", "data"}
    documented = DATA_MODELS[kind]
    assert set(payload["data"]) == set(documented.model_fields)
    documented.model_validate(payload["data"])


@pytest.mark.parametrize("kind", list(EVENTS))
def test_no_webhook_carries_personal_data_or_free_text(kind: WebhookEventType) -> None:
    event = EVENTS[kind]
    text = json.dumps([message.payload() for message in messages_of(event, envelope_of(event))])
    for personal in (MATRICULE, NAME, "1980-01-30", "Free clinical text", "Cap reached", KEY):
        assert personal not in text


def test_every_type_is_announced_by_an_event() -> None:
    assert set(EVENTS) == set(WebhookEventType)


def test_a_redelivered_event_yields_the_same_message_id() -> None:
    event = EVENTS[WebhookEventType.ACT_BILLED]
    event_id = uuid.uuid4()
    first = messages_of(event, envelope_of(event, event_id))
    again = messages_of(event, envelope_of(event, event_id))
    assert [one.id for one in first] == [one.id for one in again]
    assert first[0].id != messages_of(event, envelope_of(event))[0].id


def test_a_report_reaches_the_requerant_s_and_the_requis_s_practice_once_each() -> None:
    expertise = uuid.uuid4()
    event = status_changed(TeleExpertiseStatus.ANSWERED, "cab-requerant", "cab-requis", expertise)
    to_requerant, to_requis = messages_of(event, envelope_of(event))
    assert {to_requerant.type, to_requis.type} == {WebhookEventType.TELE_EXPERTISE_REPORTED}
    assert (to_requerant.practice_id, to_requis.practice_id) == ("cab-requerant", "cab-requis")
    assert to_requerant.data == {
        "expertise_id": str(expertise),
        "practice_id": "cab-requerant",
        "status": "answered",
        "reported_at": NOW.isoformat(),
    }
    assert to_requerant.id != to_requis.id
    # One report, one message per practice, even re-announced under another event id.
    again = messages_of(event, envelope_of(event))
    assert [one.id for one in again] == [to_requerant.id, to_requis.id]
    # Both parties in one practice: one message.
    same = status_changed(TeleExpertiseStatus.ANSWERED, "cab-requis", "cab-requis", expertise)
    assert [one.id for one in messages_of(same, envelope_of(same))] == [to_requis.id]


@pytest.mark.parametrize("status", list(LIFECYCLE_WEBHOOKS))
def test_a_lifecycle_step_reaches_the_requerant_and_the_requis_practice_once_each(
    status: TeleExpertiseStatus,
) -> None:
    event = status_changed(status, "cab-requerant", "cab-requis")
    envelope = envelope_of(event)
    messages = messages_of(event, envelope)
    assert [(one.type, one.practice_id) for one in messages] == [
        (LIFECYCLE_WEBHOOKS[status], "cab-requerant"),
        (LIFECYCLE_WEBHOOKS[status], "cab-requis"),
    ]
    assert [one.data["practice_id"] for one in messages] == ["cab-requerant", "cab-requis"]
    assert {one.data["status"] for one in messages} == {status.value}
    assert len({one.id for one in messages}) == 2
    # Redelivered: the same ids again, so each endpoint gets each message once.
    assert [one.id for one in messages_of(event, envelope)] == [one.id for one in messages]
    # Both parties in one practice: one message.
    same = status_changed(status, "cab-requis", "cab-requis")
    assert [one.practice_id for one in messages_of(same, envelope_of(same))] == ["cab-requis"]


def test_a_request_reaches_the_requerant_s_practice_only_while_the_requis_has_not_acted() -> None:
    event = status_changed(TeleExpertiseStatus.REQUESTED)
    [message] = messages_of(event, envelope_of(event))
    assert (message.type, message.practice_id) == (WebhookEventType.TELE_EXPERTISE_REQUESTED, PRACTICE)
    assert message.data["previous_status"] is None


def test_a_filed_document_reaches_the_filing_practice_with_ids_only() -> None:
    event = EVENTS[WebhookEventType.DMP_DOCUMENT_FILED]
    assert isinstance(event, DocumentFiled)
    [message] = messages_of(event, envelope_of(event))
    assert message.data == {
        "document_id": str(event.document_id),
        "version_id": str(event.version_id),
        "version": 2,
        "identity_id": str(event.identity_id),
        "practice_id": PRACTICE,
        "status": "filed",
        "filed_at": NOW.isoformat(),
    }
