"""Electronic care sheets (FSE) inside an open apCV session (DOMAIN.md §4): /v1/care-sheets.

A sheet is made for the session's beneficiary while the session is open (30 minutes from opening,
as vitale-service's `expires_at` says, and not closed), edited as a draft, signed by the session's
practitioner, then immutable. A correction is a new sheet that cancels and replaces a signed one.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import Query, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from billing_service.care_sheet_store import (
    lines_of,
    load_care_sheet,
    load_session,
    new_row,
    open_state,
    session_refusal,
    session_state,
    store_appended_lines,
)
from billing_service.context import BillingContext, Context
from billing_service.domain import (
    PARIS,
    CareSheet,
    CareSheetLine,
    CareSheetStateError,
    CareSheetStatus,
    NoTariffError,
    SessionRefusalReason,
    SessionUnavailableError,
    add_line,
    can_create_care_sheet,
    cancel_and_replace,
    care_sheet_line,
    draft_care_sheet,
    from_cents,
    sign_care_sheet,
)
from billing_service.domain.care_sheets import MAX_QUANTITY
from billing_service.metrics import count_signed
from billing_service.models import ApcvSessionRow, CareSheetLineRow, CareSheetRow
from billing_service.routing import READERS, billing_router
from dentalink_contracts.events.vitale import ApcvBeneficiary
from dentalink_contracts.values import Euros, Role
from servicekit import Caller, CallerContext, InvalidField, ProblemError, Session, require_roles
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, page_of, paged
from servicekit.problems import problem_doc

router = billing_router("care sheets")
# A dental assistant may prepare a sheet; only a practitioner signs or cancels one.
PREPARERS = (Role.DENTIST, Role.SPECIALIST, Role.DENTAL_ASSISTANT)
SIGNERS = (Role.DENTIST, Role.SPECIALIST)

SESSION_ERRORS: dict[int | str, dict[str, Any]] = {
    404: problem_doc("Unknown apCV session or care sheet (or another practice's)"),
    409: problem_doc("apcv-session-closed, apcv-session-not-open, or the sheet's status forbids it"),
    410: problem_doc("apcv-session-expired: the session's 30 minutes are over"),
    422: problem_doc("validation-error, unknown-act-code, no-tariff-on-date, act-date-in-future"),
}


class CareSheetLineIn(BaseModel):
    """One act to put on the sheet; its price is the catalogue's on `performed_on`."""

    act_code: str = Field(min_length=1, max_length=20, description="Code from GET /v1/care-acts")
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY)
    performed_on: date | None = Field(default=None, description="Day of the act; default today (Paris)")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"act_code": "HBJD001", "quantity": 1, "performed_on": "2026-03-03"}]}
    )


class CareSheetCreate(BaseModel):
    """A new care sheet for the beneficiary of an open apCV session."""

    session_id: UUID
    lines: list[CareSheetLineIn] = Field(min_length=1, max_length=50)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "session_id": "5b1f7a36-1f0e-4a59-9a43-1c5d3c2f8e10",
                    "lines": [{"act_code": "C"}, {"act_code": "HBQK389", "quantity": 2}],
                }
            ]
        }
    )


class CareSheetReplacement(BaseModel):
    """The corrected sheet: made in an open session of the same beneficiary (possibly a new one)."""

    session_id: UUID
    lines: list[CareSheetLineIn] = Field(min_length=1, max_length=50)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"session_id": "5b1f7a36-1f0e-4a59-9a43-1c5d3c2f8e10", "lines": [{"act_code": "C"}]}]
        }
    )


class CareSheetLineOut(BaseModel):
    position: int
    act_code: str
    label: str
    performed_on: date
    unit_amount: Euros
    quantity: int
    amount: Euros
    tariff_source: str


class CareSheetOut(BaseModel):
    """An electronic care sheet; amounts are euros as strings ("23.00")."""

    id: UUID
    session_id: UUID
    status: CareSheetStatus
    practitioner_rpps: str
    patient_key: str
    beneficiary: ApcvBeneficiary
    lines: list[CareSheetLineOut]
    total: Euros
    created_at: datetime
    created_by_rpps: str
    signed_at: datetime | None = None
    signed_by_rpps: str | None = None
    cancelled_at: datetime | None = None
    replaces: UUID | None = None
    replaced_by: UUID | None = None


