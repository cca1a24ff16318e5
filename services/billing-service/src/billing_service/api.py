"""Tele-expertise invoices, monthly billing summaries and the accountant's CSV export.

Invoices are made by the `ActRecorded` consumer (one decision per act: billed or rejected); these
routes only read them, always within the caller's practice (the act's `practice_id`).
"""

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from billing_service.domain import format_euros, from_cents, sum_euros, to_csv
from billing_service.domain.summaries import summarise
from billing_service.models import CareSheetLineRow, CareSheetRow, InvoiceStatus, TeleExpertiseInvoice
from billing_service.routing import READERS, billing_router
from dentalink_contracts.events.billing import BillingRejectionReason, Payer
from dentalink_contracts.events.telemed import ActCode, ActRole
from dentalink_contracts.values import Euros
from servicekit import Caller, ProblemError, Session, require_roles
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, page_of, paged
from servicekit.problems import problem_doc

router = billing_router("invoices")
MAX_EXPORT_DAYS = 366
_RPPS = r"^[0-9]{11}$"
_PATIENT_KEY = r"^pk_[0-9a-f]{32}$"
# Years 2000-2099 only: no act of this platform predates it, and year 0 or 9999 would overflow date().
_MONTH = re.compile(r"^(20\d{2})-(0[1-9]|1[0-2])$")


class InvoiceOut(BaseModel):
    """The billing decision on one tele-expertise act. `amount` is null when the act was rejected."""

    id: UUID
    act_id: UUID
    expertise_id: UUID
    practice_id: str
    practitioner_rpps: str
    patient_key: str
    role: ActRole
    act_code: ActCode
    performed_at: datetime
    performed_on: date
    status: InvoiceStatus
    amount: Euros | None = None
    payer: Payer | None = None
    tariff_source: str | None = None
    rejection_reason: BillingRejectionReason | None = None
    rejection_detail: str | None = None
    cap_slot: int | None = None
    decided_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b0c9b8e-3c0a-5d7e-9a59-2f9e4a1c7d11",
                    "act_id": "6f3a2c1e-8b7d-5e4f-a1b2-c3d4e5f60718",
                    "expertise_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "practice_id": "cabinet-lyon-3",
                    "practitioner_rpps": "10001234567",
                    "patient_key": "pk_0123456789abcdef0123456789abcdef",
                    "role": "requis",
                    "act_code": "TE2",
                    "performed_at": "2026-03-03T10:15:00+01:00",
                    "performed_on": "2026-03-03",
                    "status": "billed",
                    "amount": "20.00",
                    "payer": "amo",
                    "tariff_source": "Seed (ADF fiche TMBD); dental convention avenant 1 art. 58",
                    "cap_slot": 1,
                    "decided_at": "2026-03-03T10:15:01+01:00",
                }
            ]
        }
    )


class SummaryKind(StrEnum):
    TELE_EXPERTISE = "tele_expertise"
    CARE_SHEET = "care_sheet"


class SummaryLine(BaseModel):
    act_code: str
    kind: SummaryKind
    count: int
    total: Euros


class BillingSummary(BaseModel):
    """What was billed in a month, per act code: billed tele-expertise acts and signed care-sheet acts."""

    month: str
    practitioner_rpps: str | None
    lines: list[SummaryLine]
    count: int
    total: Euros

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "month": "2026-03",
                    "practitioner_rpps": "10001234567",
                    "lines": [
                        {"act_code": "RQD", "kind": "tele_expertise", "count": 2, "total": "20.00"},
                        {"act_code": "TE2", "kind": "tele_expertise", "count": 1, "total": "20.00"},
                    ],
                    "count": 3,
                    "total": "40.00",
                }
            ]
        }
    )


def invoice_out(row: TeleExpertiseInvoice) -> InvoiceOut:
    return InvoiceOut(
        id=row.id,
        act_id=row.act_id,
        expertise_id=row.expertise_id,
        practice_id=row.practice_id,
        practitioner_rpps=row.practitioner_rpps,
        patient_key=row.patient_key,
        role=ActRole(row.role),
        act_code=ActCode(row.act_code),
        performed_at=row.performed_at,
        performed_on=row.performed_on,
        status=InvoiceStatus(row.status),
        amount=from_cents(row.amount_cents) if row.amount_cents is not None else None,
        payer=Payer(row.payer) if row.payer else None,
        tariff_source=row.tariff_source,
        rejection_reason=BillingRejectionReason(row.rejection_reason) if row.rejection_reason else None,
        rejection_detail=row.rejection_detail,
        cap_slot=row.cap_slot,
        decided_at=row.created_at,
    )


