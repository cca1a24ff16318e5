"""Electronic care sheets (FSE) inside an open apCV session (DOMAIN.md §4): /v1/care-sheets.

A sheet is made for the session's beneficiary while the session is open (30 minutes from opening,
as vitale-service's `expires_at` says, and not closed), edited as a draft, signed by the session's
practitioner, then immutable. A correction is a new sheet that cancels and replaces a signed one.
"""

import copy
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import Path, Query, status
from pydantic import BaseModel, ConfigDict, Field

from billing_service import workflows
from billing_service.api.routing import READERS, billing_router
from billing_service.context import Context
from billing_service.domain import (
    ApcvSession,
    CareSheetStatus,
    FiledCareSheet,
    RequestedLine,
    SessionRefusalReason,
    SessionUnavailableError,
    can_create_care_sheet,
)
from billing_service.domain.care_sheets import MAX_QUANTITY
from billing_service.problems import as_problems
from dentalink_contracts.events.vitale import APCV_BENEFICIARY_EXAMPLE, ApcvBeneficiary
from dentalink_contracts.values import Euros, Role
from servicekit import Caller, CallerContext, require_roles
from servicekit.examples import example_of
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_uuid_cursor, page_of
from servicekit.problems import problem_doc
from servicekit.query import QueryDate
from servicekit.text import Text

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

    act_code: Text = Field(min_length=1, max_length=20, description="Code from GET /v1/care-acts")
    quantity: int = Field(
        default=1, ge=1, le=MAX_QUANTITY, description="How many times the act was performed (1–99)."
    )
    performed_on: date | None = Field(default=None, description="Day of the act; default today (Paris)")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"act_code": "HBJD001", "quantity": 1, "performed_on": "2026-03-03"}]}
    )


class CareSheetCreate(BaseModel):
    """A new care sheet for the beneficiary of an open apCV session."""

    session_id: UUID = Field(
        description="The open apCV session the care is billed in (`POST /v1/apcv-sessions`)."
    )
    lines: list[CareSheetLineIn] = Field(min_length=1, max_length=50, description="The acts, 1 to 50 lines.")

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

    session_id: UUID = Field(description="An open apCV session of the same beneficiary.")
    lines: list[CareSheetLineIn] = Field(
        min_length=1, max_length=50, description="The acts of the replacing sheet, 1 to 50 lines."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"session_id": "5b1f7a36-1f0e-4a59-9a43-1c5d3c2f8e10", "lines": [{"act_code": "C"}]}]
        }
    )


class CareSheetLineOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "position": 1,
                    "act_code": "C",
                    "label": "Consultation du chirurgien-dentiste omnipraticien",
                    "performed_on": "2025-03-14",
                    "unit_amount": "23.00",
                    "quantity": 1,
                    "amount": "23.00",
                    "tariff_source": (
                        "NGAP, consultation of the dentist (lettre-clé C); amount from memory, not sourced"
                    ),
                }
            ]
        }
    )

    position: int = Field(description="Line number on the sheet, from 1.")
    act_code: str = Field(description="NGAP or CCAM act code.")
    label: str = Field(description="The act's label in the catalogue.")
    performed_on: date = Field(description="Day the act was performed.")
    unit_amount: Euros = Field(
        description="Catalogue price on that day, in euros (string with two decimals)."
    )
    quantity: int = Field(description="How many times the act was performed.")
    amount: Euros = Field(description="`unit_amount` × `quantity`, in euros (string with two decimals).")
    tariff_source: str = Field(description="Where the catalogue price comes from.")


