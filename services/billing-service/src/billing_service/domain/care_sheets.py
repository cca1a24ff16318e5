"""Electronic care sheets (FSE) made inside an open apCV session (DOMAIN.md §4).

A sheet is edited as a draft, then signed; once signed it never changes. A correction is a new
sheet that cancels and replaces the old one, so the signed history stays as it was sent.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from billing_service.domain.money import sum_euros, to_cents
from billing_service.domain.tariffs import NoTariffError, TariffCatalogue, tariff_for

# No source caps the quantity of an act on a sheet: this only stops typing slips (assumption).
MAX_QUANTITY = 99


class SessionRefusalReason(StrEnum):
    """Why no care sheet can be made now; the API answers 409 (closed, not open) or 410 (expired)."""

    SESSION_NOT_OPEN = "session_not_open"
    SESSION_CLOSED = "session_closed"
    SESSION_EXPIRED = "session_expired"


class SessionUnavailableError(Exception):
    """The apCV session does not allow a care sheet at this instant (DOMAIN.md §4)."""

    reason: SessionRefusalReason

    def __init__(self, session_id: UUID, detail: str) -> None:
        super().__init__(detail)
        self.session_id = session_id


class SessionNotOpenError(SessionUnavailableError):
    """`now` is before the session opened (clock skew between services): nothing is open yet."""

    reason = SessionRefusalReason.SESSION_NOT_OPEN


class SessionClosedError(SessionUnavailableError):
    """The practitioner closed the session before it expired."""

    reason = SessionRefusalReason.SESSION_CLOSED


class SessionExpiredError(SessionUnavailableError):
    """The session's 30 minutes (configuration) are over (DOMAIN.md §4; seed)."""

    reason = SessionRefusalReason.SESSION_EXPIRED


class CareSheetStateError(Exception):
    """The requested change is not allowed in the sheet's status (signed sheets are immutable)."""


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True)
class SessionState:
    """What billing knows of an apCV session from vitale's events (opened, then closed or expired)."""

    session_id: UUID
    opened_at: datetime
    expires_at: datetime
    closed_at: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware(self.opened_at, "opened_at")
        _require_aware(self.expires_at, "expires_at")
        if self.closed_at is not None:
            _require_aware(self.closed_at, "closed_at")
        if self.expires_at <= self.opened_at:
            raise ValueError("a session expires after it opens")


def can_create_care_sheet(session: SessionState, now: datetime) -> None:
    """Allow a care sheet only while opened_at <= now < expires_at and not closed (DOMAIN.md §4).

    Raises the SessionUnavailableError subclass that names the reason. A recorded closure counts
    even if its time is after `now` (it was learnt from an event, so it happened); the reason is
    whatever ended the session first: a closure at or after expiry is an expiry.
    """
    _require_aware(now, "now")
    if session.closed_at is not None:
        if session.closed_at < session.expires_at:
            raise SessionClosedError(session.session_id, "the apCV session was closed")
        raise SessionExpiredError(session.session_id, "the apCV session expired")
    if now >= session.expires_at:
        raise SessionExpiredError(session.session_id, "the apCV session expired")
    if now < session.opened_at:
        raise SessionNotOpenError(session.session_id, "the apCV session is not open yet")


@dataclass(frozen=True)
class CareSheetLine:
    """One act on a care sheet at the tariff in force on its date; `amount` = unit × quantity."""

    act_code: str
    label: str
    performed_on: date
    unit_amount: Decimal
    quantity: int = 1
    tariff_source: str = ""

    def __post_init__(self) -> None:
        to_cents(self.unit_amount)
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise ValueError(f"quantity must be between 1 and {MAX_QUANTITY}")

    @property
    def amount(self) -> Decimal:
        """Exact line total."""
        return sum_euros([self.unit_amount] * self.quantity)


def care_sheet_line(
    act_code: str, performed_on: date, catalogue: TariffCatalogue, quantity: int = 1
) -> CareSheetLine:
    """A line priced at the tariff in force on the act's date (DOMAIN.md preamble); NoTariffError if none."""
    tariff = tariff_for(act_code, performed_on, catalogue)
    return CareSheetLine(act_code, tariff.label, performed_on, tariff.amount, quantity, tariff.source)


@dataclass(frozen=True)
class RequestedLine:
    """An act someone asks to put on a sheet; an act without a date is of the day it is asked."""

    act_code: str
    quantity: int = 1
    performed_on: date | None = None


@dataclass(frozen=True)
class LineProblem:
    """Why one requested line cannot be put on a sheet; `field` names it as the request did."""

    field: str
    message: str
    code: str


