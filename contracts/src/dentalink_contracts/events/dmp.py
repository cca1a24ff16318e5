"""Events published by dmp-service."""

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from dentalink_contracts import topics
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.values import PatientKey, PracticeId


class DocumentFiled(DomainEvent):
    """A document, or a new version of one, was filed in a patient's record by a practice (a deposit,
    a tele-expertise report, a message attachment), in the filing's transaction.

    Carries ids only: no INS, title, type or content. `identity_id` is the filing practice's identity
    of the patient, when that practice has one (ins-service's id, as in the identity events)."""

    event_type: ClassVar[str] = "fr.dentalink.dmp.document-filed.v1"
    topic: ClassVar[str] = topics.DOCUMENT_FILED_V1
    summary: ClassVar[str] = "A document (or a new version of one) was filed in a patient's record."

    document_id: UUID
    version_id: UUID
    version: int
    practice_id: PracticeId
    patient_key: PatientKey
    identity_id: UUID | None = None
    filed_at: datetime
