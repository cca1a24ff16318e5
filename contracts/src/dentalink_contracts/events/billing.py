"""Events published by billing-service."""

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.events.telemed import ActCode
from dentalink_contracts.values import Euros, PatientKey, PracticeId, Rpps


class Payer(StrEnum):
    """Who pays the line: tele-expertise is third-party payment at 100 % by the AMO (DOMAIN.md §6)."""

    AMO = "amo"
    PATIENT = "patient"


class TeleExpertiseBilled(DomainEvent):
    """An invoice line exists for the act."""

    event_type: ClassVar[str] = "fr.dentalink.billing.tele-expertise-billed.v1"
    topic: ClassVar[str] = topics.TELE_EXPERTISE_BILLED_V1
    summary: ClassVar[str] = "A tele-expertise act was billed."

    act_id: UUID
    expertise_id: UUID
    practice_id: PracticeId
    practitioner_rpps: Rpps
    patient_key: PatientKey
    invoice_id: UUID
    act_code: ActCode
    amount: Euros
    payer: Payer
    billed_at: datetime


class BillingRejectionReason(StrEnum):
    YEARLY_CAP_REACHED = "yearly_cap_reached"
    NO_TARIFF = "no_tariff"
    # The dental convention pays RQD and TE2 to dentists: an EHPAD nurse or physician requérant, or a
    # medical specialist requis, bills under their own convention, not through Dentalink (DOMAIN.md §6).
    PRACTITIONER_NOT_DENTIST = "practitioner_not_dentist"


class TeleExpertiseBillingRejected(DomainEvent):
    """The act was not billed; `reason` says why (e.g. the 4-acts-a-year cap)."""

    event_type: ClassVar[str] = "fr.dentalink.billing.tele-expertise-billing-rejected.v1"
    topic: ClassVar[str] = topics.TELE_EXPERTISE_BILLING_REJECTED_V1
    summary: ClassVar[str] = "A tele-expertise act could not be billed."

    act_id: UUID
    expertise_id: UUID
    practice_id: PracticeId
    practitioner_rpps: Rpps
    patient_key: PatientKey
    act_code: ActCode
    reason: BillingRejectionReason
    detail: str
    rejected_at: datetime