class CareSheetOut(BaseModel):
    """An electronic care sheet; amounts are euros as strings ("23.00")."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2f1e0d9c-8b7a-4695-8473-62514f3e2d1c",
                    "session_id": "0b7f1d0e-3c1a-4a53-9d1e-6a7f3f2b9c10",
                    "status": "signed",
                    "practitioner_rpps": "10001234567",
                    "patient_key": "pk_0123456789abcdef0123456789abcdef",
                    "beneficiary": copy.deepcopy(APCV_BENEFICIARY_EXAMPLE),
                    "lines": [
                        example_of(CareSheetLineOut),
                        example_of(
                            CareSheetLineOut,
                            position=2,
                            act_code="HBJD001",
                            label="Détartrage et polissage des dents",
                            unit_amount="28.92",
                            amount="28.92",
                            tariff_source="CCAM HBJD001; amount from memory, not sourced",
                        ),
                    ],
                    "total": "51.92",
                    "created_at": "2025-03-14T10:05:00Z",
                    "created_by_rpps": "10001234567",
                    "signed_at": "2025-03-14T10:07:00Z",
                    "signed_by_rpps": "10001234567",
                    "cancelled_at": None,
                    "replaces": None,
                    "replaced_by": None,
                }
            ]
        }
    )

    id: UUID = Field(description="Care sheet id.")
    session_id: UUID = Field(description="The apCV session it is billed in.")
    status: CareSheetStatus = Field(
        description="`draft` (lines may be added), `signed` (sent) or `cancelled` (replaced)."
    )
    practitioner_rpps: str = Field(description="RPPS number of the practitioner the care is billed by.")
    patient_key: str = Field(
        description="Pseudonymous patient key (`pk_` + 32 hex characters), never the NIR."
    )
    beneficiary: ApcvBeneficiary = Field(description="The beneficiary, as the apCV's AMO data describe them.")
    lines: list[CareSheetLineOut] = Field(description="The acts billed.")
    total: Euros = Field(description="Sum of the lines, in euros (string with two decimals).")
    created_at: datetime = Field(description="When the sheet was created.")
    created_by_rpps: str = Field(description="RPPS number of the professional who created it.")
    signed_at: datetime | None = Field(default=None, description="When it was signed; null while draft.")
    signed_by_rpps: str | None = Field(
        default=None, description="RPPS number of the signing practitioner; null while draft."
    )
    cancelled_at: datetime | None = Field(
        default=None, description="When it was cancelled by a replacement; null otherwise."
    )
    replaces: UUID | None = Field(default=None, description="The sheet this one replaces, if any.")
    replaced_by: UUID | None = Field(default=None, description="The sheet that replaced this one, if any.")


class CareActOut(BaseModel):
    """A dental act that may appear on a care sheet, with its price in force on `on`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "act_code": "HBJD001",
                    "label": "Détartrage et polissage des dents",
                    "amount": "28.92",
                    "effective_from": "2024-01-01",
                    "effective_to": None,
                    "source": "CCAM HBJD001; amount from memory, not sourced",
                    "illustrative": True,
                }
            ]
        }
    )

    act_code: str = Field(description="NGAP or CCAM act code to put on a care sheet line.")
    label: str = Field(description="The act's label.")
    amount: Euros = Field(description="Price in euros (string with two decimals).")
    effective_from: date = Field(description="First day this price applies.")
    effective_to: date | None = Field(description="Last day this price applies; null while in force.")
    source: str = Field(description="Where the price comes from.")
    illustrative: bool = Field(
        description="True when the price is not sourced (sandbox catalogue): do not bill real care with it."
    )


class ApcvSessionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"
    NOT_OPEN_YET = "not_open_yet"