class CareActOut(BaseModel):
    """A dental act that may appear on a care sheet, with its price in force on `on`."""

    act_code: str
    label: str
    amount: Euros
    effective_from: date
    effective_to: date | None
    source: str
    illustrative: bool


class ApcvSessionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"
    NOT_OPEN_YET = "not_open_yet"


class ApcvSessionOut(BaseModel):
    """What billing knows of an apCV session (from vitale-service's events), and whether it bills now."""

    session_id: UUID
    status: ApcvSessionStatus
    practitioner_rpps: str | None
    patient_key: str
    opened_at: datetime | None
    expires_at: datetime | None
    closed_at: datetime | None


_STATUS_OF_REFUSAL = {
    SessionRefusalReason.SESSION_CLOSED: ApcvSessionStatus.CLOSED,
    SessionRefusalReason.SESSION_EXPIRED: ApcvSessionStatus.EXPIRED,
    SessionRefusalReason.SESSION_NOT_OPEN: ApcvSessionStatus.NOT_OPEN_YET,
}


def session_status(row: ApcvSessionRow, now: datetime) -> ApcvSessionStatus:
    """Open when a care sheet can be made now; a session known only by its closure is closed."""
    state = session_state(row)
    if state is None:
        return ApcvSessionStatus.CLOSED
    try:
        can_create_care_sheet(state, now)
    except SessionUnavailableError as error:
        return _STATUS_OF_REFUSAL[error.reason]
    return ApcvSessionStatus.OPEN


def session_out(row: ApcvSessionRow, now: datetime) -> ApcvSessionOut:
    return ApcvSessionOut(
        session_id=row.session_id,
        status=session_status(row, now),
        practitioner_rpps=row.practitioner_rpps,
        patient_key=row.patient_key,
        opened_at=row.opened_at,
        expires_at=row.expires_at,
        closed_at=row.closed_at,
    )


def sheet_out(row: CareSheetRow, lines: list[CareSheetLineRow]) -> CareSheetOut:
    return CareSheetOut(
        id=row.id,
        session_id=row.session_id,
        status=CareSheetStatus(row.status),
        practitioner_rpps=row.practitioner_rpps,
        patient_key=row.patient_key,
        beneficiary=ApcvBeneficiary.model_validate(row.beneficiary),
        lines=[
            CareSheetLineOut(
                position=line.position,
                act_code=line.act_code,
                label=line.label,
                performed_on=line.performed_on,
                unit_amount=from_cents(line.unit_cents),
                quantity=line.quantity,
                amount=from_cents(line.amount_cents),
                tariff_source=line.tariff_source,
            )
            for line in lines
        ],
        total=from_cents(row.total_cents),
        created_at=row.created_at,
        created_by_rpps=row.created_by_rpps,
        signed_at=row.signed_at,
        signed_by_rpps=row.signed_by_rpps,
        cancelled_at=row.cancelled_at,
        replaces=row.replaces,
        replaced_by=row.replaced_by,
    )


def _priced_lines(
    requested: list[CareSheetLineIn], now: datetime, context: BillingContext
) -> list[CareSheetLine]:
    """Price each requested act at the catalogue version in force on its date; 422 lists every bad line.
    An act without a date is today's, in Paris."""
    today = now.astimezone(PARIS).date()
    lines: list[CareSheetLine] = []
    errors: list[InvalidField] = []
    known = context.care_catalogue.act_codes()
    for index, item in enumerate(requested):
        performed_on = item.performed_on or today
        where = f"lines.{index}"
        if item.act_code not in known:
            errors.append(
                InvalidField(field=f"{where}.act_code", message="unknown act code", code="unknown-act-code")
            )
        elif performed_on > today:
            errors.append(
                InvalidField(
                    field=f"{where}.performed_on",
                    message="the act is in the future",
                    code="act-date-in-future",
                )
            )
        else:
            try:
                lines.append(
                    care_sheet_line(item.act_code, performed_on, context.care_catalogue, item.quantity)
                )
            except NoTariffError:
                errors.append(
                    InvalidField(
                        field=f"{where}.performed_on",
                        message="no tariff of this act was in force on that day",
                        code="no-tariff-on-date",
                    )
                )
    if errors:
        kind = errors[0].code if len({error.code for error in errors}) == 1 else "invalid-care-sheet-lines"
        raise ProblemError(422, kind, "Some lines cannot be put on a care sheet.", errors=errors)
    return lines


