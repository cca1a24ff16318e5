"""What the workflows and the store refuse with: domain errors, never HTTP ones.

`problems` is the only place where they become problem+json answers. The pure rules' own errors
(`domain.errors`, `DocumentTooLarge`, `InvalidMessage`...) stay in `domain`; these name what a command
on a stored record cannot do.
"""

from enum import StrEnum

from dmp_service.domain import AccessDecision
from dmp_service.models import AccessLogRow


class DmpError(Exception):
    """Base of the errors a command of dmp-service is refused with."""


class AccessDenied(DmpError):
    """The guard refused the operation (or the revocation of a refusal was refused); `trace` is the
    access-log line of the denial, written in a unit of work of its own so that it survives the
    command's rollback (`workflows.access.guarded_unit`)."""

    def __init__(self, decision: AccessDecision, trace: AccessLogRow) -> None:
        super().__init__(str(decision.reason))
        self.decision = decision
        self.trace = trace


class Missing(StrEnum):
    """What a command looked for in the record and did not find."""

    DOCUMENT = "document"
    DOCUMENT_VERSION = "document_version"
    DOCUMENT_CONTENT = "document_content"
    PROFILE_ENTRY = "profile_entry"
    RELATED_PROFILE = "related_profile"
    MESSAGE = "message"
    ATTACHMENT = "attachment"
    APPOINTMENT = "appointment"


class NotFound(DmpError):
    """No such `what` in this record (scoped by owner: another record's row is not found either)."""

    def __init__(self, what: Missing) -> None:
        super().__init__(what.value)
        self.what = what


class InvalidInput(DmpError):
    """One offending field of the request, found once the guard let the request in."""

    def __init__(self, field: str, message: str, code: str) -> None:
        super().__init__(field)
        self.field = field
        self.message = message
        self.code = code


class DigestMismatch(DmpError):
    """The content does not match the SHA-256 declared in `field`."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


class InvalidDocument(DmpError):
    """The document's metadata break a rule of `domain.documents`."""


class DocumentChanged(DmpError):
    """Another version of the document was filed meanwhile (the store's uniqueness of version numbers)."""


class StaleDocumentVersion(DmpError):
    """The version the caller wants to replace is no longer the current one (optimistic lock)."""

    def __init__(self, current_version: int) -> None:
        super().__init__(current_version)
        self.current_version = current_version


class StaleProfileEntry(DmpError):
    """The profile entry changed since the caller read it (optimistic lock)."""

    def __init__(self, current_version: int) -> None:
        super().__init__(current_version)
        self.current_version = current_version


class ProfileEntryRemoved(DmpError):
    """A removed entry cannot change; `removing` when the change was a second removal."""

    def __init__(self, *, removing: bool) -> None:
        super().__init__("removed")
        self.removing = removing


class MessageRejected(DmpError):
    """The message breaks a rule of `domain.messages` (subject, body, attachments)."""


class RefusalAlreadyRevoked(DmpError):
    """The refusal was already revoked."""


class InconsistentPregnancy(DmpError):
    """The pregnancy dates given with the agenda contradict each other."""


class AgendaNotComputable(DmpError):
    """The agenda rules reject the inputs (e.g. a pregnancy the agenda cannot place)."""


class AgendaOutOfCalendar(DmpError):
    """A date the agenda is computed from, or one of its windows, lies outside the agenda's calendar."""


class AgendaBeforeBirth(DmpError):
    """The agenda was asked for a day before the patient's birth."""


class AppointmentAlreadyCancelled(DmpError):
    """The appointment was already cancelled."""


class RelatedProfileRefused(DmpError):
    """This child's profile cannot be attached to this record (`domain.related_profiles`)."""


class RelatedProfileExists(DmpError):
    """This child is already attached to this record."""


class RelatedProfileDetached(DmpError):
    """The related profile was already detached."""