class InvalidCareSheetLinesError(ValueError):
    """Some requested lines cannot be put on a sheet: every bad line is listed, not only the first."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        super().__init__("some lines cannot be put on a care sheet")
        self.problems = tuple(problems)


def price_lines(
    requested: Sequence[RequestedLine], today: date, catalogue: TariffCatalogue
) -> list[CareSheetLine]:
    """Price each requested act at the catalogue version in force on its date (an act without a date
    is `today`'s); InvalidCareSheetLinesError lists unknown codes, future acts and missing tariffs."""
    lines: list[CareSheetLine] = []
    problems: list[LineProblem] = []
    known = catalogue.act_codes()
    for index, item in enumerate(requested):
        performed_on = item.performed_on or today
        where = f"lines.{index}"
        if item.act_code not in known:
            problems.append(LineProblem(f"{where}.act_code", "unknown act code", "unknown-act-code"))
        elif performed_on > today:
            problems.append(
                LineProblem(f"{where}.performed_on", "the act is in the future", "act-date-in-future")
            )
        else:
            try:
                lines.append(care_sheet_line(item.act_code, performed_on, catalogue, item.quantity))
            except NoTariffError:
                problems.append(
                    LineProblem(
                        f"{where}.performed_on",
                        "no tariff of this act was in force on that day",
                        "no-tariff-on-date",
                    )
                )
    if problems:
        raise InvalidCareSheetLinesError(problems)
    return lines


class CareSheetStatus(StrEnum):
    """Draft (editable) → signed (immutable) → cancelled (only by a replacing sheet)."""

    DRAFT = "draft"
    SIGNED = "signed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class CareSheet:
    """An FSE of one apCV session; `replaces` links a correction to the sheet it cancelled."""

    sheet_id: UUID
    session_id: UUID
    created_at: datetime
    lines: tuple[CareSheetLine, ...]
    status: CareSheetStatus = CareSheetStatus.DRAFT
    signed_at: datetime | None = None
    cancelled_at: datetime | None = None
    replaces: UUID | None = None
    replaced_by: UUID | None = None

    @property
    def total(self) -> Decimal:
        """Exact sum of the line amounts."""
        return sum_euros(line.amount for line in self.lines)


def draft_care_sheet(
    sheet_id: UUID,
    session: SessionState,
    now: datetime,
    lines: Iterable[CareSheetLine],
    replaces: UUID | None = None,
) -> CareSheet:
    """Start a care sheet in an open session (DOMAIN.md §4); raises SessionUnavailableError otherwise."""
    can_create_care_sheet(session, now)
    return CareSheet(sheet_id, session.session_id, now, tuple(lines), replaces=replaces)


def add_line(sheet: CareSheet, line: CareSheetLine) -> CareSheet:
    """The draft with one more line; a signed or cancelled sheet cannot change."""
    _require_draft(sheet)
    return replace(sheet, lines=(*sheet.lines, line))


def sign_care_sheet(sheet: CareSheet, session: SessionState, now: datetime) -> CareSheet:
    """Sign a non-empty draft while its session is still open (DOMAIN.md §4); it is then immutable."""
    _require_draft(sheet)
    if sheet.session_id != session.session_id:
        raise ValueError("the sheet belongs to another session")
    if not sheet.lines:
        raise CareSheetStateError("an empty care sheet cannot be signed")
    can_create_care_sheet(session, now)
    return replace(sheet, status=CareSheetStatus.SIGNED, signed_at=now)


def cancel_and_replace(
    signed: CareSheet,
    new_sheet_id: UUID,
    session: SessionState,
    now: datetime,
    lines: Iterable[CareSheetLine],
) -> tuple[CareSheet, CareSheet]:
    """Correct a signed sheet: it becomes cancelled, and a new draft replaces it (DOMAIN.md §4).

    The new draft must be made in an open session (possibly a new one) like any care sheet.
    Returns (the cancelled old sheet, the new draft).
    """
    if signed.status is not CareSheetStatus.SIGNED:
        raise CareSheetStateError(f"only a signed care sheet can be cancelled, not a {signed.status} one")
    if new_sheet_id == signed.sheet_id:
        raise ValueError("the replacement needs its own id")
    replacement = draft_care_sheet(new_sheet_id, session, now, lines, replaces=signed.sheet_id)
    cancelled = replace(signed, status=CareSheetStatus.CANCELLED, cancelled_at=now, replaced_by=new_sheet_id)
    return cancelled, replacement


def _require_draft(sheet: CareSheet) -> None:
    if sheet.status is not CareSheetStatus.DRAFT:
        raise CareSheetStateError(f"a {sheet.status} care sheet cannot be changed")
