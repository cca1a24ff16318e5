"""Loading and storing care sheets and apCV sessions: rows <-> domain objects, and the problems they raise."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from billing_service.domain import (
    CareSheet,
    CareSheetLine,
    CareSheetStatus,
    SessionClosedError,
    SessionExpiredError,
    SessionNotOpenError,
    SessionState,
    SessionUnavailableError,
    from_cents,
    to_cents,
)
from billing_service.models import ApcvSessionRow, CareSheetLineRow, CareSheetRow
from servicekit import ProblemError


def session_not_found() -> ProblemError:
    return ProblemError(
        404,
        "apcv-session-not-found",
        "No such apCV session.",
        "Billing knows no open or closed apCV session with this id in your practice (yet: it learns "
        "sessions from vitale-service's events).",
    )


def session_refusal(error: SessionUnavailableError) -> ProblemError:
    """409 when the session was closed or is not open yet, 410 when its 30 minutes are over (§4)."""
    if isinstance(error, SessionExpiredError):
        return ProblemError(
            410,
            "apcv-session-expired",
            "The apCV session has expired.",
            "A care sheet can be made only within the session's 30 minutes: read the e-carte Vitale again.",
            session_id=str(error.session_id),
        )
    if isinstance(error, SessionClosedError):
        return ProblemError(
            409,
            "apcv-session-closed",
            "The apCV session is closed.",
            "The session was closed: read the e-carte Vitale again to open a new one.",
            session_id=str(error.session_id),
        )
    assert isinstance(error, SessionNotOpenError)
    return ProblemError(
        409,
        "apcv-session-not-open",
        "The apCV session is not open yet.",
        "The session opens later than now; retry in a moment.",
        session_id=str(error.session_id),
    )


def session_state(row: ApcvSessionRow) -> SessionState | None:
    """The domain view of a projected session; None while only its closure is known."""
    if row.opened_at is None or row.expires_at is None:
        return None
    return SessionState(row.session_id, row.opened_at, row.expires_at, row.closed_at)


async def load_session(session: AsyncSession, session_id: UUID, practice_id: str) -> ApcvSessionRow:
    """The practice's projected apCV session; 404 for an unknown one or another practice's."""
    row = await session.get(ApcvSessionRow, session_id)
    if row is None or row.practice_id != practice_id:
        raise session_not_found()
    return row


def open_state(row: ApcvSessionRow) -> SessionState:
    """The session's state for a care sheet; a session whose opening is not known yet is not open."""
    state = session_state(row)
    if state is None:
        if row.closed_at is not None:
            raise session_refusal(SessionClosedError(row.session_id, "the apCV session was closed"))
        raise session_not_found()
    return state


def care_sheet_not_found() -> ProblemError:
    return ProblemError(404, "care-sheet-not-found", "No such care sheet.")


async def load_care_sheet(
    session: AsyncSession, sheet_id: UUID, practice_id: str, *, for_update: bool = False
) -> tuple[CareSheetRow, CareSheet]:
    """The practice's care sheet (row and domain object); 404 for an unknown one or another practice's."""
    query = select(CareSheetRow).where(col(CareSheetRow.id) == sheet_id)
    if for_update:
        query = query.with_for_update()
    row = await session.scalar(query)
    if row is None or row.practice_id != practice_id:
        raise care_sheet_not_found()
    lines = await lines_of(session, [row.id])
    return row, to_domain(row, lines.get(row.id, []))


async def lines_of(session: AsyncSession, sheet_ids: list[UUID]) -> dict[UUID, list[CareSheetLineRow]]:
    """Line rows of the given sheets, in position order, grouped by sheet."""
    if not sheet_ids:
        return {}
    rows = await session.scalars(
        select(CareSheetLineRow)
        .where(col(CareSheetLineRow.care_sheet_id).in_(sheet_ids))
        .order_by(col(CareSheetLineRow.care_sheet_id), col(CareSheetLineRow.position))
    )
    grouped: dict[UUID, list[CareSheetLineRow]] = {}
    for line in rows:
        grouped.setdefault(line.care_sheet_id, []).append(line)
    return grouped


def line_of(row: CareSheetLineRow) -> CareSheetLine:
    return CareSheetLine(
        row.act_code, row.label, row.performed_on, from_cents(row.unit_cents), row.quantity, row.tariff_source
    )


def to_domain(row: CareSheetRow, lines: list[CareSheetLineRow]) -> CareSheet:
    return CareSheet(
        row.id,
        row.session_id,
        row.created_at,
        tuple(line_of(line) for line in lines),
        CareSheetStatus(row.status),
        row.signed_at,
        row.cancelled_at,
        row.replaces,
        row.replaced_by,
    )


def line_rows(sheet: CareSheet) -> list[CareSheetLineRow]:
    return [
        CareSheetLineRow(
            care_sheet_id=sheet.sheet_id,
            position=position,
            act_code=line.act_code,
            label=line.label,
            performed_on=line.performed_on,
            unit_cents=to_cents(line.unit_amount),
            quantity=line.quantity,
            amount_cents=to_cents(line.amount),
            tariff_source=line.tariff_source,
        )
        for position, line in enumerate(sheet.lines, start=1)
    ]


def new_row(
    sheet: CareSheet, session_row: ApcvSessionRow, created_by: str
) -> tuple[CareSheetRow, list[CareSheetLineRow]]:
    """Rows of a new draft: the beneficiary is the session's, frozen on the sheet."""
    assert session_row.practitioner_rpps is not None and session_row.beneficiary is not None
    row = CareSheetRow(
        id=sheet.sheet_id,
        practice_id=session_row.practice_id,
        session_id=sheet.session_id,
        practitioner_rpps=session_row.practitioner_rpps,
        patient_key=session_row.patient_key,
        beneficiary=session_row.beneficiary,
        status=sheet.status.value,
        total_cents=to_cents(sheet.total),
        created_at=sheet.created_at,
        created_by_rpps=created_by,
        replaces=sheet.replaces,
    )
    return row, line_rows(sheet)


def store_appended_lines(session: AsyncSession, row: CareSheetRow, sheet: CareSheet, already: int) -> None:
    """Insert the lines added to a draft after its first `already` ones, and its new total."""
    row.total_cents = to_cents(sheet.total)
    session.add(row)
    session.add_all(line_rows(sheet)[already:])