def _state_error(error: CareSheetStateError, sheet: CareSheet) -> ProblemError:
    return ProblemError(
        409,
        "care-sheet-not-editable",
        "The care sheet cannot change.",
        str(error),
        sheet_status=sheet.status.value,
    )


async def _stored_sheet(session: AsyncSession, row: CareSheetRow) -> CareSheetOut:
    """The sheet with its lines as they are stored now."""
    return sheet_out(row, (await lines_of(session, [row.id])).get(row.id, []))


async def _add_new_sheet(
    session: AsyncSession, sheet: CareSheet, session_row: ApcvSessionRow, created_by: str
) -> tuple[CareSheetRow, list[CareSheetLineRow]]:
    """Add a new draft's rows; the sheet row is flushed first, as its lines reference it."""
    row, line_rows = new_row(sheet, session_row, created_by)
    session.add(row)
    await session.flush()
    session.add_all(line_rows)
    return row, line_rows


@router.get(
    "/care-acts",
    summary="Dental acts a care sheet may carry, priced on a date",
    response_model=list[CareActOut],
    dependencies=[require_roles(*READERS)],
)
async def list_care_acts(
    context: Context, on: Annotated[date | None, Query(description="Default today (Paris)")] = None
) -> list[CareActOut]:
    day = on or context.now().astimezone(PARIS).date()
    return [
        CareActOut(
            act_code=version.act_code,
            label=version.label,
            amount=version.amount,
            effective_from=version.effective_from,
            effective_to=version.effective_to,
            source=version.source,
            illustrative=version.illustrative,
        )
        for version in sorted(context.care_catalogue.versions, key=lambda version: version.act_code)
        if version.in_force_on(day)
    ]


@router.get(
    "/care-sheet-sessions/{session_id}",
    summary="Whether billing knows an apCV session and whether a care sheet can be made in it now",
    response_model=ApcvSessionOut,
    responses={404: problem_doc("apcv-session-not-found (or another practice's)")},
    dependencies=[require_roles(*READERS)],
)
async def get_apcv_session(
    session_id: UUID, session: Session, caller: Caller, context: Context
) -> ApcvSessionOut:
    return session_out(await load_session(session, session_id, caller.practice_id), context.now())


@router.post(
    "/care-sheets",
    status_code=status.HTTP_201_CREATED,
    summary="Make a care sheet (draft) for the beneficiary of an open apCV session",
    response_model=CareSheetOut,
    responses=SESSION_ERRORS,
)
async def create_care_sheet(
    body: CareSheetCreate,
    session: Session,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*PREPARERS)],
) -> CareSheetOut:
    session_row = await load_session(session, body.session_id, caller.practice_id)
    state = open_state(session_row)
    now = context.now()
    lines = _priced_lines(body.lines, now, context)
    try:
        sheet = draft_care_sheet(uuid4(), state, now, lines)
    except SessionUnavailableError as error:
        raise session_refusal(error) from error
    row, line_rows = await _add_new_sheet(session, sheet, session_row, caller.professional.rpps)
    await session.flush()
    return sheet_out(row, line_rows)


@router.get(
    "/care-sheets/{sheet_id}",
    summary="One care sheet",
    response_model=CareSheetOut,
    responses={404: problem_doc("Unknown care sheet (or another practice's)")},
    dependencies=[require_roles(*READERS)],
)
async def get_care_sheet(sheet_id: UUID, session: Session, caller: Caller) -> CareSheetOut:
    row, _ = await load_care_sheet(session, sheet_id, caller.practice_id)
    return await _stored_sheet(session, row)