class ApcvSessionOut(BaseModel):
    """What billing knows of an apCV session (from vitale-service's events), and whether it bills now."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "session_id": "0b7f1d0e-3c1a-4a53-9d1e-6a7f3f2b9c10",
                    "status": "open",
                    "practitioner_rpps": "10001234567",
                    "patient_key": "pk_0123456789abcdef0123456789abcdef",
                    "opened_at": "2025-03-14T10:00:00Z",
                    "expires_at": "2025-03-14T10:30:00Z",
                    "closed_at": None,
                }
            ]
        }
    )

    session_id: UUID = Field(description="The apCV session's id.")
    status: ApcvSessionStatus = Field(
        description="`open`, `closed`, `expired`, or `not_open_yet` (billing has not seen it open yet)."
    )
    practitioner_rpps: str | None = Field(
        description="RPPS number of the practitioner who opened it; null until known."
    )
    patient_key: str = Field(description="Pseudonymous patient key (`pk_` + 32 hex characters).")
    opened_at: datetime | None = Field(description="When it opened; null until known.")
    expires_at: datetime | None = Field(description="When it stops accepting care sheets; null until known.")
    closed_at: datetime | None = Field(description="When the practice closed it; null otherwise.")


_STATUS_OF_REFUSAL = {
    SessionRefusalReason.SESSION_CLOSED: ApcvSessionStatus.CLOSED,
    SessionRefusalReason.SESSION_EXPIRED: ApcvSessionStatus.EXPIRED,
    SessionRefusalReason.SESSION_NOT_OPEN: ApcvSessionStatus.NOT_OPEN_YET,
}


def session_status(session: ApcvSession, now: datetime) -> ApcvSessionStatus:
    """Open when a care sheet can be made now; a session known only by its closure is closed."""
    state = session.state
    if state is None:
        return ApcvSessionStatus.CLOSED
    try:
        can_create_care_sheet(state, now)
    except SessionUnavailableError as error:
        return _STATUS_OF_REFUSAL[error.reason]
    return ApcvSessionStatus.OPEN


def session_out(session: ApcvSession, now: datetime) -> ApcvSessionOut:
    return ApcvSessionOut(
        session_id=session.session_id,
        status=session_status(session, now),
        practitioner_rpps=session.practitioner_rpps,
        patient_key=session.patient_key,
        opened_at=session.opened_at,
        expires_at=session.expires_at,
        closed_at=session.closed_at,
    )


def sheet_out(filed: FiledCareSheet) -> CareSheetOut:
    sheet = filed.sheet
    return CareSheetOut(
        id=sheet.sheet_id,
        session_id=sheet.session_id,
        status=sheet.status,
        practitioner_rpps=filed.practitioner_rpps,
        patient_key=filed.patient_key,
        beneficiary=filed.beneficiary,
        lines=[
            CareSheetLineOut(
                position=position,
                act_code=line.act_code,
                label=line.label,
                performed_on=line.performed_on,
                unit_amount=line.unit_amount,
                quantity=line.quantity,
                amount=line.amount,
                tariff_source=line.tariff_source,
            )
            for position, line in enumerate(sheet.lines, start=1)
        ],
        total=sheet.total,
        created_at=sheet.created_at,
        created_by_rpps=filed.created_by_rpps,
        signed_at=sheet.signed_at,
        signed_by_rpps=filed.signed_by_rpps,
        cancelled_at=sheet.cancelled_at,
        replaces=sheet.replaces,
        replaced_by=sheet.replaced_by,
    )


def requested(lines: list[CareSheetLineIn]) -> list[RequestedLine]:
    return [RequestedLine(line.act_code, line.quantity, line.performed_on) for line in lines]


SessionId = Annotated[UUID, Path(description="The apCV session's id.")]
SheetId = Annotated[UUID, Path(description="The care sheet's id.")]


@router.get(
    "/care-acts",
    operation_id="careActs.list",
    summary="Dental acts a care sheet may carry, priced on a date",
    response_model=list[CareActOut],
    dependencies=[require_roles(*READERS)],
)
async def list_care_acts(
    context: Context, on: Annotated[QueryDate | None, Query(description="Default today (Paris)")] = None
) -> list[CareActOut]:
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
        for version in workflows.care_acts(context, on)
    ]


@router.get(
    "/care-sheet-sessions/{session_id}",
    operation_id="careSheetSessions.get",
    summary="Whether billing knows an apCV session and whether a care sheet can be made in it now",
    response_model=ApcvSessionOut,
    responses={404: problem_doc("apcv-session-not-found (or another practice's)")},
    dependencies=[require_roles(*READERS)],
)
async def get_apcv_session(session_id: SessionId, caller: Caller, context: Context) -> ApcvSessionOut:
    with as_problems():
        session = await workflows.apcv_session(context, caller.practice_id, session_id)
    return session_out(session, context.now())


@router.post(
    "/care-sheets",
    operation_id="careSheets.create",
    status_code=status.HTTP_201_CREATED,
    summary="Make a care sheet (draft) for the beneficiary of an open apCV session",
    response_model=CareSheetOut,
    responses=SESSION_ERRORS,
)
async def create_care_sheet(
    body: CareSheetCreate,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*PREPARERS)],
) -> CareSheetOut:
    with as_problems():
        filed = await workflows.create_care_sheet(
            context, caller.practice_id, caller.professional.rpps, body.session_id, requested(body.lines)
        )
    return sheet_out(filed)


@router.get(
    "/care-sheets/{sheet_id}",
    operation_id="careSheets.get",
    summary="One care sheet",
    response_model=CareSheetOut,
    responses={404: problem_doc("Unknown care sheet (or another practice's)")},
    dependencies=[require_roles(*READERS)],
)
async def get_care_sheet(sheet_id: SheetId, context: Context, caller: Caller) -> CareSheetOut:
    with as_problems():
        return sheet_out(await workflows.care_sheet(context, caller.practice_id, sheet_id))


@router.get(
    "/care-sheets",
    operation_id="careSheets.list",
    summary="The practice's care sheets, newest last (cursor pagination)",
    response_model=Page[CareSheetOut],
    responses={400: problem_doc("invalid-cursor")},
    dependencies=[require_roles(*READERS)],
)
async def list_care_sheets(
    context: Context,
    caller: Caller,
    session_id: Annotated[
        UUID | None, Query(description="Only care sheets billed in this apCV session.")
    ] = None,
    sheet_status: Annotated[
        CareSheetStatus | None,
        Query(
            alias="status", description="Only care sheets in this status: `draft`, `signed` or `cancelled`."
        ),
    ] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[CareSheetOut]:
    rows = await workflows.care_sheets(
        context,
        caller.practice_id,
        session_id=session_id,
        status=sheet_status,
        after=decode_uuid_cursor(cursor) if cursor is not None else None,
        limit=limit,
    )
    page, next_cursor = page_of(rows, limit)
    return Page[CareSheetOut](items=[sheet_out(filed) for filed in page], next_cursor=next_cursor)


@router.post(
    "/care-sheets/{sheet_id}/lines",
    operation_id="careSheets.addLine",
    summary="Add an act to a draft care sheet (while its session is open)",
    response_model=CareSheetOut,
    responses=SESSION_ERRORS,
)
async def add_care_sheet_line(
    sheet_id: SheetId,
    body: CareSheetLineIn,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*PREPARERS)],
) -> CareSheetOut:
    with as_problems():
        filed = await workflows.add_care_sheet_line(
            context, caller.practice_id, sheet_id, requested([body])[0]
        )
    return sheet_out(filed)


@router.post(
    "/care-sheets/{sheet_id}/sign",
    operation_id="careSheets.sign",
    summary="Sign a draft care sheet: it is then immutable",
    response_model=CareSheetOut,
    responses={**SESSION_ERRORS, 403: problem_doc("forbidden-role, not-session-practitioner")},
)
async def sign(
    sheet_id: SheetId,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*SIGNERS)],
) -> CareSheetOut:
    with as_problems():
        filed = await workflows.sign_care_sheet(
            context, caller.practice_id, caller.professional.rpps, sheet_id
        )
    return sheet_out(filed)


@router.post(
    "/care-sheets/{sheet_id}/replacement",
    operation_id="careSheets.replace",
    status_code=status.HTTP_201_CREATED,
    summary="Correct a signed care sheet: cancel it and make the replacing draft",
    response_model=CareSheetOut,
    responses={**SESSION_ERRORS, 403: problem_doc("forbidden-role")},
)
async def replace_care_sheet(
    sheet_id: SheetId,
    body: CareSheetReplacement,
    context: Context,
    caller: Annotated[CallerContext, require_roles(*SIGNERS)],
) -> CareSheetOut:
    with as_problems():
        filed = await workflows.replace_care_sheet(
            context,
            caller.practice_id,
            caller.professional.rpps,
            sheet_id,
            body.session_id,
            requested(body.lines),
        )
    return sheet_out(filed)
