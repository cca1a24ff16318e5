"""The tele-expertise aggregate: one immutable snapshot of a request, its status and its outcome."""

from datetime import datetime
from typing import NamedTuple
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from dentalink_contracts.values import Ins
from telemed_service.domain.attachments import Attachment
from telemed_service.domain.eligibility import Situation
from telemed_service.domain.professionals import Professional
from telemed_service.domain.report import Line, Refusal, Report, Text
from telemed_service.domain.states import OPEN_STATUSES, ExpertiseStatus
from telemed_service.domain.trace import TraceEntry


class TeleExpertise(BaseModel):
    """One requérant → requis tele-expertise about one identified patient (DOMAIN.md §6; CSP R6316-3/-4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: UUID
    situation: Situation
    requerant: Professional
    requis: Professional
    known_relationship: bool
    patient: Ins
    reasons: Text
    attachments: tuple[Attachment, ...] = ()
    status: ExpertiseStatus = ExpertiseStatus.REQUESTED
    requested_at: AwareDatetime
    accepted_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    report: Report | None = None
    refusal: Refusal | None = None
    cancellation_reason: Line | None = None

    @model_validator(mode="after")
    def _status_matches_facts(self) -> "TeleExpertise":
        status = self.status
        if (self.closed_at is None) != (status in OPEN_STATUSES):
            raise ValueError("closed_at is set exactly when the tele-expertise is closed")
        if status is ExpertiseStatus.REQUESTED and self.accepted_at is not None:
            raise ValueError("a tele-expertise still requested has not been accepted")
        if status in (ExpertiseStatus.ACCEPTED, ExpertiseStatus.ANSWERED) and self.accepted_at is None:
            raise ValueError(f"a tele-expertise {status.value} needs accepted_at")
        if (self.report is not None) != (status is ExpertiseStatus.ANSWERED):
            raise ValueError("a report exists exactly when the tele-expertise is answered")
        if (self.refusal is not None) != (status is ExpertiseStatus.REFUSED):
            raise ValueError("a refusal exists exactly when the tele-expertise is refused")
        if self.cancellation_reason is not None and status is not ExpertiseStatus.CANCELLED:
            raise ValueError("only a cancelled tele-expertise has a cancellation reason")
        times = [t for t in (self.requested_at, self.accepted_at, self.closed_at) if t is not None]
        if times != sorted(times):
            raise ValueError("requested_at, accepted_at and closed_at must follow one another")
        return self

    @property
    def answered_at(self) -> datetime | None:
        """When the report was sent, for an answered tele-expertise."""
        return self.closed_at if self.status is ExpertiseStatus.ANSWERED else None

    @property
    def last_changed_at(self) -> datetime:
        """Date and time of the latest state change."""
        return self.closed_at or self.accepted_at or self.requested_at


class Transition(NamedTuple):
    """The outcome of an action: the new state and the trace entry to append to the file (CSP R6316-4)."""

    expertise: TeleExpertise
    entry: TraceEntry