def _period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ProblemError(
            400, "invalid-period", "The period ends before it starts.", "`to` is before `from`."
        )


def _month(text: str) -> tuple[date, date]:
    """First and last day of a YYYY-MM month."""
    match = _MONTH.fullmatch(text)
    if match is None:
        raise ProblemError(
            400,
            "invalid-month",
            "The month must be written YYYY-MM, between 2000-01 and 2099-12.",
            "For example 2026-03.",
        )
    first = date(int(match[1]), int(match[2]), 1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def _invoices(
    practice_id: str,
    practitioner: str | None,
    start: date | None,
    end: date | None,
) -> Select[tuple[TeleExpertiseInvoice]]:
    query = select(TeleExpertiseInvoice).where(col(TeleExpertiseInvoice.practice_id) == practice_id)
    if practitioner is not None:
        query = query.where(col(TeleExpertiseInvoice.practitioner_rpps) == practitioner)
    if start is not None:
        query = query.where(col(TeleExpertiseInvoice.performed_on) >= start)
    if end is not None:
        query = query.where(col(TeleExpertiseInvoice.performed_on) <= end)
    return query


async def _signed_care_lines(
    session: AsyncSession, practice_id: str, practitioner: str | None, start: date, end: date
) -> Sequence[Any]:
    query = (
        select(col(CareSheetRow.id), col(CareSheetRow.practitioner_rpps), CareSheetLineRow)
        .join(CareSheetLineRow, col(CareSheetLineRow.care_sheet_id) == col(CareSheetRow.id))
        .where(
            col(CareSheetRow.practice_id) == practice_id,
            col(CareSheetRow.status) == "signed",
            col(CareSheetLineRow.performed_on) >= start,
            col(CareSheetLineRow.performed_on) <= end,
        )
    )
    if practitioner is not None:
        query = query.where(col(CareSheetRow.practitioner_rpps) == practitioner)
    return (await session.execute(query.order_by(col(CareSheetLineRow.performed_on)))).all()


class _Priced:
    """One billed act as the domain's summary counts it (a quantity of n is n acts)."""

    def __init__(self, act_code: str, amount: Decimal) -> None:
        self.act_code = act_code
        self.amount = amount


@router.get(
    "/invoices",
    summary="The practice's tele-expertise invoices (billed and rejected acts), cursor pagination",
    response_model=Page[InvoiceOut],
    responses={400: problem_doc("invalid-cursor, invalid-period")},
    dependencies=[require_roles(*READERS)],
)
async def list_invoices(
    session: Session,
    caller: Caller,
    practitioner: Annotated[str | None, Query(pattern=_RPPS, description="RPPS of the dentist")] = None,
    patient: Annotated[
        str | None, Query(pattern=_PATIENT_KEY, description="Pseudonymous patient key")
    ] = None,
    start: Annotated[date | None, Query(alias="from", description="First act day, included")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last act day, included")] = None,
    invoice_status: Annotated[InvoiceStatus | None, Query(alias="status")] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[InvoiceOut]:
    _period(start, end)
    query = _invoices(caller.practice_id, practitioner, start, end)
    if patient is not None:
        query = query.where(col(TeleExpertiseInvoice.patient_key) == patient)
    if invoice_status is not None:
        query = query.where(col(TeleExpertiseInvoice.status) == invoice_status.value)
    query = paged(query, col(TeleExpertiseInvoice.created_at), col(TeleExpertiseInvoice.id), cursor, limit)
    rows = list(await session.scalars(query))
    page, next_cursor = page_of(rows, limit)
    return Page[InvoiceOut](items=[invoice_out(row) for row in page], next_cursor=next_cursor)


@router.get(
    "/invoices/export.csv",
    summary="CSV of what was billed in a period, for the practice's accountant",
    description=(
        "One row per billed act (tele-expertise invoice lines, and signed care-sheet lines), `;`-separated "
        '(French spreadsheets), amounts with a dot ("10.00"), CRLF line ends, UTF-8. No patient '
        "identifier is exported. Rejected tele-expertise acts are not billed and not listed."
    ),
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The CSV file"},
        400: problem_doc("invalid-period, period-too-long"),
    },
    dependencies=[require_roles(*READERS)],
)
async def export_csv(
    session: Session,
    caller: Caller,
    start: Annotated[date, Query(alias="from", description="First act day, included")],
    end: Annotated[date, Query(alias="to", description="Last act day, included")],
    practitioner: Annotated[str | None, Query(pattern=_RPPS)] = None,
) -> Response:
    _period(start, end)
    if (end - start).days >= MAX_EXPORT_DAYS:
        raise ProblemError(400, "period-too-long", "The export covers at most 366 days.")
    invoices = await session.scalars(
        _invoices(caller.practice_id, practitioner, start, end)
        .where(col(TeleExpertiseInvoice.status) == InvoiceStatus.BILLED.value)
        .order_by(col(TeleExpertiseInvoice.performed_on), col(TeleExpertiseInvoice.created_at))
    )
    rows: list[tuple[str, ...]] = [
        (
            "performed_on",
            "kind",
            "document_id",
            "practitioner_rpps",
            "act_code",
            "quantity",
            "amount_eur",
            "payer",
        )
    ]
    rows += [
        (
            invoice.performed_on.isoformat(),
            SummaryKind.TELE_EXPERTISE.value,
            str(invoice.id),
            invoice.practitioner_rpps,
            invoice.act_code,
            "1",
            format_euros(from_cents(invoice.amount_cents or 0)),
            invoice.payer or "",
        )
        for invoice in invoices
    ]
    for sheet_id, rpps, line in await _signed_care_lines(
        session, caller.practice_id, practitioner, start, end
    ):
        rows.append(
            (
                line.performed_on.isoformat(),
                SummaryKind.CARE_SHEET.value,
                str(sheet_id),
                rpps,
                line.act_code,
                str(line.quantity),
                format_euros(from_cents(line.amount_cents)),
                "",
            )
        )
    filename = f"dentalink-billing-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(
        content=to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/invoices/{invoice_id}",
    summary="One tele-expertise invoice (billing decision on an act)",
    response_model=InvoiceOut,
    responses={404: problem_doc("invoice-not-found (or another practice's)")},
    dependencies=[require_roles(*READERS)],
)
async def get_invoice(invoice_id: UUID, session: Session, caller: Caller) -> InvoiceOut:
    row = await session.get(TeleExpertiseInvoice, invoice_id)
    if row is None or row.practice_id != caller.practice_id:
        raise ProblemError(404, "invoice-not-found", "No such invoice.")
    return invoice_out(row)


@router.get(
    "/billing-summaries",
    summary="Count and total per act code billed in a month (tele-expertise and signed care sheets)",
    response_model=BillingSummary,
    responses={400: problem_doc("invalid-month")},
    dependencies=[require_roles(*READERS)],
)
async def billing_summary(
    session: Session,
    caller: Caller,
    month: Annotated[
        str, Query(description="YYYY-MM (2000-01 to 2099-12), the month of the acts", examples=["2026-03"])
    ],
    practitioner: Annotated[
        str | None, Query(pattern=_RPPS, description="RPPS; default: whole practice")
    ] = None,
) -> BillingSummary:
    first, last = _month(month)
    invoices = await session.scalars(
        _invoices(caller.practice_id, practitioner, first, last).where(
            col(TeleExpertiseInvoice.status) == InvoiceStatus.BILLED.value
        )
    )
    tele = summarise(_Priced(row.act_code, from_cents(row.amount_cents or 0)) for row in invoices)
    care = summarise(
        _Priced(line.act_code, from_cents(line.unit_cents))
        for _, _, line in await _signed_care_lines(session, caller.practice_id, practitioner, first, last)
        for _ in range(line.quantity)
    )
    lines = [
        SummaryLine(act_code=code, kind=kind, count=total.act_count, total=total.total)
        for kind, totals in ((SummaryKind.TELE_EXPERTISE, tele), (SummaryKind.CARE_SHEET, care))
        for code, total in totals.items()
    ]
    return BillingSummary(
        month=month,
        practitioner_rpps=practitioner,
        lines=lines,
        count=sum(line.count for line in lines),
        total=sum_euros(line.total for line in lines),
    )
