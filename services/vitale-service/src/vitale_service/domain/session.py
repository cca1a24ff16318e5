"""The apCV session: the window after ADRI validation in which a care sheet can be made (DOMAIN.md §4)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Self
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from dentalink_contracts import PracticeId, Rpps
from dentalink_contracts.events import ReadingMode
from vitale_service.domain.adri import AdriRights
from vitale_service.domain.errors import SessionClosed, SessionExpired
from vitale_service.domain.payload import AmoBeneficiary

# Seed: "une session de 30 minutes"; no public SESAM-Vitale spec, so it is configuration (DOMAIN.md §4).
DEFAULT_SESSION_DURATION = timedelta(minutes=30)


class SessionStatus(StrEnum):
    """State of a session at a given instant."""

    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


class ApcvSession(BaseModel):
    """A session bound to one practice, one practitioner and one beneficiary (DOMAIN.md §4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: UUID
    practice_id: PracticeId
    practitioner_rpps: Rpps
    beneficiary: AmoBeneficiary
    opened_at: AwareDatetime
    expires_at: AwareDatetime
    closed_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.expires_at <= self.opened_at:
            raise ValueError("a session expires after it opens")
        if self.closed_at is not None and not self.opened_at <= self.closed_at < self.expires_at:
            raise ValueError("a session is closed within its window")
        return self

    @classmethod
    def open(
        cls,
        *,
        id: UUID,
        practice_id: str,
        practitioner_rpps: str,
        beneficiary: AmoBeneficiary,
        now: datetime,
        duration: timedelta = DEFAULT_SESSION_DURATION,
    ) -> Self:
        """Open a session at `now` lasting `duration` (default 30 minutes; DOMAIN.md §4)."""
        return cls(
            id=id,
            practice_id=practice_id,
            practitioner_rpps=practitioner_rpps,
            beneficiary=beneficiary,
            opened_at=now,
            expires_at=now + duration,
        )

    def status_at(self, now: datetime) -> SessionStatus:
        """Open strictly before `expires_at` unless closed earlier: 29:59 is open, 30:00 is over."""
        if self.closed_at is not None and now >= self.closed_at:
            return SessionStatus.CLOSED
        if now >= self.expires_at:
            return SessionStatus.EXPIRED
        return SessionStatus.OPEN

    def require_open(self, now: datetime) -> None:
        """Refuse attaching anything (an FSE, an act) once the session is over (DOMAIN.md §4)."""
        status = self.status_at(now)
        if status is SessionStatus.EXPIRED:
            raise SessionExpired("the session window is over")
        if status is SessionStatus.CLOSED:
            raise SessionClosed("the session was closed")

    def close(self, now: datetime) -> Self:
        """Close the session early; closing a closed one changes nothing, an expired one is refused."""
        if self.status_at(now) is SessionStatus.CLOSED:
            return self
        self.require_open(now)
        return self.model_validate({**self.__dict__, "closed_at": now})

    def ended_at(self, now: datetime) -> datetime | None:
        """When the session ended as seen at `now` (closing or expiry instant), None while it is open."""
        status = self.status_at(now)
        if status is SessionStatus.OPEN:
            return None
        return self.closed_at if status is SessionStatus.CLOSED else self.expires_at


@dataclass(frozen=True)
class SessionRecord:
    """A session as the service keeps it: the domain session, how the app was read, the rights ADRI
    validated, the pseudonymous patient key of its events, and the state recorded so far.

    `state` is open until the practitioner closes the session or the expiry sweep records it
    expired; `created_at` (set by the store) orders the practice's list.
    """

    session: ApcvSession
    patient_key: str
    reading_mode: ReadingMode
    rights: AdriRights
    state: SessionStatus = SessionStatus.OPEN
    created_at: datetime | None = None

    @property
    def id(self) -> UUID:
        return self.session.id

    def status_at(self, now: datetime) -> SessionStatus:
        """Recorded end states win; an open session past its window is already expired, sweep or not."""
        if self.state is not SessionStatus.OPEN:
            return self.state
        return self.session.status_at(now)
