"""Every event payload, in its current version. Importing this package registers them all by
CloudEvents type. Personal fields are sealed (`dentalink_contracts.sealing`)."""

from dentalink_contracts.events.base import DomainEvent, event_class
from dentalink_contracts.events.billing import (
    BillingRejectionReason,
    Payer,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
)
from dentalink_contracts.events.dmp import DocumentFiled
from dentalink_contracts.events.ins import (
    BirthTraits,
    IdentityQualified,
    IdentityStatus,
    IdentityStatusChanged,
)
from dentalink_contracts.events.telemed import (
    ActCode,
    ActRecorded,
    ActRole,
    ReportReference,
    TeleExpertiseStatus,
    TeleExpertiseStatusChanged,
)
from dentalink_contracts.events.vitale import (
    ApcvBeneficiary,
    ApcvSessionClosed,
    ApcvSessionOpened,
    ReadingMode,
    SessionCloseReason,
)

ALL_EVENTS: tuple[type[DomainEvent], ...] = (
    IdentityQualified,
    IdentityStatusChanged,
    ApcvSessionOpened,
    ApcvSessionClosed,
    ActRecorded,
    TeleExpertiseStatusChanged,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
    DocumentFiled,
)

__all__ = [
    "ALL_EVENTS",
    "ActCode",
    "ActRecorded",
    "ActRole",
    "ApcvBeneficiary",
    "ApcvSessionClosed",
    "ApcvSessionOpened",
    "BillingRejectionReason",
    "BirthTraits",
    "DocumentFiled",
    "DomainEvent",
    "IdentityQualified",
    "IdentityStatus",
    "IdentityStatusChanged",
    "Payer",
    "ReadingMode",
    "ReportReference",
    "SessionCloseReason",
    "TeleExpertiseBilled",
    "TeleExpertiseBillingRejected",
    "TeleExpertiseStatus",
    "TeleExpertiseStatusChanged",
    "event_class",
]
