"""Which domain event becomes which webhook, for which practice, carrying what (pure).

A webhook carries ids and statuses only: never an INS, a NIR, a name, a birth date nor free text
(the billing rejection's `detail` stays home). Each message goes to the practice the event belongs to;
its id is derived from the event, so a redelivered Kafka message yields the same message again.

Practices of a tele-expertise: `TeleExpertiseStatusChanged` names the requérant's practice always and
the requis's once he acted from one (acceptance, refusal, answer); each lifecycle webhook, the report
(`answered` → `tele-expertise.reported`) included, goes to both when known, once when they are the
same practice. (`ActRecorded`, one per billable act, is not used: a requérant who bills no RQD, not a
dentist, would have no act naming his practice.)

`dmp.document-filed` goes to the practice that filed the document (or its new version).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import (
    ApcvSessionClosed,
    ApcvSessionOpened,
    DocumentFiled,
    DomainEvent,
    IdentityQualified,
    IdentityStatusChanged,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
    TeleExpertiseStatus,
    TeleExpertiseStatusChanged,
)

# Namespace of the message ids derived from events (fixed: ids must be stable across releases).
MESSAGE_NAMESPACE = uuid.UUID("6f1d8a52-94a4-4f7e-9a43-2c0b3a8f6e10")


class WebhookEventType(StrEnum):
    """The webhook types an endpoint may subscribe to."""

    IDENTITY_QUALIFIED = "identity.qualified"
    IDENTITY_STATUS_CHANGED = "identity.status-changed"
    APCV_SESSION_OPENED = "apcv-session.opened"
    APCV_SESSION_CLOSED = "apcv-session.closed"
    TELE_EXPERTISE_REQUESTED = "tele-expertise.requested"
    TELE_EXPERTISE_ACCEPTED = "tele-expertise.accepted"
    TELE_EXPERTISE_REFUSED = "tele-expertise.refused"
    TELE_EXPERTISE_CANCELLED = "tele-expertise.cancelled"
    TELE_EXPERTISE_EXPIRED = "tele-expertise.expired"
    TELE_EXPERTISE_REPORTED = "tele-expertise.reported"
    ACT_BILLED = "act.billed"
    ACT_BILLING_REJECTED = "act.billing-rejected"
    DMP_DOCUMENT_FILED = "dmp.document-filed"


# The lifecycle webhook of each status a TeleExpertiseStatusChanged announces, but `answered`: the
# report has a webhook of its own (`tele-expertise.reported`, its payload documented apart).
LIFECYCLE_WEBHOOKS = {
    TeleExpertiseStatus.REQUESTED: WebhookEventType.TELE_EXPERTISE_REQUESTED,
    TeleExpertiseStatus.ACCEPTED: WebhookEventType.TELE_EXPERTISE_ACCEPTED,
    TeleExpertiseStatus.REFUSED: WebhookEventType.TELE_EXPERTISE_REFUSED,
    TeleExpertiseStatus.CANCELLED: WebhookEventType.TELE_EXPERTISE_CANCELLED,
    TeleExpertiseStatus.EXPIRED: WebhookEventType.TELE_EXPERTISE_EXPIRED,
}


@dataclass(frozen=True)
class WebhookMessage:
    """One webhook for one practice; `id` is the `webhook-id` every endpoint of it receives."""

    id: uuid.UUID
    type: WebhookEventType
    practice_id: str
    timestamp: datetime
    data: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        """The Standard Webhooks body: type, timestamp, data."""
        return {"type": self.type.value, "timestamp": self.timestamp.isoformat(), "data": self.data}


def _message_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(MESSAGE_NAMESPACE, ":".join(str(part) for part in parts))


def _message(
    kind: WebhookEventType, event_id: uuid.UUID, practice_id: str, at: datetime, data: dict[str, Any]
) -> WebhookMessage:
    return WebhookMessage(_message_id(kind.value, event_id), kind, practice_id, at, data)


def _practices(event: TeleExpertiseStatusChanged) -> list[str]:
    """The requérant's practice, then the requis's when known and another one."""
    return list(dict.fromkeys(p for p in (event.requerant_practice_id, event.requis_practice_id) if p))


def _reported(event: TeleExpertiseStatusChanged) -> list[WebhookMessage]:
    # Keyed by expertise and practice: one report, one message per practice, whatever the event id.
    kind = WebhookEventType.TELE_EXPERTISE_REPORTED
    return [
        WebhookMessage(
            _message_id(kind.value, event.expertise_id, practice),
            kind,
            practice,
            event.changed_at,
            {
                "expertise_id": str(event.expertise_id),
                "practice_id": practice,
                "status": "answered",
                "reported_at": event.changed_at.isoformat(),
            },
        )
        for practice in _practices(event)
    ]


def _lifecycle(event: TeleExpertiseStatusChanged, envelope: Envelope) -> list[WebhookMessage]:
    """One message per practice taking part (the requérant's, the requis's once known), deduplicated."""
    if event.new_status is TeleExpertiseStatus.ANSWERED:
        return _reported(event)
    kind = LIFECYCLE_WEBHOOKS.get(event.new_status)
    if kind is None:
        return []
    previous = None if event.previous_status is None else event.previous_status.value
    return [
        WebhookMessage(
            _message_id(kind.value, envelope.id, practice),
            kind,
            practice,
            event.changed_at,
            {
                "expertise_id": str(event.expertise_id),
                "practice_id": practice,
                "previous_status": previous,
                "status": event.new_status.value,
                "changed_at": event.changed_at.isoformat(),
            },
        )
        for practice in _practices(event)
    ]


def messages_of(event: DomainEvent, envelope: Envelope) -> list[WebhookMessage]:
    """The webhooks a consumed event becomes (empty for an event no webhook announces)."""
    match event:
        case IdentityQualified():
            return [
                _message(
                    WebhookEventType.IDENTITY_QUALIFIED,
                    envelope.id,
                    event.practice_id,
                    event.qualified_at,
                    {
                        "identity_id": str(event.identity_id),
                        "practice_id": event.practice_id,
                        "status": "QUAL",
                        "qualified_at": event.qualified_at.isoformat(),
                    },
                )
            ]
        case IdentityStatusChanged():
            previous = None if event.previous_status is None else event.previous_status.value
            return [
                _message(
                    WebhookEventType.IDENTITY_STATUS_CHANGED,
                    envelope.id,
                    event.practice_id,
                    event.changed_at,
                    {
                        "identity_id": str(event.identity_id),
                        "practice_id": event.practice_id,
                        "previous_status": previous,
                        "status": event.new_status.value,
                        "changed_at": event.changed_at.isoformat(),
                    },
                )
            ]
        case ApcvSessionOpened():
            return [
                _message(
                    WebhookEventType.APCV_SESSION_OPENED,
                    envelope.id,
                    event.practice_id,
                    event.opened_at,
                    {
                        "session_id": str(event.session_id),
                        "practice_id": event.practice_id,
                        "practitioner_rpps": event.practitioner_rpps,
                        "status": "open",
                        "opened_at": event.opened_at.isoformat(),
                        "expires_at": event.expires_at.isoformat(),
                    },
                )
            ]
        case ApcvSessionClosed():
            return [
                _message(
                    WebhookEventType.APCV_SESSION_CLOSED,
                    envelope.id,
                    event.practice_id,
                    event.closed_at,
                    {
                        "session_id": str(event.session_id),
                        "practice_id": event.practice_id,
                        "status": event.reason.value,
                        "closed_at": event.closed_at.isoformat(),
                    },
                )
            ]
        case TeleExpertiseStatusChanged():
            return _lifecycle(event, envelope)
        case DocumentFiled():
            return [
                _message(
                    WebhookEventType.DMP_DOCUMENT_FILED,
                    envelope.id,
                    event.practice_id,
                    event.filed_at,
                    {
                        "document_id": str(event.document_id),
                        "version_id": str(event.version_id),
                        "version": event.version,
                        "identity_id": None if event.identity_id is None else str(event.identity_id),
                        "practice_id": event.practice_id,
                        "status": "filed",
                        "filed_at": event.filed_at.isoformat(),
                    },
                )
            ]
        case TeleExpertiseBilled():
            return [
                _message(
                    WebhookEventType.ACT_BILLED,
                    envelope.id,
                    event.practice_id,
                    event.billed_at,
                    {
                        "act_id": str(event.act_id),
                        "expertise_id": str(event.expertise_id),
                        "practice_id": event.practice_id,
                        "invoice_id": str(event.invoice_id),
                        "act_code": event.act_code.value,
                        "amount": f"{event.amount:.2f}",
                        "payer": event.payer.value,
                        "status": "billed",
                        "billed_at": event.billed_at.isoformat(),
                    },
                )
            ]
        case TeleExpertiseBillingRejected():
            return [
                _message(
                    WebhookEventType.ACT_BILLING_REJECTED,
                    envelope.id,
                    event.practice_id,
                    event.rejected_at,
                    {
                        "act_id": str(event.act_id),
                        "expertise_id": str(event.expertise_id),
                        "practice_id": event.practice_id,
                        "act_code": event.act_code.value,
                        "status": "rejected",
                        "reason": event.reason.value,
                        "rejected_at": event.rejected_at.isoformat(),
                    },
                )
            ]
    return []
