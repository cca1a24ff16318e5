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
    AttachmentRejectedError,
    IllegalTransition,
    IneligibleRequest,
    NotAnsweredError,
    NotPartyError,
    NotYetExpiredError,
    TelemedDomainError,
    TimestampOutOfOrderError,
    WrongPartyError,
)
from telemed_service.domain.expertise import TeleExpertise, Transition
from telemed_service.domain.expiry import DEFAULT_ANSWER_DELAY, answer_deadline, expire, is_expired
from telemed_service.domain.professionals import (
    DentalSpecialty,
    Finess,
    MedicalSpecialty,
    Professional,
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
    "AttachmentPolicy",
    "AttachmentRejectedError",
    "AttachmentRule",
    "DentalSpecialty",
    "EligibilityRule",
    "ExpertiseStatus",
    "Finess",
    "IllegalTransition",
    "IneligibleRequest",
    "MedicalSpecialty",
    "NotAnsweredError",
    "NotPartyError",
    "NotYetExpiredError",
    "PartyRole",
    "Profession",
    "Professional",
    "Refusal",
    "RefusalReason",
    "Report",
    "Situation",
    "TeleExpertise",
    "TelemedDomainError",
    "TimestampOutOfOrderError",
    "TraceEntry",
    "Transition",
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
    "record_incident",
    "refuse",
    "request_expertise",
]
