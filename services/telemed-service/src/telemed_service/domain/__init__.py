"""Pure rules of dental tele-expertise (DOMAIN.md §6): eligibility, life cycle, trace, acts, attachments."""

from dentalink_contracts.values import Profession
from telemed_service.domain.acts import ACT_ID_NAMESPACE, Act, act_id_for, acts_for_answer
from telemed_service.domain.attachments import (
    Attachment,
    AttachmentPolicy,
    AttachmentRule,
    check_attachment,
    check_attachments,
)
from telemed_service.domain.eligibility import EligibilityRule, Situation, check_eligibility
from telemed_service.domain.errors import (
    AttachmentChecksumMismatchError,
    AttachmentNotFoundError,
    AttachmentRejectedError,
    ExpertiseNotFoundError,
    IllegalTransition,
    IneligibleRequest,
    InvalidProfessionalError,
    NotAnsweredError,
    NotPartyError,
    NotYetExpiredError,
    PatientNotQualifiedError,
    ReportTooLargeError,
    RequisProfessionMismatchError,
    TelemedDomainError,
    TimestampOutOfOrderError,
    UndecodableAttachmentError,
    WrongPartyError,
)
from telemed_service.domain.expertise import TeleExpertise, Transition
from telemed_service.domain.expiry import DEFAULT_ANSWER_DELAY, answer_deadline, expire, is_expired
from telemed_service.domain.filing import FiledExpertise, PartyFilter, visible_to
from telemed_service.domain.professionals import (
    DentalSpecialty,
    Finess,
    MedicalSpecialty,
    Professional,
    known_specialty,
    professional,
)
from telemed_service.domain.report import Refusal, RefusalReason, Report
from telemed_service.domain.states import Action, ExpertiseStatus, PartyRole
from telemed_service.domain.trace import TraceEntry
from telemed_service.domain.transitions import (
    accept,
    answer,
    cancel,
    record_incident,
    refuse,
    request_expertise,
)

__all__ = [
    "ACT_ID_NAMESPACE",
    "DEFAULT_ANSWER_DELAY",
    "Act",
    "Action",
    "Attachment",
    "AttachmentChecksumMismatchError",
    "AttachmentNotFoundError",
    "AttachmentPolicy",
    "AttachmentRejectedError",
    "AttachmentRule",
    "DentalSpecialty",
    "EligibilityRule",
    "ExpertiseNotFoundError",
    "ExpertiseStatus",
    "FiledExpertise",
    "Finess",
    "IllegalTransition",
    "IneligibleRequest",
    "InvalidProfessionalError",
    "MedicalSpecialty",
    "NotAnsweredError",
    "NotPartyError",
    "NotYetExpiredError",
    "PartyFilter",
    "PartyRole",
    "PatientNotQualifiedError",
    "Profession",
    "Professional",
    "Refusal",
    "RefusalReason",
    "Report",
    "ReportTooLargeError",
    "RequisProfessionMismatchError",
    "Situation",
    "TeleExpertise",
    "TelemedDomainError",
    "TimestampOutOfOrderError",
    "TraceEntry",
    "Transition",
    "UndecodableAttachmentError",
    "WrongPartyError",
    "accept",
    "act_id_for",
    "acts_for_answer",
    "answer",
    "answer_deadline",
    "cancel",
    "check_attachment",
    "check_attachments",
    "check_eligibility",
    "expire",
    "is_expired",
    "known_specialty",
    "professional",
    "record_incident",
    "refuse",
    "request_expertise",
    "visible_to",
]
