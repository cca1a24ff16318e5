"""What billing keeps, as the store hands it to the workflows: decided acts, apCV sessions, care sheets.

Plain values (no rows, no session); the errors say which of them a request could not find or touch.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from billing_service.domain.care_sheets import (
    CareSheet,
    CareSheetLine,
    CareSheetStatus,
    SessionClosedError,
    SessionState,
)
from dentalink_contracts.events.billing import BillingRejectionReason, Payer
from dentalink_contracts.events.telemed import ActCode, ActRole
from dentalink_contracts.events.vitale import ApcvBeneficiary


class InvoiceStatus(StrEnum):
    """A tele-expertise act is either billed (an invoice line exists) or rejected (never billed)."""

    BILLED = "billed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Invoice:
    """The billing decision on one tele-expertise act: an invoice line (billed) or its refusal."""

    id: UUID
    act_id: UUID
    expertise_id: UUID
    event_id: UUID
    practice_id: str
    practitioner_rpps: str
    patient_key: str
    role: ActRole
    act_code: ActCode
    performed_at: datetime
    performed_on: date
    status: InvoiceStatus
    created_at: datetime
    amount: Decimal | None = None
    payer: Payer | None = None
    tariff_source: str | None = None
    rejection_reason: BillingRejectionReason | None = None
    rejection_detail: str | None = None
    cap_window_key: str | None = None
    cap_slot: int | None = None


class InvoiceNotFoundError(LookupError):
    """No such invoice in the caller's practice."""


class ApcvSessionNotFoundError(LookupError):
    """Billing knows no apCV session with this id in the practice (yet: it learns them from events)."""

    def __init__(self, session_id: UUID) -> None:
        super().__init__("unknown apCV session")
        self.session_id = session_id


@dataclass(frozen=True)
class ApcvSession:
    """Billing's projection of one of vitale's apCV sessions; `opened_at` is None while only its
    closure is known (the two topics are not ordered)."""

    session_id: UUID
    practice_id: str
    patient_key: str
    practitioner_rpps: str | None = None
    beneficiary: ApcvBeneficiary | None = None
    opened_at: datetime | None = None
    expires_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: str | None = None

    @property
    def state(self) -> SessionState | None:
        """The domain view of the session; None while only its closure is known."""
        if self.opened_at is None or self.expires_at is None:
            return None
        return SessionState(self.session_id, self.opened_at, self.expires_at, self.closed_at)

    def open_state(self) -> SessionState:
        """The session's state for a care sheet; a session whose opening is not known yet is not open:
        closed if its closure is known, unknown otherwise."""
        state = self.state
        if state is None:
            if self.closed_at is not None:
                raise SessionClosedError(self.session_id, "the apCV session was closed")
            raise ApcvSessionNotFoundError(self.session_id)
        return state


@dataclass(frozen=True)
class FiledCareSheet:
    """A care sheet as billing keeps it: the domain sheet, its practice, practitioner and beneficiary
    (the session's, frozen when the sheet was made), and who made and signed it."""

    sheet: CareSheet
    practice_id: str
    practitioner_rpps: str
    patient_key: str
    beneficiary: ApcvBeneficiary
    created_by_rpps: str
    signed_by_rpps: str | None = None

    @property
    def id(self) -> UUID:
        return self.sheet.sheet_id

    @property
    def created_at(self) -> datetime:
        return self.sheet.created_at

    @property
    def status(self) -> CareSheetStatus:
        return self.sheet.status


@dataclass(frozen=True)
class SignedCareLine:
    """One act of a signed care sheet, as summaries and the accountant's export count it."""

    sheet_id: UUID
    practitioner_rpps: str
    line: CareSheetLine


class CareSheetNotFoundError(LookupError):
    """No such care sheet in the caller's practice."""


class NotSessionPractitionerError(PermissionError):
    """Only the practitioner who opened the apCV session signs its care sheets."""


class CareSheetNotEditableError(Exception):
    """The sheet's status forbids the change (signed sheets are immutable)."""

    def __init__(self, status: CareSheetStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status


class CareSheetNotSignedError(Exception):
    """Only a signed care sheet can be cancelled and replaced."""

    def __init__(self, status: CareSheetStatus) -> None:
        super().__init__(f"This sheet is {status}; a draft can still be edited.")
        self.status = status


class OtherBeneficiaryError(Exception):
    """A replacement must be made for the beneficiary of the sheet it replaces."""
