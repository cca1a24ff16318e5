"""Typed rule violations of the tele-expertise domain; each has a stable `code` for the API's problem type."""

from datetime import datetime

from dentalink_contracts.values import Profession
from telemed_service.domain.states import Action, ExpertiseStatus, PartyRole


class TelemedDomainError(Exception):
    """Base of every rule violation of the tele-expertise domain."""

    code: str = "telemed_domain_error"


class IneligibleRequest(TelemedDomainError):
    """The situation or the professionals do not fit an eligible tele-expertise (avenant 1 art. 58)."""

    code = "ineligible_request"

    def __init__(self, rule_code: str, message: str) -> None:
        super().__init__(message)
        self.rule_code = rule_code
        self.message = message


class IllegalTransition(TelemedDomainError):
    """The action is not legal from the current status (API: 409 Conflict)."""

    code = "illegal_transition"

    def __init__(self, from_state: ExpertiseStatus, action: Action) -> None:
        super().__init__(f"cannot {action.value} a tele-expertise that is {from_state.value}")
        self.from_state = from_state
        self.action = action


class NotPartyError(TelemedDomainError):
    """The acting professional is neither the requérant nor the requis of this tele-expertise."""

    code = "not_party"

    def __init__(self, action: Action) -> None:
        super().__init__(f"only a party to the tele-expertise may {action.value} it")
        self.action = action


class WrongPartyError(TelemedDomainError):
    """The acting professional is a party, but not the one allowed to perform this action."""

    code = "wrong_party"

    def __init__(self, action: Action, required: PartyRole) -> None:
        super().__init__(f"only the {required.value} may {action.value} the tele-expertise")
        self.action = action
        self.required = required


class NotYetExpiredError(TelemedDomainError):
    """Expiry was asked before the answer deadline passed (DOMAIN.md §6, 7-day assumption)."""

    code = "not_yet_expired"

    def __init__(self, deadline: datetime) -> None:
        super().__init__(f"the answer is due until {deadline.isoformat()}")
        self.deadline = deadline


class TimestampOutOfOrderError(TelemedDomainError):
    """A trace entry would be dated before the last change of the file (CSP R6316-4 keeps a true history)."""

    code = "timestamp_out_of_order"

    def __init__(self, at: datetime, last_changed_at: datetime) -> None:
        super().__init__(f"{at.isoformat()} is before the last change at {last_changed_at.isoformat()}")
        self.at = at
        self.last_changed_at = last_changed_at


class NotAnsweredError(TelemedDomainError):
    """Acts are due only for an answered tele-expertise (seed: RQD and TE2 pay a performed expertise)."""

    code = "not_answered"

    def __init__(self, status: ExpertiseStatus) -> None:
        super().__init__(f"a tele-expertise that is {status.value} gives rise to no act")
        self.status = status


class AttachmentRejectedError(TelemedDomainError):
    """An attachment breaks the configured size, count or type limits (DOMAIN.md §6, useful data)."""

    code = "attachment_rejected"

    def __init__(self, rule_code: str, message: str) -> None:
        super().__init__(message)
        self.rule_code = rule_code
        self.message = message


class PatientNotQualifiedError(TelemedDomainError):
    """The requérant's practice does not hold the patient's INS as qualified (RNIV; CSP R6316-3)."""

    code = "patient_not_qualified"

    def __init__(self) -> None:
        super().__init__("the patient's INS is not qualified in the requérant's practice")


class ExpertiseNotFoundError(TelemedDomainError):
    """No such tele-expertise, or one the caller may not see: the two are never told apart."""

    code = "tele_expertise_not_found"

    def __init__(self) -> None:
        super().__init__("no such tele-expertise")


class AttachmentNotFoundError(TelemedDomainError):
    """No such file in this tele-expertise."""

    code = "attachment_not_found"

    def __init__(self) -> None:
        super().__init__("no such attachment")


class RequisProfessionMismatchError(TelemedDomainError):
    """The requis answers with another profession than the one eligibility was judged on."""

    code = "requis_profession_mismatch"

    def __init__(self, named: Profession) -> None:
        super().__init__(f"the request names a {named.value} as requis")
        self.named = named


class ReportTooLargeError(TelemedDomainError):
    """The rendered report would make each act's event too large to ever reach the broker."""

    code = "report_too_large"

    def __init__(self, size_bytes: int, budget_bytes: int) -> None:
        super().__init__(f"the report takes {size_bytes} bytes in the event, over {budget_bytes}")
        self.size_bytes = size_bytes
        self.budget_bytes = budget_bytes


class InvalidProfessionalError(TelemedDomainError):
    """The acting professional's forwarded data does not make a valid professional (a FINESS, say)."""

    code = "invalid_professional"

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} is invalid")
        self.field = field


class UndecodableAttachmentError(TelemedDomainError):
    """A file sent inline is not base64, or is empty."""

    code = "undecodable_attachment"

    def __init__(self, field: str, message: str, reason: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.reason = reason


class AttachmentChecksumMismatchError(TelemedDomainError):
    """A file's content does not match the SHA-256 the client declared for it."""

    code = "attachment_checksum_mismatch"

    def __init__(self, field: str) -> None:
        super().__init__(f"the file at {field} was altered in transit or the declared SHA-256 is wrong")
        self.field = field