@router.get(
    "/care-sheets",
    summary="The practice's care sheets, newest last (cursor pagination)",
    response_model=Page[CareSheetOut],
    responses={400: problem_doc("invalid-cursor")},
    dependencies=[require_roles(*READERS)],
)
async def list_care_sheets(
    session: Session,
    caller: Caller,
    session_id: UUID | None = None,
    sheet_status: Annotated[CareSheetStatus | None, Query(alias="status")] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[CareSheetOut]:
    query = select(CareSheetRow).where(col(CareSheetRow.practice_id) == caller.practice_id)
    if session_id is not None:
        query = query.where(col(CareSheetRow.session_id) == session_id)
    if sheet_status is not None:
        query = query.where(col(CareSheetRow.status) == sheet_status.value)
    query = paged(query, col(CareSheetRow.created_at), col(CareSheetRow.id), cursor, limit)
    rows = list(await session.scalars(query))
    page, next_cursor = page_of(rows, limit)
    lines = await lines_of(session, [row.id for row in page])
    return Page[CareSheetOut](
        items=[sheet_out(row, lines.get(row.id, [])) for row in page], next_cursor=next_cursor
    )


@router.post(
    "/care-sheets/{sheet_id}/lines",
    summary="Add an act to a draft care sheet (while its session is open)",
    response_model=CareSheetOut,
    responses=SESSION_ERRORS,
)
async def add_care_sheet_line(
    sheet_id: UUID,
    body: CareSheetLineIn,
    session: Session,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*PREPARERS)],
) -> CareSheetOut:
    row, sheet = await load_care_sheet(session, sheet_id, caller.practice_id, for_update=True)
    if sheet.status is not CareSheetStatus.DRAFT:
        raise _state_error(CareSheetStateError(f"a {sheet.status} care sheet cannot be changed"), sheet)
    now = context.now()
    try:
        can_create_care_sheet(
            open_state(await load_session(session, row.session_id, caller.practice_id)), now
        )
    except SessionUnavailableError as error:
        raise session_refusal(error) from error
    (line,) = _priced_lines([body], now, context)
    updated = add_line(sheet, line)
    store_appended_lines(session, row, updated, len(sheet.lines))
    await session.flush()
    return await _stored_sheet(session, row)


@router.post(
    "/care-sheets/{sheet_id}/sign",
    summary="Sign a draft care sheet: it is then immutable",
    response_model=CareSheetOut,
    responses={**SESSION_ERRORS, 403: problem_doc("forbidden-role, not-session-practitioner")},
)
async def sign(
    sheet_id: UUID,
    session: Session,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*SIGNERS)],
) -> CareSheetOut:
    row, sheet = await load_care_sheet(session, sheet_id, caller.practice_id, for_update=True)
    if caller.professional.rpps != row.practitioner_rpps:
        raise ProblemError(
            403,
            "not-session-practitioner",
            "Only the practitioner who opened the apCV session signs its care sheets.",
        )
    state = open_state(await load_session(session, row.session_id, caller.practice_id))
    try:
        signed = sign_care_sheet(sheet, state, context.now())
    except SessionUnavailableError as error:
        raise session_refusal(error) from error
    except CareSheetStateError as error:
        raise _state_error(error, sheet) from error
    row.status = signed.status.value
    row.signed_at = signed.signed_at
    row.signed_by_rpps = caller.professional.rpps
    session.add(row)
    await session.flush()
    count_signed(session, signed.total)
    return await _stored_sheet(session, row)


@router.post(
    "/care-sheets/{sheet_id}/replacement",
    status_code=status.HTTP_201_CREATED,
    summary="Correct a signed care sheet: cancel it and make the replacing draft",
    response_model=CareSheetOut,
    responses={**SESSION_ERRORS, 403: problem_doc("forbidden-role")},
)
async def replace_care_sheet(
    sheet_id: UUID,
    body: CareSheetReplacement,
    session: Session,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*SIGNERS)],
) -> CareSheetOut:
    old_row, old = await load_care_sheet(session, sheet_id, caller.practice_id, for_update=True)
    if old.status is not CareSheetStatus.SIGNED:
        raise ProblemError(
            409,
            "care-sheet-not-signed",
            "Only a signed care sheet can be cancelled and replaced.",
            f"This sheet is {old.status}; a draft can still be edited.",
            sheet_status=old.status.value,
        )
    session_row = await load_session(session, body.session_id, caller.practice_id)
    if session_row.patient_key != old_row.patient_key:
        raise ProblemError(
            409,
            "care-sheet-other-beneficiary",
            "The replacement must be for the same beneficiary.",
            "The apCV session given is another patient's.",
        )
    state = open_state(session_row)
    now = context.now()
    lines = _priced_lines(body.lines, now, context)
    try:
        cancelled, replacement = cancel_and_replace(old, uuid4(), state, now, lines)
    except SessionUnavailableError as error:
        raise session_refusal(error) from error
    new, new_lines = await _add_new_sheet(session, replacement, session_row, caller.professional.rpps)
    old_row.status = cancelled.status.value
    old_row.cancelled_at = cancelled.cancelled_at
    old_row.replaced_by = cancelled.replaced_by
    session.add(old_row)
    await session.flush()
    return sheet_out(new, new_lines)
